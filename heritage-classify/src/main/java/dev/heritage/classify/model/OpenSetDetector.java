package dev.heritage.classify.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.model.CardSection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * "Outside the classes I know" for one categorical task (the style): how far an image's features lie
 * from every class the model was trained on, as a Mahalanobis distance under class-conditional
 * Gaussians with one shared covariance (Lee et al., 2018), turned into a score in [0, 1].
 *
 * <p>Fitting: the image features are standardised (the head's own mean and standard deviation), each
 * class's mean is taken over its training rows, and the covariance of the rows around their class
 * mean is summarised by its {@code rank} leading eigenvectors (randomised subspace iteration) plus
 * one variance for everything else (probabilistic PCA). The distance of an image to class c is
 * {@code Σ_i (v_iᵀ(z − μ_c))² / λ_i + r_c / σ²}, where r_c is what the leading eigenvectors leave of
 * {@code ‖z − μ_c‖²}; the image's distance is the smallest over the classes. So a painting far from
 * every style's cloud — a new style, a photograph of a vase — has a large distance even when the head
 * is sure of a wrong class.
 *
 * <p>Score: the share of the model's in-class validation images whose distance is smaller (their
 * empirical distribution, stored as quantiles), so 0.95 means "further than 95 % of the paintings of
 * known styles". An image is answered {@code outside} when its score reaches the threshold (the card's
 * default, overridable per call). The score does not depend on the head: it uses the image features
 * only, so the fields an asset carries do not change it, and an asset without an image has none.
 *
 * <p>Costs about {@code rank × dimension} multiply-adds per image (0.8 M for the zoo model: well under
 * a millisecond) beside the backbone. Immutable and thread-safe once built.
 */
public final class OpenSetDetector {
    /** The file in a model directory holding the detector's arrays (little-endian float32). */
    public static final String FILE = "extras/open-set.bin";

    private static final int QUANTILES = 1000;

    private final String task;
    private final float[] mean;
    private final float[] std;
    private final float[][] basis; // rank x dim, orthonormal rows
    private final double[] eigenvalues; // rank
    private final float[][] classMeans; // classes x dim (standardised space)
    private final double[][] classProjections; // classes x rank
    private final double[] classNorms; // classes: ||mu_c||^2
    private final double residualVariance;
    private final double[] quantiles; // QUANTILES + 1 distances, ascending
    private final double threshold;
    private final boolean residual;
    private final double[] classScales; // classes: each class's median own distance in training (1: unscaled)

    private OpenSetDetector(
            String task,
            float[] mean,
            float[] std,
            float[][] basis,
            double[] eigenvalues,
            float[][] classMeans,
            double residualVariance,
            double[] quantiles,
            double threshold,
            boolean residual,
            double[] classScales) {
        this.residual = residual;
        this.classScales = classScales;
        this.task = task;
        this.mean = mean;
        this.std = std;
        this.basis = basis;
        this.eigenvalues = eigenvalues;
        this.classMeans = classMeans;
        this.residualVariance = residualVariance;
        this.quantiles = quantiles;
        this.threshold = threshold;
        this.classProjections = new double[classMeans.length][];
        this.classNorms = new double[classMeans.length];
        for (int c = 0; c < classMeans.length; c++) {
            classProjections[c] = project(classMeans[c]);
            double n = 0;
            for (float v : classMeans[c]) {
                n += v * (double) v;
            }
            classNorms[c] = n;
        }
    }

