package dev.heritage.inpaint;

import java.util.Objects;
import java.util.stream.IntStream;

/**
 * One damaged tile as {@link RefinedReconstructor}'s stages see it, and the one definition of what a
 * stage reads about a damaged pixel: its {@linkplain #features feature vector} (the regression's input)
 * and its {@linkplain #descriptor descriptor} (what the pixel is clustered by). Training and inference
 * both go through this class, so a model always sees at run time exactly the inputs it was fitted on.
 *
 * <p>The tile holds the current estimate ({@link #current()}: three channels in [0, 1], starting as
 * Telea's fill), a push-pull fill ({@link PushPullFill}) of the damage, the mask and each damaged
 * pixel's chessboard distance to the nearest intact pixel.
 *
 * <p>Features of a damaged pixel {@code p}, all from the current estimate {@code E} unless named:
 * <ul>
 *   <li>{@code E(q) − E(p)} for the 24 other pixels {@code q} of the 5 × 5 window around {@code p}
 *       (3 channels each);</li>
 *   <li>{@code E(q) − E(p)} for the 24 other points of a 5 × 5 grid of step 3 (reach 6 pixels);</li>
 *   <li>push-pull minus {@code E(p)}, and {@code E(p) − 0.5} (3 channels each);</li>
 *   <li>a harmonic fill (push-pull's, smoothed by Gauss-Seidel sweeps) minus {@code E(p)} at {@code p}, and
 *       the harmonic and push-pull fills minus {@code E(p)} at the 8 points 6 pixels and the 8 points 12
 *       pixels around it;</li>
 *   <li>a biharmonic fill (the harmonic one, smoothed by sweeps of the squared Laplacian) minus
 *       {@code E(p)} at {@code p} and at the 8 points 6 pixels around it;</li>
 *   <li>whether each of the 24 window neighbours is intact;</li>
 *   <li>the distance to the border as a one-hot of 7 buckets (1, 2, 3, 4–5, 6–8, 9–13, ≥ 14);</li>
 *   <li>a constant 1.</li>
 * </ul>
 * Pixels beyond the tile's edge read the nearest edge pixel. The descriptor is the distance (capped at
 * 20), the luminance spread in the window and in the grid, the absolute horizontal and vertical
 * luminance differences across the grid, and the intact share of the window.
 *
 * <p><b>Thread-safety:</b> not thread-safe, with one exception: while no thread changes the estimate,
 * several threads may call {@link #descriptor} and {@link #features(int, int, float[], int[])} (each with
 * its own arrays) at once, which is how a stage refines a tile on several cores.
 */
public final class RefinerTile {
    /** The length of a feature vector: {@value}. */
    public static final int FEATURES = 308;
    /** The length of a descriptor: {@value}. */
    public static final int DESCRIPTOR = 6;

    private static final int[] FINE_DX = new int[24];
    private static final int[] FINE_DY = new int[24];
    private static final int[] COARSE_DX = new int[24];
    private static final int[] COARSE_DY = new int[24];
    private static final int[] RING_DX = {-6, 0, 6, -6, 6, -6, 0, 6, -12, 0, 12, -12, 12, -12, 0, 12};
    private static final int[] RING_DY = {-6, -6, -6, 0, 0, 6, 6, 6, -12, -12, -12, 0, 0, 12, 12, 12};
    /** Every point a feature reads: the 24 window neighbours, the 24 grid points, the 16 ring points. */
    /** The number of points {@link #features(int, int, float[], int[])} reads, the scratch it needs. */
    public static final int NEIGHBOURS = 64;

    private static final int RING = 48;
    private static final int[] NEIGHBOUR_DX = new int[NEIGHBOURS];
    private static final int[] NEIGHBOUR_DY = new int[NEIGHBOURS];
    private static final int MAX_DISTANCE = 1 << 20;
    /** The farthest any feature or descriptor looks from its pixel, in pixels along each axis. */
    private static final int REACH = 12;
    /** Sweeps of the harmonic and biharmonic fills. */
    private static final int HARMONIC_SWEEPS = 40;
    /** Over-relaxation of the harmonic sweeps: converges several times faster than plain Gauss-Seidel. */
    private static final float OVER_RELAXATION = 1.8f;

