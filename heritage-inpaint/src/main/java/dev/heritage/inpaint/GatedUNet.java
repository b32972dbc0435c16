package dev.heritage.inpaint;

import dev.heritage.api.engine.Tensor;
import dev.heritage.network.Layer;
import dev.heritage.network.NetworkGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The architecture of Heritage's learned inpainter: a small U-Net whose every hidden layer is a
 * <em>gated convolution</em> (Yu et al., "Free-Form Image Inpainting with Gated Convolution", ICCV 2019):
 * {@code y = relu(conv_f(x)) ⊙ sigmoid(conv_g(x))}, two convolutions of the same shape side by side,
 * so the network learns per pixel and per channel how much to trust what it sees (intact paint, zeros in
 * the hole, the mask).
 *
 * <p>Layout, for widths {@code w0, w1, …, wL}:
 * <pre>
 * input {@value #INPUT} (C, H, W): R, G, B in [0, 1] with damaged pixels zeroed, the mask (1 = damaged),
 *                  then {@link #conditionChannels()} constant channels (a cluster's one-hot, or none)
 * input {@value #PREFILL} (3, H, W), with {@link #prefill()} only: the image with its damaged pixels
 *                  filled by a classical method (Telea); concatenated to {@value #INPUT}
 * enc0   gated 5×5, C (+3) → w0                             (H, W)
 * down_l gated 3×3 stride 2, w(l-1) → wl; then gated 3×3     (H/2^l, W/2^l), l = 1..L
 * bottleneck: {@link #bottleneckBlocks()} more gated 3×3 at the lowest level
 * up_l   nearest ×2, concat with the encoder's skip, gated 3×3 → w(l-1), l = L..1
 * out    3×3 conv w0 → 3, then sigmoid (R, G, B in [0, 1]), or with {@link #prefill()} added to
 *        {@value #PREFILL} (a residual correction of the classical fill; clamped to [0, 1] when
 *        converted to 8 bits)                               (3, H, W)
 * </pre>
 * Height and width must be multiples of {@link #downsampling()} = 2^L.
 *
 * <p>The exported networks have a fixed spatial size (ONNX and SavedModel store it), so the
 * reconstructor runs the network over fixed-size patches; the weights do not depend on the size, so one
 * trained network is exported at any patch size with {@link #graph(int, int)}.
 *
 * <p>Immutable and thread-safe; holds no resources.
 *
 * @param conditionChannels extra constant input channels (0 for the plain model)
 * @param widths channels per level, full resolution first; {@code widths.length - 1} down-samplings
 * @param bottleneckBlocks extra gated 3×3 convolutions at the lowest level
 * @param prefill whether the network refines a classical fill given as the second input
 *     {@value #PREFILL} (residual output) instead of predicting the colours from scratch (sigmoid output)
 */
public record GatedUNet(int conditionChannels, int[] widths, int bottleneckBlocks, boolean prefill) {
    /** The input's name in the graph and in the engines. */
    public static final String INPUT = "image";
    /** The second input's name (the classical fill), with {@link #prefill()}. */
    public static final String PREFILL = "prefill";
    /** The output's name in the graph and in the engines. */
    public static final String OUTPUT = "rgb";
    /** The image channels of the input: R, G, B and the mask. */
    public static final int IMAGE_CHANNELS = 4;

    /** The architecture of the zoo model {@code paintings-inpaint}: a refiner of the Telea fill. */
    public static final GatedUNet DEFAULT = new GatedUNet(0, new int[] {16, 32, 48, 64}, 1, true);
    /** The same U-Net predicting from scratch (the 4-channel input only), measured as an ablation. */
    public static final GatedUNet FROM_SCRATCH = new GatedUNet(0, new int[] {16, 32, 48, 64}, 1, false);

    /** Validates and copies. */
    public GatedUNet {
        Objects.requireNonNull(widths, "widths");
        if (conditionChannels < 0 || widths.length < 2 || bottleneckBlocks < 0) {
            throw new IllegalArgumentException("Bad gated U-Net: conditionChannels=" + conditionChannels + " widths="
                    + Arrays.toString(widths) + " bottleneckBlocks=" + bottleneckBlocks);
        }
        for (int w : widths) {
            if (w <= 0) {
                throw new IllegalArgumentException("Widths must be positive: " + Arrays.toString(widths));
            }
        }
        widths = widths.clone();
    }

    @Override
    public int[] widths() {
        return widths.clone();
    }

    /** @return the channels of the input {@value #INPUT}: 4 plus {@link #conditionChannels()} */
    public int inputChannels() {
        return IMAGE_CHANNELS + conditionChannels;
    }

    /** @return the factor by which the encoder shrinks the image, 2^(levels - 1) */
    public int downsampling() {
        return 1 << (widths.length - 1);
    }

    /**
     * @param conditions the number of extra constant input channels
     * @return this architecture with that many condition channels
     */
    public GatedUNet withConditionChannels(int conditions) {
        return new GatedUNet(conditions, widths, bottleneckBlocks, prefill);
    }

    /**
     * Builds the network for one input size.
     *
     * @param height input height, a positive multiple of {@link #downsampling()}
     * @param width input width, a positive multiple of {@link #downsampling()}
     * @return the validated graph: input {@value #INPUT} {@code (C, height, width)} (and {@value #PREFILL}
     *     {@code (3, height, width)}), output {@value #OUTPUT} {@code (3, height, width)}
     * @throws IllegalArgumentException if a size is not a positive multiple of the down-sampling
     */
    public NetworkGraph graph(int height, int width) {
        int f = downsampling();
        if (height <= 0 || width <= 0 || height % f != 0 || width % f != 0) {
            throw new IllegalArgumentException("Input size " + height + "x" + width + " must be a positive multiple of "
                    + f + " (the network down-samples " + (widths.length - 1) + " times)");
        }
        NetworkGraph.Builder b = NetworkGraph.builder("gated-unet")
                .input(INPUT, Tensor.DataType.FLOAT32, inputChannels(), height, width);
        String first = INPUT;
        int firstChannels = inputChannels();
        if (prefill) {
            b.input(PREFILL, Tensor.DataType.FLOAT32, 3, height, width);
            b.node("in_cat", new Layer.Concat(), INPUT, PREFILL);
            first = "in_cat";
            firstChannels += 3;
        }
        List<String> skips = new ArrayList<>();
        String x = gated(b, "enc0", first, firstChannels, widths[0], 5, 1);
        skips.add(x);
        for (int l = 1; l < widths.length; l++) {
            x = gated(b, "down" + l, x, widths[l - 1], widths[l], 3, 2);
            x = gated(b, "enc" + l, x, widths[l], widths[l], 3, 1);
            skips.add(x);
        }
        int last = widths.length - 1;
        for (int k = 0; k < bottleneckBlocks; k++) {
            x = gated(b, "mid" + k, x, widths[last], widths[last], 3, 1);
        }
        for (int l = last; l >= 1; l--) {
            b.node("up" + l + "_resize", new Layer.Upsample(2), x);
            b.node("up" + l + "_cat", new Layer.Concat(), "up" + l + "_resize", skips.get(l - 1));
            x = gated(b, "dec" + l, "up" + l + "_cat", widths[l] + widths[l - 1], widths[l - 1], 3, 1);
        }
        b.node("out_conv", Layer.Conv2d.of(widths[0], 3, 3, 1, 1), x);
        if (prefill) {
            b.node(OUTPUT, new Layer.Add(), PREFILL, "out_conv");
        } else {
            b.node(OUTPUT, new Layer.Sigmoid(), "out_conv");
        }
        b.output(OUTPUT);
        return b.build();
    }

    private static String gated(
            NetworkGraph.Builder b, String name, String input, int in, int out, int kernel, int stride) {
        int pad = kernel / 2;
        b.node(name + "_f", Layer.Conv2d.of(in, out, kernel, stride, pad), input);
        b.node(name + "_g", Layer.Conv2d.of(in, out, kernel, stride, pad), input);
        b.node(name + "_act", new Layer.Relu(), name + "_f");
        b.node(name + "_gate", new Layer.Sigmoid(), name + "_g");
        b.node(name, new Layer.Multiply(), name + "_act", name + "_gate");
        return name;
    }

    /**
     * Multiply-accumulate operations of one forward pass of a graph, counting convolutions (and linear
     * layers) only; element-wise layers add well under 1 %.
     *
     * @param graph a network
     * @return multiply-accumulates per example (FLOPs are about twice this)
     */
    public static long multiplyAccumulates(NetworkGraph graph) {
        Map<String, long[]> shapes = graph.shapes();
        long macs = 0;
        for (NetworkGraph.Node node : graph.nodes()) {
            if (node.layer() instanceof Layer.Conv2d c) {
                long[] out = shapes.get(node.name());
                macs += out[0] * out[1] * out[2] * (long) (c.in() / c.groups()) * c.taps();
            } else if (node.layer() instanceof Layer.Linear l) {
                macs += (long) l.in() * l.out();
            }
        }
        return macs;
    }

    /** @return the architecture as plain JSON values, for model cards */
    public Map<String, Object> toCard() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "gated-unet");
        m.put("conditionChannels", conditionChannels);
        m.put("widths", Arrays.stream(widths).boxed().toList());
        m.put("bottleneckBlocks", bottleneckBlocks);
        m.put("downsampling", downsampling());
        m.put("prefill", prefill ? "telea" : "none");
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GatedUNet g
                && g.conditionChannels == conditionChannels
                && Arrays.equals(g.widths, widths)
                && g.bottleneckBlocks == bottleneckBlocks
                && g.prefill == prefill;
    }

    @Override
    public int hashCode() {
        return Objects.hash(conditionChannels, Arrays.hashCode(widths), bottleneckBlocks, prefill);
    }

    @Override
    public String toString() {
        return "GatedUNet[conditions=" + conditionChannels + ", widths=" + Arrays.toString(widths) + ", bottleneck="
                + bottleneckBlocks + ", prefill=" + prefill + "]";
    }
}
