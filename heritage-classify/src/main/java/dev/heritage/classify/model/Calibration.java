package dev.heritage.classify.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A task's confidence calibration: the softmax temperature fitted on validation (temperature
 * scaling: one scalar that minimises the negative log-likelihood), and the precision reached by the
 * predictions whose calibrated confidence is at least a threshold, so a review threshold can be
 * read off for any target precision.
 *
 * <p>Immutable and thread-safe.
 *
 * @param temperature divides the logits before the softmax
 * @param decodedTemperature applied after joint decoding, which multiplies distributions and so
 *     sharpens them: each final probability is raised to {@code 1 / decodedTemperature} and the
 *     distribution renormalised (fitted on validation like {@code temperature}; the answer is
 *     unchanged, only its confidence)
 * @param thresholds ascending confidence thresholds
 * @param precision precision of validation predictions with confidence at least each threshold
 * @param coverage share of validation rows with confidence at least each threshold
 */
public record Calibration(
        double temperature, double decodedTemperature, double[] thresholds, double[] precision, double[] coverage) {

    /** The identity calibration: temperature 1, every prediction needs review. */
    public static final Calibration NONE = new Calibration(1, 1, new double[0], new double[0], new double[0]);

    /**
     * @param p a final (jointly decoded) distribution
     * @param temperature the temperature after joint decoding
     * @return {@code p^(1/temperature)}, renormalised
     */
    public static double[] sharpen(double[] p, double temperature) {
        if (temperature == 1) {
            return p;
        }
        double[] r = new double[p.length];
        double z = 0;
        for (int i = 0; i < p.length; i++) {
            r[i] = p[i] > 0 ? Math.pow(p[i], 1 / temperature) : 0;
            z += r[i];
        }
        if (z <= 0) {
            return p;
        }
        for (int i = 0; i < r.length; i++) {
            r[i] /= z;
        }
        return r;
    }

    /**
     * The temperature after joint decoding. Joint decoding gives impossible classes probability 0, and
     * {@link #sharpen} keeps a 0 at 0 whatever the temperature, so rows whose true class was ruled out
     * cannot be helped by any temperature and are left out of the fit (counting them, as tiny
     * probabilities, would drive the temperature up and flatten every answer).
     *
     * @param probs final validation probabilities, one row per example with a known class
     * @param labels the true class per row
     * @return the temperature after joint decoding that minimises the negative log-likelihood of the
     *     rows whose true class remained possible; 1 when there are none
     */
    public static double decodedTemperature(double[][] probs, int[] labels) {
        List<float[]> logs = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int r = 0; r < probs.length; r++) {
            if (labels[r] < 0 || probs[r][labels[r]] <= 0) {
                continue;
            }
            float[] l = new float[probs[r].length];
            for (int i = 0; i < l.length; i++) {
                l[i] = probs[r][i] > 0 ? (float) Math.log(probs[r][i]) : Float.NEGATIVE_INFINITY;
            }
            logs.add(l);
            kept.add(labels[r]);
        }
        if (logs.isEmpty()) {
            return 1;
        }
        return temperature(
                logs.toArray(float[][]::new),
                kept.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Fits a calibration.
     *
     * @param logits validation logits, one row per labelled example
     * @param labels the true class per row
     * @return the calibration
     */
    public static Calibration fit(float[][] logits, int[] labels) {
        if (logits.length == 0) {
            return NONE;
        }
        double t = temperature(logits, labels);
        double[][] probs = new double[logits.length][];
        for (int r = 0; r < logits.length; r++) {
            probs[r] = softmax(logits[r], t);
        }
        return withCurve(t, probs, labels);
    }

    /**
     * @param logits validation logits, one row per labelled example
     * @param labels the true class per row
     * @return the temperature minimising the negative log-likelihood
     */
    public static double temperature(float[][] logits, int[] labels) {
        if (logits.length == 0) {
            return 1;
        }
        double lo = 0.05;
        double hi = 20;
        double phi = (Math.sqrt(5) - 1) / 2;
        double a = hi - phi * (hi - lo);
        double b = lo + phi * (hi - lo);
        double fa = nll(logits, labels, a);
        double fb = nll(logits, labels, b);
        for (int i = 0; i < 60; i++) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - phi * (hi - lo);
                fa = nll(logits, labels, a);
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + phi * (hi - lo);
                fb = nll(logits, labels, b);
            }
        }
        return (lo + hi) / 2;
    }

    /**
     * The precision–coverage curve of final (calibrated, jointly decoded) probabilities.
     *
     * @param temperature the temperature that was applied
     * @param probs validation probabilities, one row per labelled example
     * @param labels the true class per row (-1: a value the model never saw, always wrong)
     * @return the calibration
     */
    public static Calibration withCurve(double temperature, double[][] probs, int[] labels) {
        return withCurve(temperature, 1, probs, labels);
    }

    /**
     * The precision–coverage curve of final (calibrated, jointly decoded, sharpened) probabilities.
     *
     * @param temperature the temperature that was applied before decoding
     * @param decodedTemperature the temperature that was applied after decoding
     * @param probs validation probabilities, one row per labelled example
     * @param labels the true class per row (-1: a value the model never saw, always wrong)
     * @return the calibration
     */
    public static Calibration withCurve(double temperature, double decodedTemperature, double[][] probs, int[] labels) {
        double t = temperature;
        int n = probs.length;
        if (n == 0) {
            return new Calibration(t, decodedTemperature, new double[0], new double[0], new double[0]);
        }
        double[][] confCorrect = new double[n][2];
        for (int r = 0; r < n; r++) {
            double[] p = probs[r];
            int arg = argMax(p);
            confCorrect[r][0] = p[arg];
            confCorrect[r][1] = arg == labels[r] ? 1 : 0;
        }
        Arrays.sort(confCorrect, (x, y) -> Double.compare(y[0], x[0]));
        List<double[]> points = new ArrayList<>();
        double correct = 0;
        for (int r = 0; r < n; r++) {
            correct += confCorrect[r][1];
            boolean lastOfTie = r == n - 1 || confCorrect[r + 1][0] < confCorrect[r][0];
            if (lastOfTie) {
                points.add(new double[] {confCorrect[r][0], correct / (r + 1), (r + 1) / (double) n});
            }
        }
        // Thinned to at most ~200 points, ascending by threshold.
        int step = Math.max(1, points.size() / 200);
        List<double[]> kept = new ArrayList<>();
        for (int i = points.size() - 1; i >= 0; i -= step) {
            kept.add(points.get(i));
        }
        if (kept.get(kept.size() - 1) != points.get(0)) {
            kept.add(points.get(0));
        }
        double[] th = new double[kept.size()];
        double[] pr = new double[kept.size()];
        double[] cv = new double[kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            th[i] = kept.get(i)[0];
            pr[i] = kept.get(i)[1];
            cv[i] = kept.get(i)[2];
        }
        return new Calibration(t, decodedTemperature, th, pr, cv);
    }

    /**
     * @param targetPrecision e.g. 0.90
     * @return the lowest threshold at which validation precision reaches the target, or a value above
     *     1 (everything needs review) when it never does
     */
    public double threshold(double targetPrecision) {
        for (int i = 0; i < thresholds.length; i++) {
            if (precision[i] >= targetPrecision) {
                return thresholds[i];
            }
        }
        return 1.0 + 1e-9;
    }

    /**
     * @param targetPrecision e.g. 0.90
     * @return the share of validation rows accepted without review at that precision
     */
    public double coverage(double targetPrecision) {
        for (int i = 0; i < thresholds.length; i++) {
            if (precision[i] >= targetPrecision) {
                return coverage[i];
            }
        }
        return 0;
    }

    /**
     * @param logits one row of logits
     * @param temperature the temperature
     * @return the probabilities
     */
    public static double[] softmax(float[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l / temperature);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] / temperature - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /**
     * @param p values
     * @return the index of the largest
     */
    public static int argMax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double nll(float[][] logits, int[] labels, double t) {
        double s = 0;
        for (int r = 0; r < logits.length; r++) {
            s -= Math.log(Math.max(1e-12, softmax(logits[r], t)[labels[r]]));
        }
        return s / logits.length;
    }
}
