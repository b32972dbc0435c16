package dev.heritage.classify.train;

import dev.heritage.api.engine.Tensor;
import dev.heritage.network.Layer;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Joins heads trained on the same inputs (each with its own seed) into one head network: member
 * {@code k}'s nodes and weights are renamed {@code m<k>_<name>}, the inputs are shared, and each
 * output is the sum of the members' outputs of that name. Summed logits are the product of the
 * members' distributions; the temperature fitted afterwards absorbs the scale. The joined head runs
 * on every engine like any other (it uses no layer a single head does not).
 *
 * <p>Stateless; thread-safe.
 */
final class HeadEnsemble {
    private HeadEnsemble() {}

    /**
     * @param k 1-based member number
     * @return the prefix of that member's node names
     */
    static String prefix(int k) {
        return "m" + k + "_";
    }

    /**
     * @param members heads with the same inputs and outputs; the first one's history and best epoch
     *     describe the result
     * @return the joined head (the only member itself when there is one)
     * @throws IllegalArgumentException if the members' inputs or outputs differ
     */
    static TrainedHead join(List<TrainedHead> members) {
        TrainedHead first = members.get(0);
        if (members.size() == 1) {
            return first;
        }
        NetworkGraph graph = first.graph();
        NetworkGraph.Builder g = NetworkGraph.builder(graph.name());
        Set<String> inputs = new HashSet<>();
        for (NetworkGraph.Input in : graph.inputs()) {
            g.input(in.name(), in.type(), in.shape());
            inputs.add(in.name());
        }
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (int k = 1; k <= members.size(); k++) {
            TrainedHead m = members.get(k - 1);
            if (!m.graph().inputs().equals(graph.inputs())
                    || !m.graph().outputs().equals(graph.outputs())) {
                throw new IllegalArgumentException("Ensemble member " + k + " has other inputs or outputs than"
                        + " member 1; members must be trained with the same encoders");
            }
            String prefix = prefix(k);
            for (NetworkGraph.Node node : m.graph().nodes()) {
                g.node(
                        prefix + node.name(),
                        node.layer(),
                        node.inputs().stream()
                                .map(i -> inputs.contains(i) ? i : prefix + i)
                                .toArray(String[]::new));
            }
            m.weights().asMap().forEach((key, value) -> weights.put(prefix + key, value));
        }
        for (String out : graph.outputs()) {
            String sum = prefix(1) + out;
            for (int k = 2; k <= members.size(); k++) {
                String next = k == members.size() ? out : out + "_sum" + k;
                g.node(next, new Layer.Add(), sum, prefix(k) + out);
                sum = next;
            }
            g.output(out);
        }
        NetworkGraph joined = g.build();
        return new TrainedHead(joined, NetworkWeights.of(joined, weights), first.history(), first.bestEpoch());
    }
}
