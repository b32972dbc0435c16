package dev.heritage.inpaint;

import dev.heritage.api.MalformedModelException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * One stage of {@link RefinedReconstructor}: Belhi et al.'s (JEIM 2023) unsupervised-plus-supervised
 * scheme at the scale of pixels. Each damaged pixel is routed by its {@linkplain RefinerTile#descriptor
 * descriptor} to the nearest of {@code k} k-means centres (the unsupervised part: local situations such
 * as "deep inside a flat loss" or "at the border of an edge"), and that cluster's linear map, fitted by
 * ridge regression (the supervised part), predicts the correction of the current estimate from the
 * pixel's {@linkplain RefinerTile#features features}. Stages are stacked: each refines the previous
 * one's estimate.
 *
 * <p>A stage is either parallel (every damaged pixel corrected from the previous estimate) or
 * sequential: pixels are corrected one after another from the border inwards (by distance, then row),
 * each seeing the corrected values of those before it, so improvements travel into the loss like a
 * learned onion-peel fill.
 *
 * <p>File format ({@code heritage-refiner/1}, big-endian): the magic {@code HRS1}, then {@code int}
 * feature count, descriptor length, {@code k} and flags (1 = sequential); the clustering's {@code double} means and standard
 * deviations and {@code k} centres; then {@code k × 3 × features} {@code float} weights.
 *
 * <p><b>Thread-safety:</b> immutable and thread-safe.
 */
public final class RefinerStage {
    private static final int MAGIC = 0x48525331; // "HRS1"
    private static final int MAX_CLUSTERS = 4096;
    /** Damaged pixels per parallel task. */
    private static final int CHUNK = 4096;

    private final Clustering clustering;
    private final float[][][] weights;
    private final boolean sequential;

    /**
     * @param clustering the centres pixels are routed by ({@link RefinerTile#DESCRIPTOR} values each)
     * @param weights per cluster and output channel, {@link RefinerTile#FEATURES} weights; copied
     * @param sequential whether pixels are refined one after another from the border inwards, each
     *     seeing the refined values of the pixels before it (else all at once from the previous estimate)
     * @throws IllegalArgumentException if the sizes do not fit
     */
    public RefinerStage(Clustering clustering, float[][][] weights, boolean sequential) {
        this.sequential = sequential;
        this.clustering = Objects.requireNonNull(clustering, "clustering");
        Objects.requireNonNull(weights, "weights");
        if (clustering.mean().length != RefinerTile.DESCRIPTOR || weights.length != clustering.k()) {
            throw new IllegalArgumentException("A refiner stage needs " + clustering.k() + " weight sets over "
                    + RefinerTile.DESCRIPTOR + "-value descriptors, got " + weights.length);
        }
        this.weights = new float[weights.length][3][];
        for (int c = 0; c < weights.length; c++) {
            if (weights[c].length != 3) {
                throw new IllegalArgumentException("Cluster " + c + " needs 3 output channels");
            }
            for (int o = 0; o < 3; o++) {
                if (weights[c][o].length != RefinerTile.FEATURES) {
                    throw new IllegalArgumentException("Cluster " + c + " needs " + RefinerTile.FEATURES + " weights");
                }
                this.weights[c][o] = weights[c][o].clone();
            }
        }
    }

    /** @return whether pixels are refined in order of distance, each seeing the ones refined before it */
    public boolean sequential() {
        return sequential;
    }

    /** @return a copy of the weights: per cluster and output channel, {@link RefinerTile#FEATURES} values */
    public float[][][] weights() {
        float[][][] copy = new float[weights.length][3][];
        for (int c = 0; c < weights.length; c++) {
            for (int o = 0; o < 3; o++) {
                copy[c][o] = weights[c][o].clone();
            }
        }
        return copy;
    }

    /** @return the clustering pixels are routed by */
    public Clustering clustering() {
        return clustering;
    }