    /**
     * Fits the class Gaussians on training features; the score's distribution is still missing
     * ({@link #withReference}).
     *
     * @param task the task the detector answers for
     * @param features raw image features of training rows (rows without a label are skipped)
     * @param labels each row's class, or -1
     * @param classes how many classes the task has
     * @param mean the standardisation's mean (the head's)
     * @param std the standardisation's standard deviation (the head's)
     * @param rank how many leading eigenvectors to keep
     * @param maxRows the most rows the covariance is estimated from (a seeded sample beyond)
     * @param seed seed of the sample and of the subspace iteration
     * @return the detector, with every image's score 0 until a reference is given
     */
    public static OpenSetDetector fit(
            String task,
            List<float[]> features,
            int[] labels,
            int classes,
            float[] mean,
            float[] std,
            int rank,
            int maxRows,
            long seed) {
        int dim = mean.length;
        List<Integer> usable = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0 && features.get(i) != null) {
                usable.add(i);
            }
        }
        if (usable.size() <= classes) {
            throw new IllegalArgumentException("The open-set detector needs more labelled images than classes ("
                    + usable.size() + " for " + classes + "); add images or turn 'openSet' off in the configuration");
        }
        double[][] sums = new double[classes][dim];
        int[] counts = new int[classes];
        for (int i : usable) {
            float[] x = features.get(i);
            counts[labels[i]]++;
            for (int j = 0; j < dim; j++) {
                sums[labels[i]][j] += (x[j] - mean[j]) / std[j];
            }
        }
        float[][] mu = new float[classes][dim];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < dim; j++) {
                mu[c][j] = counts[c] == 0 ? 0f : (float) (sums[c][j] / counts[c]);
            }
        }
        Random random = new Random(seed);
        Collections.shuffle(usable, random);
        List<Integer> sample = usable.subList(0, Math.min(maxRows, usable.size()));
        float[] centred = new float[sample.size() * dim];
        for (int r = 0; r < sample.size(); r++) {
            int i = sample.get(r);
            float[] x = features.get(i);
            for (int j = 0; j < dim; j++) {
                centred[r * dim + j] = (x[j] - mean[j]) / std[j] - mu[labels[i]][j];
            }
        }
        int k = Math.min(rank, dim);
        int extra = Math.min(16, dim - k);
        float[][] basis = new float[k][dim];
        double[] eig = new double[k];
        double trace;
        try (NDManager nd = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray r = nd.create(centred, new Shape(sample.size(), dim));
            NDArray cov = r.transpose().matMul(r).div(Math.max(1, sample.size() - classes));
            trace = cov.diagonal().sum().getFloat();
            float[] omega = new float[dim * (k + extra)];
            for (int i = 0; i < omega.length; i++) {
                omega[i] = (float) random.nextGaussian();
            }
            NDArray q = nd.create(omega, new Shape(dim, k + extra));
            for (int it = 0; it < 4; it++) {
                q = nd.create(
                        orthonormalColumns(cov.matMul(q).toFloatArray(), dim, k + extra), new Shape(dim, k + extra));
            }
            double[][] small = toDouble(q.transpose().matMul(cov).matMul(q).toFloatArray(), k + extra);
            double[][] vectors = new double[k + extra][k + extra];
            double[] values = jacobi(small, vectors);
            Integer[] order = new Integer[values.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
            float[] qf = q.toFloatArray();
            for (int e = 0; e < k; e++) {
                int col = order[e];
                eig[e] = Math.max(values[col], 1e-6);
                for (int j = 0; j < dim; j++) {
                    double v = 0;
                    for (int m = 0; m < k + extra; m++) {
                        v += qf[j * (k + extra) + m] * vectors[m][col];
                    }
                    basis[e][j] = (float) v;
                }
            }
        }
        double kept = Arrays.stream(eig).sum();
        double residual = dim > k ? Math.max((trace - kept) / (dim - k), 1e-6) : 1;
        // Unscaled: per-class scales (withClassScales) were measured by leaving styles out and are not the default.
        return new OpenSetDetector(
                task, mean.clone(), std.clone(), basis, eig, mu, residual, new double[0], 0.95, true, ones(classes));
    }

    /**
     * @param inClass raw image features of in-class images the detector was not fitted on (the
     *     validation split): their distances become the score's scale
     * @param defaultThreshold the score from which an image is answered outside, in (0, 1]
     * @return a detector with that reference and threshold
     */
    public OpenSetDetector withReference(List<float[]> inClass, double defaultThreshold) {
        double[] d = inClass.stream()
                .filter(Objects::nonNull)
                .mapToDouble(this::distance)
                .sorted()
                .toArray();
        if (d.length == 0) {
            throw new IllegalArgumentException("No reference image for the open-set score");
        }
        double[] q = new double[QUANTILES + 1];
        for (int i = 0; i <= QUANTILES; i++) {
            double pos = i / (double) QUANTILES * (d.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(d.length - 1, lo + 1);
            q[i] = d[lo] + (pos - lo) * (d[hi] - d[lo]);
        }
        return new OpenSetDetector(
                task,
                mean,
                std,
                basis,
                eigenvalues,
                classMeans,
                residualVariance,
                q,
                checkThreshold(defaultThreshold),
                residual,
                classScales);
    }

    /**
     * @param t a threshold
     * @return a detector with that default threshold
     */
    public OpenSetDetector withThreshold(double t) {
        return new OpenSetDetector(
                task,
                mean,
                std,
                basis,
                eigenvalues,
                classMeans,
                residualVariance,
                quantiles,
                checkThreshold(t),
                residual,
                classScales);
    }

    /**
     * Styles differ in how spread out their paintings are (Minimalism's flat fields against
     * Impressionism's), which one shared covariance cannot express: a painting of a wide-spread known
     * class lies "far" from it. This variant divides each class's distance by the median distance of
     * that class's own training rows (at most 1,000 per class). Research option, not what
     * {@link #fit} returns: leaving three styles out, it moved the AUROC from 0.43 to 0.47 (rank 32,
     * docs/STATUS.md), not enough to matter.
     *
     * @param rows raw image features of training rows
     * @param labels their classes (-1: skipped)
     * @return this detector with per-class scales and without a reference
     */
    public OpenSetDetector withClassScales(List<float[]> rows, int[] labels) {
        OpenSetDetector unscaled = new OpenSetDetector(
                task,
                mean,
                std,
                basis,
                eigenvalues,
                classMeans,
                residualVariance,
                new double[0],
                threshold,
                residual,
                ones(classMeans.length));
        List<List<Double>> own = new ArrayList<>();
        for (int c = 0; c < classMeans.length; c++) {
            own.add(new ArrayList<>());
        }
        for (int i = 0; i < rows.size(); i++) {
            int c = labels[i];
            if (c >= 0 && rows.get(i) != null && own.get(c).size() < 1000) {
                own.get(c).add(unscaled.classDistances(rows.get(i))[c]);
            }
        }
        double[] scales = new double[classMeans.length];
        for (int c = 0; c < scales.length; c++) {
            double[] d = own.get(c).stream()
                    .mapToDouble(Double::doubleValue)
                    .sorted()
                    .toArray();
            scales[c] = d.length == 0 ? 1 : Math.max(1e-9, d[d.length / 2]);
        }
        return new OpenSetDetector(
                task,
                mean,
                std,
                basis,
                eigenvalues,
                classMeans,
                residualVariance,
                new double[0],
                threshold,
                residual,
                scales);
    }

    private static double[] ones(int n) {
        double[] o = new double[n];
        Arrays.fill(o, 1);
        return o;
    }

    /**
     * @param rank how many of the leading eigenvectors to keep (at most this detector's)
     * @param withResidual whether the distance counts what those eigenvectors leave (divided by the
     *     residual variance) or only the part inside their span
     * @return the detector so reduced, without a reference (research: choosing rank and residual)
     */
    public OpenSetDetector variant(int rank, boolean withResidual) {
        int k = Math.min(rank, basis.length);
        double dropped = 0;
        for (int e = k; e < basis.length; e++) {
            dropped += eigenvalues[e];
        }
        int rest = mean.length - k;
        double res = rest > 0 ? (residualVariance * (mean.length - basis.length) + dropped) / rest : residualVariance;
        return new OpenSetDetector(
                task,
                mean,
                std,
                Arrays.copyOf(basis, k),
                Arrays.copyOf(eigenvalues, k),
                classMeans,
                res,
                new double[0],
                threshold,
                withResidual,
                ones(classMeans.length));
    }

    private static double checkThreshold(double t) {
        if (!(t > 0 && t <= 1)) {
            throw new IllegalArgumentException("The outside threshold must be in (0, 1], got " + t
                    + "; 0.95 answers 5 % of the paintings of known classes outside");
        }
        return t;
    }

    /** @return the task this detector answers for */
    public String task() {
        return task;
    }

    /** @return how many leading eigenvectors the distance uses */
    public int rank() {
        return basis.length;
    }

    /** @return the card's default threshold on {@link #score} */
    public double threshold() {
        return threshold;
    }

    /**
     * @param features raw image features (the model's image evidence)
     * @return the smallest Mahalanobis distance to a class
     */
    public double distance(float[] features) {
        double[] d = classDistances(features);
        double best = Double.POSITIVE_INFINITY;
        for (int c = 0; c < d.length; c++) {
            best = Math.min(best, d[c] / classScales[c]);
        }
        return best;
    }

    /**
     * @param features raw image features
     * @return the Mahalanobis distance to each class, before the class scales
     */
    public double[] classDistances(float[] features) {
        int dim = mean.length;
        double[] z = new double[dim];
        double norm = 0;
        for (int j = 0; j < dim; j++) {
            z[j] = (features[j] - mean[j]) / std[j];
            norm += z[j] * z[j];
        }
        double[] p = new double[basis.length];
        for (int e = 0; e < basis.length; e++) {
            float[] v = basis[e];
            double s = 0;
            for (int j = 0; j < dim; j++) {
                s += v[j] * z[j];
            }
            p[e] = s;
        }
        double[] out = new double[classMeans.length];
        for (int c = 0; c < classMeans.length; c++) {
            float[] m = classMeans[c];
            double dot = 0;
            for (int j = 0; j < dim; j++) {
                dot += z[j] * m[j];
            }
            double full = norm - 2 * dot + classNorms[c];
            double inSpan = 0;
            double projected = 0;
            for (int e = 0; e < p.length; e++) {
                double d = p[e] - classProjections[c][e];
                inSpan += d * d / eigenvalues[e];
                projected += d * d;
            }
            out[c] = inSpan + (residual ? Math.max(0, full - projected) / residualVariance : 0);
        }
        return out;
    }

    /**
     * @param features raw image features
     * @return the share of in-class reference images closer to a class than this one, in [0, 1]
     */
    public double score(float[] features) {
        return scoreOfDistance(distance(features));
    }

    /**
     * @param d a distance from {@link #distance}
     * @return its score, in [0, 1]
     */
    public double scoreOfDistance(double d) {
        if (quantiles.length == 0) {
            return 0;
        }
        if (d <= quantiles[0]) {
            return 0;
        }
        if (d >= quantiles[QUANTILES]) {
            return 1;
        }
        int lo = 0;
        int hi = QUANTILES;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (quantiles[mid] <= d) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double span = quantiles[hi] - quantiles[lo];
        double frac = span > 0 ? (d - quantiles[lo]) / span : 0;
        return (lo + frac) / QUANTILES;
    }

    private double[] project(float[] z) {
        double[] p = new double[basis.length];
        for (int e = 0; e < basis.length; e++) {
            double s = 0;
            for (int j = 0; j < z.length; j++) {
                s += basis[e][j] * (double) z[j];
            }
            p[e] = s;
        }
        return p;
    }

    /**
     * Writes the arrays to {@value #FILE} under {@code dir}.
     *
     * @param dir the model directory
     * @return the card's description of the detector (threshold, sizes, the file)
     * @throws IOException if the file cannot be written
     */
    public Map<String, Object> write(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        Files.createDirectories(file.getParent());
        int dim = mean.length;
        ByteBuffer b = ByteBuffer.allocate(4 * (2 * dim + basis.length * dim + classMeans.length * dim))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (float v : mean) {
            b.putFloat(v);
        }
        for (float v : std) {
            b.putFloat(v);
        }
        for (float[] row : basis) {
            for (float v : row) {
                b.putFloat(v);
            }
        }
        for (float[] row : classMeans) {
            for (float v : row) {
                b.putFloat(v);
            }
        }
        Files.write(file, b.array());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task);
        m.put(
                "method",
                "Mahalanobis distance to the nearest class (shared covariance: leading eigenvectors"
                        + " plus one residual variance) on the standardised image features; score = share of in-class"
                        + " validation images that are closer");
        m.put("threshold", threshold);
        m.put("dimension", dim);
        m.put("rank", basis.length);
        m.put("classes", classMeans.length);
        m.put("eigenvalues", eigenvalues);
        m.put("residualVariance", residualVariance);
        m.put("residual", residual);
        m.put("classScales", classScales);
        m.put("referenceQuantiles", quantiles);
        m.put("file", FILE);
        return m;
    }

    /** The open-set threshold when the card has none: {@value} (5 % of known-class objects answered outside). */
    public static final double DEFAULT_THRESHOLD = 0.95;
    /** The residual variance when the card has none: {@value}. */
    public static final double DEFAULT_RESIDUAL_VARIANCE = 1;
    /** Whether the distance counts the residual outside the leading eigenvectors, when the card does not say. */
    public static final boolean DEFAULT_RESIDUAL = true;
    /** Bounds no real detector comes near; above them the runtime would allocate without limit. */
    private static final int MAX_DIMENSION = 1 << 16;

    private static final int MAX_CLASSES = 1 << 16;

    /**
     * Reads a detector written by {@link #write}. Optional members of the description: {@code file}
     * (default {@value #FILE}), {@code threshold} ({@link #DEFAULT_THRESHOLD}), {@code residualVariance}
     * ({@link #DEFAULT_RESIDUAL_VARIANCE}), {@code residual} ({@link #DEFAULT_RESIDUAL}) and
     * {@code classScales} (absent: 1 for every class, models before per-class scales).
     *
     * @param dir the model directory
     * @param card the card's description ({@code annotator.openSet})
     * @return the detector
     * @throws MalformedModelException naming the member at fault, when the description is missing a
     *     value, mistypes one, or is inconsistent
     * @throws IOException if the file is missing or does not match the description
     */
    public static OpenSetDetector read(Path dir, CardSection card) throws IOException, MalformedModelException {
        String task = card.text("task");
        int dim = card.wholeNumber("dimension", 1, MAX_DIMENSION);
        int rank = card.wholeNumber("rank", 0, dim);
        int classes = card.wholeNumber("classes", 1, MAX_CLASSES);
        double[] eig = card.numbers("eigenvalues", -Double.MAX_VALUE, Double.MAX_VALUE);
        double[] q = card.numbers("referenceQuantiles", -Double.MAX_VALUE, Double.MAX_VALUE);
        if (eig.length != rank || (q.length != 0 && q.length != QUANTILES + 1)) {
            throw card.error(
                    "eigenvalues",
                    "holds " + eig.length + " values for rank " + rank + " (and"
                            + " referenceQuantiles " + q.length + " where " + (QUANTILES + 1)
                            + " or none are expected); copy"
                            + " the model again");
        }
        double[] scales = card.has("classScales") ? card.numbers("classScales", 0, Double.MAX_VALUE) : ones(classes);
        if (scales.length != classes) {
            throw card.error("classScales", "holds " + scales.length + " values; expected one per class, " + classes);
        }
        double residualVariance =
                card.optNumber("residualVariance", 0, Double.MAX_VALUE).orElse(DEFAULT_RESIDUAL_VARIANCE);
        double threshold = card.optNumber("threshold", 0, 1).orElse(DEFAULT_THRESHOLD);
        boolean residual = card.optBoolean("residual").orElse(DEFAULT_RESIDUAL);
        byte[] bytes;
        try (InputStream in =
                Files.newInputStream(dir.resolve(card.optText("file").orElse(FILE)))) {
            bytes = in.readAllBytes();
        }
        long expected = 4L * (2L * dim + (long) rank * dim + (long) classes * dim);
        if (bytes.length != expected) {
            throw new IOException(dir.resolve(FILE) + ": " + bytes.length + " bytes where the card's open-set"
                    + " description needs " + expected + "; the model directory is damaged: copy it again");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] mean = floats(b, dim);
        float[] std = floats(b, dim);
        float[][] basis = new float[rank][];
        for (int e = 0; e < rank; e++) {
            basis[e] = floats(b, dim);
        }
        float[][] mu = new float[classes][];
        for (int c = 0; c < classes; c++) {
            mu[c] = floats(b, dim);
        }
        return new OpenSetDetector(task, mean, std, basis, eig, mu, residualVariance, q, threshold, residual, scales);
    }

    private static float[] floats(ByteBuffer b, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = b.getFloat();
        }
        return out;
    }

    /** Modified Gram–Schmidt on the columns of a row-major rows x cols matrix, in double. */
    private static float[] orthonormalColumns(float[] m, int rows, int cols) {
        double[][] c = new double[cols][rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                c[j][i] = m[i * cols + j];
            }
        }
        for (int j = 0; j < cols; j++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < j; p++) {
                    double dot = 0;
                    for (int i = 0; i < rows; i++) {
                        dot += c[j][i] * c[p][i];
                    }
                    for (int i = 0; i < rows; i++) {
                        c[j][i] -= dot * c[p][i];
                    }
                }
            }
            double n = 0;
            for (int i = 0; i < rows; i++) {
                n += c[j][i] * c[j][i];
            }
            n = Math.sqrt(n);
            for (int i = 0; i < rows; i++) {
                c[j][i] = n > 1e-12 ? c[j][i] / n : 0;
            }
        }
        float[] out = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i * cols + j] = (float) c[j][i];
            }
        }
        return out;
    }

    private static double[][] toDouble(float[] m, int n) {
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i][j] = 0.5 * (m[i * n + j] + m[j * n + i]);
            }
        }
        return out;
    }

    /**
     * Eigenvalues of a symmetric matrix by cyclic Jacobi rotations (destroys {@code a}).
     *
     * @param a the matrix
     * @param v receives the eigenvectors as columns
     * @return the eigenvalues, in the order of {@code v}'s columns
     */
    static double[] jacobi(double[][] a, double[][] v) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            Arrays.fill(v[i], 0);
            v[i][i] = 1;
        }
        double total = 0;
        for (double[] row : a) {
            for (double x : row) {
                total += x * x;
            }
        }
        for (int sweep = 0; sweep < 60; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off <= 1e-24 * total) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(a[p][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = a[i][i];
        }
        return out;
    }
}
