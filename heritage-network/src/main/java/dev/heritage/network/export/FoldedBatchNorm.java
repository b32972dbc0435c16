package dev.heritage.network.export;

import dev.heritage.api.engine.Tensor;
import dev.heritage.network.Layer;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.ParamSpec;
import dev.heritage.network.ParamSpec.Role;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Inference-time batch normalisation as one multiply and one add per channel:
 * {@code y = x * scale + shift} with {@code scale = gamma / sqrt(var + eps)} and
 * {@code shift = beta - mean * scale}. Both exporters use it, so they agree with each other.
 *
 * <p>Immutable and thread-safe.
 *
 * @param scale per-channel scale
 * @param shift per-channel shift
 */
public record FoldedBatchNorm(float[] scale, float[] shift) {

    /**
     * @param node the batch-norm node
     * @param bn its layer
     * @param w weights holding its parameters
     * @return its per-channel scale and shift
     */
    public static FoldedBatchNorm of(String node, Layer.BatchNorm bn, NetworkWeights w) {
        float[] gamma = w.get(node, Role.GAMMA).floats();
        float[] beta = w.get(node, Role.BETA).floats();
        float[] mean = w.get(node, Role.RUNNING_MEAN).floats();
        float[] var = w.get(node, Role.RUNNING_VAR).floats();
        float[] scale = new float[gamma.length];
        float[] shift = new float[gamma.length];
        for (int c = 0; c < gamma.length; c++) {
            double s = gamma[c] / Math.sqrt((double) var[c] + bn.epsilon());
            scale[c] = (float) s;
            shift[c] = (float) (beta[c] - mean[c] * s);
        }
        return new FoldedBatchNorm(scale, shift);
    }

    /**
     * A network with every convolution-then-batch-norm pair replaced by one convolution with a bias.
     *
     * @param graph the folded network
     * @param weights its parameters
     */
    public record Folded(NetworkGraph graph, NetworkWeights weights) {}

    /**
     * Folds each batch-norm node that directly follows a convolution read by nothing else into that
     * convolution: the pair becomes one {@link Layer.Conv2d} with a bias, named after the batch-norm node
     * (so every node that read the batch norm reads it unchanged). Other nodes are kept as they are. The
     * folded network computes what the original computes at inference, to float rounding.
     *
     * @param graph a network
     * @param weights its parameters
     * @return the folded network and its parameters
     */
    public static Folded fold(NetworkGraph graph, NetworkWeights weights) {
        Map<String, Integer> readers = new HashMap<>();
        for (NetworkGraph.Node n : graph.nodes()) {
            n.inputs().forEach(in -> readers.merge(in, 1, Integer::sum));
        }
        graph.outputs().forEach(o -> readers.merge(o, 1, Integer::sum));
        Map<String, NetworkGraph.Node> byName = new HashMap<>();
        graph.nodes().forEach(n -> byName.put(n.name(), n));
        Set<String> absorbed = new HashSet<>();
        Map<String, Layer.Conv2d> replacements = new HashMap<>();
        Map<String, String> replacementInput = new HashMap<>();
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (NetworkGraph.Node n : graph.nodes()) {
            if (n.layer() instanceof Layer.BatchNorm bn
                    && n.inputs().size() == 1
                    && byName.get(n.inputs().get(0)) != null
                    && byName.get(n.inputs().get(0)).layer() instanceof Layer.Conv2d conv
                    && readers.getOrDefault(n.inputs().get(0), 0) == 1) {
                String convName = n.inputs().get(0);
                FoldedBatchNorm f = of(n.name(), bn, weights);
                Tensor w = weights.get(convName, Role.WEIGHT);
                float[] kernel = w.floats().clone();
                int perOut = kernel.length / conv.out();
                float[] bias = new float[conv.out()];
                float[] oldBias = conv.bias() ? weights.get(convName, Role.BIAS).floats() : new float[conv.out()];
                for (int o = 0; o < conv.out(); o++) {
                    for (int i = o * perOut; i < (o + 1) * perOut; i++) {
                        kernel[i] *= f.scale()[o];
                    }
                    bias[o] = oldBias[o] * f.scale()[o] + f.shift()[o];
                }
                replacements.put(
                        n.name(),
                        new Layer.Conv2d(
                                conv.in(),
                                conv.out(),
                                conv.kernel(),
                                conv.stride(),
                                conv.padding(),
                                conv.groups(),
                                true,
                                conv.kernelWidth()));
                replacementInput.put(n.name(), byName.get(convName).inputs().get(0));
                values.put(NetworkWeights.key(n.name(), Role.WEIGHT), Tensor.ofFloats(w.shape(), kernel));
                values.put(NetworkWeights.key(n.name(), Role.BIAS), Tensor.ofFloats(new long[] {conv.out()}, bias));
                absorbed.add(convName);
            }
        }
        NetworkGraph.Builder ordered = NetworkGraph.builder(graph.name());
        graph.inputs().forEach(in -> ordered.input(in.name(), in.type(), in.shape()));
        for (NetworkGraph.Node n : graph.nodes()) {
            if (absorbed.contains(n.name())) {
                continue;
            }
            Layer.Conv2d conv = replacements.get(n.name());
            if (conv != null) {
                ordered.node(n.name(), conv, replacementInput.get(n.name()));
            } else {
                ordered.node(n.name(), n.layer(), n.inputs().toArray(String[]::new));
                for (ParamSpec p : n.layer().parameters()) {
                    values.put(NetworkWeights.key(n.name(), p.role()), weights.get(n.name(), p.role()));
                }
            }
        }
        graph.outputs().forEach(ordered::output);
        NetworkGraph out = ordered.build();
        return new Folded(out, NetworkWeights.of(out, values));
    }
}