    /**
     * Refines the tile's damaged pixels and makes the result its current estimate.
     *
     * @param tile the tile
     */
    public void apply(RefinerTile tile) {
        apply(tile, null);
    }

    /**
     * Refines the tile's damaged pixels, telling a listener about each pixel just before it changes
     * (training reads the pixel's features there, exactly as this stage sees them).
     *
     * @param tile the tile
     * @param beforeUpdate receives each damaged pixel's index, in the order pixels are refined; may be null
     */
    public void apply(RefinerTile tile, IntConsumer beforeUpdate) {
        float[][] current = tile.current();
        if (sequential || beforeUpdate != null) {
            // A sequential stage writes into the estimate it reads; otherwise every pixel reads the previous one.
            float[][] next = sequential ? current : copy(current);
            int[] order = order(tile);
            refine(tile, order, 0, order.length, next, beforeUpdate);
            tile.setCurrent(next);
            return;
        }
        // Every pixel reads only the previous estimate, so chunks of pixels can run on all cores and give
        // exactly the sequential result.
        float[][] next = copy(current);
        int[] pixels = tile.damaged();
        int chunks = (pixels.length + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks)
                .parallel()
                .forEach(c -> refine(tile, pixels, c * CHUNK, Math.min(pixels.length, (c + 1) * CHUNK), next, null));
        tile.setCurrent(next);
    }

    private static float[][] copy(float[][] planes) {
        return new float[][] {planes[0].clone(), planes[1].clone(), planes[2].clone()};
    }

    /** Refines {@code pixels[from, to)} into {@code next}, reading the tile's current estimate. */
    private void refine(RefinerTile tile, int[] pixels, int from, int to, float[][] next, IntConsumer beforeUpdate) {
        int w = tile.width();
        float[][] current = tile.current();
        float[] features = new float[RefinerTile.FEATURES];
        double[] descriptor = new double[RefinerTile.DESCRIPTOR];
        int[] scratch = new int[RefinerTile.NEIGHBOURS];
        for (int j = from; j < to; j++) {
            int i = pixels[j];
            int x = i % w;
            int y = i / w;
            if (beforeUpdate != null) {
                beforeUpdate.accept(i);
            }
            tile.descriptor(x, y, descriptor);
            float[][] map = weights[clustering.nearestInPlace(descriptor)];
            tile.features(x, y, features, scratch);
            float[] w0 = map[0];
            float[] w1 = map[1];
            float[] w2 = map[2];
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            for (int f = 0; f < RefinerTile.FEATURES; f++) {
                float v = features[f];
                s0 += w0[f] * v;
                s1 += w1[f] * v;
                s2 += w2[f] * v;
            }
            next[0][i] = Math.max(0f, Math.min(1f, current[0][i] + s0));
            next[1][i] = Math.max(0f, Math.min(1f, current[1][i] + s1));
            next[2][i] = Math.max(0f, Math.min(1f, current[2][i] + s2));
            if (next == current) {
                tile.changed(i); // a sequential stage: later pixels read this one's new value
            }
        }
    }

    /** The damaged pixels in the order this stage refines them: by distance to the border, then by row. */
    private int[] order(RefinerTile tile) {
        if (!sequential) {
            return tile.damaged();
        }
        byte[] mask = tile.mask();
        int[] damaged = tile.damaged();
        int far = 0;
        for (int i : damaged) {
            far = Math.max(far, tile.distance(i));
        }
        int buckets = Math.min(far, mask.length) + 2;
        int[] start = new int[buckets];
        for (int i : damaged) {
            start[Math.min(tile.distance(i), buckets - 2) + 1]++;
        }
        for (int b = 1; b < buckets; b++) {
            start[b] += start[b - 1];
        }
        int[] order = new int[damaged.length];
        for (int i : damaged) {
            order[start[Math.min(tile.distance(i), buckets - 2)]++] = i;
        }
        return order;
    }

