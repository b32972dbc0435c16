package dev.heritage.classify.train;

import dev.heritage.classify.model.OpenSetDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Fits an {@link OpenSetDetector}: the class probe (softmax regression over the task's classes), the
 * class means, and,
 * when images of things that are not paintings are given, the "not a painting" probe (logistic
 * regression of those images against the training paintings), both linear on the standardised image
 * features, trained with Adam on seeded mini-batches.
 *
 * <p>The background probe weighs its two sides equally whatever their sizes: the training paintings
 * (three quarters of the painting side when other paintings are given, e.g. museum photographs of
 * paintings, which keep the probe from learning "a museum photograph" instead of "not a painting")
 * against the background images. Mirror images count as more rows of the same kind.
 *
 * <p>Stateless; each call is independent and deterministic for its seed.
 */
public final class OpenSetFitting {
    private OpenSetFitting() {}

    /**
     * How the probes are trained.
     *
     * @param epochs passes over the rows
     * @param learningRate Adam's step size
     * @param weightDecay L2 penalty on the weights
     * @param maxRows the most class rows used (a seeded sample beyond)
     * @param seed seed of the sample and of the mini-batch order
     */
    public record Settings(int epochs, double learningRate, double weightDecay, int maxRows, long seed) {
        /** The defaults: 20 epochs, step 0.001, decay 0.001, 24,000 rows, seed 42. */
        public static Settings defaults() {
            return new Settings(20, 1e-3, 1e-3, 24_000, 42);
        }

        /**
         * @param rows the most class rows
         * @return these settings with that cap
         */
        public Settings withMaxRows(int rows) {
            return new Settings(epochs, learningRate, weightDecay, rows, seed);
        }

        /**
         * @param s a seed
         * @return these settings with that seed
         */
        public Settings withSeed(long s) {
            return new Settings(epochs, learningRate, weightDecay, maxRows, s);
        }
    }

    /**
     * The background images of the "not a painting" test ({@code openSet.background}): each image's
     * features and its mirror image's, on the side its {@value #COLUMN} value names. One home for what
     * that column may hold. Not thread-safe while filled.
     *
     * @param notPaintings features of images that are not paintings ({@code no})
     * @param otherPaintings features of paintings photographed elsewhere ({@code yes})
     */
    public record BackgroundImages(List<float[]> notPaintings, List<float[]> otherPaintings) {
        /** The background CSV's column that says whether an image is a painting. */
        public static final String COLUMN = "painting";

        /** @return an empty, fillable set (no background test until an image that is not a painting is added) */
        public static BackgroundImages empty() {
            return new BackgroundImages(new ArrayList<>(), new ArrayList<>());
        }

        /**
         * @param where the CSV, for the message
         * @param id the row's id, for the message
         * @param painting the row's {@value #COLUMN} value
         * @param features the image's features and its mirror image's ({@code [plain, mirror]}), or
         *     null when the image could not be read (the row is skipped)
         * @throws IllegalArgumentException naming the row, when the value is neither yes nor no
         */
        public void add(Object where, String id, String painting, float[][] features) {
            String v = painting == null ? "" : painting.trim().toLowerCase(java.util.Locale.ROOT);
            if (!v.equals("yes") && !v.equals("no")) {
                throw new IllegalArgumentException(where + ": row '" + id + "' has " + COLUMN + " '" + v
                        + "'; write yes (a painting photographed elsewhere) or no (not a painting)");
            }
            if (features != null) {
                (v.equals("yes") ? otherPaintings : notPaintings).addAll(List.of(features[0], features[1]));
            }
        }
    }

    /**
     * The rows the class probe is fitted on: each training row with an image and a label of the
     * task, as its image's features and, where present, its mirror image's.
     *
     * @param features the rows' features, mirror images as rows of their own
     * @param labels each row's class
     */
    public record LabelledRows(List<float[]> features, int[] labels) {
        /**
         * @param train the training rows
         * @param task the task whose labels are taken
         * @return the labelled rows
         */
        public static LabelledRows of(List<TrainingExample> train, dev.heritage.classify.model.TaskEncoder task) {
            List<float[]> features = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (TrainingExample e : train) {
                int label = e.image() == null ? -1 : task.label(e.fields()).orElse(-1);
                if (label >= 0) {
                    features.add(e.image());
                    labels.add(label);
                    if (e.flipped() != null) {
                        features.add(e.flipped());
                        labels.add(label);
                    }
                }
            }
            return new LabelledRows(features, labels.stream().mapToInt(i -> i).toArray());
        }
    }

    /**
     * @param task the task the detector answers for
     * @param rows raw image features of training rows (mirror images as rows of their own)
     * @param labels each row's class, or -1 (skipped)
     * @param classes how many classes the task has
     * @param mean the standardisation's mean (the head's)
     * @param std the standardisation's standard deviation (the head's)
     * @param background images that are not paintings (none: no background test) and paintings
     *     photographed elsewhere, counted on the painting side of the background test
     * @param settings how the probes are trained
     * @return the detector, with every score 0 until {@link OpenSetDetector#withReference}
     * @throws IllegalArgumentException if fewer labelled rows than classes are given
     */
    public static OpenSetDetector fit(
            String task,
            List<float[]> rows,
            int[] labels,
            int classes,
            float[] mean,
            float[] std,
            BackgroundImages background,
            Settings settings) {
        List<Integer> usable = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0 && labels[i] < classes && rows.get(i) != null) {
                usable.add(i);
            }
        }
        if (usable.size() <= classes) {
            throw new IllegalArgumentException("The open-set answer needs more labelled images than classes ("
                    + usable.size() + " for " + classes + "); add images or turn 'openSet' off in the configuration");
        }
        Random random = new Random(settings.seed());
        java.util.Collections.shuffle(usable, random);
        if (usable.size() > settings.maxRows()) {
            usable = usable.subList(0, settings.maxRows());
        }
        float[][] z = new float[usable.size()][];
        int[] y = new int[usable.size()];
        for (int k = 0; k < z.length; k++) {
            z[k] = OpenSetDetector.standardise(rows.get(usable.get(k)), mean, std);
            y[k] = labels[usable.get(k)];
        }
        double[] ones = new double[z.length];
        java.util.Arrays.fill(ones, 1);
        LinearProbe classProbe = LinearProbe.train(z, y, ones, classes, settings);
        float[] backgroundWeights = null;
        float backgroundBias = 0;
        List<float[]> notPaintings = background.notPaintings().stream()
                .filter(java.util.Objects::nonNull)
                .toList();
        if (!notPaintings.isEmpty()) {
            List<float[]> others = background.otherPaintings().stream()
                    .filter(java.util.Objects::nonNull)
                    .toList();
            int n = z.length + others.size() + notPaintings.size();
            float[][] bz = new float[n][];
            int[] by = new int[n];
            double[] bw = new double[n];
            double paintingsShare = others.isEmpty() ? 1 : 0.75;
            int r = 0;
            for (float[] row : z) {
                bz[r] = row;
                bw[r++] = paintingsShare * n / 2.0 / z.length;
            }
            for (float[] row : others) {
                bz[r] = OpenSetDetector.standardise(row, mean, std);
                bw[r++] = (1 - paintingsShare) * n / 2.0 / others.size();
            }
            for (float[] row : notPaintings) {
                bz[r] = OpenSetDetector.standardise(row, mean, std);
                by[r] = 1;
                bw[r++] = n / 2.0 / notPaintings.size();
            }
            LinearProbe probe = LinearProbe.train(bz, by, bw, 2, settings.withSeed(settings.seed() + 1));
            backgroundWeights = new float[mean.length];
            for (int j = 0; j < mean.length; j++) {
                backgroundWeights[j] = probe.weights()[1][j] - probe.weights()[0][j];
            }
            backgroundBias = probe.bias()[1] - probe.bias()[0];
        }
        float[][] classMeans = new float[classes][mean.length];
        int[] counts = new int[classes];
        for (int k = 0; k < z.length; k++) {
            counts[y[k]]++;
            for (int j = 0; j < mean.length; j++) {
                classMeans[y[k]][j] += z[k][j];
            }
        }
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < mean.length; j++) {
                classMeans[c][j] /= Math.max(1, counts[c]);
            }
        }
        return OpenSetDetector.of(
                task,
                mean,
                std,
                classProbe.weights(),
                classProbe.bias(),
                classMeans,
                backgroundWeights,
                backgroundBias);
    }

    /** Softmax regression trained with Adam on weighted rows; weights[c][j] and bias[c]. */
    record LinearProbe(float[][] weights, float[] bias) {
        private static final int BATCH = 256;
        private static final double BETA1 = 0.9;
        private static final double BETA2 = 0.999;
        private static final double EPS = 1e-8;

        static LinearProbe train(float[][] z, int[] y, double[] rowWeights, int classes, Settings s) {
            int n = z.length;
            int dim = z[0].length;
            float[][] w = new float[classes][dim];
            float[] b = new float[classes];
            float[][] mw = new float[classes][dim];
            float[][] vw = new float[classes][dim];
            double[] mb = new double[classes];
            double[] vb = new double[classes];
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Random random = new Random(s.seed());
            float[][] gw = new float[classes][dim];
            double[] gb = new double[classes];
            double[] logits = new double[classes];
            int step = 0;
            for (int epoch = 0; epoch < s.epochs(); epoch++) {
                for (int i = n - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                for (int start = 0; start < n; start += BATCH) {
                    int end = Math.min(n, start + BATCH);
                    for (float[] row : gw) {
                        java.util.Arrays.fill(row, 0);
                    }
                    java.util.Arrays.fill(gb, 0);
                    for (int k = start; k < end; k++) {
                        float[] x = z[order[k]];
                        double max = Double.NEGATIVE_INFINITY;
                        for (int c = 0; c < classes; c++) {
                            float[] wc = w[c];
                            float acc = 0;
                            for (int j = 0; j < dim; j++) {
                                acc += wc[j] * x[j];
                            }
                            logits[c] = acc + b[c];
                            max = Math.max(max, logits[c]);
                        }
                        double sum = 0;
                        for (int c = 0; c < classes; c++) {
                            logits[c] = Math.exp(logits[c] - max);
                            sum += logits[c];
                        }
                        double weight = rowWeights[order[k]] / (end - start);
                        for (int c = 0; c < classes; c++) {
                            double g = (logits[c] / sum - (y[order[k]] == c ? 1 : 0)) * weight;
                            if (g == 0) {
                                continue;
                            }
                            float gf = (float) g;
                            float[] gc = gw[c];
                            for (int j = 0; j < dim; j++) {
                                gc[j] += gf * x[j];
                            }
                            gb[c] += g;
                        }
                    }
                    step++;
                    double c1 = 1 - Math.pow(BETA1, step);
                    double c2 = 1 - Math.pow(BETA2, step);
                    float lr = (float) (s.learningRate() * Math.sqrt(c2) / c1);
                    float decay = (float) s.weightDecay();
                    for (int c = 0; c < classes; c++) {
                        float[] wc = w[c];
                        float[] gc = gw[c];
                        float[] m = mw[c];
                        float[] v = vw[c];
                        for (int j = 0; j < dim; j++) {
                            float g = gc[j] + decay * wc[j];
                            m[j] = (float) (BETA1 * m[j] + (1 - BETA1) * g);
                            v[j] = (float) (BETA2 * v[j] + (1 - BETA2) * g * g);
                            wc[j] -= lr * m[j] / ((float) Math.sqrt(v[j]) + (float) EPS);
                        }
                        mb[c] = BETA1 * mb[c] + (1 - BETA1) * gb[c];
                        vb[c] = BETA2 * vb[c] + (1 - BETA2) * gb[c] * gb[c];
                        b[c] -= (float) (lr * mb[c] / (Math.sqrt(vb[c]) + EPS));
                    }
                }
            }
            return new LinearProbe(w, b);
        }
    }
}
