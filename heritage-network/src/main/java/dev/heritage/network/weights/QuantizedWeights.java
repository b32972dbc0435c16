package dev.heritage.network.weights;

import dev.heritage.api.engine.Tensor;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Heritage's compact weights file, {@code HQW1}: the parameters of a network as uint8 codes with a
 * per-tensor affine map, or as float32 where a tensor is not quantised. It keeps an already
 * uint8-quantised pretrained network (such as the nsfwjs MobileNetV2) at one byte per parameter instead
 * of four, with no loss: the codes are the source's own.
 *
 * <h2>Layout</h2>
 *
 * All integers and floats are big-endian ({@link java.io.DataOutput}).
 *
 * <pre>
 * magic     4 bytes   ASCII "HQW1"
 * count     int32     number of tensors (at least 0)
 * count times:
 *   name      DataOutput.writeUTF: uint16 length + modified UTF-8; the key node.role
 *   rank      uint8
 *   dims      rank x int64, outermost first (PyTorch layout: OIHW kernels, (out, in) matrices)
 *   encoding  uint8: 0 = float32, 1 = uint8 affine
 *   encoding 0: n x float32 (IEEE 754), n = product of dims, row-major
 *   encoding 1: scale float64, min float64, then n x uint8 codes, row-major;
 *               value = (float) (code * scale + min), evaluated in double precision
 * end of file (nothing may follow the last tensor)
 * </pre>
 *
 * Names are unique. The file's integrity is not part of the format: the model card records its SHA-256.
 *
 * <p>Stateless and thread-safe.
 */
public final class QuantizedWeights {
    /** The file's first four bytes. */
    public static final String MAGIC = "HQW1";

    private static final int FLOAT32 = 0;
    private static final int UINT8 = 1;
    private static final int MAX_RANK = 8;

    private QuantizedWeights() {}

