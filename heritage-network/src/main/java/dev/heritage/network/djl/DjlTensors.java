package dev.heritage.network.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.heritage.api.engine.Tensor;
import dev.heritage.network.NetworkGraph;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Converts between Heritage's engine-neutral {@link Tensor} and DJL's {@link NDArray}: the one
 * place data crosses that border. Stateless and thread-safe.
 */
public final class DjlTensors {
    private DjlTensors() {}

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
        return inputs(graph, inputs, manager, null);
    }

    /**
     * {@link #inputs(NetworkGraph, Map, NDManager)}, with the values handed to the engine through
     * {@code staging}'s reused native buffers instead of a new one per input and call.
     *
     * @param graph the network
     * @param inputs tensors by input name
     * @param manager the manager that will own the arrays; close it (and so the arrays) before
     *     {@code staging} is used again
     * @param staging reused buffers, or null to allocate
     * @return the inputs in graph order
     * @throws IllegalArgumentException naming a missing input or a wrong rank
     */
    public static NDList inputs(NetworkGraph graph, Map<String, Tensor> inputs, NDManager manager, Staging staging) {
        NDList list = new NDList(graph.inputs().size());
        for (NetworkGraph.Input spec : graph.inputs()) {
            Tensor t = inputs.get(spec.name());
            if (t == null) {
                throw new IllegalArgumentException("Missing input '" + spec.name() + "'; network " + graph.name()
                        + " takes "
                        + graph.inputs().stream().map(NetworkGraph.Input::name).toList());
            }
            if (t.rank() != spec.shape().length + 1) {
                throw new IllegalArgumentException("Input '" + spec.name() + "' must have rank "
                        + (spec.shape().length + 1) + " (batch first), got " + t);
            }
            NDArray a = staging == null ? toArray(t, manager) : staging.toArray(spec.name(), t, manager);
            a.setName(spec.name());
            list.add(a);
        }
        return list;
    }

    /**
     * Native (direct, native-order) buffers for a network's inputs, one per input name, kept from
     * call to call and grown when a larger batch comes. The engines take input values from native
     * memory: given a Java array, DJL's engines allocate a fresh direct buffer per input and call
     * (about 19 MB for a batch of 32 images), which the page-faulting, zeroing and garbage collection
     * made a measurable part of each call, and whose release depended on when the collector ran. ONNX
     * Runtime and PyTorch read such a buffer in place, so an array made from it must be closed before
     * the buffer is refilled.
     *
     * <p>Not thread-safe: one per predictor (one call at a time). Holds its buffers until it is
     * unreachable; nothing to close.
     */
    public static final class Staging {
        private final Map<String, ByteBuffer> buffers = new HashMap<>();

        /**
         * @param name the input's name
         * @param t its values
         * @param manager the manager that will own the array
         * @return an array over this staging's buffer for {@code name}, holding {@code t}'s values
         */
        NDArray toArray(String name, Tensor t, NDManager manager) {
            boolean longs = t.type() == Tensor.DataType.INT64;
            int count = longs ? t.longs().length : t.floats().length;
            int bytes = Math.multiplyExact(count, longs ? Long.BYTES : Float.BYTES);
            ByteBuffer buffer = buffers.get(name);
            if (buffer == null || buffer.capacity() < bytes) {
                buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
                buffers.put(name, buffer);
            }
            buffer.clear().limit(bytes);
            ByteBuffer view = buffer.slice().order(ByteOrder.nativeOrder());
            if (longs) {
                view.asLongBuffer().put(t.longs());
            } else {
                view.asFloatBuffer().put(t.floats());
            }
            return manager.create(view, new Shape(t.shape()), longs ? DataType.INT64 : DataType.FLOAT32);
        }
    }
}
