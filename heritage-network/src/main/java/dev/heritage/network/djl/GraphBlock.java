package dev.heritage.network.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.heritage.api.engine.Tensor;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.ParamSpec;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link NetworkGraph} as one Deep Java Library block: a {@link LayerBlock} per node, evaluated in
 * graph order. Used to train networks and to run the DJL-parameters format on PyTorch.
 *
 * <p>Inputs are taken in the graph's input order; outputs are returned in the graph's output order,
 * each NDArray named after its output.
 *
 * <p>Not thread-safe while training; for inference, use one DJL predictor per thread.
 */
public final class GraphBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final NetworkGraph graph;
    private final Map<String, LayerBlock> layers = new LinkedHashMap<>();

    /** @param graph the network */
    public GraphBlock(NetworkGraph graph) {
        super(VERSION);
        this.graph = graph;
        for (NetworkGraph.Node node : graph.nodes()) {
            layers.put(node.name(), addChildBlock(node.name(), new LayerBlock(node.layer())));
        }
    }

    /**
     * Builds an initialised block holding the given weights.
     *
     * @param graph the network
     * @param weights values for every parameter
     * @param manager the manager that will own the parameters (its engine runs the block)
     * @return the block
     */
    public static GraphBlock of(NetworkGraph graph, NetworkWeights weights, NDManager manager) {
        GraphBlock block = new GraphBlock(graph);
        block.initialize(manager);
        block.setWeights(weights.asMap());
        return block;
    }

    /** @return the network description */
    public NetworkGraph graph() {
        return graph;
    }

    /**
     * @param node a node name
     * @return its block
     */
    public LayerBlock layer(String node) {
        LayerBlock b = layers.get(node);
        if (b == null) {
            throw new IllegalArgumentException("No node '" + node + "' in " + graph.name());
        }
        return b;
    }

    /**
     * @param batch a batch size
     * @return the input shapes for that batch size, in graph order
     */
    public Shape[] inputShapes(long batch) {
        Shape[] shapes = new Shape[graph.inputs().size()];
        for (int i = 0; i < shapes.length; i++) {
            long[] s = graph.inputs().get(i).shape();
            long[] full = new long[s.length + 1];
            full[0] = batch;
            System.arraycopy(s, 0, full, 1, s.length);
            shapes[i] = new Shape(full);
        }
        return shapes;
    }

    /**
     * Initialises every parameter (seed DJL's random generator first for repeatable results).
     *
     * @param manager the manager that owns the parameters
     */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, inputShapes(1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Map<String, Shape> shapes = new HashMap<>();
        for (int i = 0; i < inputShapes.length; i++) {
            shapes.put(graph.inputs().get(i).name(), inputShapes[i]);
        }
        for (NetworkGraph.Node node : graph.nodes()) {
            Shape[] ins = node.inputs().stream().map(shapes::get).toArray(Shape[]::new);
            LayerBlock block = layers.get(node.name());
            block.initialize(manager, DataType.FLOAT32, ins);
            shapes.put(node.name(), block.getOutputShapes(ins)[0]);
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> extra) {
        if (inputs.size() != graph.inputs().size()) {
            throw new IllegalArgumentException("Network " + graph.name() + " takes "
                    + graph.inputs().size() + " inputs " + graph.inputs() + ", got " + inputs.size());
        }
        Map<String, NDArray> values = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            values.put(graph.inputs().get(i).name(), inputs.get(i));
        }
        for (NetworkGraph.Node node : graph.nodes()) {
            NDList ins = new NDList(node.inputs().size());
            for (String ref : node.inputs()) {
                ins.add(values.get(ref));
            }
            values.put(
                    node.name(),
                    layers.get(node.name()).forward(store, ins, training, extra).head());
        }
        NDList out = new NDList(graph.outputs().size());
        for (String name : graph.outputs()) {
            NDArray a = values.get(name);
            a.setName(name);
            out.add(a);
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        Map<String, long[]> shapes = graph.shapes();
        return graph.outputs().stream()
                .map(o -> {
                    long[] s = shapes.get(o);
                    long[] full = new long[s.length + 1];
                    full[0] = batch;
                    System.arraycopy(s, 0, full, 1, s.length);
                    return new Shape(full);
                })
                .toArray(Shape[]::new);
    }

    /** @return a copy of the current parameter values, keyed {@code node.role} */
    public NetworkWeights weights() {
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (NetworkGraph.Node node : graph.nodes()) {
            for (ParamSpec spec : node.layer().parameters()) {
                NDArray a = layers.get(node.name()).parameter(spec.role()).getArray();
                values.put(
                        NetworkWeights.key(node.name(), spec.role()),
                        Tensor.ofFloats(a.getShape().getShape(), a.toFloatArray()));
            }
        }
        return NetworkWeights.of(graph, values);
    }

    /**
     * Overwrites parameter values (for example with converted pretrained weights). The block must be
     * initialised.
     *
     * @param weights values for some or all parameters, keyed {@code node.role}
     */
    public void setWeights(Map<String, Tensor> weights) {
        List<String> unknown = new ArrayList<>(weights.keySet());
        for (NetworkGraph.Node node : graph.nodes()) {
            for (ParamSpec spec : node.layer().parameters()) {
                String key = NetworkWeights.key(node.name(), spec.role());
                Tensor t = weights.get(key);
                if (t != null) {
                    NDArray target =
                            layers.get(node.name()).parameter(spec.role()).getArray();
                    if (!target.getShape().equals(new Shape(t.shape()))) {
                        throw new IllegalArgumentException(
                                key + ": shape " + new Shape(t.shape()) + " != " + target.getShape());
                    }
                    target.set(FloatBuffer.wrap(t.floats()));
                    unknown.remove(key);
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Parameters not in network " + graph.name() + ": " + unknown);
        }
    }
}