    /**
     * @param tensors the tensors, in the order to store them (names unique)
     * @param out where to write; not closed
     * @throws IOException if writing fails
     */
    public static void write(List<QuantizedTensor> tensors, OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
        d.writeInt(tensors.size());
        Set<String> names = new HashSet<>();
        for (QuantizedTensor t : tensors) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("Duplicate tensor " + t.name());
            }
            long[] shape = t.shape();
            d.writeUTF(t.name());
            d.writeByte(shape.length);
            for (long dim : shape) {
                d.writeLong(dim);
            }
            if (t.quantized()) {
                d.writeByte(UINT8);
                d.writeDouble(t.scale());
                d.writeDouble(t.min());
                d.write(t.codes());
            } else {
                d.writeByte(FLOAT32);
                for (float f : t.floats()) {
                    d.writeFloat(f);
                }
            }
        }
        d.flush();
    }

    /**
     * @param tensors the tensors
     * @return the file's bytes
     */
    public static byte[] toBytes(List<QuantizedTensor> tensors) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            write(tensors, b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return b.toByteArray();
    }

    /**
     * @param tensors the tensors
     * @param file the file to write
     * @throws IOException if it cannot be written
     */
    public static void write(List<QuantizedTensor> tensors, Path file) throws IOException {
        Files.write(file, toBytes(tensors));
    }

    /**
     * @param bytes a whole {@code HQW1} file
     * @param where a name for messages
     * @return the tensors, in file order
     * @throws IOException if the bytes are not a well-formed {@code HQW1} file
     */
    public static List<QuantizedTensor> read(byte[] bytes, String where) throws IOException {
        DataInputStream d = new DataInputStream(new ByteArrayInputStream(bytes));
        try {
            byte[] magic = new byte[4];
            d.readFully(magic);
            if (!MAGIC.equals(new String(magic, StandardCharsets.ISO_8859_1))) {
                throw new IOException(where + ": not an " + MAGIC + " weights file");
            }
            int count = d.readInt();
            if (count < 0) {
                throw new IOException(where + ": negative tensor count");
            }
            List<QuantizedTensor> out = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < count; i++) {
                String name = d.readUTF();
                if (!names.add(name)) {
                    throw new IOException(where + ": duplicate tensor " + name);
                }
                int rank = d.readUnsignedByte();
                if (rank > MAX_RANK) {
                    throw new IOException(where + ": tensor " + name + " has rank " + rank);
                }
                long[] shape = new long[rank];
                long n = 1;
                for (int a = 0; a < rank; a++) {
                    shape[a] = d.readLong();
                    if (shape[a] < 0 || shape[a] > Integer.MAX_VALUE) {
                        throw new IOException(where + ": tensor " + name + " has dimension " + shape[a]);
                    }
                    n = Math.multiplyExact(n, shape[a]);
                }
                if (n > d.available()) {
                    throw new IOException(
                            where + ": tensor " + name + " needs " + n + " values; the file is" + " truncated");
                }
                int encoding = d.readUnsignedByte();
                if (encoding == UINT8) {
                    double scale = d.readDouble();
                    double min = d.readDouble();
                    byte[] codes = new byte[(int) n];
                    d.readFully(codes);
                    out.add(QuantizedTensor.uint8(name, shape, codes, scale, min));
                } else if (encoding == FLOAT32) {
                    float[] v = new float[(int) n];
                    for (int k = 0; k < v.length; k++) {
                        v[k] = d.readFloat();
                    }
                    out.add(QuantizedTensor.float32(name, shape, v));
                } else {
                    throw new IOException(where + ": tensor " + name + " has unknown encoding " + encoding);
                }
            }
            if (d.available() != 0) {
                throw new IOException(where + ": " + d.available() + " unexpected bytes after the last tensor");
            }
            return out;
        } catch (EOFException e) {
            throw new IOException(where + ": truncated " + MAGIC + " file", e);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IOException(where + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param tensors stored tensors
     * @return their dequantised values by name, in order
     */
    public static Map<String, Tensor> dequantize(List<QuantizedTensor> tensors) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (QuantizedTensor t : tensors) {
            out.put(t.name(), t.dequantize());
        }
        return out;
    }

    /**
     * Reads a weights file as the complete, dequantised weights of a network.
     *
     * @param file an {@code HQW1} file
     * @param graph the network it belongs to
     * @return the weights, checked against the graph
     * @throws IOException if the file cannot be read or does not fit the graph
     */
    public static NetworkWeights read(Path file, NetworkGraph graph) throws IOException {
        Map<String, Tensor> values = dequantize(read(Files.readAllBytes(file), file.toString()));
        try {
            return NetworkWeights.of(graph, values);
        } catch (IllegalArgumentException e) {
            throw new IOException(
                    file + " does not hold the weights of network '" + graph.name() + "': " + e.getMessage(), e);
        }
    }

    /**
     * Quantises a network's larger weights to uint8 ({@link QuantizedTensor#quantize}); tensors of fewer
     * than {@code minValues} values (biases, small layers) stay float32. Write the result with
     * {@link #write(List, Path)} and run the network with {@link #dequantize(List)} of it, so that every
     * engine computes with exactly the values that were stored.
     *
     * @param weights the weights
     * @param minValues the smallest tensor that is quantised
     * @return one tensor per parameter, in the weights' order
     */
    public static List<QuantizedTensor> quantize(NetworkWeights weights, int minValues) {
        List<QuantizedTensor> tensors = new ArrayList<>();
        weights.asMap()
                .forEach((name, t) -> tensors.add(
                        t.floats().length >= minValues
                                ? QuantizedTensor.quantize(name, t.shape(), t.floats())
                                : QuantizedTensor.float32(name, t.shape(), t.floats())));
        return tensors;
    }

    /**
     * Writes a network's weights as float32 (no loss).
     *
     * @param weights the weights
     * @param file the file to write
     * @throws IOException if it cannot be written
     */
    public static void writeFloat32(NetworkWeights weights, Path file) throws IOException {
        write(quantize(weights, Integer.MAX_VALUE), file);
    }
}
