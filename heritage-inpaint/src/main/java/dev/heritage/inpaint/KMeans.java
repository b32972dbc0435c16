package dev.heritage.inpaint;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Seeded k-means: descriptors are standardised (each value to zero mean and unit variance over the
 * data), centres are seeded with k-means++ and refined by Lloyd's iterations until no assignment
 * changes; of several seeded restarts the one with the least within-cluster sum of squares wins.
 *
 * <p>The same data, {@code k}, seed and restarts give the same {@link Clustering} on any JVM (ties are
 * broken by the lower index; the only randomness is {@link Random} from the seed).
 *
 * <p>Immutable and thread-safe.
 *
 * @param k the number of clusters, at least 1
 * @param seed the seed
 * @param restarts the number of seeded restarts, at least 1
 * @param maxIterations the most Lloyd iterations per restart, at least 1
 */
public record KMeans(int k, long seed, int restarts, int maxIterations) {
    /** Validates. */
    public KMeans {
        if (k < 1 || restarts < 1 || maxIterations < 1) {
            throw new IllegalArgumentException(
                    "Bad k-means: k=" + k + " restarts=" + restarts + " maxIterations=" + maxIterations);
        }
    }

    /**
     * @param k the number of clusters
     * @param seed the seed
     * @return k-means with 8 restarts of at most 200 iterations
     */
    public static KMeans of(int k, long seed) {
        return new KMeans(k, seed, 8, 200);
    }

    /**
     * Clusters descriptors.
     *
     * @param data the descriptors, all of one length; at least {@code k} of them
     * @return the clustering
     * @throws IllegalArgumentException if there are fewer than {@code k} descriptors or their lengths differ
     */
    public Clustering fit(List<double[]> data) {
        Objects.requireNonNull(data, "data");
        if (data.size() < k) {
            throw new IllegalArgumentException(
                    "k-means with k=" + k + " needs at least " + k + " descriptors, got " + data.size());
        }
        int dim = data.get(0).length;
        for (double[] v : data) {
            if (v.length != dim) {
                throw new IllegalArgumentException("Descriptors differ in length: " + dim + " and " + v.length);
            }
        }
        int n = data.size();
        double[] mean = new double[dim];
        double[] std = new double[dim];
        for (double[] v : data) {
            for (int j = 0; j < dim; j++) {
                mean[j] += v[j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= n;
        }
        for (double[] v : data) {
            for (int j = 0; j < dim; j++) {
                std[j] += (v[j] - mean[j]) * (v[j] - mean[j]);
            }
        }
        for (int j = 0; j < dim; j++) {
            std[j] = Math.sqrt(std[j] / n);
            if (std[j] < 1e-12) {
                std[j] = 1;
            }
        }
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = Clustering.standardise(data.get(i), mean, std);
        }
        Random random = new Random(seed);
        double[][] best = null;
        double bestInertia = Double.POSITIVE_INFINITY;
        int[] bestAssign = null;
        for (int r = 0; r < restarts; r++) {
            double[][] centres = plusPlus(x, random);
            int[] assign = new int[n];
            Arrays.fill(assign, -1);
            for (int it = 0; it < maxIterations; it++) {
                boolean changed = false;
                for (int i = 0; i < n; i++) {
                    int c = nearest(centres, x[i]);
                    if (c != assign[i]) {
                        assign[i] = c;
                        changed = true;
                    }
                }
                if (!changed) {
                    break;
                }
                double[][] sums = new double[k][dim];
                int[] counts = new int[k];
                for (int i = 0; i < n; i++) {
                    counts[assign[i]]++;
                    for (int j = 0; j < dim; j++) {
                        sums[assign[i]][j] += x[i][j];
                    }
                }
                for (int c = 0; c < k; c++) {
                    if (counts[c] == 0) {
                        // An empty cluster takes the point farthest from its centre.
                        int far = farthest(x, centres, assign);
                        centres[c] = x[far].clone();
                        assign[far] = c;
                    } else {
                        for (int j = 0; j < dim; j++) {
                            centres[c][j] = sums[c][j] / counts[c];
                        }
                    }
                }
            }
            double inertia = 0;
            for (int i = 0; i < n; i++) {
                inertia += Clustering.distance2(centres[assign[i]], x[i]);
            }
            if (inertia < bestInertia) {
                bestInertia = inertia;
                best = centres;
                bestAssign = assign.clone();
            }
        }
        int[] sizes = new int[k];
        for (int a : bestAssign) {
            sizes[a]++;
        }
        return new Clustering(mean, std, best, sizes, bestInertia / n);
    }

    private double[][] plusPlus(double[][] x, Random random) {
        int n = x.length;
        double[][] centres = new double[k][];
        centres[0] = x[random.nextInt(n)].clone();
        double[] d2 = new double[n];
        Arrays.fill(d2, Double.POSITIVE_INFINITY);
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                d2[i] = Math.min(d2[i], Clustering.distance2(centres[c - 1], x[i]));
                total += d2[i];
            }
            double u = random.nextDouble() * total;
            int pick = n - 1;
            for (int i = 0; i < n; i++) {
                u -= d2[i];
                if (u <= 0) {
                    pick = i;
                    break;
                }
            }
            centres[c] = x[pick].clone();
        }
        return centres;
    }

    private static int nearest(double[][] centres, double[] v) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centres.length; c++) {
            double d = Clustering.distance2(centres[c], v);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    private static int farthest(double[][] x, double[][] centres, int[] assign) {
        int far = 0;
        double farD = -1;
        for (int i = 0; i < x.length; i++) {
            double d = Clustering.distance2(centres[assign[i]], x[i]);
            if (d > farD) {
                farD = d;
                far = i;
            }
        }
        return far;
    }
}
