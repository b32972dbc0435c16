package dev.heritage.classify.fusion;

import dev.heritage.classify.model.Calibration;
import java.util.Arrays;

/**
 * The feature rows a late-fusion model scores: one row per (object, candidate class) of a task,
 * built from the per-modality class probabilities. Candidates are the classes with the highest
 * naive-Bayes combination of the modalities present; each row holds, for its candidate, every
 * modality's probability and rank (missing when the modality is absent), each modality's top
 * probability, the class prior, the naive-Bayes log score, and for ordered tasks (decades,
 * centuries) the distance in bins to each modality's best class. The same code builds training and
 * inference rows.
 *
 * <p>Stateless and thread-safe.
 */
public final class FusionFeatures {
    /** Features per candidate row. */
    public static final int WIDTH = 15;
    /** Value of a missing feature (XGBoost's missing marker). */
    public static final float MISSING = Float.NaN;

    private FusionFeatures() {}

    /**
     * @param modalities per modality (image, text, fields), the class probabilities or {@code null}
     *     when that modality is absent
     * @param prior class frequencies in training
     * @param maxCandidates the most candidates kept
     * @return the candidate classes, best first
     */
    public static int[] candidates(double[][] modalities, double[] prior, int maxCandidates) {
        double[] score = naiveBayes(modalities, prior);
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> score[b] != score[a] ? Double.compare(score[b], score[a]) : Integer.compare(a, b));
        int k = Math.min(maxCandidates, order.length);
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /**
     * @param modalities per modality, probabilities or {@code null}
     * @param prior class frequencies
     * @param candidates the candidates
     * @param ordered whether the classes are ordered bins (decades, centuries)
     * @param out receives {@code candidates.length * WIDTH} values, row after row
     * @param offset where the first row starts in {@code out}
     */
    public static void rows(
            double[][] modalities, double[] prior, int[] candidates, boolean ordered, float[] out, int offset) {
        double[] nb = naiveBayes(modalities, prior);
        for (int k = 0; k < candidates.length; k++) {
            int c = candidates[k];
            int o = offset + k * WIDTH;
            for (int m = 0; m < 3; m++) {
                double[] p = m < modalities.length ? modalities[m] : null;
                out[o + m] = p == null ? MISSING : (float) p[c];
                out[o + 3 + m] = p == null ? MISSING : rank(p, c);
                out[o + 6 + m] = p == null ? MISSING : (float) p[Calibration.argMax(p)];
                out[o + 11 + m] = p == null || !ordered ? MISSING : Math.abs(c - Calibration.argMax(p));
            }
            out[o + 9] = (float) prior[c];
            out[o + 10] = (float) nb[c];
            out[o + 14] = k;
        }
    }

    /** Log of the product of the modalities' probabilities divided by the prior once per extra modality. */
    static double[] naiveBayes(double[][] modalities, double[] prior) {
        double[] s = new double[prior.length];
        int present = 0;
        for (double[] p : modalities) {
            if (p == null) {
                continue;
            }
            present++;
            for (int c = 0; c < s.length; c++) {
                s[c] += Math.log(Math.max(p[c], 1e-9));
            }
        }
        for (int c = 0; c < s.length; c++) {
            s[c] -= (present - 1) * Math.log(Math.max(prior[c], 1e-9));
        }
        return s;
    }

    private static float rank(double[] p, int c) {
        int r = 0;
        for (double v : p) {
            r += v > p[c] ? 1 : 0;
        }
        return r;
    }
}
