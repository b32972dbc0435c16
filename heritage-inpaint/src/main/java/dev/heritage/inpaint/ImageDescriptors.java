package dev.heritage.inpaint;

import dev.heritage.api.Mask;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A small, hand-made description of a painting's colour and texture, used to group paintings into
 * clusters and to route a damaged image to its cluster: {@value #SIZE} numbers.
 *
 * <ul>
 *   <li>hue histogram, 8 bins of 45°, over chromatic pixels (saturation ≥ 0.2 and value ≥ 0.15), each bin
 *       the share of <em>all</em> counted pixels (so the bins sum to the chromatic share);
 *   <li>saturation histogram, 4 bins; value (brightness) histogram, 6 bins (HSV, values in [0, 1]);
 *   <li>texture: mean absolute luminance gradient, luminance standard deviation, edge density (share of
 *       gradients above 0.08), mean saturation, and colourfulness (Hasler and Süsstrunk, 2003, divided by
 *       100).
 * </ul>
 *
 * <p>Only intact pixels count: damaged pixels (and gradients that touch one) are skipped, so the
 * description of a damaged image never depends on what its damaged pixels held. Large images are sampled
 * on a regular grid of at most about {@value #MAX_SAMPLES} pixels.
 *
 * <p>Stateless and thread-safe.
 */
public final class ImageDescriptors {
    /** The number of values in a descriptor. */
    public static final int SIZE = 8 + 4 + 6 + 5;
    /** The most pixels sampled per image. */
    public static final int MAX_SAMPLES = 1 << 16;

    private static final double EDGE = 0.08;

    private ImageDescriptors() {}

    /** @return the names of the values of a descriptor, in order */
    public static List<String> names() {
        List<String> n = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            n.add("hue" + (i * 45) + "-" + (i * 45 + 45));
        }
        for (int i = 0; i < 4; i++) {
            n.add("saturation" + i);
        }
        for (int i = 0; i < 6; i++) {
            n.add("value" + i);
        }
        Collections.addAll(n, "meanGradient", "luminanceStd", "edgeDensity", "meanSaturation", "colourfulness");
        return n;
    }

    /**
     * @param image an image (any type; read through {@code getRGB})
     * @param mask damaged pixels to leave out, of the image's size, or {@code null} for none
     * @return the descriptor, {@value #SIZE} values; all zero when no pixel is intact
     * @throws IllegalArgumentException if the mask's size differs from the image's
     */
    public static double[] describe(BufferedImage image, Mask mask) {
        Objects.requireNonNull(image, "image");
        int w = image.getWidth();
        int h = image.getHeight();
        if (mask != null && (mask.width() != w || mask.height() != h)) {
            throw new IllegalArgumentException(
                    "mask is " + mask.width() + "x" + mask.height() + " but image is " + w + "x" + h);
        }
        int step = Math.max(1, (int) Math.ceil(Math.sqrt((double) w * h / MAX_SAMPLES)));
        int cols = (w + step - 1) / step;
        int rows = (h + step - 1) / step;
        float[] lum = new float[cols * rows];
        boolean[] ok = new boolean[cols * rows];
        double[] d = new double[SIZE];
        long count = 0;
        double satSum = 0;
        double rgSum = 0;
        double rgSq = 0;
        double ybSum = 0;
        double ybSq = 0;
        double lSum = 0;
        double lSq = 0;
        int[] row = new int[w];
        for (int r = 0; r < rows; r++) {
            int y = r * step;
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int c = 0; c < cols; c++) {
                int x = c * step;
                if (mask != null && mask.isDamaged(x, y)) {
                    continue;
                }
                int p = row[x];
                double red = ((p >> 16) & 0xff) / 255.0;
                double green = ((p >> 8) & 0xff) / 255.0;
                double blue = (p & 0xff) / 255.0;
                double max = Math.max(red, Math.max(green, blue));
                double min = Math.min(red, Math.min(green, blue));
                double sat = max <= 0 ? 0 : (max - min) / max;
                if (sat >= 0.2 && max >= 0.15) {
                    double hue;
                    double delta = max - min;
                    if (max == red) {
                        hue = ((green - blue) / delta) % 6;
                    } else if (max == green) {
                        hue = (blue - red) / delta + 2;
                    } else {
                        hue = (red - green) / delta + 4;
                    }
                    hue = (hue * 60 + 360) % 360;
                    d[Math.min(7, (int) (hue / 45))]++;
                }
                d[8 + Math.min(3, (int) (sat * 4))]++;
                d[12 + Math.min(5, (int) (max * 6))]++;
                double l = 0.299 * red + 0.587 * green + 0.114 * blue;
                int k = r * cols + c;
                lum[k] = (float) l;
                ok[k] = true;
                count++;
                satSum += sat;
                double rg = (red - green) * 255;
                double yb = (0.5 * (red + green) - blue) * 255;
                rgSum += rg;
                rgSq += rg * rg;
                ybSum += yb;
                ybSq += yb * yb;
                lSum += l;
                lSq += l * l;
            }
        }
        if (count == 0) {
            return new double[SIZE];
        }
        for (int i = 0; i < 18; i++) {
            d[i] /= count;
        }
        double gradSum = 0;
        long gradN = 0;
        long edges = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int k = r * cols + c;
                if (!ok[k]) {
                    continue;
                }
                if (c + 1 < cols && ok[k + 1]) {
                    double g = Math.abs(lum[k + 1] - lum[k]);
                    gradSum += g;
                    gradN++;
                    edges += g > EDGE ? 1 : 0;
                }
                if (r + 1 < rows && ok[k + cols]) {
                    double g = Math.abs(lum[k + cols] - lum[k]);
                    gradSum += g;
                    gradN++;
                    edges += g > EDGE ? 1 : 0;
                }
            }
        }
        double mean = lSum / count;
        double rgMean = rgSum / count;
        double ybMean = ybSum / count;
        double rgVar = Math.max(0, rgSq / count - rgMean * rgMean);
        double ybVar = Math.max(0, ybSq / count - ybMean * ybMean);
        d[18] = gradN == 0 ? 0 : gradSum / gradN;
        d[19] = Math.sqrt(Math.max(0, lSq / count - mean * mean));
        d[20] = gradN == 0 ? 0 : edges / (double) gradN;
        d[21] = satSum / count;
        d[22] = (Math.sqrt(rgVar + ybVar) + 0.3 * Math.sqrt(rgMean * rgMean + ybMean * ybMean)) / 100.0;
        return d;
    }
}