    static {
        int k = 0;
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
                if (dx != 0 || dy != 0) {
                    FINE_DX[k] = dx;
                    FINE_DY[k] = dy;
                    COARSE_DX[k] = 3 * dx;
                    COARSE_DY[k] = 3 * dy;
                    k++;
                }
            }
        }
        for (int j = 0; j < 24; j++) {
            NEIGHBOUR_DX[j] = FINE_DX[j];
            NEIGHBOUR_DY[j] = FINE_DY[j];
            NEIGHBOUR_DX[24 + j] = COARSE_DX[j];
            NEIGHBOUR_DY[24 + j] = COARSE_DY[j];
        }
        for (int j = 0; j < 16; j++) {
            NEIGHBOUR_DX[RING + j] = RING_DX[j];
            NEIGHBOUR_DY[RING + j] = RING_DY[j];
        }
    }

    private final int width;
    private final int height;
    private final byte[] mask;
    private final int[] distance;
    private final float[][] pushPull;
    private final float[][] harmonic;
    private final float[][] biharmonic;
    private final int[] damaged;
    private final int[] neighbourOffset = new int[NEIGHBOURS];
    private final int[] neighbours = new int[NEIGHBOURS];
    private float[][] current;
    /** {@link #current}'s luminance, kept in step with it. */
    private double[] luminance;

    /**
     * @param current the current estimate: 3 channels in [0, 1], {@code width * height} each; kept, not copied
     * @param mask {@code 1} = damaged; kept, not copied
     * @param width the width
     * @param height the height
     */
    public RefinerTile(float[][] current, byte[] mask, int width, int height) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(mask, "mask");
        if (current.length != 3 || mask.length != width * height || current[0].length != mask.length) {
            throw new IllegalArgumentException("A refiner tile needs 3 channels and a mask of " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.mask = mask;
        this.current = current;
        this.luminance = luminance(current);
        this.distance = distances(mask, width, height);
        this.pushPull = PushPullFill.fill(current, mask, width, height);
        this.damaged = damagedIndices(mask);
        int[][] xy = coordinates(damaged, width);
        this.harmonic = harmonic(pushPull, damaged, xy, width, height);
        this.biharmonic = biharmonic(harmonic, damaged, xy, width, height);
        for (int k = 0; k < NEIGHBOURS; k++) {
            neighbourOffset[k] = NEIGHBOUR_DY[k] * width + NEIGHBOUR_DX[k];
        }
    }

    /**
     * A biharmonic (thin-plate) fill, which continues the border's gradients where the harmonic fill
     * flattens them: Gauss-Seidel sweeps of the 13-point stencil of the squared Laplacian, from the
     * harmonic fill.
     */
    private static float[][] biharmonic(float[][] start, int[] damaged, int[][] xy, int width, int height) {
        return sweeps(start, damaged, xy, (p, i, x, y) -> {
            int xm = Math.max(0, x - 1);
            int xp = Math.min(width - 1, x + 1);
            int ym = Math.max(0, y - 1) * width;
            int yp = Math.min(height - 1, y + 1) * width;
            int xmm = Math.max(0, x - 2);
            int xpp = Math.min(width - 1, x + 2);
            int ymm = Math.max(0, y - 2) * width;
            int ypp = Math.min(height - 1, y + 2) * width;
            int row = y * width;
            float near = p[row + xm] + p[row + xp] + p[ym + x] + p[yp + x];
            float diagonal = p[ym + xm] + p[ym + xp] + p[yp + xm] + p[yp + xp];
            float far = p[row + xmm] + p[row + xpp] + p[ymm + x] + p[ypp + x];
            float v = (8f * near - 2f * diagonal - far) / 20f;
            p[i] = v < 0f ? 0f : Math.min(1f, v);
        });
    }

    /**
     * A harmonic (membrane) fill: each damaged pixel the mean of its four neighbours, approached by
     * over-relaxed Gauss-Seidel sweeps from the push-pull fill. It is what diffusion methods such as
     * Navier–Stokes inpainting converge to in smooth regions, at a small part of their cost.
     */
    private static float[][] harmonic(float[][] start, int[] damaged, int[][] xy, int width, int height) {
        return sweeps(start, damaged, xy, (p, i, x, y) -> {
            int up = (y > 0 ? y - 1 : y) * width;
            int down = (y < height - 1 ? y + 1 : y) * width;
            int row = y * width;
            int left = x > 0 ? x - 1 : x;
            int right = x < width - 1 ? x + 1 : x;
            float mean = 0.25f * (p[up + x] + p[down + x] + p[row + left] + p[row + right]);
            p[row + x] += OVER_RELAXATION * (mean - p[row + x]);
        });
    }

    /** One Gauss-Seidel update of a channel at the damaged pixel {@code i} = ({@code x}, {@code y}). */
    @FunctionalInterface
    private interface PixelUpdate {
        void apply(float[] channel, int i, int x, int y);
    }

    /** The columns and rows of pixel indices: computed once, not a division per pixel in every sweep. */
    private static int[][] coordinates(int[] pixels, int width) {
        int[] xs = new int[pixels.length];
        int[] ys = new int[pixels.length];
        for (int j = 0; j < pixels.length; j++) {
            xs[j] = pixels[j] % width;
            ys[j] = pixels[j] / width;
        }
        return new int[][] {xs, ys};
    }

    /**
     * {@value #HARMONIC_SWEEPS} sweeps of an update over the damaged pixels in raster order ({@code xy}:
     * their columns and rows), on a copy of the start. The channels are independent: one task each.
     */
    private static float[][] sweeps(float[][] start, int[] damaged, int[][] xy, PixelUpdate update) {
        float[][] out = {start[0].clone(), start[1].clone(), start[2].clone()};
        int[] xs = xy[0];
        int[] ys = xy[1];
        IntStream.range(0, 3).parallel().forEach(c -> {
            float[] p = out[c];
            for (int sweep = 0; sweep < HARMONIC_SWEEPS; sweep++) {
                for (int j = 0; j < damaged.length; j++) {
                    update.apply(p, damaged[j], xs[j], ys[j]);
                }
            }
        });
        return out;
    }

    /**
     * A tile from packed pixels whose damaged pixels already hold a first fill.
     *
     * @param rgb packed {@code 0xRRGGBB}, row-major
     * @param mask {@code 1} = damaged
     * @param width the width
     * @param height the height
     * @return the tile
     */
    public static RefinerTile ofPacked(int[] rgb, byte[] mask, int width, int height) {
        return new RefinerTile(unpack(rgb), mask, width, height);
    }

    /**
     * @param rgb packed {@code 0xRRGGBB}
     * @return three channels in [0, 1]
     */
    public static float[][] unpack(int[] rgb) {
        float[][] planes = new float[3][rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            planes[0][i] = ((p >> 16) & 0xff) / 255f;
            planes[1][i] = ((p >> 8) & 0xff) / 255f;
            planes[2][i] = (p & 0xff) / 255f;
        }
        return planes;
    }

    /**
     * Writes the current estimate of the damaged pixels into packed pixels, rounded and clamped.
     *
     * @param rgb packed {@code 0xRRGGBB}, of the tile's size; only damaged pixels are written
     */
    public void packDamaged(int[] rgb) {
        for (int i = 0; i < rgb.length; i++) {
            if (mask[i] != 0) {
                rgb[i] = (toByte(current[0][i]) << 16) | (toByte(current[1][i]) << 8) | toByte(current[2][i]);
            }
        }
    }

    private static int toByte(float v) {
        int b = Math.round(v * 255f);
        return b < 0 ? 0 : Math.min(255, b);
    }

    /** @return the width */
    public int width() {
        return width;
    }

    /** @return the height */
    public int height() {
        return height;
    }

    /** @return the mask, {@code 1} = damaged (the tile's own array) */
    public byte[] mask() {
        return mask;
    }

    /**
     * @return the current estimate (the tile's own arrays): write into it only through a stage, which
     *     calls {@link #changed} for each pixel it writes in place, or replace it with {@link #setCurrent}
     */
    public float[][] current() {
        return current;
    }

    /** @param estimate the new current estimate, of the tile's size; kept, not copied */
    public void setCurrent(float[][] estimate) {
        if (estimate.length != 3 || estimate[0].length != mask.length) {
            throw new IllegalArgumentException("The estimate must have 3 channels of the tile's size");
        }
        this.current = estimate;
        this.luminance = luminance(estimate);
    }

    /**
     * Tells the tile that pixel {@code i} of its current estimate was written in place (a sequential
     * stage does that), so that descriptors read its new value.
     *
     * @param i the pixel index
     */
    public void changed(int i) {
        luminance[i] = luminance(current, i);
    }

    /** The luminance of every pixel of an estimate: a descriptor reads 52 of them per damaged pixel. */
    private static double[] luminance(float[][] estimate) {
        double[] out = new double[estimate[0].length];
        for (int q = 0; q < out.length; q++) {
            out[q] = luminance(estimate, q);
        }
        return out;
    }

    private static double luminance(float[][] estimate, int q) {
        return 0.299 * estimate[0][q] + 0.587 * estimate[1][q] + 0.114 * estimate[2][q];
    }

    /**
     * @param i a pixel index
     * @return its chessboard distance to the nearest intact pixel (0 for intact pixels)
     */
    public int distance(int i) {
        return distance[i];
    }

    /**
     * Writes the feature vector of a pixel.
     *
     * @param x column
     * @param y row
     * @param out at least {@link #FEATURES} values
     */
    public void features(int x, int y, float[] out) {
        features(x, y, out, neighbours);
    }

    /**
     * Writes the feature vector of a pixel using the caller's scratch array, so that several threads
     * may read one tile's features at once (while no thread changes its estimate).
     *
     * @param x column
     * @param y row
     * @param out at least {@link #FEATURES} values
     * @param q at least 64 ints of scratch
     */
    public void features(int x, int y, float[] out, int[] q) {
        int i = y * width + x;
        if (x >= REACH && y >= REACH && x < width - REACH && y < height - REACH) {
            // The whole neighbourhood lies inside the tile: fixed offsets, no clamping.
            for (int k = 0; k < NEIGHBOURS; k++) {
                q[k] = i + neighbourOffset[k];
            }
        } else {
            for (int k = 0; k < NEIGHBOURS; k++) {
                q[k] = index(x + NEIGHBOUR_DX[k], y + NEIGHBOUR_DY[k]);
            }
        }
        float[] c0 = current[0];
        float[] c1 = current[1];
        float[] c2 = current[2];
        float r = c0[i];
        float g = c1[i];
        float b = c2[i];
        int f = 0;
        for (int k = 0; k < 48; k++) {
            int n = q[k]; // the 24 window neighbours, then the 24 points of the step-3 grid
            out[f++] = c0[n] - r;
            out[f++] = c1[n] - g;
            out[f++] = c2[n] - b;
        }
        out[f++] = pushPull[0][i] - r;
        out[f++] = pushPull[1][i] - g;
        out[f++] = pushPull[2][i] - b;
        out[f++] = r - 0.5f;
        out[f++] = g - 0.5f;
        out[f++] = b - 0.5f;
        out[f++] = harmonic[0][i] - r;
        out[f++] = harmonic[1][i] - g;
        out[f++] = harmonic[2][i] - b;
        out[f++] = biharmonic[0][i] - r;
        out[f++] = biharmonic[1][i] - g;
        out[f++] = biharmonic[2][i] - b;
        for (int k = 0; k < 8; k++) {
            int n = q[RING + k];
            out[f++] = biharmonic[0][n] - r;
            out[f++] = biharmonic[1][n] - g;
            out[f++] = biharmonic[2][n] - b;
        }
        for (int k = 0; k < 16; k++) {
            int n = q[RING + k];
            out[f++] = harmonic[0][n] - r;
            out[f++] = harmonic[1][n] - g;
            out[f++] = harmonic[2][n] - b;
            out[f++] = pushPull[0][n] - r;
            out[f++] = pushPull[1][n] - g;
            out[f++] = pushPull[2][n] - b;
        }
        for (int k = 0; k < 24; k++) {
            out[f++] = mask[q[k]] == 0 ? 1f : 0f;
        }
        int bucket = bucket(distance[i]);
        for (int k = 0; k < 7; k++) {
            out[f++] = k == bucket ? 1f : 0f;
        }
        out[f] = 1f;
    }

    /**
     * Writes the descriptor a pixel is clustered by.
     *
     * @param x column
     * @param y row
     * @param out at least {@link #DESCRIPTOR} values
     */
    public void descriptor(int x, int y, double[] out) {
        double[] lum = luminance;
        int i = y * width + x;
        // Offsets are the grid's when the grid lies inside the tile, clamped indices near its edges.
        boolean inside = x >= 6 && y >= 6 && x < width - 6 && y < height - 6;
        double fineSum = 0;
        double fineSq = 0;
        int intact = 0;
        for (int k = 0; k < 24; k++) {
            int q = inside ? i + neighbourOffset[k] : index(x + FINE_DX[k], y + FINE_DY[k]);
            double l = lum[q];
            fineSum += l;
            fineSq += l * l;
            if (mask[q] == 0) {
                intact++;
            }
        }
        double coarseSum = 0;
        double coarseSq = 0;
        for (int k = 0; k < 24; k++) {
            double l = lum[inside ? i + neighbourOffset[24 + k] : index(x + COARSE_DX[k], y + COARSE_DY[k])];
            coarseSum += l;
            coarseSq += l * l;
        }
        out[0] = Math.min(20, distance[i]);
        out[1] = Math.sqrt(Math.max(0, fineSq / 24 - (fineSum / 24) * (fineSum / 24)));
        out[2] = Math.sqrt(Math.max(0, coarseSq / 24 - (coarseSum / 24) * (coarseSum / 24)));
        out[3] = Math.abs(lum[index(x + 6, y)] - lum[index(x - 6, y)]);
        out[4] = Math.abs(lum[index(x, y + 6)] - lum[index(x, y - 6)]);
        out[5] = intact / 24.0;
    }

    private int index(int x, int y) {
        int cx = x < 0 ? 0 : Math.min(width - 1, x);
        int cy = y < 0 ? 0 : Math.min(height - 1, y);
        return cy * width + cx;
    }

    private static int bucket(int d) {
        if (d <= 3) {
            return Math.max(0, d - 1);
        }
        if (d <= 5) {
            return 3;
        }
        if (d <= 8) {
            return 4;
        }
        return d <= 13 ? 5 : 6;
    }

    /** @return the indices of the damaged pixels, in raster order (the tile's own array) */
    public int[] damaged() {
        return damaged;
    }

    private static int[] damagedIndices(byte[] mask) {
        int n = 0;
        for (byte b : mask) {
            n += b != 0 ? 1 : 0;
        }
        int[] out = new int[n];
        int j = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] != 0) {
                out[j++] = i;
            }
        }
        return out;
    }

    /** Chessboard distance of each damaged pixel to the nearest intact one (breadth first). */
    static int[] distances(byte[] mask, int width, int height) {
        int n = width * height;
        int[] d = new int[n];
        // Breadth first with unit steps: a pixel's first visit is its shortest distance, so each
        // pixel enters the queue once.
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        for (int i = 0; i < n; i++) {
            if (mask[i] == 0) {
                d[i] = 0;
                queue[tail++] = i;
            } else {
                d[i] = MAX_DISTANCE;
            }
        }
        while (head < tail) {
            int i = queue[head++];
            int x = i % width;
            int y = i / width;
            int next = d[i] + 1;
            for (int dy = -1; dy <= 1; dy++) {
                int yy = y + dy;
                if (yy < 0 || yy >= height) {
                    continue;
                }
                for (int dx = -1; dx <= 1; dx++) {
                    int xx = x + dx;
                    if (xx < 0 || xx >= width) {
                        continue;
                    }
                    int j = yy * width + xx;
                    if (d[j] > next) {
                        d[j] = next;
                        queue[tail++] = j;
                    }
                }
            }
        }
        return d;
    }
}
