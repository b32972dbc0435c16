/**
 * Reconstruction of damaged images in Java: the classical methods, the learned refiner of Telea's fill,
 * and what every reconstructor needs around it.
 *
 * <ul>
 *   <li>{@link dev.heritage.inpaint.RefinedReconstructor} (method {@code refined}, the zoo's
 *       {@code paintings-inpaint} and {@code public-domain-inpaint}): Telea's fill corrected by stacked
 *       stages of clustered linear maps ({@link dev.heritage.inpaint.RefinerStage}) over the features of
 *       {@link dev.heritage.inpaint.RefinerTile}, with {@link dev.heritage.inpaint.PushPullFill} among
 *       its inputs; trained in closed form by {@code dev.heritage.inpaint.train}. It needs no engine;
 *       {@link dev.heritage.inpaint.Reconstructors#defaultMethod()} names the best one a commercial user
 *       may use;
 *   <li>{@link dev.heritage.inpaint.TeleaReconstructor},
 *       {@link dev.heritage.inpaint.NavierStokesReconstructor} and
 *       {@link dev.heritage.inpaint.ExemplarReconstructor}: the classical methods {@code telea},
 *       {@code ns} and {@code exemplar}, made by name with
 *       {@link dev.heritage.inpaint.Reconstructors}. Telea and Navier–Stokes diffuse the boundary
 *       inwards (smooth fills, the best PSNR and SSIM); {@code exemplar} copies patches of the
 *       intact image into the hole (coarse-to-fine PatchMatch EM), continuing texture in large
 *       losses where diffusion blurs, at four to eight times Telea's time (lower PSNR and SSIM than
 *       diffusion on paintings; see docs/STATUS.md);
 *   <li>{@link dev.heritage.inpaint.TiledReconstruction} and
 *       {@link dev.heritage.inpaint.TileInpainter}: any per-tile method run over large images with
 *       bounded memory, with the guarantee that every pixel outside the mask is the input pixel bit
 *       for bit;
 *   <li>{@link dev.heritage.inpaint.MaskGenerator}: seeded, realistic damage masks for evaluation, with
 *       the damage kinds reported separately ({@link dev.heritage.inpaint.MaskGenerator.Kind});
 *   <li>{@link dev.heritage.inpaint.ReconstructionMetrics}: PSNR and SSIM inside the mask;
 *       {@link dev.heritage.inpaint.PerceptualMetric}: the slot for a perceptual distance that needs a
 *       feature network (supplied by the command line);
 *   <li>{@link dev.heritage.inpaint.Overlay}: an image showing which pixels were synthesised;
 *   <li>{@link dev.heritage.inpaint.LearnedReconstructor} (method {@code learned}, for networks users train;
 *       the zoo ships none): a network, {@link dev.heritage.inpaint.GatedUNet} (gated convolutions), run
 *       through any engine by {@link dev.heritage.inpaint.NetworkInpainter} on fixed-size patches of tiles of
 *       any size; trained by {@code dev.heritage.inpaint.train.InpaintTrainer};
 *   <li>{@link dev.heritage.inpaint.ClusteredReconstructor} (method {@code clustered}, after Belhi et al.,
 *       JEIM 2023): paintings grouped by {@link dev.heritage.inpaint.KMeans} over colour and texture
 *       {@link dev.heritage.inpaint.ImageDescriptors}; a damaged image is routed by its intact pixels to the
 *       nearest centre of the {@link dev.heritage.inpaint.Clustering} and inpainted by a network
 *       conditioned on that cluster. The refiner's stages route pixels with the same {@code Clustering}.
 * </ul>
 *
 * <p>Everything here is stateless or immutable and thread-safe, except
 * {@link dev.heritage.inpaint.RefinerTile} (one per tile and thread). The learned and clustered
 * reconstructors and {@code NetworkInpainter} own native memory (an engine's loaded network) and are
 * closed by whoever opened them; they need an engine module on the class path, found by name.
 */
package dev.heritage.inpaint;
