/**
 * Learned reconstruction of damaged images: a small U-Net of gated convolutions trained on paintings,
 * run through any engine, and what it takes to train, ship and measure it.
 *
 * <ul>
 *   <li>{@link dev.heritage.inpaint.learned.LearnedReconstructor}: the {@code Reconstructor} of method
 *       {@code learned} (for networks users train; the zoo ships none, see
 *       {@code inpaint-TRAINING.md}), over {@link dev.heritage.inpaint.learned.NetworkInpainter},
 *       which runs the network on fixed-size patches of tiles of any size;
 *   <li>{@link dev.heritage.inpaint.learned.GatedUNet}: the architecture, as a network graph of the IR;
 *   <li>{@code dev.heritage.inpaint.train.InpaintTrainer} and
 *       {@code dev.heritage.inpaint.train.InpaintTrainingConfig}: training in Deep Java Library on
 *       PyTorch with realistic synthetic damage, checkpoints and resuming;
 *       {@code dev.heritage.inpaint.train.PaintingCollection}: a collection's seeded, stratified split;
 *       {@code dev.heritage.inpaint.train.TrainingImage}: images held compactly for training;
 *   <li>{@code dev.heritage.inpaint.train.InpaintModelWriter}: a trained network as a sealed model
 *       directory in every engine's format (the zoo's models ship in the artifact
 *       {@code heritage-zoo-inpaint}, not in this library);
 *   <li>{@code dev.heritage.inpaint.evaluate.ReconstructionEvaluation}: PSNR and SSIM inside seeded masks
 *       and time per megapixel, the same masks for every method, by damage kind and coverage bucket;
 *       {@code dev.heritage.inpaint.evaluate.PairedDifference}: paired differences against a baseline with
 *       their 95 % intervals.
 * </ul>
 *
 * <p>Inference needs an engine module on the class path (found by name at run time); training and
 * writing models need the PyTorch engine. Each type documents its thread-safety and who closes what:
 * the reconstructors and {@code NetworkInpainter} own native memory and are closed by whoever opened
 * them; everything else holds no resources.
 */
package dev.heritage.inpaint.learned;
