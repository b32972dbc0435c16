package dev.heritage.classify.model;

import dev.heritage.api.MalformedModelException;
import dev.heritage.api.model.CardSection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * "Outside the classes I know" for one categorical task (the style), from the image features alone,
 * as two or three tests whose largest score is the answer:
 *
 * <ul>
 *   <li><b>novelty</b>: the energy {@code −log Σ_c exp(w_cᵀz + b_c)} of a linear probe trained to tell
 *       the task's classes apart on the standardised image features z (Liu et al., 2020, "Energy-based
 *       out-of-distribution detection"). An image no class claims strongly has a high energy. It is
 *       weak against a new class that resembles a known one (a withheld Rococo looks Baroque);
 *   <li><b>distance</b>: the mean squared standardised distance to the nearest class mean. A linear
 *       probe claims far-away images confidently (its logits grow along its directions), so an image
 *       unlike any class, a smooth gradient among dotted and striped paintings, needs this test;
 *   <li><b>not a painting</b> (optional): the logit of a linear probe trained to tell training
 *       paintings from images of other things (ceramics, coins, textiles, sculpture: the training
 *       configuration's background images). An explicit background class catches what the energy
 *       misses: a photograph of a vase on a plain ground is confidently "Minimalism" to a style
 *       probe.
 * </ul>
 *
 * <p>Each test's statistic becomes a score in [0, 1]: the share of the model's in-class validation
 * images with a lower statistic (their empirical distribution, stored as quantiles). The detector's
 * score is the larger of the two, so 0.95 means "more unusual, on one test, than 95 % of the
 * paintings of known classes"; with k tests an in-class image is answered outside at a threshold t
 * at most {@code k (1 − t)} of the time. An image is answered {@code outside} when its score reaches
 * the threshold (the card's default, overridable per call). The score does not depend on the head or
 * on the fields an asset carries; an asset without an image has none.
 *
 * <p>Costs {@code (2 classes + 1) × dimension} multiply-adds per image (about 0.1 M for the zoo model)
 * beside the backbone. Immutable and thread-safe. Fitted by the training module's {@code OpenSetFitting}.
 */
public final class OpenSetDetector {
    /** The file in a model directory holding the detector's arrays (little-endian float32). */
    public static final String FILE = "extras/open-set.bin";

    /** The open-set threshold when the card has none: {@value}. */
    public static final double DEFAULT_THRESHOLD = 0.95;

    /** How many quantiles each test's reference distribution is stored as (plus one). */
    public static final int QUANTILES = 1000;

    /** Bounds no real detector comes near; above them the runtime would allocate without limit. */
    private static final int MAX_DIMENSION = 1 << 16;

    private static final int MAX_CLASSES = 1 << 16;

    private final String task;
    private final float[] mean;
    private final float[] std;
    private final float[][] classWeights; // classes x dim, on standardised features
    private final float[] classBias;
    private final float[][] classMeans; // classes x dim, standardised
    private final float[] backgroundWeights; // dim, or null without a background test
    private final float backgroundBias;
    private final double[] noveltyQuantiles; // QUANTILES + 1 ascending, or empty before a reference
    private final double[] distanceQuantiles; // same
    private final double[] backgroundQuantiles; // same; empty without a background test
    private final double threshold;

    private OpenSetDetector(
            String task,
            float[] mean,
            float[] std,
            float[][] classWeights,
            float[] classBias,
            float[][] classMeans,
            float[] backgroundWeights,
            float backgroundBias,
            double[] noveltyQuantiles,
            double[] distanceQuantiles,
            double[] backgroundQuantiles,
            double threshold) {
        this.task = Objects.requireNonNull(task, "task");
        this.mean = mean;
        this.std = std;
        this.classWeights = classWeights;
        this.classBias = classBias;
        this.classMeans = classMeans;
        this.backgroundWeights = backgroundWeights;
        this.backgroundBias = backgroundBias;
        this.noveltyQuantiles = noveltyQuantiles;
        this.distanceQuantiles = distanceQuantiles;
        this.backgroundQuantiles = backgroundQuantiles;
        this.threshold = checkThreshold(threshold);
    }

    /**
     * A detector from fitted probes, without a reference yet (every score 0 until
     * {@link #withReference}).
     *
     * @param task the task the detector answers for
     * @param mean the standardisation's mean (the head's), one value per feature
     * @param std the standardisation's standard deviation
     * @param classWeights the class probe's weights, one row per class, on standardised features
     * @param classBias the class probe's biases, one per class
     * @param classMeans each class's mean of the standardised features, one row per class
     * @param backgroundWeights the "not a painting" probe's weights on standardised features, or null
     *     for a detector without that test
     * @param backgroundBias the "not a painting" probe's bias (ignored without weights)
     * @return the detector
     * @throws IllegalArgumentException if the sizes disagree
     */
    public static OpenSetDetector of(
            String task,
            float[] mean,
            float[] std,
            float[][] classWeights,
            float[] classBias,
            float[][] classMeans,
            float[] backgroundWeights,
            float backgroundBias) {
        int dim = mean.length;
        if (std.length != dim || classWeights.length == 0 || classBias.length != classWeights.length) {
            throw new IllegalArgumentException("Open-set detector: " + dim + " means, " + std.length + " deviations, "
                    + classWeights.length + " class rows and " + classBias.length + " biases");
        }
        if (classMeans.length != classWeights.length) {
            throw new IllegalArgumentException(
                    "Open-set detector: " + classMeans.length + " class means for " + classWeights.length + " classes");
        }
        for (float[] row : concat(classWeights, classMeans)) {
            if (row.length != dim) {
                throw new IllegalArgumentException(
                        "Open-set detector: a class row of " + row.length + " weights for " + dim + " features");
            }
        }
        if (backgroundWeights != null && backgroundWeights.length != dim) {
            throw new IllegalArgumentException(
                    "Open-set detector: " + backgroundWeights.length + " background weights for " + dim + " features");
        }
        return new OpenSetDetector(
                task,
                mean,
                std,
                classWeights,
                classBias,
                classMeans,
                backgroundWeights,
                backgroundBias,
                new double[0],
                new double[0],
                new double[0],
                DEFAULT_THRESHOLD);
    }

    /**
     * @param inClass raw image features of in-class images the probes were not fitted on (the
     *     validation split): each test's statistic on them becomes that test's score scale
     * @param defaultThreshold the score from which an image is answered outside, in (0, 1]
     * @return a detector with that reference and threshold
     */
    public OpenSetDetector withReference(List<float[]> inClass, double defaultThreshold) {
        List<float[]> rows = inClass.stream().filter(Objects::nonNull).toList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("No reference image for the open-set score");
        }
        double[] novelty = rows.stream().mapToDouble(this::novelty).toArray();
        double[] distance = rows.stream().mapToDouble(this::distance).toArray();
        double[] background = hasBackgroundTest()
                ? rows.stream().mapToDouble(this::backgroundLogit).toArray()
                : new double[0];
        return new OpenSetDetector(
                task,
                mean,
                std,
                classWeights,
                classBias,
                classMeans,
                backgroundWeights,
                backgroundBias,
                quantilesOf(novelty),
                quantilesOf(distance),
                background.length == 0 ? new double[0] : quantilesOf(background),
                defaultThreshold);
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
                classWeights,
                classBias,
                classMeans,
                backgroundWeights,
                backgroundBias,
                noveltyQuantiles,
                distanceQuantiles,
                backgroundQuantiles,
                t);
    }

    private static double checkThreshold(double t) {
        if (!(t > 0 && t <= 1)) {
            throw new IllegalArgumentException("The open-set threshold must lie in (0, 1], got " + t);
        }
        return t;
    }

    /** @return the task the detector answers for */
    public String task() {
        return task;
    }

    /** @return the card's default threshold on {@link #score} */
    public double threshold() {
        return threshold;
    }

    /** @return how many classes the class probe tells apart */
    public int classes() {
        return classWeights.length;
    }

    /** @return whether the detector has the "not a painting" test */
    public boolean hasBackgroundTest() {
        return backgroundWeights != null;
    }

    /**
     * @param features raw image features
     * @return the class probe's energy (higher: no known class claims the image)
     */
    public double novelty(float[] features) {
        return energy(standardise(features));
    }

    private double energy(float[] z) {
        double[] logits = new double[classWeights.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classWeights.length; c++) {
            logits[c] = dot(classWeights[c], z) + classBias[c];
            max = Math.max(max, logits[c]);
        }
        double sum = 0;
        for (double l : logits) {
            sum += Math.exp(l - max);
        }
        return -(max + Math.log(sum));
    }

    /**
     * @param features raw image features
     * @return the mean squared standardised distance to the nearest class mean
     */
    public double distance(float[] features) {
        return nearestMean(standardise(features));
    }

    private double nearestMean(float[] z) {
        double best = Double.POSITIVE_INFINITY;
        for (float[] mu : classMeans) {
            double s = 0;
            for (int j = 0; j < z.length; j++) {
                double d = z[j] - mu[j];
                s += d * d;
            }
            best = Math.min(best, s / z.length);
        }
        return best;
    }

    /**
     * @param features raw image features
     * @return the "not a painting" probe's logit, or NaN without that test
     */
    public double backgroundLogit(float[] features) {
        return backgroundWeights == null ? Double.NaN : backgroundLogitOf(standardise(features));
    }

    private double backgroundLogitOf(float[] z) {
        return dot(backgroundWeights, z) + backgroundBias;
    }

    /**
     * @param features raw image features
     * @return the novelty test's score: the share of in-class reference images with a lower energy
     */
    public double noveltyScore(float[] features) {
        return rank(noveltyQuantiles, novelty(features));
    }

    /**
     * @param features raw image features
     * @return the distance test's score: the share of in-class reference images nearer a class mean
     */
    public double distanceScore(float[] features) {
        return rank(distanceQuantiles, distance(features));
    }

    /**
     * @param features raw image features
     * @return the background test's score (0 without that test)
     */
    public double backgroundScore(float[] features) {
        return backgroundWeights == null ? 0 : rank(backgroundQuantiles, backgroundLogit(features));
    }

    /**
     * @param features raw image features
     * @return the largest of the tests' scores, in [0, 1]
     */
    public double score(float[] features) {
        float[] z = standardise(features); // once for the three tests
        double score = Math.max(rank(noveltyQuantiles, energy(z)), rank(distanceQuantiles, nearestMean(z)));
        return backgroundWeights == null ? score : Math.max(score, rank(backgroundQuantiles, backgroundLogitOf(z)));
    }

    private static float[][] concat(float[][] a, float[][] b) {
        float[][] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private float[] standardise(float[] x) {
        if (x.length != mean.length) {
            throw new IllegalArgumentException(
                    "The open-set detector expects " + mean.length + " image features, got " + x.length);
        }
        return standardise(x, mean, std);
    }

    /**
     * @param x raw image features
     * @param mean the standardisation's mean
     * @param std the standardisation's standard deviation
     * @return {@code (x − mean) / std}, a new array
     */
    public static float[] standardise(float[] x, float[] mean, float[] std) {
        float[] z = new float[x.length];
        for (int j = 0; j < x.length; j++) {
            z[j] = (x[j] - mean[j]) / std[j];
        }
        return z;
    }

    private static double dot(float[] w, float[] z) {
        double s = 0;
        for (int j = 0; j < z.length; j++) {
            s += w[j] * (double) z[j];
        }
        return s;
    }

    private static double[] quantilesOf(double[] values) {
        double[] d = values.clone();
        java.util.Arrays.sort(d);
        double[] q = new double[QUANTILES + 1];
        for (int i = 0; i <= QUANTILES; i++) {
            double pos = i / (double) QUANTILES * (d.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(d.length - 1, lo + 1);
            q[i] = d[lo] + (pos - lo) * (d[hi] - d[lo]);
        }
        return q;
    }

    /** The share of the reference below {@code v}, interpolated between the stored quantiles. */
    private static double rank(double[] quantiles, double v) {
        if (quantiles.length == 0 || v <= quantiles[0]) {
            return 0;
        }
        if (v >= quantiles[QUANTILES]) {
            return 1;
        }
        int lo = 0;
        int hi = QUANTILES;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (quantiles[mid] <= v) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double span = quantiles[hi] - quantiles[lo];
        double frac = span > 0 ? (v - quantiles[lo]) / span : 0;
        return (lo + frac) / QUANTILES;
    }

    /**
     * Writes the arrays to {@value #FILE} under {@code dir}.
     *
     * @param dir the model directory
     * @return the card's description of the detector (threshold, sizes, reference quantiles, the file)
     * @throws IOException if the file cannot be written
     */
    public Map<String, Object> write(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        Files.createDirectories(file.getParent());
        int dim = mean.length;
        int classes = classWeights.length;
        int floats = 2 * dim + 2 * classes * dim + classes + (backgroundWeights == null ? 0 : dim + 1);
        ByteBuffer b = ByteBuffer.allocate(4 * floats).order(ByteOrder.LITTLE_ENDIAN);
        put(b, mean);
        put(b, std);
        for (float[] row : classWeights) {
            put(b, row);
        }
        put(b, classBias);
        for (float[] row : classMeans) {
            put(b, row);
        }
        if (backgroundWeights != null) {
            put(b, backgroundWeights);
            b.putFloat(backgroundBias);
        }
        Files.write(file, b.array());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task);
        m.put(
                "method",
                "the largest of the scores on the standardised image features: the energy of a linear probe of"
                        + " the task's classes, the distance to the nearest class mean"
                        + (backgroundWeights == null ? "" : " and the logit of a linear 'not a painting' probe")
                        + "; each score = share of in-class validation images with a lower value");
        m.put("threshold", threshold);
        m.put("dimension", dim);
        m.put("classes", classes);
        m.put("background", backgroundWeights != null);
        m.put("noveltyQuantiles", noveltyQuantiles);
        m.put("distanceQuantiles", distanceQuantiles);
        m.put("backgroundQuantiles", backgroundQuantiles);
        m.put("file", FILE);
        return m;
    }

    private static void put(ByteBuffer b, float[] values) {
        for (float v : values) {
            b.putFloat(v);
        }
    }

    /**
     * Reads a detector written by {@link #write}. Optional members of the description: {@code file}
     * (default {@value #FILE}), {@code threshold} ({@link #DEFAULT_THRESHOLD}), {@code background}
     * (default false).
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
        int classes = card.wholeNumber("classes", 1, MAX_CLASSES);
        boolean background = card.optBoolean("background").orElse(false);
        double[] novelty = card.numbers("noveltyQuantiles", -Double.MAX_VALUE, Double.MAX_VALUE);
        double[] distance = card.numbers("distanceQuantiles", -Double.MAX_VALUE, Double.MAX_VALUE);
        if (distance.length != QUANTILES + 1) {
            throw card.error(
                    "distanceQuantiles",
                    "holds " + distance.length + " values where " + (QUANTILES + 1)
                            + " are expected; copy the model again");
        }
        double[] backgroundQ =
                background ? card.numbers("backgroundQuantiles", -Double.MAX_VALUE, Double.MAX_VALUE) : new double[0];
        if (novelty.length != QUANTILES + 1) {
            throw card.error(
                    "noveltyQuantiles",
                    "holds " + novelty.length + " values where " + (QUANTILES + 1)
                            + " are expected; copy the model again");
        }
        if (background && backgroundQ.length != QUANTILES + 1) {
            throw card.error(
                    "backgroundQuantiles",
                    "holds " + backgroundQ.length + " values where " + (QUANTILES + 1)
                            + " are expected; copy the model again");
        }
        double threshold = card.optNumber("threshold", 0, 1).orElse(DEFAULT_THRESHOLD);
        Path file = dir.resolve(card.optText("file").orElse(FILE));
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readAllBytes();
        }
        long expected = 4L * (2L * dim + 2L * classes * dim + classes + (background ? dim + 1 : 0));
        if (bytes.length != expected) {
            throw new IOException(file + ": " + bytes.length + " bytes where the card's open-set"
                    + " description needs " + expected + "; the model directory is damaged: copy it again");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] mean = floats(b, dim);
        float[] std = floats(b, dim);
        float[][] w = new float[classes][];
        for (int c = 0; c < classes; c++) {
            w[c] = floats(b, dim);
        }
        float[] bias = floats(b, classes);
        float[][] mu = new float[classes][];
        for (int c = 0; c < classes; c++) {
            mu[c] = floats(b, dim);
        }
        float[] bw = background ? floats(b, dim) : null;
        float bb = background ? b.getFloat() : 0;
        return new OpenSetDetector(task, mean, std, w, bias, mu, bw, bb, novelty, distance, backgroundQ, threshold);
    }

    private static float[] floats(ByteBuffer b, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = b.getFloat();
        }
        return out;
    }
}
