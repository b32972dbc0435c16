package dev.heritage.inpaint;

import dev.heritage.api.engine.Tensor;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.inpaint.train.InpaintModelWriter;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.ParamSpec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test fixtures: tiny inpainting models with seeded random weights, and synthetic images. */
public final class TinyModels {
    /** A two-level gated U-Net refining the Telea fill: 4 (+3) → 6 → 8 channels. */
    public static final GatedUNet TINY = new GatedUNet(0, new int[] {6, 8}, 1, true);
    /** The same, predicting from scratch (one input). */
    public static final GatedUNet TINY_SCRATCH = new GatedUNet(0, new int[] {6, 8}, 1, false);
    /** The tiny models' patch. */
    public static final int PATCH = 32;
    /** The tiny models' overlap. */
    public static final int OVERLAP = 8;

    private TinyModels() {}

    /** Seeded weights drawn from N(0, 0.3²) (biases included), so outputs vary with the input. */
    public static NetworkWeights weights(GatedUNet arch, long seed) {
        NetworkGraph graph = arch.graph(PATCH, PATCH);
        Random r = new Random(seed);
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (NetworkGraph.Node node : graph.nodes()) {
            for (ParamSpec p : node.layer().parameters()) {
                float[] v = new float[(int) Tensor.size(p.shape())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (r.nextGaussian() * 0.3);
                }
                values.put(NetworkWeights.key(node.name(), p.role()), Tensor.ofFloats(p.shape(), v));
            }
        }
        return NetworkWeights.of(graph, values);
    }

    /** Writes a tiny plain model (all three formats) into {@code dir}. */
    public static ModelArtifact learned(Path dir) throws IOException {
        return InpaintModelWriter.write(
                dir,
                description("tiny-inpaint"),
                TINY,
                weights(TINY, 7),
                null,
                PATCH,
                OVERLAP,
                Map.of("note", "random weights, for tests"));
    }

    /** Writes a tiny plain model predicting from scratch into {@code dir}. */
    public static ModelArtifact scratch(Path dir) throws IOException {
        return InpaintModelWriter.write(
                dir,
                description("tiny-inpaint-scratch"),
                TINY_SCRATCH,
                weights(TINY_SCRATCH, 5),
                null,
                PATCH,
                OVERLAP,
                Map.of("note", "random weights, for tests"));
    }

    /** Writes a tiny clustered model with {@code k} clusters (centres from three synthetic images). */
    public static ModelArtifact clustered(Path dir, Clustering clustering) throws IOException {
        GatedUNet arch = TINY.withConditionChannels(clustering.k());
        return InpaintModelWriter.write(
                dir,
                description("tiny-inpaint-clustered"),
                arch,
                weights(arch, 11),
                clustering,
                PATCH,
                OVERLAP,
                Map.of("note", "random weights, for tests"));
    }

    /** A clustering of k = 2 over descriptors of a few synthetic images. */
    public static Clustering clustering() {
        List<double[]> d = List.of(
                ImageDescriptors.describe(image(40, 30, 1), null),
                ImageDescriptors.describe(image(40, 30, 2), null),
                ImageDescriptors.describe(image(40, 30, 3), null),
                ImageDescriptors.describe(image(40, 30, 4), null));
        return KMeans.of(2, 1).fit(d);
    }

    private static InpaintModelWriter.Description description(String id) {
        return new InpaintModelWriter.Description(
                id,
                "0.0.1",
                "A tiny network with random weights, for tests.",
                Map.of("dataset", "none"),
                List.of(),
                List.of());
    }

    /** A smooth, seeded, colourful test image. */
    public static BufferedImage image(int width, int height, long seed) {
        Random r = new Random(seed);
        double a = r.nextDouble() * 0.3;
        double b = r.nextDouble() * 0.3;
        double c = r.nextDouble() * 6;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int red = (int) (127 + 120 * Math.sin(a * x + c));
                int green = (int) (127 + 120 * Math.cos(b * y + c));
                int blue = (x * 7 + y * 3 + (int) (c * 10)) & 0xff;
                img.setRGB(x, y, red << 16 | green << 8 | blue);
            }
        }
        return img;
    }
}
