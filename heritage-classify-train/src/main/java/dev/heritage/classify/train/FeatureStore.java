package dev.heritage.classify.train;

import dev.heritage.api.Asset;
import dev.heritage.api.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A file of cached image features: for each row id, the feature vector of the image and of its
 * mirror image. Computing backbone features is the slow part of training; with the cache a
 * training run over 9,000 paintings takes minutes instead of tens of minutes.
 *
 * <p>Format {@code HFS1} (big-endian, {@link java.io.DataOutput}): magic, key (UTF: what the
 * features were computed with, so a stale cache is never used), dimension (int32), count (int32),
 * then per row: id (UTF), two vectors of dimension float32. Written atomically.
 *
 * <p>Not thread-safe for writing; immutable once read.
 */
public final class FeatureStore {
    private static final String MAGIC = "HFS1";

    private final String key;
    private final int dimension;
    private final Map<String, float[][]> rows = new HashMap<>();

    /**
     * @param key what the features were computed with (backbone, descriptors, image files)
     * @param dimension the feature length
     */
    public FeatureStore(String key, int dimension) {
        this.key = key;
        this.dimension = dimension;
    }

    /** @return the key */
    public String key() {
        return key;
    }

    /** @return the feature length */
    public int dimension() {
        return dimension;
    }

    /**
     * @param id a row id
     * @param image the image's features
     * @param mirrored the mirror image's features
     */
    public void put(String id, float[] image, float[] mirrored) {
        rows.put(id, new float[][] {image, mirrored});
    }

    /**
     * @param id a row id
     * @return {image, mirrored} features, or {@code null} if absent
     */
    public float[][] get(String id) {
        return rows.get(id);
    }

    /**
     * @param assets rows to look up
     * @return {image, mirrored} features by row id, for the rows this store holds
     */
    public Map<String, float[][]> rowsOf(List<Asset> assets) {
        Map<String, float[][]> out = new HashMap<>();
        for (Asset a : assets) {
            float[][] f = rows.get(a.id());
            if (f != null) {
                out.put(a.id(), f);
            }
        }
        return out;
    }

    /** @return the number of rows */
    public int size() {
        return rows.size();
    }

    /**
     * @param file where to write (atomically)
     * @throws IOException if it cannot be written
     */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
            out.writeBytes(MAGIC);
            out.writeUTF(key);
            out.writeInt(dimension);
            out.writeInt(rows.size());
            for (Map.Entry<String, float[][]> e : rows.entrySet()) {
                out.writeUTF(e.getKey());
                for (float[] v : e.getValue()) {
                    for (float f : v) {
                        out.writeFloat(f);
                    }
                }
            }
            out.flush();
        });
    }

    /**
     * @param file a cache file
     * @param expectedKey the key the caller needs
     * @return the store, or {@code null} when the file is absent or was computed with something else
     * @throws IOException if the file is unreadable
     */
    public static FeatureStore read(Path file, String expectedKey) throws IOException {
        return read(file, expectedKey, false);
    }

    /**
     * Reads a cache file whatever it was computed from (research tools that evaluate on cached
     * features; training always checks the key).
     *
     * @param file a cache file
     * @return the store, or {@code null} when the file is absent or not a feature cache
     * @throws IOException if the file is unreadable
     */
    public static FeatureStore readAnyKey(Path file) throws IOException {
        return read(file, null, true);
    }

    private static FeatureStore read(Path file, String expectedKey, boolean anyKey) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] magic = new byte[4];
            in.readFully(magic);
            if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
                return null;
            }
            String key = in.readUTF();
            if (!anyKey && !key.equals(expectedKey)) {
                return null;
            }
            int dim = in.readInt();
            int count = in.readInt();
            FeatureStore s = new FeatureStore(key, dim);
            for (int r = 0; r < count; r++) {
                String id = in.readUTF();
                float[][] v = new float[2][dim];
                for (float[] vec : v) {
                    for (int i = 0; i < dim; i++) {
                        vec[i] = in.readFloat();
                    }
                }
                s.rows.put(id, v);
            }
            return s;
        }
    }
}
