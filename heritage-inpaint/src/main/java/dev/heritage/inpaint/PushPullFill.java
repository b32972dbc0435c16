package dev.heritage.inpaint;

import java.util.Objects;

/**
 * A smooth fill of the damaged pixels by push-pull (Gortler et al., "The Lumigraph", SIGGRAPH 1996):
 * the intact pixels are averaged down a pyramid of halvings until every cell holds some intact
 * evidence, then each level's damaged pixels take the bilinearly interpolated value of the level
 * above. Every damaged pixel gets a weighted mean of intact pixels at the scale of its distance from
 * the damage's border, in time linear in the pixel count.
 *
 * <p>It complements Telea's fill as an input of {@link RefinedReconstructor}: Telea continues the
 * border's gradients a few pixels inwards and streaks in large holes; push-pull carries the colour of
 * the whole neighbourhood into the centre of a large loss.
 *
 * <p><b>Thread-safety:</b> stateless; every method is thread-safe.
 */
public final class PushPullFill {
    private PushPullFill() {}

    /**
     * Fills the damaged pixels of some channels.
     *
     * @param planes channels of {@code width * height} values each, row-major; not modified
     * @param mask {@code 1} = damaged, of the same length
     * @param width the width
     * @param height the height
     * @return new channels, equal to the input at intact pixels; all zero where no pixel is intact
     */
    public static float[][] fill(float[][] planes, byte[] mask, int width, int height) {
        Objects.requireNonNull(planes, "planes");
        Objects.requireNonNull(mask, "mask");
        int n = width * height;
        if (mask.length != n) {
            throw new IllegalArgumentException(
                    "Mask has " + mask.length + " values for a " + width + "x" + height + " image");
        }
        int channels = planes.length;
        float[] weight = new float[n];
        float[][] level = new float[channels][n];
        for (int i = 0; i < n; i++) {
            if (mask[i] == 0) {
                weight[i] = 1f;
                for (int c = 0; c < channels; c++) {
                    level[c][i] = planes[c][i];
                }
            }
        }
        fillLevel(level, weight, width, height);
        float[][] out = new float[channels][];
        for (int c = 0; c < channels; c++) {
            out[c] = planes[c].clone();
            for (int i = 0; i < n; i++) {
                if (mask[i] != 0) {
                    out[c][i] = level[c][i];
                }
            }
        }
        return out;
    }

    /**
     * Fills, in place, the values whose weight is below 1 from the next coarser level; the values are
     * weight-premultiplied on entry and plain values on return.
     */
    private static void fillLevel(float[][] values, float[] weight, int width, int height) {
        int n = width * height;
        int channels = values.length;
        boolean complete = true;
        for (int i = 0; i < n; i++) {
            if (weight[i] < 1f) {
                complete = false;
                break;
            }
        }
        if (complete || (width == 1 && height == 1)) {
            for (int i = 0; i < n; i++) {
                float w = weight[i];
                for (int c = 0; c < channels; c++) {
                    values[c][i] = w > 0 ? values[c][i] / w : 0f;
                }
            }
            return;
        }
        int cw = (width + 1) / 2;
        int ch = (height + 1) / 2;
        float[] coarseWeight = new float[cw * ch];
        float[][] coarse = new float[channels][cw * ch];
        for (int y = 0; y < height; y++) {
            int cy = y / 2;
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                int j = cy * cw + x / 2;
                coarseWeight[j] += weight[i];
                for (int c = 0; c < channels; c++) {
                    coarse[c][j] += values[c][i];
                }
            }
        }
        // A coarse cell is as certain as the evidence of its (up to) four children, at most 1.
        for (int j = 0; j < coarseWeight.length; j++) {
            float w = coarseWeight[j];
            if (w > 1f) {
                float scale = 1f / w;
                for (int c = 0; c < channels; c++) {
                    coarse[c][j] *= scale;
                }
                coarseWeight[j] = 1f;
            }
        }
        fillLevel(coarse, coarseWeight, cw, ch);
        for (int y = 0; y < height; y++) {
            float fy = Math.max(0f, Math.min(ch - 1f, (y - 0.5f) / 2f));
            int y0 = (int) fy;
            int y1 = Math.min(ch - 1, y0 + 1);
            float ty = fy - y0;
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                float w = weight[i];
                float fx = Math.max(0f, Math.min(cw - 1f, (x - 0.5f) / 2f));
                int x0 = (int) fx;
                int x1 = Math.min(cw - 1, x0 + 1);
                float tx = fx - x0;
                for (int c = 0; c < channels; c++) {
                    float[] p = coarse[c];
                    float top = p[y0 * cw + x0] + (p[y0 * cw + x1] - p[y0 * cw + x0]) * tx;
                    float bottom = p[y1 * cw + x0] + (p[y1 * cw + x1] - p[y1 * cw + x0]) * tx;
                    float up = top + (bottom - top) * ty;
                    // Premultiplied own evidence plus the coarse estimate for the missing share.
                    values[c][i] = w >= 1f ? values[c][i] / w : values[c][i] + (1f - w) * up;
                }
            }
        }
    }
}
