package dev.heritage.inpaint;

import dev.heritage.api.Device;
import dev.heritage.api.HeritageException;
import dev.heritage.api.ImageDecoder;
import dev.heritage.api.InFlightGuard;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.Mask;
import dev.heritage.api.ModelCard;
import dev.heritage.api.Reconstruction;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelZoos;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Learned inpainting: a trained gated-convolution U-Net ({@link GatedUNet}) run through an engine
 * chosen by name, on images of any size. Method {@value #METHOD}; the zoo model is
 * {@code paintings-inpaint}.
 *
 * <pre>{@code
 * try (LearnedReconstructor r = LearnedReconstructor.open("paintings-inpaint", "onnxruntime")) {
 *     Reconstruction out = r.reconstruct(ImageSource.of(path), Mask.fromPng(maskPath));
 * }
 * }</pre>
 *
 * <p>Large images go through {@link TiledReconstruction} (by default: whole images up to 1 Mi pixels,
 * otherwise 512-pixel cores with 64 pixels of context); inside a tile the network runs on fixed-size
 * patches as {@link NetworkInpainter} describes. Every pixel outside the mask of the result equals the
 * input pixel exactly; an empty mask returns an equal copy without running the network. The three
 * engines give the same network output within 1e-3 (so pixels within one 8-bit level).
 *
 * <p><b>Thread-safety:</b> thread-safe and meant to be shared; concurrent calls give exactly the results
 * of sequential ones. <b>Lifecycle:</b> owns the loaded network (native memory); whoever opened it calls
 * {@link #close()} (idempotent); after that, calls fail with {@link IllegalStateException}.
 */
public final class LearnedReconstructor implements ImageReconstructor {
    /** The method name reported in {@link Reconstruction#method()}: {@value}. */
    public static final String METHOD = "learned";

    private final NetworkInpainter network;
    private final TiledReconstruction tiling;
    private final InFlightGuard guard;

    private LearnedReconstructor(NetworkInpainter network, TiledReconstruction tiling) {
        this.network = network;
        this.tiling = tiling;
        this.guard =
                new InFlightGuard("reconstructor '" + network.model().card().id() + "'");
    }

    /**
     * The default tiling of learned reconstructors: whole images up to 1 Mi pixels, else 512-pixel cores
     * with 64 pixels of context on every side.
     *
     * @return the tiling
     */
    public static TiledReconstruction defaultTiling() {
        return TiledReconstruction.builder()
                .tileSize(512)
                .margin(64)
                .singleTileMaxPixels(1L << 20)
                .build();
    }

    /**
     * Opens a zoo model or a model directory on the default engine and the CPU.
     *
     * @param idOrDirectory a zoo id such as {@code paintings-inpaint}, or a model directory
     * @return the reconstructor; the caller closes it
     * @throws HeritageException if the model cannot be found, verified or loaded
     */
    public static LearnedReconstructor open(String idOrDirectory) throws HeritageException {
        return open(idOrDirectory, null);
    }

    /**
     * Opens a zoo model or a model directory on the CPU.
     *
     * @param idOrDirectory a zoo id such as {@code paintings-inpaint}, or a model directory
     * @param engine {@code onnxruntime}, {@code pytorch} or {@code tensorflow}; {@code null} for
     *     {@link dev.heritage.api.engine.Engines#defaultEngine() the default}
     * @return the reconstructor; the caller closes it
     * @throws HeritageException if the model cannot be found, verified or loaded, or the engine is absent
     */
    public static LearnedReconstructor open(String idOrDirectory, String engine) throws HeritageException {
        return open(ModelZoos.open(idOrDirectory), engine, Device.cpu(), defaultTiling());
    }

    /**
     * Opens a verified model.
     *
     * @param model a reconstructor model whose method is {@value #METHOD}
     * @param engine the engine's name, or {@code null} for the default
     * @param device where to run
     * @param tiling how large images are cut into tiles
     * @return the reconstructor; the caller closes it
     * @throws MalformedModelException if the model is not a learned reconstructor (a clustered one needs
     *     {@code ClusteredReconstructor}) or its card is malformed
     * @throws HeritageException if the engine is absent or cannot load the network
     */
    public static LearnedReconstructor open(
            ModelArtifact model, String engine, Device device, TiledReconstruction tiling) throws HeritageException {
        return open(ReconstructorModel.of(model), engine, device, tiling);
    }

    /**
     * Opens a model whose kind and method were read.
     *
     * @param model a reconstructor model whose method is {@link ReconstructorMethod#LEARNED}
     * @param engine the engine's name, or {@code null} for the default
     * @param device where to run
     * @param tiling how large images are cut into tiles
     * @return the reconstructor; the caller closes it
     * @throws MalformedModelException if the model's method is another, or its network has condition
     *     channels
     * @throws HeritageException if the engine is absent or cannot load the network
     */
    public static LearnedReconstructor open(
            ReconstructorModel model, String engine, Device device, TiledReconstruction tiling)
            throws HeritageException {
        Objects.requireNonNull(tiling, "tiling");
        model.requireMethod(ReconstructorMethod.LEARNED, "LearnedReconstructor");
        NetworkInpainter network = NetworkInpainter.load(model.artifact(), engine, device);
        if (network.architecture().conditionChannels() != 0) {
            network.close();
            throw new MalformedModelException("Model '"
                    + model.artifact().card().id() + "': method "
                    + METHOD + " but properties.architecture.conditionChannels is "
                    + network.architecture().conditionChannels() + "; expected 0 (a network conditioned on clusters"
                    + " is method " + ReconstructorMethod.CLUSTERED.cardName() + ").");
        }
        return new LearnedReconstructor(network, tiling);
    }

    /** @return {@value #METHOD} */
    @Override
    public String method() {
        return METHOD;
    }

    /** @return the model's id */
    @Override
    public String modelId() {
        return card().id();
    }

    /** @return the model's card */
    public ModelCard card() {
        return network.model().card();
    }

    /** @return the engine's name */
    public String engine() {
        return network.engine();
    }

    /** @return the tiling used for large images */
    public TiledReconstruction tiling() {
        return tiling;
    }

    /**
     * Inpaints an image already in memory and returns only the image.
     *
     * @param image the damaged image, any type (converted to RGB as {@link ImageDecoder#toRgb} does); not
     *     modified
     * @param mask the damaged pixels, of the image's size; empty gives a pixel-equal copy
     * @param imageName how an error names the image
     * @return a new {@link BufferedImage#TYPE_INT_RGB} image, equal to the input outside the mask
     * @throws InvalidImageException if the mask's size differs from the image's
     * @throws HeritageException if the engine fails
     */
    @Override
    public BufferedImage inpaint(BufferedImage image, Mask mask, String imageName) throws HeritageException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(mask, "mask");
        guard.enter();
        try {
            return tiling.apply(image, mask, network.tileInpainter(-1), imageName);
        } finally {
            guard.exit();
        }
    }

    /**
     * Refuses new calls at once, waits for the calls in flight up to a bound, then releases the
     * engine's network ({@link InFlightGuard}). Idempotent.
     */
    @Override
    public void close() {
        guard.close(network::close);
    }

    @Override
    public String toString() {
        return "LearnedReconstructor[" + card().id() + " " + card().version() + " on " + engine() + ", " + tiling + "]";
    }
}
