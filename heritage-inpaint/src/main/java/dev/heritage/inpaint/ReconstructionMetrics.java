package dev.heritage.inpaint;

import dev.heritage.api.Mask;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Quality of a reconstruction against the undamaged original, measured only where pixels were
 * synthesised (inside the mask): everything outside the mask is the original by construction and
 * would only inflate the scores.
 *
 * <ul>
 *   <li>{@link #psnr PSNR}: {@code 10·log10(255² / MSE)}, the MSE over the R, G and B values of the
 *       masked pixels; capped at {@value #MAX_PSNR} dB (identical pixels give exactly the cap), so
 *       averages over images stay finite.
 *   <li>{@link #ssim SSIM} (Wang, Bovik, Sheikh, Simoncelli, IEEE TIP 2004) on the luminance
 *       {@code Y = 0.299 R + 0.587 G + 0.114 B} (ITU-R BT.601, values 0–255), with an 11×11 Gaussian
 *       window of σ = 1.5, {@code K1 = 0.01}, {@code K2 = 0.03}, {@code L = 255}. The SSIM map is
 *       computed over the whole image (windows see the intact surroundings too) and averaged over
 *       the masked pixels only. Near the image border the window is cut to the image and its
 *       weights renormalised (no padding).
 * </ul>
 *
 * <p>A perceptual distance (network features, which do not reward blur as PSNR does) is defined once in
 * {@code dev.heritage.classify.backbone.PerceptualDistance} and reaches evaluations through
 * {@link PerceptualMetric}: it needs the annotator's backbone, which this module does not depend on.
 *
 * <p>Memory is bounded: SSIM works in horizontal strips. Stateless and thread-safe.
 */
public final class ReconstructionMetrics {
    /** The PSNR reported for identical pixels, and the highest value ever reported: {@value} dB. */
    public static final double MAX_PSNR = 100.0;

    private static final int HALF = 5;
    private static final double SIGMA = 1.5;
    private static final double C1 = (0.01 * 255) * (0.01 * 255);
    private static final double C2 = (0.03 * 255) * (0.03 * 255);
    private static final int STRIP = 64;
    private static final double[] WINDOW = gaussian();

    private ReconstructionMetrics() {}

    /**
     * Peak signal-to-noise ratio inside the mask.
     *
     * @param original the undamaged image
     * @param reconstructed the reconstruction, of the same size
     * @param mask the synthesised pixels, of the same size, not empty
     * @return PSNR in dB, at most {@value #MAX_PSNR}
     * @throws IllegalArgumentException if the sizes differ or the mask is empty
     */
    public static double psnr(BufferedImage original, BufferedImage reconstructed, Mask mask) {
        check(original, reconstructed, mask);
        int width = original.getWidth();
        int height = original.getHeight();
        int[] a = new int[width];
        int[] b = new int[width];
        long sum = 0;
        long n = 0;
        for (int y = 0; y < height; y++) {
            if (!rowHasMask(mask, y, 0, width)) {
                continue;
            }
            original.getRGB(0, y, width, 1, a, 0, width);
            reconstructed.getRGB(0, y, width, 1, b, 0, width);
            for (int x = 0; x < width; x++) {
                if (mask.isDamaged(x, y)) {
                    int pa = a[x];
                    int pb = b[x];
                    int dr = ((pa >> 16) & 0xff) - ((pb >> 16) & 0xff);
                    int dg = ((pa >> 8) & 0xff) - ((pb >> 8) & 0xff);
                    int db = (pa & 0xff) - (pb & 0xff);
                    sum += dr * dr + dg * dg + db * db;
                    n += 3;
                }
            }
        }
        if (sum == 0) {
            return MAX_PSNR;
        }
        double mse = sum / (double) n;
        return Math.min(MAX_PSNR, 10.0 * Math.log10(255.0 * 255.0 / mse));
    }

    /**
     * Mean structural similarity of the luminance, over the masked pixels.
     *
     * @param original the undamaged image
     * @param reconstructed the reconstruction, of the same size
     * @param mask the synthesised pixels, of the same size, not empty
     * @return mean SSIM in [-1, 1]; exactly 1.0 for identical luminance
     * @throws IllegalArgumentException if the sizes differ or the mask is empty
     */
    public static double ssim(BufferedImage original, BufferedImage reconstructed, Mask mask) {
        check(original, reconstructed, mask);
        int width = original.getWidth();
        int height = original.getHeight();
        double total = 0;
        long n = 0;
        int[] row = new int[width];
        for (int s0 = 0; s0 < height; s0 += STRIP) {
            int s1 = Math.min(height, s0 + STRIP);
            int minX = width;
            int maxX = -1;
            for (int y = s0; y < s1; y++) {
                for (int x = 0; x < width; x++) {
                    if (mask.isDamaged(x, y)) {
                        minX = Math.min(minX, x);
                        maxX = Math.max(maxX, x);
                    }
                }
            }
            if (maxX < 0) {
                continue;
            }
            int ys = Math.max(0, s0 - HALF);
            int ye = Math.min(height, s1 + HALF);
            int xs = Math.max(0, minX - HALF);
            int xe = Math.min(width, maxX + HALF + 1);
            int rows = ye - ys;
            int cols = xe - xs;
            double[] ya = new double[rows * cols];
            double[] yb = new double[rows * cols];
            for (int y = ys; y < ye; y++) {
                original.getRGB(xs, y, cols, 1, row, 0, cols);
                luminance(row, ya, (y - ys) * cols, cols);
                reconstructed.getRGB(xs, y, cols, 1, row, 0, cols);
                luminance(row, yb, (y - ys) * cols, cols);
            }
            // Horizontal pass: the five local moments at columns minX..maxX of every row.
            int hc = maxX - minX + 1;
            double[] ma = new double[rows * hc];
            double[] mb = new double[rows * hc];
            double[] maa = new double[rows * hc];
            double[] mbb = new double[rows * hc];
            double[] mab = new double[rows * hc];
            for (int r = 0; r < rows; r++) {
                for (int x = minX; x <= maxX; x++) {
                    int k0 = Math.max(-HALF, -x);
                    int k1 = Math.min(HALF, width - 1 - x);
                    double wsum = 0;
                    double sa = 0;
                    double sb = 0;
                    double saa = 0;
                    double sbb = 0;
                    double sab = 0;
                    for (int k = k0; k <= k1; k++) {
                        double w = WINDOW[k + HALF];
                        int i = r * cols + (x + k - xs);
                        double va = ya[i];
                        double vb = yb[i];
                        wsum += w;
                        sa += w * va;
                        sb += w * vb;
                        saa += w * va * va;
                        sbb += w * vb * vb;
                        sab += w * va * vb;
                    }
                    int o = r * hc + (x - minX);
                    ma[o] = sa / wsum;
                    mb[o] = sb / wsum;
                    maa[o] = saa / wsum;
                    mbb[o] = sbb / wsum;
                    mab[o] = sab / wsum;
                }
            }
            // Vertical pass at the masked pixels only.
            for (int y = s0; y < s1; y++) {
                for (int x = minX; x <= maxX; x++) {
                    if (!mask.isDamaged(x, y)) {
                        continue;
                    }
                    int k0 = Math.max(-HALF, -y);
                    int k1 = Math.min(HALF, height - 1 - y);
                    double wsum = 0;
                    double ua = 0;
                    double ub = 0;
                    double uaa = 0;
                    double ubb = 0;
                    double uab = 0;
                    for (int k = k0; k <= k1; k++) {
                        double w = WINDOW[k + HALF];
                        int o = (y + k - ys) * hc + (x - minX);
                        wsum += w;
                        ua += w * ma[o];
                        ub += w * mb[o];
                        uaa += w * maa[o];
                        ubb += w * mbb[o];
                        uab += w * mab[o];
                    }
                    ua /= wsum;
                    ub /= wsum;
                    double varA = uaa / wsum - ua * ua;
                    double varB = ubb / wsum - ub * ub;
                    double cov = uab / wsum - ua * ub;
                    total += ((2 * ua * ub + C1) * (2 * cov + C2)) / ((ua * ua + ub * ub + C1) * (varA + varB + C2));
                    n++;
                }
            }
        }
        return total / n;
    }

    private static void luminance(int[] row, double[] out, int offset, int cols) {
        for (int x = 0; x < cols; x++) {
            int p = row[x];
            out[offset + x] = 0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff);
        }
    }

    private static boolean rowHasMask(Mask mask, int y, int x0, int x1) {
        for (int x = x0; x < x1; x++) {
            if (mask.isDamaged(x, y)) {
                return true;
            }
        }
        return false;
    }

    private static void check(BufferedImage original, BufferedImage reconstructed, Mask mask) {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(reconstructed, "reconstructed");
        Objects.requireNonNull(mask, "mask");
        if (original.getWidth() != reconstructed.getWidth()
                || original.getHeight() != reconstructed.getHeight()
                || original.getWidth() != mask.width()
                || original.getHeight() != mask.height()) {
            throw new IllegalArgumentException("Sizes differ: original " + original.getWidth() + "x"
                    + original.getHeight() + ", reconstructed " + reconstructed.getWidth() + "x"
                    + reconstructed.getHeight() + ", mask " + mask.width() + "x" + mask.height());
        }
        if (mask.isEmpty()) {
            throw new IllegalArgumentException("The mask is empty: there is nothing to measure inside it.");
        }
    }

    private static double[] gaussian() {
        double[] w = new double[2 * HALF + 1];
        double sum = 0;
        for (int k = -HALF; k <= HALF; k++) {
            w[k + HALF] = Math.exp(-(k * k) / (2 * SIGMA * SIGMA));
            sum += w[k + HALF];
        }
        for (int k = 0; k < w.length; k++) {
            w[k] /= sum;
        }
        return w;
    }
}
