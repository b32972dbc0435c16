package dev.heritage.inpaint.evaluate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The paired difference {@code a − b} of two methods' scores on the same samples (the same images and
 * masks), with its 95 % interval and the share of samples on which {@code a} is better.
 *
 * <p>The interval is the normal approximation {@code mean ± 1.96 · sd / √n}, {@code sd} the sample
 * standard deviation of the per-sample differences (divisor {@code n − 1}). Pairing removes the
 * between-image spread that dominates each method's own scores, so the interval is about the difference
 * itself. With the 200 images of a validation run the normal approximation is close to Student's t
 * (1.97 instead of 1.96); with fewer than 30 samples read it as a rough guide. It is undefined
 * ({@link Double#NaN}) for fewer than two samples. No resampling, so nothing random: the same scores
 * give the same interval.
 *
 * <p>{@code betterShare} counts the samples on which {@code a} is strictly better (higher for PSNR
 * and SSIM, lower for a distance); ties count as not better.
 *
 * <p>Immutable and thread-safe.
 *
 * @param n the number of paired samples
 * @param mean the mean of {@code a − b}
 * @param standardDeviation the sample standard deviation of {@code a − b} (NaN when n &lt; 2)
 * @param low the interval's lower end (NaN when n &lt; 2)
 * @param high the interval's upper end (NaN when n &lt; 2)
 * @param betterShare the share of samples on which {@code a} is strictly better than {@code b}
 */
public record PairedDifference(
        int n, double mean, double standardDeviation, double low, double high, double betterShare) {
    /** The normal quantile of the two-sided 95 % interval: {@value}. */
    public static final double Z95 = 1.96;

    /**
     * @param a method a's scores, one per sample
     * @param b method b's scores on the same samples, in the same order
     * @param higherIsBetter whether a higher score is better (PSNR, SSIM) or a lower one (a distance)
     * @return the paired difference {@code a − b}
     * @throws IllegalArgumentException if the arrays differ in length or are empty
     */
    public static PairedDifference of(double[] a, double[] b, boolean higherIsBetter) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException(
                    "Paired scores need the same, positive number of samples; got " + a.length + " and " + b.length);
        }
        int n = a.length;
        double sum = 0;
        int better = 0;
        for (int i = 0; i < n; i++) {
            double d = a[i] - b[i];
            sum += d;
            if (higherIsBetter ? d > 0 : d < 0) {
                better++;
            }
        }
        double mean = sum / n;
        if (n < 2) {
            return new PairedDifference(n, mean, Double.NaN, Double.NaN, Double.NaN, better / (double) n);
        }
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double e = a[i] - b[i] - mean;
            squares += e * e;
        }
        double sd = Math.sqrt(squares / (n - 1));
        double half = Z95 * sd / Math.sqrt(n);
        return new PairedDifference(n, mean, sd, mean - half, mean + half, better / (double) n);
    }

    /** @return the standard error of the mean, {@code sd / √n} (NaN when n &lt; 2) */
    public double standardError() {
        return standardDeviation / Math.sqrt(n);
    }

    /** @return whether the whole 95 % interval lies above zero */
    public boolean aboveZero() {
        return low > 0;
    }

    /**
     * @param digits decimals to round the difference and its interval to
     * @return {@code {"meanDifference", "ci95": [low, high], "betterShare", "n"}} for {@code metrics.json};
     *     the interval is {@code null} when undefined
     */
    public Map<String, Object> toMetrics(int digits) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("meanDifference", round(mean, digits));
        m.put("ci95", Double.isNaN(low) ? null : List.of(round(low, digits), round(high, digits)));
        m.put("betterShare", round(betterShare, 3));
        m.put("n", n);
        return m;
    }

    static double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
