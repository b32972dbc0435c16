package dev.heritage.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the floating-point operations of one forward pass of a {@link NetworkGraph} for one
 * example (batch 1), from the layer types and the inferred shapes alone.
 *
 * <p>Conventions (the usual ones for roofline estimates): a multiply-add counts as 2 FLOPs, so a
 * convolution costs {@code 2 · outputElements · (in / groups) · kernel²} and a linear layer
 * {@code 2 · in · out}, plus one FLOP per output element for a bias. Batch normalisation counts 2
 * per element (it is folded into one multiply-add at inference), activations, element-wise sums and
 * products 1 per output element, pooling one per element read, softmax 3 per element (exp, sum,
 * divide); padding, concatenation, flattening, dropout, embedding look-ups and up-sampling count 0
 * (they move data, they do not compute). The multiply-adds of convolutions and linear layers are
 * reported separately ({@link Count#macFlops()}), since those are what a matrix-product peak bounds.
 *
 * <p>Stateless and thread-safe.
 */
public final class FlopCounter {
    private FlopCounter() {}

    /**
     * The FLOPs of one graph.
     *
     * @param total all FLOPs per example
     * @param macFlops the FLOPs of convolutions and linear layers (2 per multiply-add), per example
     * @param byLayerType FLOPs per example by layer type (record name, e.g. {@code Conv2d})
     */
    public record Count(long total, long macFlops, Map<String, Long> byLayerType) {
        /** Copies the map. */
        public Count {
            byLayerType = Map.copyOf(byLayerType);
        }
    }

    /**
     * @param graph a network
     * @return its FLOPs for one example
     */
    public static Count count(NetworkGraph graph) {
        Map<String, long[]> shapes = graph.shapes();
        Map<String, Long> byType = new LinkedHashMap<>();
        long total = 0;
        long mac = 0;
        for (NetworkGraph.Node node : graph.nodes()) {
            List<long[]> ins = new ArrayList<>();
            node.inputs().forEach(i -> ins.add(shapes.get(i)));
            long[] out = shapes.get(node.name());
            long f = flops(node.layer(), ins, out);
            if (node.layer() instanceof Layer.Conv2d || node.layer() instanceof Layer.Linear) {
                mac += f - biasFlops(node.layer(), out);
            }
            total += f;
            byType.merge(node.layer().getClass().getSimpleName(), f, Long::sum);
        }
        return new Count(total, mac, byType);
    }

    /**
     * @param layer a layer
     * @param inputs its input shapes (no batch axis)
     * @param output its output shape (no batch axis)
     * @return its FLOPs for one example
     */
    public static long flops(Layer layer, List<long[]> inputs, long[] output) {
        long outElements = elements(output);
        if (layer instanceof Layer.Conv2d c) {
            return 2L * outElements * (c.in() / c.groups()) * c.taps() + biasFlops(c, output);
        }
        if (layer instanceof Layer.Linear l) {
            return 2L * l.in() * l.out() + biasFlops(l, output);
        }
        if (layer instanceof Layer.BatchNorm) {
            return 2L * outElements;
        }
        if (layer instanceof Layer.Relu || layer instanceof Layer.Relu6 || layer instanceof Layer.Sigmoid) {
            return outElements;
        }
        if (layer instanceof Layer.Add || layer instanceof Layer.Multiply) {
            return outElements * (inputs.size() - 1);
        }
        if (layer instanceof Layer.MaxPool p) {
            return outElements * p.kernel() * p.kernel();
        }
        if (layer instanceof Layer.AvgPool p) {
            return outElements * p.kernel() * p.kernel();
        }
        if (layer instanceof Layer.GlobalAvgPool) {
            return elements(inputs.get(0));
        }
        if (layer instanceof Layer.Softmax) {
            return 3L * outElements;
        }
        // Pad, Flatten, Embedding, Concat, Dropout, Upsample move data only.
        return 0;
    }

    private static long biasFlops(Layer layer, long[] output) {
        boolean bias = layer instanceof Layer.Conv2d c ? c.bias() : layer instanceof Layer.Linear l && l.bias();
        return bias ? elements(output) : 0;
    }

    private static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