    /**
     * Writes the stage.
     *
     * @param out the stream; not closed
     * @throws IOException if writing fails
     */
    public void write(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
        data.writeInt(MAGIC);
        data.writeInt(RefinerTile.FEATURES);
        data.writeInt(RefinerTile.DESCRIPTOR);
        data.writeInt(clustering.k());
        data.writeInt(sequential ? 1 : 0);
        for (double v : clustering.mean()) {
            data.writeDouble(v);
        }
        for (double v : clustering.std()) {
            data.writeDouble(v);
        }
        for (double[] centre : clustering.centroids()) {
            for (double v : centre) {
                data.writeDouble(v);
            }
        }
        for (float[][] map : weights) {
            for (float[] channel : map) {
                for (float v : channel) {
                    data.writeFloat(v);
                }
            }
        }
        data.flush();
    }

    /**
     * Reads a stage written by {@link #write(OutputStream)}.
     *
     * @param file the file
     * @return the stage
     * @throws MalformedModelException if the file is not a stage of this format or holds non-finite values
     */
    public static RefinerStage read(Path file) throws MalformedModelException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            DataInputStream data = new DataInputStream(in);
            if (data.readInt() != MAGIC) {
                throw new MalformedModelException("Refiner stage " + file + " is not a heritage-refiner/1 file.");
            }
            int features = data.readInt();
            int descriptor = data.readInt();
            int k = data.readInt();
            int flags = data.readInt();
            if (features != RefinerTile.FEATURES
                    || descriptor != RefinerTile.DESCRIPTOR
                    || k < 1
                    || k > MAX_CLUSTERS
                    || (flags & ~1) != 0) {
                throw new MalformedModelException("Refiner stage " + file + " has " + features + " features, "
                        + descriptor + "-value descriptors, " + k + " clusters and flags " + flags
                        + "; this version reads "
                        + RefinerTile.FEATURES + ", " + RefinerTile.DESCRIPTOR + ", 1.." + MAX_CLUSTERS
                        + " and flags 0 or 1"
                        + ". Use the Heritage version that trained it, or retrain.");
            }
            double[] mean = readDoubles(data, descriptor, file);
            double[] std = readDoubles(data, descriptor, file);
            double[][] centres = new double[k][];
            for (int c = 0; c < k; c++) {
                centres[c] = readDoubles(data, descriptor, file);
            }
            float[][][] weights = new float[k][3][features];
            for (int c = 0; c < k; c++) {
                for (int o = 0; o < 3; o++) {
                    for (int f = 0; f < features; f++) {
                        float v = data.readFloat();
                        if (!Float.isFinite(v)) {
                            throw new MalformedModelException("Refiner stage " + file + " holds a non-finite weight.");
                        }
                        weights[c][o][f] = v;
                    }
                }
            }
            if (data.read() != -1) {
                throw new MalformedModelException(
                        "Refiner stage " + file + " has trailing bytes; it is not a" + " heritage-refiner/1 file.");
            }
            for (double s : std) {
                if (!(s > 0)) {
                    throw new MalformedModelException("Refiner stage " + file + " has a non-positive deviation.");
                }
            }
            return new RefinerStage(new Clustering(mean, std, centres, new int[k], 0), weights, flags == 1);
        } catch (EOFException e) {
            throw new MalformedModelException("Refiner stage " + file + " is truncated. Reinstall the model.");
        } catch (IOException e) {
            throw new MalformedModelException("Refiner stage " + file + " cannot be read: " + e.getMessage());
        }
    }

    private static double[] readDoubles(DataInputStream data, int n, Path file)
            throws IOException, MalformedModelException {
        double[] v = new double[n];
        for (int j = 0; j < n; j++) {
            v[j] = data.readDouble();
            if (!Double.isFinite(v[j])) {
                throw new MalformedModelException("Refiner stage " + file + " holds a non-finite clustering value.");
            }
        }
        return v;
    }
}
