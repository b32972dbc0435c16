package dev.heritage.network.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.heritage.api.engine.Tensor;
import dev.heritage.network.NetworkGraph;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;

/**
 * Converts between Heritage's engine-neutral {@link Tensor} and DJL's {@link NDArray}: the one
 * place data crosses that border. Stateless and thread-safe.
 */
public final class DjlTensors {
    private DjlTensors() {
    }

    /**
     * @param t a tensor
     * @param manager the manager that will own the array
     * @return the array (same shape and type)
     */
    public static NDArray toArray(Tensor t, NDManager manager) {
        return t.type() == Tensor.DataType.INT64
                ? manager.create(LongBuffer.wrap(t.longs()), new Shape(t.shape()), DataType.INT64)
                : manager.create(FloatBuffer.wrap(t.floats()), new Shape(t.shape()), DataType.FLOAT32);
    }

    /**
     * @param a an array of any numeric type
     * @return its values as a float tensor
     */
    public static Tensor toTensor(NDArray a) {
        NDArray f = a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false);
        return Tensor.ofFloats(a.getShape().getShape(), f.toFloatArray());
    }

    /**
     * Builds a network's input list: one array per graph input, in graph order, each named after its
     * input, with its rank checked.
     *
     * @param graph the network
     * @param inputs tensors by input name
     * @param manager the manager that will own the arrays
     * @return the inputs in graph order
     * @throws IllegalArgumentException naming a missing input or a wrong rank
     */
    public static NDList inputs(NetworkGraph graph, Map<String, Tensor> inputs, NDManager manager) {
        NDList list = new NDList(graph.inputs().size());
        for (NetworkGraph.Input spec : graph.inputs()) {
            Tensor t = inputs.get(spec.name());
            if (t == null) {
                throw new IllegalArgumentException("Missing input '" + spec.name() + "'; network " + graph.name()
                        + " takes " + graph.inputs().stream().map(NetworkGraph.Input::name).toList());
            }
            if (t.rank() != spec.shape().length + 1) {
                throw new IllegalArgumentException("Input '" + spec.name() + "' must have rank "
                        + (spec.shape().length + 1) + " (batch first), got " + t);
            }
            NDArray a = toArray(t, manager);
            a.setName(spec.name());
            list.add(a);
        }
        return list;
    }
}
