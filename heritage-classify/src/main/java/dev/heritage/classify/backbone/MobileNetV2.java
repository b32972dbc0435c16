package dev.heritage.classify.backbone;

import dev.heritage.api.MalformedModelException;
import dev.heritage.api.PackedRgb;
import dev.heritage.api.engine.Tensor;
import dev.heritage.network.Layer;
import dev.heritage.network.NetworkGraph;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The ImageNet-pretrained MobileNetV2 backbone that Heritage ships (model id {@value #MODEL_ID}): Keras
 * MobileNetV2 (alpha 1.0) from the npm package nsfwjs 4.4.0 (MIT, Copyright (c) 2019 Infinite Red, Inc.),
 * converted by {@code NsfwjsConverter} and committed, SHA-256-sealed, under the class-path folder
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
    public static final List<String> STYLE_LAYERS =
            List.of("block_2_add", "block_5_add", "block_9_add", "block_12_add", "block_15_add", "block_16_project_BN");

    private MobileNetV2() {}

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
            b.node(
                    n.name().equals(FEATURES) ? "pooled" : n.name(),
                    n.layer(),
                    n.inputs().toArray(String[]::new));
        }
        List<String> parts = new ArrayList<>(List.of("pooled"));
        for (String layer : STYLE_LAYERS) {
            b.node(layer + "_mean", new Layer.GlobalAvgPool(), layer)
                    .node(layer + "_sq", new Layer.Multiply(), layer, layer)
                    .node(layer + "_meansq", new Layer.GlobalAvgPool(), layer + "_sq");
            parts.add(layer + "_mean");
            parts.add(layer + "_meansq");
        }
        return b.node(FEATURES, new Layer.Concat(), parts.toArray(String[]::new))
                .output(FEATURES)
                .build();
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

    /** The number of values of one image in the input tensor: 3 × 224 × 224. */
    public static final int INPUT_VALUES = 3 * INPUT_SIZE * INPUT_SIZE;

    /**
     * Turns images into the network's input exactly as nsfwjs does: RGB (alpha ignored) divided by 255,
     * then a bilinear resize to 224x224 with aligned corners ({@code tf.image.resizeBilinear(x, [224, 224],
     * true)}), whatever the aspect ratio; no crop, no mean or standard deviation.
     *
     * @param images the images
     * @return FLOAT32 {@code [n, 3, 224, 224]}
     */
    public static Tensor preprocess(List<BufferedImage> images) {
        float[] out = new float[images.size() * INPUT_VALUES];
        for (int i = 0; i < images.size(); i++) {
            preprocess(images.get(i), out, i);
        }
        return tensor(images.size(), out);
    }

    /**
     * Preprocesses one image of a batch into its slot of the batch's values, exactly as {@link
     * #preprocess(List)} does; writes only {@code batch[index · INPUT_VALUES ..]}, so several threads
     * may fill different slots of one array at once.
     *
     * @param image the image
     * @param batch the batch's values, {@code n · INPUT_VALUES} long, channels first
     * @param index the image's index in the batch
     */
    public static void preprocess(BufferedImage image, float[] batch, int index) {
        Objects.checkFromIndexSize((long) index * INPUT_VALUES, INPUT_VALUES, batch.length);
        resize(image, batch, index * INPUT_VALUES);
    }

    /**
     * The image as the annotator analyses it: each side longer than {@value #INPUT_SIZE} pixels is
     * shrunk to {@value #INPUT_SIZE} by area averaging (every source pixel weighs by how much of it an
     * output pixel covers; no aspect ratio kept, as the backbone squashes anyway), shorter sides are
     * kept. The zoo model was trained on 224 × 224 paintings; bilinear sampling straight from a large
     * image skips most of its pixels and aliases fine brushwork into patterns those paintings never
     * had, and the hand-crafted descriptors' texture statistics change with the resolution they see.
     * Averaging down first gives a large photograph the look of the training images. An image no
     * side of which is longer than {@value #INPUT_SIZE} is returned as it is. {@link #preprocess} itself
     * keeps TF.js' semantics (bilinear from whatever it is given); the annotator's image evidence
     * applies this first, for the backbone and the descriptors alike.
     *
     * @param image a decoded image
     * @return the image itself, or a new {@code TYPE_INT_RGB} image of at most 224 × 224
     */
    public static BufferedImage canonical(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (w <= INPUT_SIZE && h <= INPUT_SIZE) {
            return image;
        }
        int ow = Math.min(w, INPUT_SIZE);
        int oh = Math.min(h, INPUT_SIZE);
        // An axis that is kept has weight 1 for its own pixel: 0 + 1·v is v, so it is copied.
        AreaWeights cols = w == ow ? null : new AreaWeights(w, ow);
        AreaWeights rows = h == oh ? null : new AreaWeights(h, oh);
        PackedRgb source = PackedRgb.of(image);
        BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
        int[] packed = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        // Source rows, shrunk along x, one array per channel, in a ring indexed by source row: an
        // output row needs at most maxCount consecutive rows, and rows are needed in increasing order.
        int ring = rows == null ? 1 : rows.maxCount + 1;
        double[][] lines = new double[3 * ring][ow];
        double[][] sums = {new double[ow], new double[ow], new double[ow]};
        int next = 0; // the next source row to shrink
        for (int oy = 0; oy < oh; oy++) {
            int first = rows == null ? oy : rows.start[oy];
            int last = rows == null ? oy : first + rows.count[oy] - 1;
            for (; next <= last; next++) {
                int slot = 3 * (next % ring);
                line(source, next, cols, lines[slot], lines[slot + 1], lines[slot + 2]);
            }
            // pack rounds in place: a kept row is packed straight from its (single, used once) line
            double[][] channels = rows == null ? lines : sums;
            if (rows != null) {
                // Summed top to bottom from 0, each row's term w·v as in acc += w·v; 0 + w·v is w·v.
                // Every covered row has a positive weight (AreaWeights lists only overlapping pixels).
                for (int y = first; y <= last; y++) {
                    double wgt = rows.weight[rows.offset[oy] + y - first];
                    int slot = 3 * (y % ring);
                    for (int c = 0; c < 3; c++) {
                        if (y == first) {
                            scale(sums[c], wgt, lines[slot + c]);
                        } else {
                            addScaled(sums[c], wgt, lines[slot + c]);
                        }
                    }
                }
            }
            pack(channels[0], channels[1], channels[2], packed, oy * ow);
        }
        return out;
    }

    /** Source row {@code y}, shrunk along x when {@code cols} says so, one double per channel and pixel. */
    private static void line(PackedRgb source, int y, AreaWeights cols, double[] r, double[] g, double[] b) {
        int[] data = source.data();
        int row = source.row(y);
        if (cols == null) { // one loop per channel: faster than one loop writing three arrays
            for (int x = 0; x < r.length; x++) {
                r[x] = (data[row + x] >> 16) & 0xff;
            }
            for (int x = 0; x < g.length; x++) {
                g[x] = (data[row + x] >> 8) & 0xff;
            }
            for (int x = 0; x < b.length; x++) {
                b[x] = data[row + x] & 0xff;
            }
        } else {
            cols.shrink(data, row, r, g, b);
        }
    }

    /** {@code sum[i] = weight · line[i]}: a loop the JIT vectorises. */
    private static void scale(double[] sum, double weight, double[] line) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] = weight * line[i];
        }
    }

    /** {@code sum[i] += weight · line[i]}: a loop the JIT vectorises. */
    private static void addScaled(double[] sum, double weight, double[] line) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += weight * line[i];
        }
    }

    /**
     * One output row: each channel rounded half up and clamped to 0..255 ({@link #round}, in place,
     * channel by channel), then packed as {@code 0xRRGGBB} by exact arithmetic in double and one
     * conversion per pixel. Short loops without branches, which the JIT vectorises; rounding with two
     * {@code (int)} conversions per value took twice as long.
     */
    private static void pack(double[] r, double[] g, double[] b, int[] packed, int offset) {
        round(r);
        round(g);
        round(b);
        for (int x = 0; x < r.length; x++) {
            r[x] = r[x] * 65536.0 + g[x] * 256.0 + b[x]; // integers below 2^24: exact
        }
        for (int x = 0; x < r.length; x++) {
            packed[offset + x] = (int) r[x];
        }
    }

    /**
     * {@code Math.round} (half up) clamped to 255, in place, for the sums of the averaging, which are
     * never negative nor NaN (non-negative weights times bytes): with {@code f = floor(v)}, the
     * fraction {@code v - f} is exact and so is its double, whose floor is 1 exactly when the fraction
     * is at least a half. Checked against {@code Math.round} by {@code MobileNetV2PreprocessTest}.
     */
    private static void round(double[] v) {
        for (int x = 0; x < v.length; x++) {
            double whole = Math.floor(v[x]);
            v[x] = Math.min(255.0, whole + Math.floor((v[x] - whole) * 2));
        }
    }

    /**
     * For shrinking one axis from {@code in} to {@code out} pixels: the source pixels each output
     * pixel covers and with what weight (their covered length over the output pixel's length; the
     * weights of one output pixel sum to 1), stored flat: output pixel {@code o} covers source pixels
     * {@code start[o] .. start[o] + count[o] - 1} with weights {@code weight[offset[o] ..]}.
     */
    private static final class AreaWeights {
        final int[] start;
        final int[] count;
        final int[] offset;
        final double[] weight;
        /** The most source pixels one output pixel covers. */
        final int maxCount;

        AreaWeights(int in, int out) {
            double scale = in / (double) out;
            start = new int[out];
            count = new int[out];
            offset = new int[out + 1];
            for (int o = 0; o < out; o++) {
                double end = Math.min(in, (o + 1) * scale);
                start[o] = (int) Math.floor(o * scale);
                count[o] = Math.min(in, (int) Math.ceil(end)) - start[o];
                offset[o + 1] = offset[o] + count[o];
            }
            weight = new double[offset[out]];
            int widest = 0;
            for (int o = 0; o < out; o++) {
                double from = o * scale;
                double end = Math.min(in, (o + 1) * scale);
                for (int j = start[o]; j < start[o] + count[o]; j++) {
                    weight[offset[o] + j - start[o]] = (Math.min(end, j + 1) - Math.max(from, j)) / scale;
                }
                widest = Math.max(widest, count[o]);
            }
            maxCount = widest;
        }

        /**
         * Shrinks the row of packed pixels starting at {@code data[row]} into one array per channel,
         * each output pixel summed left to right from 0.
         */
        void shrink(int[] data, int row, double[] r, double[] g, double[] b) {
            for (int o = 0; o < start.length; o++) {
                double sr = 0;
                double sg = 0;
                double sb = 0;
                for (int k = 0, j = row + start[o], q = offset[o]; k < count[o]; k++, j++, q++) {
                    int p = data[j];
                    double wgt = weight[q];
                    sr += wgt * ((p >> 16) & 0xff);
                    sg += wgt * ((p >> 8) & 0xff);
                    sb += wgt * (p & 0xff);
                }
                r[o] = sr;
                g[o] = sg;
                b[o] = sb;
            }
        }
    }

    /**
     * @param n the batch size
     * @param batch values filled by {@link #preprocess(BufferedImage, float[], int)}; not copied
     * @return FLOAT32 {@code [n, 3, 224, 224]} over them
     */
    public static Tensor tensor(int n, float[] batch) {
        if (batch.length != (long) n * INPUT_VALUES) {
            throw new IllegalArgumentException(batch.length + " values for a batch of " + n);
        }
        return Tensor.ofFloats(new long[] {n, 3, INPUT_SIZE, INPUT_SIZE}, batch);
    }

    /** {@code (float) (v / 255.0)} for every byte value, as TF.js computes {@code div(255)} in float32. */
    private static final float[] UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            UNIT[v] = (float) (v / 255.0);
        }
    }

    /**
     * Bilinear resize to 224 × 224 with TF.js's corner-aligned sampling (interpolation in double, stored
     * as float32), channels first. Each source row the resize samples is read once and interpolated
     * horizontally once, for all 224 columns and three channels; consecutive output rows share such
     * rows. The arithmetic is exactly that of converting the whole image first: per channel
     * {@code t = tl + (tr − tl)·fx} on the upper row, {@code b} likewise on the lower, then
     * {@code (float) (t + (b − t)·fy)}, all in double.
     */
    private static void resize(BufferedImage image, float[] out, int offset) {
        int w = image.getWidth();
        int h = image.getHeight();
        int n = INPUT_SIZE;
        int plane = n * n;
        if (w == n && h == n) {
            copy(image, out, offset);
            return;
        }
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
        PackedRgb pixels = PackedRgb.of(image);
        double[] upper = new double[3 * n]; // horizontally interpolated source rows, channels one after the other
        double[] lower = new double[3 * n];
        int upperRow = -1;
        int lowerRow = -1;
        for (int y = 0; y < n; y++) {
            double sy = rowRatio * y;
            int top = (int) Math.floor(sy);
            int bottom = Math.min(h - 1, (int) Math.ceil(sy));
            double fy = sy - top;
            if (top != upperRow) {
                if (top == lowerRow) {
                    double[] swap = upper;
                    upper = lower;
                    lower = swap;
                    lowerRow = -1;
                } else {
                    horizontal(pixels.data(), pixels.row(top), left, right, fx, upper);
                }
                upperRow = top;
            }
            if (bottom != lowerRow) {
                if (bottom == upperRow) {
                    System.arraycopy(upper, 0, lower, 0, 3 * n);
                } else {
                    horizontal(pixels.data(), pixels.row(bottom), left, right, fx, lower);
                }
                lowerRow = bottom;
            }
            for (int c = 0; c < 3; c++) {
                int o = offset + c * plane + y * n;
                int r = c * n;
                for (int x = 0; x < n; x++) {
                    double t = upper[r + x];
                    double b = lower[r + x];
                    out[o + x] = (float) (t + (b - t) * fy);
                }
            }
        }
    }

    /**
     * The resize of an image that is already 224 × 224: every sample falls on a pixel ({@code fx = fy = 0},
     * left = right, top = bottom), so the interpolation returns {@code UNIT[v]} exactly; this copies
     * those values without the arithmetic (bit for bit the same, checked by {@code MobileNetV2PreprocessTest}).
     */
    private static void copy(BufferedImage image, float[] out, int offset) {
        int n = INPUT_SIZE;
        int plane = n * n;
        PackedRgb pixels = PackedRgb.of(image);
        int[] data = pixels.data();
        for (int y = 0; y < n; y++) {
            int row = pixels.row(y);
            int o = offset + y * n;
            for (int x = 0; x < n; x++) {
                int p = data[row + x];
                out[o + x] = UNIT[(p >> 16) & 0xff];
                out[o + plane + x] = UNIT[(p >> 8) & 0xff];
                out[o + 2 * plane + x] = UNIT[p & 0xff];
            }
        }
    }

    /**
     * One source row (packed pixels from {@code data[row]}) interpolated at the 224 column positions,
     * per channel: {@code tl + (tr − tl)·fx}.
     */
    private static void horizontal(int[] data, int row, int[] left, int[] right, double[] fx, double[] out) {
        int n = left.length;
        for (int x = 0; x < n; x++) {
            int lp = data[row + left[x]];
            int rp = data[row + right[x]];
            double f = fx[x];
            double rl = UNIT[(lp >> 16) & 0xff];
            double gl = UNIT[(lp >> 8) & 0xff];
            double bl = UNIT[lp & 0xff];
            out[x] = rl + (UNIT[(rp >> 16) & 0xff] - rl) * f;
            out[n + x] = gl + (UNIT[(rp >> 8) & 0xff] - gl) * f;
            out[2 * n + x] = bl + (UNIT[rp & 0xff] - bl) * f;
        }
    }
}
