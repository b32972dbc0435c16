package dev.heritage.network;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.heritage.api.engine.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A network as a directed acyclic graph of {@link Layer}s: named inputs, nodes in topological
 * order, and named outputs. It is the one description from which the network is trained (as a DJL
 * block) and exported (DJL parameters, ONNX, TensorFlow SavedModel), and it is stored beside the
 * weights as JSON so every engine rebuilds exactly the same computation.
 *
 * <p>Construction validates names, ordering, arities and shapes. Immutable and thread-safe.
 *
 * @param name the network's name
 * @param inputs the inputs, in feeding order
 * @param nodes the layers, each after the nodes it reads
 * @param outputs the names of the nodes whose values are returned, in order
 */
public record NetworkGraph(String name, List<Input> inputs, List<Node> nodes, List<String> outputs) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A graph input.
     *
     * @param name the input's name (also the engine-side tensor name)
     * @param type element type
     * @param shape shape without the batch axis
     */
    public record Input(String name, Tensor.DataType type, long[] shape) {
        /** Validates and copies. */
        public Input {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Input i && i.name.equals(name) && i.type == type && Arrays.equals(i.shape, shape);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, type, Arrays.hashCode(shape));
        }

        @Override
        public String toString() {
            return name + ":" + type + Arrays.toString(shape);
        }
    }

    /**
     * A layer applied to named values.
     *
     * @param name the node's name (unique; also names its output and its parameters)
     * @param layer the layer
     * @param inputs the names of the inputs or nodes it reads
     */
    public record Node(String name, Layer layer, List<String> inputs) {
        /** Validates and copies. */
        public Node {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(layer, "layer");
            inputs = List.copyOf(inputs);
        }
    }

    /** Validates and copies. */
    public NetworkGraph {
        Objects.requireNonNull(name, "name");
        inputs = List.copyOf(inputs);
        nodes = List.copyOf(nodes);
        outputs = List.copyOf(outputs);
        inferShapes(inputs, nodes, outputs);
    }

    /**
     * @param name the network's name
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return the shape (without batch) of every input and node, by name */
    @JsonIgnore
    public Map<String, long[]> shapes() {
        return inferShapes(inputs, nodes, outputs);
    }

    /**
     * @param nodeName a node name
     * @return that node
     */
    public Node node(String nodeName) {
        return nodes.stream()
                .filter(n -> n.name().equals(nodeName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No node '" + nodeName + "' in network " + name));
    }

    /**
     * @param keep the outputs to keep
     * @return the sub-network computing only those outputs (nodes they do not depend on dropped)
     */
    public NetworkGraph prune(List<String> keep) {
        Set<String> needed = new HashSet<>(keep);
        List<Node> kept = new ArrayList<>();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (needed.contains(n.name())) {
                kept.add(0, n);
                needed.addAll(n.inputs());
            }
        }
        List<Input> ins =
                inputs.stream().filter(in -> needed.contains(in.name())).toList();
        return new NetworkGraph(name, ins, kept, keep);
    }

    /** @return the key ({@code node.role}) of every parameter, in node order */
    @JsonIgnore
    public List<String> parameterKeys() {
        List<String> keys = new ArrayList<>();
        for (Node node : nodes) {
            for (ParamSpec p : node.layer().parameters()) {
                keys.add(NetworkWeights.key(node.name(), p.role()));
            }
        }
        return keys;
    }

    /** @return the number of scalar parameters */
    @JsonIgnore
    public long parameterCount() {
        long n = 0;
        for (Node node : nodes) {
            for (ParamSpec p : node.layer().parameters()) {
                if (p.role() != ParamSpec.Role.RUNNING_MEAN && p.role() != ParamSpec.Role.RUNNING_VAR) {
                    n += Tensor.size(p.shape());
                }
            }
        }
        return n;
    }

    /** @return the graph as JSON */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param json a graph as written by {@link #toJson()}
     * @return the graph, validated
     * @throws IOException if the JSON is malformed or the graph invalid
     */
    public static NetworkGraph fromJson(String json) throws IOException {
        try {
            return JSON.readValue(json, NetworkGraph.class);
        } catch (IllegalArgumentException e) {
            throw new IOException("Invalid network graph: " + e.getMessage(), e);
        }
    }

    /**
     * @param file a graph JSON file
     * @return the graph
     * @throws IOException if it cannot be read or is invalid
     */
    public static NetworkGraph read(Path file) throws IOException {
        try {
            return fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, long[]> inferShapes(List<Input> inputs, List<Node> nodes, List<String> outputs) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (Input in : inputs) {
            if (shapes.put(in.name(), in.shape()) != null) {
                throw new IllegalArgumentException("Duplicate name '" + in.name() + "'");
            }
        }
        for (Node node : nodes) {
            List<long[]> ins = new ArrayList<>();
            for (String ref : node.inputs()) {
                long[] s = shapes.get(ref);
                if (s == null) {
                    throw new IllegalArgumentException(
                            "Node '" + node.name() + "' reads '" + ref + "', which is not an input or an earlier node");
                }
                ins.add(s);
            }
            int arity = node.layer().arity();
            if ((arity >= 0 && ins.size() != arity) || (arity < 0 && ins.size() < 2)) {
                throw new IllegalArgumentException("Node '" + node.name() + "' (" + node.layer() + ") takes "
                        + (arity < 0 ? "two or more" : arity) + " inputs, got " + ins.size());
            }
            long[] out;
            try {
                out = node.layer().outputShape(ins);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Node '" + node.name() + "': " + e.getMessage(), e);
            }
            if (shapes.put(node.name(), out) != null) {
                throw new IllegalArgumentException("Duplicate name '" + node.name() + "'");
            }
        }
        for (String o : outputs) {
            if (!shapes.containsKey(o)) {
                throw new IllegalArgumentException("Output '" + o + "' names no node");
            }
        }
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("A network needs at least one output");
        }
        return Collections.unmodifiableMap(shapes);
    }

    /** A mutable builder of {@link NetworkGraph}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<Input> inputs = new ArrayList<>();
        private final List<Node> nodes = new ArrayList<>();
        private final List<String> outputs = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /**
         * @param inputName name
         * @param type element type
         * @param shape shape without batch
         * @return this
         */
        public Builder input(String inputName, Tensor.DataType type, long... shape) {
            inputs.add(new Input(inputName, type, shape));
            return this;
        }

        /**
         * @param nodeName name of the node
         * @param layer the layer
         * @param reads names it reads
         * @return this
         */
        public Builder node(String nodeName, Layer layer, String... reads) {
            nodes.add(new Node(nodeName, layer, List.of(reads)));
            return this;
        }

        /**
         * @param nodeName a node whose value is returned
         * @return this
         */
        public Builder output(String nodeName) {
            outputs.add(nodeName);
            return this;
        }

        /** @return the validated graph */
        public NetworkGraph build() {
            return new NetworkGraph(name, inputs, nodes, outputs);
        }
    }
}
