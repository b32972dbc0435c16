package dev.heritage.inpaint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of {@link KMeans}: how descriptors are standardised and where the cluster centres lie, so
 * a new image can be routed to its nearest centre. Stored as {@value #FILE_NAME} in a model's
 * {@code extras/} (and hashed by the card like every other file).
 *
 * <p>Immutable and thread-safe (the arrays are copied in and out).
 *
 * @param mean the per-value mean the descriptors were standardised with
 * @param std the per-value standard deviation (1 where the value was constant)
 * @param centroids the cluster centres, in standardised units, {@code k × dim}
 * @param sizes the number of training descriptors per cluster
 * @param meanSquaredDistance the mean squared distance of a training descriptor to its centre
 */
public record Clustering(double[] mean, double[] std, double[][] centroids, int[] sizes, double meanSquaredDistance) {
    /** The file name of a clustering inside a model's {@code extras/}. */
    public static final String FILE_NAME = "centroids.json";
    /** The format written and read. */
    public static final String FORMAT = "heritage-clusters/1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Validates and copies. */
    public Clustering {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(std, "std");
        Objects.requireNonNull(centroids, "centroids");
        Objects.requireNonNull(sizes, "sizes");
        if (mean.length != std.length || centroids.length == 0 || sizes.length != centroids.length) {
            throw new IllegalArgumentException("Inconsistent clustering: " + mean.length + " means, " + std.length
                    + " deviations, " + centroids.length + " centroids, " + sizes.length + " sizes");
        }
        double[][] copy = new double[centroids.length][];
        for (int c = 0; c < centroids.length; c++) {
            if (centroids[c].length != mean.length) {
                throw new IllegalArgumentException(
                        "Centroid " + c + " has " + centroids[c].length + " values, expected " + mean.length);
            }
            copy[c] = centroids[c].clone();
        }
        mean = mean.clone();
        std = std.clone();
        centroids = copy;
        sizes = sizes.clone();
    }

    /** @return the number of clusters */
    public int k() {
        return centroids.length;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    @Override
    public double[][] centroids() {
        double[][] copy = new double[centroids.length][];
        for (int c = 0; c < centroids.length; c++) {
            copy[c] = centroids[c].clone();
        }
        return copy;
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    /**
     * @param descriptor a raw descriptor (as {@link ImageDescriptors#describe} gives)
     * @return the index of the nearest centre (the lower index on a tie)
     * @throws IllegalArgumentException if the descriptor's length is wrong
     */
    public int nearest(double[] descriptor) {
        return nearestInPlace(descriptor.clone());
    }

    /**
     * {@link #nearest} without allocating, for callers that route every pixel: the descriptor is
     * overwritten with its standardised values.
     *
     * @param descriptor a raw descriptor; standardised in place
     * @return the index of the nearest centre (the lower index on a tie)
     * @throws IllegalArgumentException if the descriptor's length is wrong
     */
    public int nearestInPlace(double[] descriptor) {
        if (descriptor.length != mean.length) {
            throw new IllegalArgumentException(
                    "Descriptor has " + descriptor.length + " values, expected " + mean.length);
        }
        for (int j = 0; j < descriptor.length; j++) {
            descriptor[j] = (descriptor[j] - mean[j]) / std[j];
        }
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            // The partial sums only grow, so a centre is dropped as soon as it cannot be strictly nearer:
            // the same answer as comparing full distances, for a fraction of the work per pixel.
            double[] centre = centroids[c];
            double d = 0;
            for (int j = 0; j < centre.length && d < bestD; j++) {
                double diff = centre[j] - descriptor[j];
                d += diff * diff;
            }
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    static double[] standardise(double[] v, double[] mean, double[] std) {
        double[] z = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            z[j] = (v[j] - mean[j]) / std[j];
        }
        return z;
    }

    static double distance2(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            s += d * d;
        }
        return s;
    }

    /**
     * Writes the clustering as JSON (atomically: a temporary file, then a rename).
     *
     * @param file the file to write
     * @throws IOException if it cannot be written
     */
    public void write(Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("descriptor", ImageDescriptors.names());
        m.put("mean", mean);
        m.put("std", std);
        m.put("centroids", centroids);
        m.put("sizes", sizes);
        m.put("meanSquaredDistance", meanSquaredDistance);
        AtomicFiles.writeString(file, JSON.writeValueAsString(m));
    }

    /**
     * @param file a file written by {@link #write(Path)}
     * @return the clustering
     * @throws MalformedModelException naming the file and what is wrong
     */
    public static Clustering read(Path file) throws MalformedModelException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new MalformedModelException(file + ": cannot be read as JSON (" + e.getMessage() + ")", e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new MalformedModelException(file + ": not a cluster file (format must be '" + FORMAT + "')");
        }
        try {
            double[] mean = doubles(root.get("mean"), "mean");
            double[] std = doubles(root.get("std"), "std");
            JsonNode cs = root.get("centroids");
            if (cs == null || !cs.isArray() || cs.isEmpty()) {
                throw new IllegalArgumentException("'centroids' must be a non-empty array of arrays");
            }
            List<double[]> centroids = new ArrayList<>();
            for (JsonNode c : cs) {
                centroids.add(doubles(c, "centroids[]"));
            }
            JsonNode sz = root.get("sizes");
            int[] sizes = new int[centroids.size()];
            if (sz != null && sz.isArray() && sz.size() == sizes.length) {
                for (int i = 0; i < sizes.length; i++) {
                    sizes[i] = sz.get(i).asInt();
                }
            }
            if (mean.length != ImageDescriptors.SIZE) {
                throw new IllegalArgumentException("the centroids have " + mean.length + " values; this library's"
                        + " descriptors have " + ImageDescriptors.SIZE);
            }
            return new Clustering(
                    mean,
                    std,
                    centroids.toArray(double[][]::new),
                    sizes,
                    root.path("meanSquaredDistance").asDouble());
        } catch (IllegalArgumentException e) {
            throw new MalformedModelException(file + ": " + e.getMessage(), e);
        }
    }

    private static double[] doubles(JsonNode node, String name) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("'" + name + "' must be an array of numbers");
        }
        double[] v = new double[node.size()];
        for (int i = 0; i < v.length; i++) {
            if (!node.get(i).isNumber()) {
                throw new IllegalArgumentException("'" + name + "' must hold numbers only");
            }
            v[i] = node.get(i).asDouble();
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Clustering c
                && Arrays.equals(c.mean, mean)
                && Arrays.equals(c.std, std)
                && Arrays.deepEquals(c.centroids, centroids)
                && Arrays.equals(c.sizes, sizes)
                && Double.compare(c.meanSquaredDistance, meanSquaredDistance) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                Arrays.hashCode(mean),
                Arrays.hashCode(std),
                Arrays.deepHashCode(centroids),
                Arrays.hashCode(sizes),
                meanSquaredDistance);
    }

    @Override
    public String toString() {
        return "Clustering[k=" + k() + ", sizes=" + Arrays.toString(sizes) + ", msd=" + meanSquaredDistance + "]";
    }
}
