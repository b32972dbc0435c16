package dev.heritage.classify.backbone;

import dev.heritage.network.Layer;
import dev.heritage.network.NetworkGraph;

import dev.heritage.api.MalformedModelException;
import dev.heritage.api.engine.Tensor;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The ImageNet-pretrained MobileNetV2 backbone that Heritage ships (model id {@value #MODEL_ID}): Keras
 * MobileNetV2 (alpha 1.0) from the npm package nsfwjs 4.4.0 (MIT, Copyright (c) 2019 Infinite Red, Inc.),
 * converted by {@link NsfwjsConverter} and committed, SHA-256-sealed, under the class-path folder
 * {@value #RESOURCE_DIRECTORY}.
 *
 * <p>The network takes {@value #INPUT} FLOAT32 {@code [n,3,224,224]} (RGB in [0, 1], made by
 * {@link #preprocess}) and returns {@value #FEATURES} {@code [n,1280]} (global average pool of the last
 * feature map; the backbone's image descriptor) and {@value #NSFW} {@code [n,5]} (softmax of nsfwjs'
 * classifier head over {@link #NSFW_CLASSES}, kept to verify the conversion against TF.js).
 *
 * <pre>{@code
 * Backbone b = MobileNetV2.load();
 * GraphBlock block = b.newBlock(model.getNDManager());   // PyTorch through DJL
 * Tensor x = MobileNetV2.preprocess(List.of(image));
 * }</pre>
 *
 * <p>Stateless and thread-safe; {@link #load()} verifies and parses the files once per class loader and
 * shares the immutable result.
 */
public final class MobileNetV2 {
    /** The model id in the card. */
    public static final String MODEL_ID = "mobilenetv2-imagenet-nsfwjs";
    /** The class-path folder of the committed artifact. */
    public static final String RESOURCE_DIRECTORY = "heritage/backbones/mobilenetv2";
    /** The network's (and graph's) name. */
    public static final String NETWORK = "mobilenetv2";
    /** The name of the image input. */
    public static final String INPUT = "image";
    /** The name of the feature output. */
    public static final String FEATURES = "features";
    /** The name of the nsfwjs head's output. */
    public static final String NSFW = "nsfw";
    /** The side of the square input, in pixels. */
    public static final int INPUT_SIZE = 224;
    /** The length of the feature vector. */
    public static final int FEATURE_SIZE = 1280;
    /** The classes of the {@value #NSFW} output, in nsfwjs' order ({@code NSFW_CLASSES} in nsfwjs). */
    public static final List<String> NSFW_CLASSES = List.of("drawing", "hentai", "neutral", "porn", "sexy");

    /**
     * Intermediate activations whose channel statistics describe style (the first and second moments of
     * feature maps, as in neural style transfer): block outputs at 56, 28, 14, 14, 7 and 7 pixels.
     */
    public static final List<String> STYLE_LAYERS = List.of("block_2_add", "block_5_add", "block_9_add",
            "block_12_add", "block_15_add", "block_16_project_BN");

    private MobileNetV2() {
    }

    /**
     * The feature-extraction network an annotator runs: the backbone without the nsfwjs head, with
     * output {@value #FEATURES}. With {@code styleStatistics}, the output also carries, for each of
     * {@link #STYLE_LAYERS}, the per-channel mean and mean square of the activation (1,392 values),
     * after the 1,280 pooled features.
     *
     * @param backbone the loaded backbone
     * @param styleStatistics whether to append the style statistics
     * @return the graph (its parameters are a subset of the backbone's)
     */
    public static NetworkGraph featureGraph(Backbone backbone, boolean styleStatistics) {
        NetworkGraph pruned = backbone.graph().prune(List.of(FEATURES));
        if (!styleStatistics) {
            return pruned;
        }
        NetworkGraph.Builder b = NetworkGraph.builder(pruned.name() + "-style");
        pruned.inputs().forEach(in -> b.input(in.name(), in.type(), in.shape()));
        for (NetworkGraph.Node n : pruned.nodes()) {
            b.node(n.name().equals(FEATURES) ? "pooled" : n.name(), n.layer(), n.inputs().toArray(String[]::new));
        }
        List<String> parts = new java.util.ArrayList<>(List.of("pooled"));
        for (String layer : STYLE_LAYERS) {
            b.node(layer + "_mean", new Layer.GlobalAvgPool(), layer)
                    .node(layer + "_sq", new Layer.Multiply(), layer, layer)
                    .node(layer + "_meansq", new Layer.GlobalAvgPool(), layer + "_sq");
            parts.add(layer + "_mean");
            parts.add(layer + "_meansq");
        }
        return b.node(FEATURES, new Layer.Concat(), parts.toArray(String[]::new)).output(FEATURES).build();
    }

    /**
     * @param graph a feature graph from {@link #featureGraph}
     * @return the length of its feature vector
     */
    public static int featureSize(NetworkGraph graph) {
        return (int) graph.shapes().get(FEATURES)[0];
    }

    private static final class Holder {
        private static final Backbone INSTANCE;
        private static final MalformedModelException FAILURE;

        static {
            Backbone b = null;
            MalformedModelException f = null;
            try {
                b = Backbone.fromClassPath(MobileNetV2.class.getClassLoader(), RESOURCE_DIRECTORY);
            } catch (MalformedModelException e) {
                f = e;
            }
            INSTANCE = b;
            FAILURE = f;
        }
    }

    /**
     * Loads the committed backbone from the class path, verifying every file against the card's SHA-256
     * digests (once; later calls return the same instance).
     *
     * @return the backbone
     * @throws MalformedModelException if the resources are missing or malformed
     * @throws dev.heritage.api.ModelIntegrityException if a file differs from its digest
     */
    public static Backbone load() throws MalformedModelException {
        if (Holder.FAILURE != null) {
            throw new MalformedModelException(Holder.FAILURE.getMessage(), Holder.FAILURE);
        }
        return Holder.INSTANCE;
    }

    /**
     * Turns images into the network's input exactly as nsfwjs does: RGB (alpha ignored) divided by 255,
     * then a bilinear resize to 224x224 with aligned corners ({@code tf.image.resizeBilinear(x, [224, 224],
     * true)}), whatever the aspect ratio; no crop, no mean or standard deviation.
     *
     * @param images the images
     * @return FLOAT32 {@code [n, 3, 224, 224]}
     */
    public static Tensor preprocess(List<BufferedImage> images) {
        int plane = INPUT_SIZE * INPUT_SIZE;
        float[] out = new float[images.size() * 3 * plane];
        for (int i = 0; i < images.size(); i++) {
            preprocess(images.get(i), out, i * 3 * plane);
        }
        return Tensor.ofFloats(new long[] {images.size(), 3, INPUT_SIZE, INPUT_SIZE}, out);
    }

    /** {@code (float) (v / 255.0)} for every byte value, as TF.js computes {@code div(255)} in float32. */
    private static final float[] UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            UNIT[v] = (float) (v / 255.0);
        }
    }

    /**
     * One row of packed {@code 0xRRGGBB} pixels (the alpha byte is not used). The decoder's
     * {@code TYPE_INT_RGB} images are read as they are stored; other types through {@code getRGB}.
     */
    private static void readRow(BufferedImage image, int y, int[] row) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            image.getRaster().getDataElements(0, y, row.length, 1, row);
        } else {
            image.getRGB(0, y, row.length, 1, row, 0, row.length);
        }
    }

    /**
     * Bilinear resize to 224 × 224 with TF.js's corner-aligned sampling (interpolation in double, stored
     * as float32), channels first. Reads only the two source rows each output row needs and computes the
     * column positions once, so a large image costs what its 224 sampled rows cost; the arithmetic is
     * exactly that of converting the whole image first.
     */
    private static void preprocess(BufferedImage image, float[] out, int offset) {
        int w = image.getWidth();
        int h = image.getHeight();
        int n = INPUT_SIZE;
        int plane = n * n;
        double rowRatio = n > 1 ? (h - 1) / (double) (n - 1) : 0;
        double colRatio = n > 1 ? (w - 1) / (double) (n - 1) : 0;
        int[] left = new int[n];
        int[] right = new int[n];
        double[] fx = new double[n];
        for (int x = 0; x < n; x++) {
            double sx = colRatio * x;
            left[x] = (int) Math.floor(sx);
            right[x] = Math.min(w - 1, (int) Math.ceil(sx));
            fx[x] = sx - left[x];
        }
        int[] topRow = new int[w];
        int[] bottomRow = new int[w];
        int loadedTop = -1;
        int loadedBottom = -1;
        for (int y = 0; y < n; y++) {
            double sy = rowRatio * y;
            int top = (int) Math.floor(sy);
            int bottom = Math.min(h - 1, (int) Math.ceil(sy));
            double fy = sy - top;
            if (top != loadedTop) {
                if (top == loadedBottom) {
                    int[] swap = topRow;
                    topRow = bottomRow;
                    bottomRow = swap;
                    loadedBottom = -1;
                } else {
                    readRow(image, top, topRow);
                }
                loadedTop = top;
            }
            if (bottom != loadedBottom) {
                if (bottom == loadedTop) {
                    System.arraycopy(topRow, 0, bottomRow, 0, w);
                } else {
                    readRow(image, bottom, bottomRow);
                }
                loadedBottom = bottom;
            }
            int rowOffset = offset + y * n;
            for (int x = 0; x < n; x++) {
                int tlp = topRow[left[x]];
                int trp = topRow[right[x]];
                int blp = bottomRow[left[x]];
                int brp = bottomRow[right[x]];
                double f = fx[x];
                for (int c = 0, shift = 16; c < 3; c++, shift -= 8) {
                    double tl = UNIT[(tlp >> shift) & 0xff];
                    double tr = UNIT[(trp >> shift) & 0xff];
                    double bl = UNIT[(blp >> shift) & 0xff];
                    double br = UNIT[(brp >> shift) & 0xff];
                    double t = tl + (tr - tl) * f;
                    double b = bl + (br - bl) * f;
                    out[rowOffset + c * plane + x] = (float) (t + (b - t) * fy);
                }
            }
        }
    }
}
