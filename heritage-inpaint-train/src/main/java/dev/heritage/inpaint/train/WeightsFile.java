package dev.heritage.inpaint.train;

import dev.heritage.api.engine.Tensor;
import dev.heritage.api.io.AtomicFiles;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Training checkpoints: a network's weights in a small engine-free binary file (magic {@code HINW},
 * version, then per parameter its key, shape and big-endian floats). Written atomically (temporary file,
 * then rename), so a crash never leaves a half-written checkpoint. Stateless and thread-safe.
 */
public final class WeightsFile {
    private static final int MAGIC = 0x48494e57;
    private static final int VERSION = 1;

    private WeightsFile() {}

    public static void write(NetworkWeights weights, Path file) throws IOException {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(weights.asMap().size());
            for (Map.Entry<String, Tensor> e : weights.asMap().entrySet()) {
                out.writeUTF(e.getKey());
                long[] shape = e.getValue().shape();
                out.writeInt(shape.length);
                for (long d : shape) {
                    out.writeLong(d);
                }
                for (float f : e.getValue().floats()) {
                    out.writeFloat(f);
                }
            }
            out.flush();
        });
    }

    public static NetworkWeights read(Path file, NetworkGraph graph) throws IOException {
        Map<String, Tensor> values = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException(file + ": not a Heritage weights checkpoint");
            }
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String key = in.readUTF();
                long[] shape = new long[in.readInt()];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = in.readLong();
                }
                float[] data = new float[Math.toIntExact(Tensor.size(shape))];
                for (int k = 0; k < data.length; k++) {
                    data[k] = in.readFloat();
                }
                values.put(key, Tensor.ofFloats(shape, data));
            }
        }
        try {
            return NetworkWeights.of(graph, values);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not fit network " + graph.name() + ": " + e.getMessage(), e);
        }
    }
}
