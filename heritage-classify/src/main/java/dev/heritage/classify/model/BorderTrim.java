package dev.heritage.classify.model;

import java.awt.image.BufferedImage;

/**
 * Cuts a flat border — a mat, a scanner's margin, a letterbox — from round a picture before it is
 * analysed. From each side it walks inwards while a whole row or column is flat (the standard
 * deviation of its luminance at most {@value #FLAT}, on 0–255), at most {@value #MAX_SHARE} of the
 * side; a pair of opposite sides is cut only when both sides have at least {@value #MIN_SHARE} of flat
 * lines, as a mat or a margin runs round the whole picture, so a painting with one flat sky at its top
 * edge keeps it. Measured on the zoo model's validation paintings put on a light mat (docs/STATUS.md):
 * the mat costs 27.5 points of style, trimming wins back 21.6; on paintings without a mat it changes
 * 12 % of them and costs 0.6 points, which is why annotators trim only when asked
 * ({@code AnnotatorOptions.optTrimBorders}).
 *
 * <p>Gilded or carved frames are not flat and are not cut. Stateless and thread-safe.
 */
public final class BorderTrim {
    /** The largest standard deviation of a line's luminance that still counts as flat. */
    static final double FLAT = 8;

    /** The most of each side cut away. */
    static final double MAX_SHARE = 0.3;

    /** The least of each of two opposite sides that must be flat for the pair to be cut. */
    static final double MIN_SHARE = 0.03;

    private BorderTrim() {}

    /**
     * @param image an RGB image
     * @return the image without its flat border, a view of the same pixels ({@link
     *     BufferedImage#getSubimage}), or {@code image} itself when it has none
     */
    public static BufferedImage trim(BufferedImage image) {
        java.awt.Rectangle r = bounds(image);
        return r == null ? image : image.getSubimage(r.x, r.y, r.width, r.height);
    }

    /**
     * Cuts {@code full}'s flat border, found on {@code small}, a reduced copy of it (the analysis
     * image): the border is found where it is cheap, and the cut keeps the full resolution. The cut is
     * rounded inwards, so that no border pixel is kept.
     *
     * @param full the decoded image
     * @param small {@code full} reduced (or {@code full} itself)
     * @return {@code full} without its border, or {@code full} itself when it has none
     */
    public static BufferedImage trim(BufferedImage full, BufferedImage small) {
        java.awt.Rectangle r = bounds(small);
        if (r == null) {
            return full;
        }
        double sx = full.getWidth() / (double) small.getWidth();
        double sy = full.getHeight() / (double) small.getHeight();
        int x0 = (int) Math.ceil(r.x * sx);
        int y0 = (int) Math.ceil(r.y * sy);
        int x1 = Math.max(x0 + 1, (int) Math.floor((r.x + r.width) * sx));
        int y1 = Math.max(y0 + 1, (int) Math.floor((r.y + r.height) * sy));
        return full.getSubimage(x0, y0, x1 - x0, y1 - y0);
    }

    /** The picture inside the flat border, or null when there is no border to cut. */
    private static java.awt.Rectangle bounds(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (w < 8 || h < 8) {
            return null;
        }
        int top = 0;
        while (top < h * MAX_SHARE && flat(image, true, top)) {
            top++;
        }
        int bottom = h - 1;
        while (h - 1 - bottom < h * MAX_SHARE && flat(image, true, bottom)) {
            bottom--;
        }
        int left = 0;
        while (left < w * MAX_SHARE && flat(image, false, left)) {
            left++;
        }
        int right = w - 1;
        while (w - 1 - right < w * MAX_SHARE && flat(image, false, right)) {
            right--;
        }
        if (top < MIN_SHARE * h || h - 1 - bottom < MIN_SHARE * h) {
            top = 0;
            bottom = h - 1;
        }
        if (left < MIN_SHARE * w || w - 1 - right < MIN_SHARE * w) {
            left = 0;
            right = w - 1;
        }
        if (top == 0 && left == 0 && bottom == h - 1 && right == w - 1) {
            return null;
        }
        return new java.awt.Rectangle(left, top, right - left + 1, bottom - top + 1);
    }

    /** Whether row (or column) {@code k} is flat: its luminance varies by at most {@link #FLAT}. */
    private static boolean flat(BufferedImage image, boolean row, int k) {
        int n = row ? image.getWidth() : image.getHeight();
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            int p = row ? image.getRGB(i, k) : image.getRGB(k, i);
            double y = 0.299 * ((p >> 16) & 255) + 0.587 * ((p >> 8) & 255) + 0.114 * (p & 255);
            sum += y;
            sq += y * y;
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, sq / n - mean * mean)) <= FLAT;
    }
}
