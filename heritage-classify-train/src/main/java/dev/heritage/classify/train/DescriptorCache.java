package dev.heritage.classify.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heritage.api.Asset;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.io.AtomicFiles;
import dev.heritage.classify.descriptors.HandcraftedDescriptors;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A matrix of descriptor vectors keyed by asset id, and its file format, so that training runs can
 * reuse descriptors instead of decoding every image again.
 *
 * <p>File format ({@value #FORMAT_NAME}), all integers and floats little-endian:
 *
 * <pre>
 * magic        8 bytes  "HERDESC1"
 * headerLength int32    length in bytes of the JSON header
 * header       UTF-8 JSON {"format":1, "descriptor":ID, "dimension":D, "count":N, "source":TEXT,
 *                          "names":[D names]}
 * ids          N times: int32 byte length, UTF-8 bytes
 * matrix       N x D float32, row-major (row i belongs to ids[i])
 * crc          int64    CRC-32 of every byte before it
 * </pre>
 *
 * <p>{@link #read(Path)} checks the magic, the header and the checksum, and refuses a file whose
 * descriptor id is not the expected one only when asked ({@link #requireDescriptor(String)}).
 * Files are written to a temporary sibling and renamed, so a half-written cache never looks
 * complete.
 *
 * <p>Immutable and thread-safe (arrays are copied in and out). Holds no open resources.
 */
public final class DescriptorCache {

    /** The name and version of the file format. */
    public static final String FORMAT_NAME = "HERDESC1";

    private static final byte[] MAGIC = FORMAT_NAME.getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEADER_BYTES = 64 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String descriptorId;
    private final String source;
    private final List<String> names;
    private final List<String> ids;
    private final float[] matrix;
    private final Map<String, Integer> index;

    private DescriptorCache(String descriptorId, String source, List<String> names, List<String> ids, float[] matrix) {
        this.descriptorId = Objects.requireNonNull(descriptorId, "descriptorId");
        this.source = source == null ? "" : source;
        this.names = List.copyOf(names);
        this.ids = List.copyOf(ids);
        this.matrix = matrix;
        if ((long) this.ids.size() * this.names.size() != matrix.length) {
            throw new IllegalArgumentException(
                    ids.size() + " ids x " + names.size() + " names does not match " + matrix.length + " values");
        }
        this.index = new HashMap<>(this.ids.size() * 2);
        for (int i = 0; i < this.ids.size(); i++) {
            if (index.putIfAbsent(this.ids.get(i), i) != null) {
                throw new IllegalArgumentException("id '" + this.ids.get(i) + "' appears twice");
            }
        }
    }

    /**
     * @param descriptorId the descriptor layout, e.g. {@link HandcraftedDescriptors#ID}
     * @param source what the descriptors were computed from (a CSV path, say); free text
     * @param names a name per column
     * @param ids a unique id per row
     * @param rows the vectors, one per id, each as long as {@code names}; copied
     * @return the cache
     */
    public static DescriptorCache of(
            String descriptorId, String source, List<String> names, List<String> ids, List<float[]> rows) {
        if (rows.size() != ids.size()) {
            throw new IllegalArgumentException(ids.size() + " ids but " + rows.size() + " rows");
        }
        int d = names.size();
        float[] m = new float[Math.multiplyExact(rows.size(), d)];
        for (int i = 0; i < rows.size(); i++) {
            float[] row = rows.get(i);
            if (row.length != d) {
                throw new IllegalArgumentException("row " + i + " has " + row.length + " values, expected " + d);
            }
            System.arraycopy(row, 0, m, i * d, d);
        }
        return new DescriptorCache(descriptorId, source, names, ids, m);
    }

    /**
     * One asset whose descriptors could not be computed.
     *
     * @param id the asset's id
     * @param message why (no image, or the decoder's message naming the file and the reason)
     */
    public record Failure(String id, String message) {}

    /**
     * The outcome of {@link #compute}: the cache of the assets that worked, and the others.
     *
     * @param cache descriptors of the assets that could be decoded, in input order
     * @param failures the assets that could not (no image, undecodable image), in input order
     */
    public record Computed(DescriptorCache cache, List<Failure> failures) {
        /** Copies. */
        public Computed {
            failures = List.copyOf(failures);
        }
    }

    /**
     * Computes {@link HandcraftedDescriptors} for assets on a few threads (decoding each image with
     * {@link HandcraftedDescriptors#compute(dev.heritage.api.ImageSource)}).
     *
     * @param assets assets with unique ids
     * @param threads worker threads, at least 1
     * @param source what to record as the source
     * @return the cache and the failures
     * @throws InterruptedException if interrupted while waiting
     */
    public static Computed compute(List<Asset> assets, int threads, String source) throws InterruptedException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        HandcraftedDescriptors descriptors = HandcraftedDescriptors.create();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "heritage-descriptors");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Object>> futures = new ArrayList<>(assets.size());
            for (Asset asset : assets) {
                futures.add(pool.submit(() -> {
                    if (asset.image() == null) {
                        return "no image";
                    }
                    try {
                        return descriptors.compute(asset.image());
                    } catch (InvalidImageException e) {
                        return e.getMessage();
                    }
                }));
            }
            List<String> ids = new ArrayList<>();
            List<float[]> rows = new ArrayList<>();
            List<Failure> failures = new ArrayList<>();
            for (int i = 0; i < assets.size(); i++) {
                Object result;
                try {
                    result = futures.get(i).get();
                } catch (ExecutionException e) {
                    result = String.valueOf(e.getCause());
                }
                if (result instanceof float[] row) {
                    ids.add(assets.get(i).id());
                    rows.add(row);
                } else {
                    failures.add(new Failure(assets.get(i).id(), (String) result));
                }
            }
            return new Computed(of(descriptors.id(), source, descriptors.names(), ids, rows), failures);
        } finally {
            pool.shutdownNow();
        }
    }

    /** @return the descriptor layout id */
    public String descriptorId() {
        return descriptorId;
    }

    /** @return what the descriptors were computed from */
    public String source() {
        return source;
    }

    /** @return the column names */
    public List<String> names() {
        return names;
    }

    /** @return the row ids, in row order */
    public List<String> ids() {
        return ids;
    }

    /** @return the number of rows */
    public int size() {
        return ids.size();
    }

    /** @return the number of columns */
    public int dimension() {
        return names.size();
    }

    /**
     * @param i a row index
     * @return a copy of that row
     */
    public float[] row(int i) {
        Objects.checkIndex(i, ids.size());
        return Arrays.copyOfRange(matrix, i * names.size(), (i + 1) * names.size());
    }

    /**
     * @param id a row id
     * @return the row's index, or -1 when the id is not cached
     */
    public int indexOf(String id) {
        Integer i = index.get(id);
        return i == null ? -1 : i;
    }

    /**
     * @param expected the descriptor layout a caller needs
     * @return this cache
     * @throws IllegalStateException if the cache holds another layout (recompute it)
     */
    public DescriptorCache requireDescriptor(String expected) {
        if (!descriptorId.equals(expected)) {
            throw new IllegalStateException("the descriptor cache holds '" + descriptorId + "' descriptors, not '"
                    + expected + "'; delete it so that it is computed again");
        }
        return this;
    }

    /**
     * Writes the cache atomically: to a temporary sibling, then renamed over {@code path}.
     *
     * @param path the file
     * @throws IOException if writing fails
     */
    public void write(Path path) throws IOException {
        AtomicFiles.write(path, raw -> {
            CRC32 crc = new CRC32();
            CheckedOutputStream out = new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc);
            out.write(MAGIC);
            ObjectNode header = JSON.createObjectNode();
            header.put("format", 1);
            header.put("descriptor", descriptorId);
            header.put("dimension", names.size());
            header.put("count", ids.size());
            header.put("source", source);
            names.forEach(header.putArray("names")::add);
            byte[] json = JSON.writeValueAsBytes(header);
            out.write(littleInt(json.length));
            out.write(json);
            for (String id : ids) {
                byte[] b = id.getBytes(StandardCharsets.UTF_8);
                out.write(littleInt(b.length));
                out.write(b);
            }
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : matrix) {
                if (buf.remaining() < 4) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                buf.putFloat(v);
            }
            out.write(buf.array(), 0, buf.position());
            out.flush();
            ByteBuffer tail =
                    ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(crc.getValue());
            raw.write(tail.array());
        });
    }

    /**
     * Reads a cache written by {@link #write(Path)}.
     *
     * @param path the file
     * @return the cache
     * @throws IOException if the file cannot be read, is not a descriptor cache, or is corrupt
     */
    public static DescriptorCache read(Path path) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
                CheckedInputStream checked = new CheckedInputStream(raw, crc);
                DataInputStream in = new DataInputStream(checked)) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(path + ": not a descriptor cache (expected " + FORMAT_NAME + " magic)");
            }
            int headerLength = readInt(in);
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES) {
                throw new IOException(path + ": corrupt descriptor cache (header length " + headerLength + ")");
            }
            byte[] json = new byte[headerLength];
            in.readFully(json);
            JsonNode header = JSON.readTree(json);
            if (header.path("format").asInt() != 1) {
                throw new IOException(path + ": unsupported descriptor cache format " + header.path("format"));
            }
            int d = header.path("dimension").asInt(-1);
            int n = header.path("count").asInt(-1);
            JsonNode namesNode = header.path("names");
            if (d <= 0
                    || n < 0
                    || !namesNode.isArray()
                    || namesNode.size() != d
                    || !header.path("descriptor").isTextual()) {
                throw new IOException(path + ": corrupt descriptor cache header");
            }
            long expectedBytes = (long) n * d * 4;
            if (expectedBytes > Files.size(path)) {
                throw new IOException(path + ": truncated descriptor cache (" + n + " x " + d + " floats declared)");
            }
            List<String> names = new ArrayList<>(d);
            namesNode.forEach(node -> names.add(node.asText()));
            List<String> ids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int len = readInt(in);
                if (len < 0 || len > 1 << 20) {
                    throw new IOException(path + ": corrupt descriptor cache (id length " + len + ")");
                }
                byte[] b = new byte[len];
                in.readFully(b);
                ids.add(new String(b, StandardCharsets.UTF_8));
            }
            float[] m = new float[Math.multiplyExact(n, d)];
            byte[] chunk = new byte[1 << 16];
            ByteBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
            int filled = 0;
            while (filled < m.length) {
                int floats = Math.min(chunk.length / 4, m.length - filled);
                in.readFully(chunk, 0, floats * 4);
                view.clear();
                for (int k = 0; k < floats; k++) {
                    m[filled++] = view.getFloat();
                }
            }
            long computed = crc.getValue();
            byte[] tail = new byte[8];
            raw.readNBytes(tail, 0, 8);
            long stored = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (stored != computed || raw.read() != -1) {
                throw new IOException(path + ": descriptor cache checksum mismatch or trailing bytes; delete it so that"
                        + " it is computed again");
            }
            return new DescriptorCache(
                    header.get("descriptor").asText(), header.path("source").asText(""), names, ids, m);
        } catch (EOFException e) {
            throw new IOException(path + ": truncated descriptor cache; delete it so that it is computed again", e);
        }
    }

    private static byte[] littleInt(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static int readInt(DataInputStream in) throws IOException {
        return Integer.reverseBytes(in.readInt());
    }

    @Override
    public String toString() {
        return "DescriptorCache[" + descriptorId + ", " + ids.size() + " x " + names.size() + ", source=" + source
                + "]";
    }
}
