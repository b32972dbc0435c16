package dev.heritage.classify.backbone;

import dev.heritage.api.Device;
import dev.heritage.api.HeritageException;
import dev.heritage.api.Mask;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelKind;
import dev.heritage.api.NetworkEntry;
import dev.heritage.api.engine.Engines;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.NetworkArtifact;
import dev.heritage.api.engine.WeightFormat;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.weights.QuantizedWeights;
import dev.heritage.runtime.FileTrees;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The perceptual distance reported beside PSNR and SSIM by {@code heritage evaluate-reconstruction}
 * (issue 18): how differently the bundled MobileNetV2 ({@link MobileNetV2}, ImageNet-pretrained, the
 * annotator's backbone) sees the reconstructed region and the original one. PSNR favours blur (a
 * blurred fill is close to the mean); a network's features respond to lost texture and edges.
 *
 * <p><b>Definition</b> (fixed before any method is tuned on it; change it only with a new name):
 * <ol>
 *   <li>The crop: the bounding box of the mask's damaged pixels, grown to a square whose side is the
 *       box's longer side plus {@value #PADDING} pixels on each side (the surroundings a viewer judges the
 *       fill against), capped at the image's width and height, centred on the box and shifted to lie
 *       inside the image. It always contains the whole box.
 *   <li>The crop of the original and the same crop of the reconstruction are each brought to 224 × 224
 *       as the annotator sees images: {@link MobileNetV2#canonical} (area-averaged down when a side is
 *       longer than 224), then {@link MobileNetV2#preprocess} (bilinear, RGB in [0, 1]).
 *   <li>Each goes through the backbone's feature network ({@link MobileNetV2#featureGraph} without style
 *       statistics): the {@value MobileNetV2#FEATURE_SIZE} features of the global average pool of the last
 *       feature map.
 *   <li>The distance is the mean squared difference of the two feature vectors:
 *       {@code (1/1280) · Σ (f_reconstruction − f_original)²}. 0 when the crops are identical (then
 *       returned without running the network), larger for a reconstruction the network sees as further
 *       from the original.
 * </ol>
 * The weights are the committed uint8-quantised backbone, run on the engine named at {@link #open}
 * (by default the default engine, {@link Engines#defaultEngine()}) on the CPU; the same engine on the same processor gives the same
 * value. Engines differ in rounding at about 1e-6 of the features, far below the differences between
 * methods.
 *
 * <p>Thread-safe (the loaded network is). Owns the loaded network and a temporary directory: whoever
 * called {@link #open} closes it.
 */
public final class PerceptualDistance implements AutoCloseable {
    /** Pixels of surroundings added on each side of the mask's bounding box: {@value}. */
    public static final int PADDING = 16;
    /** A one-line definition, for reports and {@code metrics.json}. */
    public static final String DEFINITION = "mean squared difference of the bundled MobileNetV2's 1280 pooled "
            + "features (" + MobileNetV2.MODEL_ID + ") between the reconstruction and the original, over the mask's "
            + "bounding box squared and padded by " + PADDING + " px, area-averaged/bilinear to 224x224";

    private static final String NETWORK = "features";

    private final LoadedNetwork network;
    private final Path directory;

    private PerceptualDistance(LoadedNetwork network, Path directory) {
        this.network = network;
        this.directory = directory;
    }

    /**
     * Loads the backbone's feature network on an engine (CPU).
     *
     * @param engine an engine name, e.g. {@code onnxruntime}, or {@code null} for the default engine; its
     *     module must be on the class path
     * @return the metric; close it when done
     * @throws HeritageException if the backbone cannot be loaded or the engine is unavailable (the message
     *     names the module to add)
     * @throws UncheckedIOException if the temporary model directory cannot be written
     */
    public static PerceptualDistance open(String engine) throws HeritageException {
        Backbone backbone = MobileNetV2.load();
        NetworkGraph features = MobileNetV2.featureGraph(backbone, false);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("heritage-perceptual-");
            Files.createDirectories(dir.resolve("weights"));
            // The engines load a sealed model directory; this one holds the feature network only.
            Files.writeString(dir.resolve("weights/features.graph.json"), features.toJson());
            QuantizedWeights.write(backbone.quantized(features), dir.resolve("weights/features.hqw"));
            ModelArtifact artifact = ModelArtifact.seal(
                    dir,
                    ModelCard.builder(MobileNetV2.MODEL_ID + "-features", ModelKind.NETWORK)
                            .network(
                                    NETWORK,
                                    new NetworkEntry(
                                            "weights/features.graph.json",
                                            Map.of(WeightFormat.PORTABLE.id(), "weights/features.hqw")))
                            .build());
            LoadedNetwork net = Engines.resolve(engine).load(new NetworkArtifact(artifact, NETWORK), Device.cpu());
            return new PerceptualDistance(net, dir);
        } catch (IOException e) {
            delete(dir);
            throw new UncheckedIOException(
                    "Cannot write the perceptual metric's temporary model directory " + dir + ": " + e.getMessage()
                            + ". Check the space and permissions of java.io.tmpdir.",
                    e);
        } catch (HeritageException | RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    /**
     * The square crop of the definition.
     *
     * @param mask a mask, not empty
     * @return {@code {x, y, width, height}} of the crop
     * @throws IllegalArgumentException if the mask is empty
     */
    public static int[] crop(Mask mask) {
        Rectangle box = mask.damagedBounds()
                .orElseThrow(() -> new IllegalArgumentException("The mask is empty: there is no region to compare."));
        int minX = box.x;
        int minY = box.y;
        int maxX = box.x + box.width - 1;
        int maxY = box.y + box.height - 1;
        int side = Math.max(maxX - minX + 1, maxY - minY + 1) + 2 * PADDING;
        int w = Math.min(mask.width(), side);
        int h = Math.min(mask.height(), side);
        int x = place((minX + maxX + 1) / 2 - w / 2, w, mask.width());
        int y = place((minY + maxY + 1) / 2 - h / 2, h, mask.height());
        return new int[] {x, y, w, h};
    }

    private static int place(int start, int length, int limit) {
        return Math.max(0, Math.min(start, limit - length));
    }

    /**
     * @param original the undamaged image
     * @param reconstruction a reconstruction of it, of the same size
     * @param mask the synthesised pixels, of the same size, not empty
     * @return the distance of the definition
     * @throws HeritageException if the engine fails
     * @throws IllegalArgumentException if the sizes differ or the mask is empty
     */
    public double distance(BufferedImage original, BufferedImage reconstruction, Mask mask) throws HeritageException {
        return distances(original, List.of(reconstruction), mask)[0];
    }

    /**
     * The distances of several reconstructions of one image under one mask, in one engine call.
     *
     * @param original the undamaged image
     * @param reconstructions reconstructions of it, each of the same size
     * @param mask the synthesised pixels, of the same size, not empty
     * @return one distance per reconstruction, in order
     * @throws HeritageException if the engine fails
     * @throws IllegalArgumentException if the sizes differ or the mask is empty
     */
    public double[] distances(BufferedImage original, List<BufferedImage> reconstructions, Mask mask)
            throws HeritageException {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(mask, "mask");
        for (BufferedImage r : reconstructions) {
            if (r.getWidth() != original.getWidth()
                    || r.getHeight() != original.getHeight()
                    || mask.width() != original.getWidth()
                    || mask.height() != original.getHeight()) {
                throw new IllegalArgumentException("Sizes differ: original " + original.getWidth() + "x"
                        + original.getHeight() + ", reconstruction " + r.getWidth() + "x" + r.getHeight()
                        + ", mask " + mask.width() + "x" + mask.height());
            }
        }
        int[] c = crop(mask);
        double[] out = new double[reconstructions.size()];
        List<BufferedImage> batch = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        BufferedImage originalCrop = original.getSubimage(c[0], c[1], c[2], c[3]);
        batch.add(originalCrop);
        for (int i = 0; i < reconstructions.size(); i++) {
            BufferedImage crop = reconstructions.get(i).getSubimage(c[0], c[1], c[2], c[3]);
            if (!samePixels(originalCrop, crop)) {
                batch.add(crop);
                slots.add(i);
            }
        }
        if (slots.isEmpty()) {
            return out; // every crop is the original's: 0, without running the network
        }
        float[] input = new float[batch.size() * MobileNetV2.INPUT_VALUES];
        for (int i = 0; i < batch.size(); i++) {
            MobileNetV2.preprocess(MobileNetV2.canonical(batch.get(i)), input, i);
        }
        float[] f = network.forward(Map.of(MobileNetV2.INPUT, MobileNetV2.tensor(batch.size(), input)))
                .get(MobileNetV2.FEATURES)
                .floats();
        int d = MobileNetV2.FEATURE_SIZE;
        for (int k = 0; k < slots.size(); k++) {
            double sum = 0;
            int o = (k + 1) * d;
            for (int j = 0; j < d; j++) {
                double diff = f[o + j] - f[j];
                sum += diff * diff;
            }
            out[slots.get(k)] = sum / d;
        }
        return out;
    }

    private static boolean samePixels(BufferedImage a, BufferedImage b) {
        int w = a.getWidth();
        int[] ra = new int[w];
        int[] rb = new int[w];
        for (int y = 0; y < a.getHeight(); y++) {
            a.getRGB(0, y, w, 1, ra, 0, w);
            b.getRGB(0, y, w, 1, rb, 0, w);
            for (int x = 0; x < w; x++) {
                if ((ra[x] & 0xffffff) != (rb[x] & 0xffffff)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Closes the network and deletes the temporary model directory. Idempotent. */
    @Override
    public void close() {
        network.close();
        delete(directory);
    }

    private static void delete(Path dir) {
        if (dir != null) {
            try {
                FileTrees.deleteRecursively(dir);
            } catch (IOException e) {
                // A leftover temporary directory costs a few megabytes and nothing else; closing must not fail.
            }
        }
    }

    @Override
    public String toString() {
        return "PerceptualDistance[" + network.engine() + "]";
    }
}
