package dev.heritage.inpaint;

import dev.heritage.api.Device;
import dev.heritage.api.HeritageException;
import dev.heritage.api.InFlightGuard;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.Mask;
import dev.heritage.api.ModelCard;
import dev.heritage.api.Reconstruction;
import dev.heritage.api.model.CardSection;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelZoos;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Clustering-based inpainting after Belhi et al. (JEIM 2023): unsupervised clustering of paintings,
 * then supervised inpainting specialised per cluster. Method {@value #METHOD}; the zoo model is
 * {@code paintings-inpaint-clustered}.
 *
 * <p>The model holds k-means centres of {@link ImageDescriptors} ({@code extras/centroids.json}, hashed
 * by the card like every file) and one gated U-Net conditioned on the cluster (the cluster's one-hot as
 * extra constant input channels). A damaged image is described from its <em>intact</em> pixels only,
 * routed to the nearest centre, and inpainted with that cluster's condition; tiling, patches and the
 * bit-for-bit composite are those of {@link LearnedReconstructor}.
 *
 * <p><b>Thread-safety:</b> thread-safe and meant to be shared; concurrent calls give exactly the results
 * of sequential ones. <b>Lifecycle:</b> owns the loaded network; whoever opened it calls {@link #close()}
 * (idempotent); after that, calls fail with {@link IllegalStateException}.
 */
public final class ClusteredReconstructor implements ImageReconstructor {
    /** The method name reported in {@link Reconstruction#method()}: {@value}. */
    public static final String METHOD = "clustered";

    private final NetworkInpainter network;
    private final Clustering clustering;
    private final TiledReconstruction tiling;
    private final InFlightGuard guard;

    private ClusteredReconstructor(NetworkInpainter network, Clustering clustering, TiledReconstruction tiling) {
        this.network = network;
        this.clustering = clustering;
        this.tiling = tiling;
        this.guard =
                new InFlightGuard("reconstructor '" + network.model().card().id() + "'");
    }

    /**
     * Opens a zoo model or a model directory on the CPU.
     *
     * @param idOrDirectory a zoo id such as {@code paintings-inpaint-clustered}, or a model directory
     * @param engine {@code onnxruntime}, {@code pytorch} or {@code tensorflow}
     * @return the reconstructor; the caller closes it
     * @throws HeritageException if the model cannot be found, verified or loaded, or the engine is absent
     */
    public static ClusteredReconstructor open(String idOrDirectory, String engine) throws HeritageException {
        return open(ModelZoos.open(idOrDirectory), engine, Device.cpu(), LearnedReconstructor.defaultTiling());
    }

    /**
     * Opens a verified model.
     *
     * @param model a clustered reconstructor model (with {@code extras/centroids.json})
     * @param engine the engine's name
     * @param device where to run
     * @param tiling how large images are cut into tiles
     * @return the reconstructor; the caller closes it
     * @throws MalformedModelException if the model is not a clustered reconstructor, has no clusters, or
     *     they do not fit its network
     * @throws HeritageException if the engine is absent or cannot load the network
     */
    public static ClusteredReconstructor open(
            ModelArtifact model, String engine, Device device, TiledReconstruction tiling) throws HeritageException {
        return open(ReconstructorModel.of(model), engine, device, tiling);
    }

    /**
     * Opens a model whose kind and method were read.
     *
     * @param model a reconstructor model whose method is {@link ReconstructorMethod#CLUSTERED}
     * @param engine the engine's name
     * @param device where to run
     * @param tiling how large images are cut into tiles
     * @return the reconstructor; the caller closes it
     * @throws MalformedModelException if the model's method is another, it has no clusters, or they do
     *     not fit its network
     * @throws HeritageException if the engine is absent or cannot load the network
     */
    public static ClusteredReconstructor open(
            ReconstructorModel model, String engine, Device device, TiledReconstruction tiling)
            throws HeritageException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tiling, "tiling");
        model.requireMethod(ReconstructorMethod.CLUSTERED, "ClusteredReconstructor");
        Clustering clustering = readClusters(model.artifact());
        NetworkInpainter network = NetworkInpainter.load(model.artifact(), engine, device);
        if (network.architecture().conditionChannels() != clustering.k()) {
            network.close();
            throw new MalformedModelException("Model '"
                    + model.artifact().card().id() + "': " + clustering.k()
                    + " clusters but the network has " + network.architecture().conditionChannels()
                    + " condition channels.");
        }
        return new ClusteredReconstructor(network, clustering, tiling);
    }

    /**
     * @param model a model
     * @return its clusters, from the file the card's {@code clusters.file} names
     * @throws MalformedModelException if the card names none or the file is not valid
     */
    static Clustering readClusters(ModelArtifact model) throws MalformedModelException {
        String file = CardSection.properties(model.card()).section("clusters").text("file");
        if (!model.card().files().containsKey(file)) {
            throw new MalformedModelException("Model '" + model.card().id() + "': the centroids file " + file
                    + " has no SHA-256 in the card, so it cannot be trusted. Re-export the model.");
        }
        Path path = model.resolve(file);
        if (!path.startsWith(model.directory()) || !Files.isRegularFile(path)) {
            throw new MalformedModelException("Model '" + model.card().id() + "': centroids file " + path
                    + " is missing or outside the model directory.");
        }
        return Clustering.read(path);
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

    /** @return the clusters images are routed by */
    public Clustering clustering() {
        return clustering;
    }

    /** @return the engine's name */
    public String engine() {
        return network.engine();
    }

    /**
     * The cluster an image is routed to.
     *
     * @param image the damaged image
     * @param mask its damaged pixels (left out of the description), or {@code null}
     * @return the index of the nearest centre
     */
    public int route(BufferedImage image, Mask mask) {
        return clustering.nearest(ImageDescriptors.describe(image, mask));
    }

    /**
     * Inpaints an image already in memory and returns only the image.
     *
     * @param image the damaged image, any type; not modified
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
            return tiling.apply(image, mask, new RoutedTiles(image, mask), imageName);
        } finally {
            guard.exit();
        }
    }

    /**
     * The tile function of one image: routes the image on the first tile, that is only after the tiling
     * checked the mask's size and found a damaged pixel (an empty mask is copied without routing).
     * Thread-safe: parallel tiles share one routing.
     */
    private final class RoutedTiles implements TileInpainter {
        private final BufferedImage image;
        private final Mask mask;
        private TileInpainter routed;

        RoutedTiles(BufferedImage image, Mask mask) {
            this.image = image;
            this.mask = mask;
        }

        @Override
        public void inpaint(int[] rgb, byte[] tileMask, int width, int height) throws HeritageException {
            routed().inpaint(rgb, tileMask, width, height);
        }

        private synchronized TileInpainter routed() {
            if (routed == null) {
                routed = network.tileInpainter(route(image, mask));
            }
            return routed;
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
        return "ClusteredReconstructor[" + card().id() + " " + card().version() + ", k=" + clustering.k() + " on "
                + engine() + "]";
    }
}
