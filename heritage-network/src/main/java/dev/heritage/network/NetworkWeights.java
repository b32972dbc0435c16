package dev.heritage.network;

import dev.heritage.api.engine.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of a network's parameters, keyed {@code node.role} (e.g. {@code conv1.weight},
 * {@code bn1.running_var}), in the shapes of {@link ParamSpec}. What exporters write.
 *
 * <p>Immutable and thread-safe (the tensors follow {@link Tensor}'s do-not-modify contract).
 */
public final class NetworkWeights {
    private final Map<String, Tensor> values;

    private NetworkWeights(Map<String, Tensor> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Checks that the values cover exactly the graph's parameters, in their shapes.
     *
     * @param graph the network
     * @param values tensors by {@code node.role}
     * @return the weights
     * @throws IllegalArgumentException naming a missing, extra or misshapen parameter
     */
    public static NetworkWeights of(NetworkGraph graph, Map<String, Tensor> values) {
        int expected = 0;
        for (NetworkGraph.Node node : graph.nodes()) {
            for (ParamSpec p : node.layer().parameters()) {
                expected++;
                String key = key(node.name(), p.role());
                Tensor t = values.get(key);
                if (t == null) {
                    throw new IllegalArgumentException("Missing parameter " + key);
                }
                if (!Arrays.equals(t.shape(), p.shape())) {
                    throw new IllegalArgumentException("Parameter " + key + " has shape " + Arrays.toString(t.shape())
                            + ", expected " + Arrays.toString(p.shape()));
                }
            }
        }
        if (values.size() != expected) {
            throw new IllegalArgumentException("Expected " + expected + " parameters, got " + values.size());
        }
        return new NetworkWeights(values);
    }

    /**
     * Picks a network's parameters out of a larger set, for example a sub-network's out of the whole
     * network's.
     *
     * @param graph the network
     * @param values tensors by {@code node.role}, including at least every parameter of {@code graph}
     * @return the weights
     * @throws IllegalArgumentException naming a missing or misshapen parameter
     */
    public static NetworkWeights select(NetworkGraph graph, Map<String, Tensor> values) {
        Map<String, Tensor> picked = new LinkedHashMap<>();
        for (String key : graph.parameterKeys()) {
            Tensor t = values.get(key);
            if (t != null) {
                picked.put(key, t);
            }
        }
        return of(graph, picked);
    }

    /**
     * @param node a node name
     * @param role a parameter role
     * @return the key {@code node.role}
     */
    public static String key(String node, ParamSpec.Role role) {
        return node + "." + role.suffix();
    }

    /**
     * @param node a node name
     * @param role a parameter role
     * @return the values
     */
    public Tensor get(String node, ParamSpec.Role role) {
        Tensor t = values.get(key(node, role));
        if (t == null) {
            throw new IllegalArgumentException("No parameter " + key(node, role));
        }
        return t;
    }

    /** @return all values by key */
    public Map<String, Tensor> asMap() {
        return values;
    }
}
