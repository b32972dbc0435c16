package dev.heritage.classify.descriptors;

import dev.heritage.api.DecodeLimits;
import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.PackedRgb;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Hand-crafted image descriptors: a fixed-length vector of {@value #DIMENSION} floats describing an
 * image's colour, texture, edges, spatial frequencies and global statistics, computed the same way
 * at training and at inference.
 *
 * <p>The image is first resized to {@value #WORKING_SIZE}×{@value #WORKING_SIZE} by area averaging
 * (aspect ratio not kept; the original aspect ratio is one of the global statistics). The blocks,
 * in order ({@link #blocks()} gives offsets, {@link #names()} a name per value):
 *
 * <table>
 *   <caption>Descriptor layout</caption>
 *   <tr><th>block</th><th>length</th><th>what</th></tr>
 *   <tr><td>{@code hsv_hist}</td><td>128</td><td>joint HSV histogram, 8 hue × 4 saturation × 4 value
 *       bins, L1-normalised</td></tr>
 *   <tr><td>{@code hue_chroma}</td><td>12</td><td>hue histogram (30° bins, soft, circular) weighted
 *       by chroma (saturation × value), L1-normalised; zeros for a grey image</td></tr>
 *   <tr><td>{@code lab_grid}</td><td>96</td><td>4×4 grid of cells, each mean and standard deviation
 *       of CIE L*, a*, b* (D65) divided by 100, over the 64×64 colour image</td></tr>
 *   <tr><td>{@code lbp_r1}</td><td>59</td><td>uniform local binary patterns (8 neighbours, radius 1)
 *       of the 128×128 grey image: 58 uniform codes + 1 for all others, L1-normalised</td></tr>
 *   <tr><td>{@code lbp_r2}</td><td>59</td><td>the same on the 64×64 grey image (a coarser
 *       scale)</td></tr>
 *   <tr><td>{@code glcm}</td><td>40</td><td>grey-level co-occurrence (16 levels, symmetric) at
 *       distances 1 and 4 and angles 0°, 45°, 90°, 135°: contrast/225, energy (√ASM), homogeneity,
 *       correlation, entropy/ln 256</td></tr>
 *   <tr><td>{@code edges}</td><td>28</td><td>per scale (128 and 64 px): Sobel gradient-orientation
 *       histogram, 12 bins over [0°, 180°), magnitude-weighted, soft, L1-normalised; edge density
 *       (fraction of pixels with magnitude &gt; 0.25); mean magnitude / 4</td></tr>
 *   <tr><td>{@code spectrum}</td><td>13</td><td>64×64 Hann-windowed grey power spectrum: share of
 *       power in 8 log-spaced radial bands (1 to 45 cycles), share in 4 orientation sectors (0°, 45°,
 *       90°, 135° of the frequency vector, radius ≥ 2), spectral slope / 4</td></tr>
 *   <tr><td>{@code global}</td><td>16</td><td>mean and standard deviation of R, G, B, saturation and
 *       value; colourfulness (Hasler–Süsstrunk); grey entropy (32 bins, /ln 32); grey skewness / 5;
 *       fractions of dark (Y &lt; 0.1) and bright (Y &gt; 0.9) pixels; ln(width/height) / 3</td></tr>
 * </table>
 *
 * <p>Every value is finite for every input, including 1×1, all-black and all-white images. The
 * arithmetic is deterministic: transcendental functions come from tables built with
 * {@link StrictMath} or from fixed polynomials, so the same image gives the same bits on every JVM.
 * About 1.2 ms per 224×285 image on one core. Most loops are written so that the JIT vectorises
 * them without changing a bit of the result (see {@link #isPositive}).
 *
 * <p>Immutable and thread-safe; share the {@link #create() instance}. Each thread that computes
 * descriptors keeps its own scratch arrays (about 1 MB), reused from call to call.
 */
public final class HandcraftedDescriptors {

    /** The identifier of this layout; stored with cached descriptors and in model cards. */
    public static final String ID = "handcrafted-v1";
    /** The side of the square working image. */
    public static final int WORKING_SIZE = 128;
    /** The length of the vector. */
    public static final int DIMENSION = 451;
    /**
     * {@link #compute(ImageSource)} decodes with sub-sampling that keeps the shorter side at least
     * this long.
     */
    public static final int MIN_DECODE_SIDE = 512;

    private static final int S = WORKING_SIZE;
    private static final int N = S * S;
    private static final int H = S / 2;
    private static final int F = 64;
    private static final int HUE_BINS = 12;
    private static final int ORI_BINS = 12;
    private static final int GLCM_LEVEL_BITS = 4;
    private static final int GLCM_LEVELS = 1 << GLCM_LEVEL_BITS;
    private static final int[][] GLCM_OFFSETS = {{1, 0}, {1, 1}, {0, 1}, {-1, 1}, {4, 0}, {4, 4}, {0, 4}, {-4, 4}};
    private static final float EDGE_THRESHOLD = 0.25f;
    private static final float PI = (float) Math.PI;

    private static final List<DescriptorBlock> BLOCKS;
    private static final List<String> NAMES;
    private static final int OFF_HSV;
    private static final int OFF_HUE;
    private static final int OFF_GRID;
    private static final int OFF_LBP1;
    private static final int OFF_LBP2;
    private static final int OFF_GLCM;
    private static final int OFF_EDGES;
    private static final int OFF_SPECTRUM;
    private static final int OFF_GLOBAL;

    private static final int[] LBP_U2 = new int[256];
    /** The {@link #window} of LBP bit k: NW, N, NE, E, SE, S, SW, W (clockwise from the top left). */
    private static final int[] LBP_NEIGHBOUR = {0, 1, 2, 5, 8, 7, 6, 3};

    private static final float[] SRGB_TO_LINEAR = new float[4097];
    private static final float[] LAB_F = new float[4097];
    private static final float[] HANN = new float[F];
    private static final double[] COS = new double[F / 2];
    private static final double[] SIN = new double[F / 2];
    private static final int[] RADIAL_BAND = new int[F * F];
    private static final int[] SECTOR = new int[F * F];
    private static final double[] BAND_LOG_CENTRE = new double[8];

    private static final HandcraftedDescriptors INSTANCE = new HandcraftedDescriptors();
    /**
     * Scratch arrays, one set per thread: allocating and zeroing them (about 1 MB) on every call cost
     * more than several of the blocks.
     */
    private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);
    /**
     * Histogram counters are split into this many interleaved copies (by pixel index), summed at the
     * end: neighbouring pixels often fall into the same bin, and one copy would make every increment
     * wait for the previous one to be stored.
     */
    private static final int COPIES = 4;
    /** Rows per block in the neighbourhood operations (LBP, Sobel): see {@link #window}. */
    private static final int BLOCK_ROWS = 8;

    static {
        List<DescriptorBlock> blocks = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int off = 0;
        OFF_HSV = off;
        for (int h = 0; h < 8; h++) {
            for (int s = 0; s < 4; s++) {
                for (int v = 0; v < 4; v++) {
                    names.add("hsv_hist.h" + h + "s" + s + "v" + v);
                }
            }
        }
        off = block(
                blocks,
                names,
                "hsv_hist",
                off,
                "joint HSV histogram, 8 hue x 4 saturation x 4 value bins, L1-normalised");
        OFF_HUE = off;
        for (int i = 0; i < HUE_BINS; i++) {
            names.add("hue_chroma." + (i * 30) + "deg");
        }
        off = block(
                blocks,
                names,
                "hue_chroma",
                off,
                "hue histogram, 12 soft circular bins of 30 degrees, weighted by chroma, L1-normalised");
        OFF_GRID = off;
        for (int cy = 0; cy < 4; cy++) {
            for (int cx = 0; cx < 4; cx++) {
                for (String stat : new String[] {"L_mean", "a_mean", "b_mean", "L_std", "a_std", "b_std"}) {
                    names.add("lab_grid.r" + cy + "c" + cx + "." + stat);
                }
            }
        }
        off = block(
                blocks,
                names,
                "lab_grid",
                off,
                "4x4 cells of the 64x64 colour image: mean and standard deviation of CIE L*, a*, b* (D65), / 100");
        OFF_LBP1 = off;
        for (int i = 0; i < 59; i++) {
            names.add("lbp_r1." + (i < 58 ? "u" + i : "nonuniform"));
        }
        off = block(
                blocks,
                names,
                "lbp_r1",
                off,
                "uniform LBP (8 neighbours, radius 1) on the 128x128 grey image, 59 bins, L1-normalised");
        OFF_LBP2 = off;
        for (int i = 0; i < 59; i++) {
            names.add("lbp_r2." + (i < 58 ? "u" + i : "nonuniform"));
        }
        off = block(
                blocks,
                names,
                "lbp_r2",
                off,
                "uniform LBP (8 neighbours, radius 1) on the 64x64 grey image, 59 bins, L1-normalised");
        OFF_GLCM = off;
        String[] angles = {"0", "45", "90", "135"};
        for (int o = 0; o < GLCM_OFFSETS.length; o++) {
            String offset = "d" + (o < 4 ? 1 : 4) + "a" + angles[o % 4];
            for (String stat : new String[] {"contrast", "energy", "homogeneity", "correlation", "entropy"}) {
                names.add("glcm." + offset + "." + stat);
            }
        }
        off = block(
                blocks,
                names,
                "glcm",
                off,
                "grey-level co-occurrence, 16 levels, distances 1 and 4, angles 0/45/90/135:"
                        + " contrast/225, energy (sqrt ASM), homogeneity, correlation, entropy/ln 256");
        OFF_EDGES = off;
        for (int scale : new int[] {S, H}) {
            for (int i = 0; i < ORI_BINS; i++) {
                names.add("edges.s" + scale + ".ori" + (i * 15) + "deg");
            }
            names.add("edges.s" + scale + ".density");
            names.add("edges.s" + scale + ".mean_magnitude");
        }
        off = block(
                blocks,
                names,
                "edges",
                off,
                "per scale (128, 64 px): Sobel orientation histogram (12 bins over"
                        + " 0-180 degrees, magnitude-weighted, L1), edge density (magnitude > 0.25), mean magnitude / 4");
        OFF_SPECTRUM = off;
        for (int i = 0; i < 8; i++) {
            names.add("spectrum.band" + i);
        }
        for (String a : angles) {
            names.add("spectrum.sector" + a + "deg");
        }
        names.add("spectrum.slope");
        off = block(
                blocks,
                names,
                "spectrum",
                off,
                "64x64 Hann-windowed grey power spectrum: power share in 8"
                        + " log-spaced radial bands, in 4 orientation sectors, and spectral slope / 4");
        OFF_GLOBAL = off;
        for (String g : new String[] {
            "r_mean",
            "g_mean",
            "b_mean",
            "r_std",
            "g_std",
            "b_std",
            "s_mean",
            "s_std",
            "v_mean",
            "v_std",
            "colourfulness",
            "grey_entropy",
            "grey_skewness",
            "dark_fraction",
            "bright_fraction",
            "log_aspect"
        }) {
            names.add("global." + g);
        }
        off = block(
                blocks,
                names,
                "global",
                off,
                "mean/std of R, G, B, saturation, value; colourfulness; grey"
                        + " entropy; grey skewness / 5; dark and bright fractions; ln(width/height) / 3");
        if (off != DIMENSION || names.size() != DIMENSION) {
            throw new AssertionError("descriptor layout is " + off + " long, expected " + DIMENSION);
        }
        BLOCKS = List.copyOf(blocks);
        NAMES = List.copyOf(names);

        // Uniform LBP: patterns with at most two 0/1 transitions (circularly) get bins 0..57.
        int next = 0;
        for (int code = 0; code < 256; code++) {
            int transitions = 0;
            for (int bit = 0; bit < 8; bit++) {
                int a = (code >> bit) & 1;
                int b = (code >> ((bit + 1) & 7)) & 1;
                transitions += a ^ b;
            }
            LBP_U2[code] = transitions <= 2 ? next++ : 58;
        }
        if (next != 58) {
            throw new AssertionError("uniform patterns: " + next);
        }
        for (int i = 0; i <= 4096; i++) {
            double v = i / 4096.0;
            SRGB_TO_LINEAR[i] = (float) (v <= 0.04045 ? v / 12.92 : StrictMath.pow((v + 0.055) / 1.055, 2.4));
            LAB_F[i] = (float) (v > 216.0 / 24389.0 ? StrictMath.cbrt(v) : (24389.0 / 27.0 * v + 16.0) / 116.0);
        }
        for (int i = 0; i < F; i++) {
            HANN[i] = (float) (0.5 - 0.5 * StrictMath.cos(2 * StrictMath.PI * i / F));
        }
        for (int i = 0; i < F / 2; i++) {
            COS[i] = StrictMath.cos(-2 * StrictMath.PI * i / F);
            SIN[i] = StrictMath.sin(-2 * StrictMath.PI * i / F);
        }
        double maxR = StrictMath.sqrt(2.0) * (F / 2);
        double[] edges = new double[9];
        for (int k = 0; k <= 8; k++) {
            edges[k] = StrictMath.pow(maxR, k / 8.0);
        }
        for (int k = 0; k < 8; k++) {
            BAND_LOG_CENTRE[k] = 0.5 * (StrictMath.log(edges[k]) + StrictMath.log(edges[k + 1]));
        }
        for (int v = 0; v < F; v++) {
            int fv = v < F / 2 ? v : v - F;
            for (int u = 0; u < F; u++) {
                int fu = u < F / 2 ? u : u - F;
                double r = StrictMath.sqrt((double) fu * fu + (double) fv * fv);
                int band = -1;
                if (r >= 1) {
                    band = 7;
                    for (int k = 0; k < 8; k++) {
                        if (r < edges[k + 1]) {
                            band = k;
                            break;
                        }
                    }
                }
                RADIAL_BAND[v * F + u] = band;
                int sector = -1;
                if (r >= 2) {
                    double angle = StrictMath.atan2(fv, fu);
                    if (angle < 0) {
                        angle += StrictMath.PI;
                    }
                    sector = (int) StrictMath.floor(angle / (StrictMath.PI / 4) + 0.5) & 3;
                }
                SECTOR[v * F + u] = sector;
            }
        }
    }

    private static int block(
            List<DescriptorBlock> blocks, List<String> names, String name, int offset, String description) {
        blocks.add(new DescriptorBlock(name, offset, names.size() - offset, description));
        return names.size();
    }

    private HandcraftedDescriptors() {}

    /** @return the shared instance */
    public static HandcraftedDescriptors create() {
        return INSTANCE;
    }

    /** @return {@value #ID} */
    public String id() {
        return ID;
    }

    /** @return {@value #DIMENSION} */
    public int dimension() {
        return DIMENSION;
    }

    /** @return the blocks of the vector, in order, covering it exactly */
    public List<DescriptorBlock> blocks() {
        return BLOCKS;
    }

    /**
     * @param name a block name, e.g. {@code edges}
     * @return that block
     * @throws IllegalArgumentException if there is no such block
     */
    public DescriptorBlock block(String name) {
        for (DescriptorBlock b : BLOCKS) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("no descriptor block '" + name + "'; blocks: "
                + BLOCKS.stream().map(DescriptorBlock::name).toList());
    }

    /** @return a name for every value of the vector, e.g. {@code glcm.d1a0.contrast} */
    public List<String> names() {
        return NAMES;
    }

    /**
     * Decodes an image (with {@link ImageDecoder}, default limits) and computes its descriptors.
     * Large images are decoded with sub-sampling that keeps the shorter side at least
     * {@value #MIN_DECODE_SIDE} pixels, which is far above the working size, so the result hardly
     * differs from a full decode; training and inference both use this method, so they agree.
     *
     * @param source the encoded image
     * @return the descriptor vector
     * @throws InvalidImageException if the image cannot be decoded
     */
    public float[] compute(ImageSource source) throws InvalidImageException {
        return compute(decode(source));
    }

    /**
     * Decodes an image the way {@link #compute(ImageSource)} does.
     *
     * @param source the encoded image
     * @return the decoded, possibly sub-sampled, RGB image
     * @throws InvalidImageException if the image cannot be decoded
     */
    public static BufferedImage decode(ImageSource source) throws InvalidImageException {
        return ImageDecoder.decodeAtLeast(source, DecodeLimits.defaults(), MIN_DECODE_SIDE);
    }

    /**
     * Computes the descriptors of an image. Images that are not {@link BufferedImage#TYPE_INT_RGB}
     * are converted first as {@link ImageDecoder#toRgb(BufferedImage)} does (transparency over
     * white).
     *
     * @param image any image of at least 1×1 pixels
     * @return a new vector of {@value #DIMENSION} finite values
     */
    public float[] compute(BufferedImage image) {
        float[] out = new float[DIMENSION];
        compute(image, out, 0);
        return out;
    }

    /**
     * Computes the descriptors of an image into an array.
     *
     * @param image any image of at least 1×1 pixels
     * @param out where to write
     * @param offset the index of the first value written; {@value #DIMENSION} values are written (all
     *     of them: what was there before does not matter)
     */
    public void compute(BufferedImage image, float[] out, int offset) {
        Objects.requireNonNull(image, "image");
        Objects.checkFromIndexSize(offset, DIMENSION, out.length);
        Arrays.fill(out, offset, offset + DIMENSION, 0f);
        BufferedImage rgb = ImageDecoder.toRgb(image);
        Work w = WORK.get();
        resize(rgb, w);
        w.derive();
        hsvHistogram(w, out, offset + OFF_HSV);
        hueChroma(w, out, offset + OFF_HUE);
        labGrid(w, out, offset + OFF_GRID);
        lbp(w, w.grey, S, out, offset + OFF_LBP1);
        lbp(w, w.grey2, H, out, offset + OFF_LBP2);
        glcm(w, out, offset + OFF_GLCM);
        edges(w, w.grey, S, out, offset + OFF_EDGES);
        edges(w, w.grey2, H, out, offset + OFF_EDGES + ORI_BINS + 2);
        spectrum(w, out, offset + OFF_SPECTRUM);
        global(w, rgb.getWidth(), rgb.getHeight(), out, offset + OFF_GLOBAL);
        for (int i = offset; i < offset + DIMENSION; i++) {
            if (!Float.isFinite(out[i])) {
                out[i] = 0f;
            }
        }
    }

    /**
     * Working arrays of one call, reused by the next call on the same thread. Every array is fully
     * written before it is read, so nothing leaks from one image into the next.
     */
    private static final class Work {
        final float[] r = new float[N];
        final float[] g = new float[N];
        final float[] b = new float[N];
        final float[] hue = new float[N];
        final float[] sat = new float[N];
        final float[] val = new float[N];
        final float[] grey = new float[N];
        final float[] labL = new float[H * H];
        final float[] labA = new float[H * H];
        final float[] labB = new float[H * H];
        final float[] grey2 = new float[H * H];
        /** Integer histogram counters, {@link #COPIES} interleaved copies (the GLCM needs the most). */
        final int[] counts = new int[COPIES * GLCM_LEVELS * GLCM_LEVELS];
        /** The grey image quantised to {@link #GLCM_LEVELS} levels. */
        final int[] levels = new int[N];
        /** The spectrum, [x][y] after the first FFT pass, [y][x] after the second. */
        final double[][] spectrumRe = new double[F][F];

        final double[][] spectrumIm = new double[F][F];
        final double[][] spectrumRe2 = new double[F][F];
        final double[][] spectrumIm2 = new double[F][F];
        /**
         * Chroma and which channel is the largest (0 or 1), for {@link #hsv}. Whole-image arrays
         * indexed like the channels: the JIT vectorises a loop only if all its arrays share one index.
         */
        final float[] chroma = new float[N];

        final float[] maxIsR = new float[N];
        final float[] maxIsG = new float[N];
        /** The 3×3 neighbourhoods of a block of rows (see {@link #window}). */
        final float[][] window = new float[9][BLOCK_ROWS * S];
        /** Sobel gradients, magnitudes (also LBP codes) and orientations of a block of rows. */
        final float[] gradientX = new float[BLOCK_ROWS * S];

        final float[] gradientY = new float[BLOCK_ROWS * S];
        final float[] magnitude = new float[BLOCK_ROWS * S];
        final float[] orientation = new float[BLOCK_ROWS * S];
        /** One source row, unpacked. */
        float[] pixelR = new float[0];

        float[] pixelG = new float[0];
        float[] pixelB = new float[0];
        /** Horizontally resampled source rows, a ring indexed by source row (see {@link #resize}). */
        float[][] ringR = new float[0][];

        float[][] ringG = new float[0][];
        float[][] ringB = new float[0][];
        /** One output row being summed, per channel. */
        final float[] sumR = new float[S];

        final float[] sumG = new float[S];
        final float[] sumB = new float[S];
        Weights wx;
        Weights wy;

        /** @return weights for resampling {@code src} pixels to S, reused while the size repeats */
        Weights columns(int src) {
            if (wx == null || wx.src != src) {
                wx = new Weights(src, S);
            }
            if (pixelR.length < src) {
                pixelR = new float[src];
                pixelG = new float[src];
                pixelB = new float[src];
            }
            return wx;
        }

        /** @return weights for resampling {@code src} rows to S, reused while the size repeats */
        Weights rows(int src) {
            if (wy == null || wy.src != src) {
                wy = new Weights(src, S);
            }
            return wy;
        }

        /** Makes room for {@code rows} resampled rows in the ring. */
        void ring(int rows) {
            if (ringR.length < rows) {
                ringR = new float[rows][S];
                ringG = new float[rows][S];
                ringB = new float[rows][S];
            }
        }

        void derive() {
            hsv();
            for (int i = 0; i < N; i++) {
                grey[i] = 0.299f * r[i] + 0.587f * g[i] + 0.114f * b[i];
            }
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < H; x++) {
                    int i = 2 * y * S + 2 * x;
                    int o = y * H + x;
                    grey2[o] = 0.25f * (grey[i] + grey[i + 1] + grey[i + S] + grey[i + S + 1]);
                    // CIE L*a*b* (D65) of the 2x2-averaged colour: the grid needs no finer scale.
                    float lr = table(SRGB_TO_LINEAR, 0.25f * (r[i] + r[i + 1] + r[i + S] + r[i + S + 1]));
                    float lg = table(SRGB_TO_LINEAR, 0.25f * (g[i] + g[i + 1] + g[i + S] + g[i + S + 1]));
                    float lb = table(SRGB_TO_LINEAR, 0.25f * (b[i] + b[i + 1] + b[i + S] + b[i + S + 1]));
                    float fx = table(LAB_F, (0.4124564f * lr + 0.3575761f * lg + 0.1804375f * lb) / 0.95047f);
                    float fy = table(LAB_F, 0.2126729f * lr + 0.7151522f * lg + 0.0721750f * lb);
                    float fz = table(LAB_F, (0.0193339f * lr + 0.1191920f * lg + 0.9503041f * lb) / 1.08883f);
                    labL[o] = 116f * fy - 16f;
                    labA[o] = 500f * (fx - fy);
                    labB[o] = 200f * (fy - fz);
                }
            }
        }

        /**
         * Hue, saturation and value of the working image: what this code gives, bit for bit,
         *
         * <pre>{@code
         * max = max(r, g, b); c = max - min(r, g, b); val = max; sat = max > 1e-6 ? c / max : 0;
         * h = c <= 1e-6 ? 0 : max == r ? (g - b) / c (+ 6 if negative) : max == g ? (b - r) / c + 2
         *     : (r - g) / c + 4;
         * hue = h / 6 (- 1 if >= 1)
         * }</pre>
         *
         * <p>but as short loops without branches or selects, which the JIT vectorises (it leaves long
         * loop bodies and selects scalar): each choice is a sum of terms weighted by exactly 0 or 1
         * ({@link #isPositive}). That is exact: the products are exact, and adding ±0 to a value
         * changes nothing (the differences here are never −0, as {@code x - x} is +0).
         */
        private void hsv() {
            for (int i = 0; i < N; i++) {
                val[i] = Math.max(r[i], Math.max(g[i], b[i]));
            }
            for (int i = 0; i < N; i++) {
                float max = val[i];
                float c = max - Math.min(r[i], Math.min(g[i], b[i]));
                // The divisor is raised where the result is unused, so that nothing is NaN.
                sat[i] = isPositive(max - 1e-6f) * (c / Math.max(max, 1e-6f));
                chroma[i] = c;
            }
            for (int i = 0; i < N; i++) {
                maxIsR[i] = 1f - isPositive(val[i] - r[i]);
            }
            for (int i = 0; i < N; i++) {
                maxIsG[i] = (1f - maxIsR[i]) * (1f - isPositive(val[i] - g[i]));
            }
            for (int i = 0; i < N; i++) {
                float isR = maxIsR[i];
                float isG = maxIsG[i];
                float isB = (1f - isR) * (1f - isG);
                hue[i] = isR * (g[i] - b[i]) + isG * (b[i] - r[i]) + isB * (r[i] - g[i]);
            }
            for (int i = 0; i < N; i++) {
                hue[i] = hue[i] / Math.max(chroma[i], 1e-6f);
            }
            for (int i = 0; i < N; i++) {
                float isR = maxIsR[i];
                float isG = maxIsG[i];
                float q = hue[i];
                float offset = isR * isPositive(-q) * 6f + isG * 2f + (1f - isR) * (1f - isG) * 4f;
                // + 0f turns a 0 × negative into +0, as the branches gave
                hue[i] = isPositive(chroma[i] - 1e-6f) * (q + offset) / 6f + 0f;
            }
            for (int i = 0; i < N; i++) {
                float h = hue[i];
                hue[i] = h - (1f - isPositive(1f - h)); // h >= 1: h - 1
            }
        }
    }

    /** Linear interpolation in a table sampled at i/4096 over [0, 1]; clamps outside. */
    private static float table(float[] t, float v) {
        if (!(v > 0f)) {
            return t[0];
        }
        if (v >= 1f) {
            return t[4096];
        }
        float p = v * 4096f;
        int i = (int) p;
        float frac = p - i;
        return t[i] + frac * (t[i + 1] - t[i]);
    }

    /**
     * Area-averaging resize of any RGB image to S×S, channels in [0, 1]: each source row is resampled
     * horizontally once, then each output row sums its source rows. Only the rows one output row
     * needs are kept (a ring in {@link Work}), not the whole horizontally resampled image, so the
     * scratch stays small and in cache whatever the image height.
     */
    private static void resize(BufferedImage img, Work w) {
        int width = img.getWidth();
        int height = img.getHeight();
        PackedRgb pixels = PackedRgb.of(img); // read in place: no copy, no per-pixel getRGB
        int[] data = pixels.data();
        Weights wx = w.columns(width);
        Weights wy = w.rows(height);
        // Source rows are needed in increasing order and an output row covers at most wy.maxSpan of
        // them, so a ring one longer never overwrites a row that is still needed.
        int ring = wy.maxSpan + 1;
        w.ring(ring);
        int next = 0; // the next source row to resample
        for (int oy = 0; oy < S; oy++) {
            Arrays.fill(w.sumR, 0f);
            Arrays.fill(w.sumG, 0f);
            Arrays.fill(w.sumB, 0f);
            for (int k = wy.start[oy]; k < wy.start[oy + 1]; k++) {
                int src = wy.index[k];
                if (src == next) {
                    resampleRow(data, pixels.row(src), wx, w, src % ring);
                    next++;
                }
                float wt = wy.weight[k] / 255f;
                addScaled(w.sumR, wt, w.ringR[src % ring]);
                addScaled(w.sumG, wt, w.ringG[src % ring]);
                addScaled(w.sumB, wt, w.ringB[src % ring]);
            }
            clampRow(w.sumR, w.r, oy * S);
            clampRow(w.sumG, w.g, oy * S);
            clampRow(w.sumB, w.b, oy * S);
        }
    }

    /**
     * Copies a row of sums, clamped to [0, 1], to {@code to[offset..]}. The sums are of non-negative
     * terms, never below +0, so only the upper bound needs applying (in a loop that vectorises).
     */
    private static void clampRow(float[] sum, float[] to, int offset) {
        for (int i = 0; i < S; i++) {
            sum[i] = Math.min(1f, sum[i]);
        }
        System.arraycopy(sum, 0, to, offset, S);
    }

    /**
     * {@code sum[i] += weight * row[i]} for the S values of a row: a loop that reads and writes its
     * arrays at the same index, which the JIT vectorises.
     */
    private static void addScaled(float[] sum, float weight, float[] row) {
        for (int i = 0; i < S; i++) {
            sum[i] += weight * row[i];
        }
    }

    /**
     * Resamples one row of packed RGB pixels (starting at {@code row}) into ring slot {@code slot}.
     * The row is first unpacked into one float array per channel, so that the weighted sums, where
     * most pixels are read more than once, do no unpacking.
     */
    private static void resampleRow(int[] data, int row, Weights wx, Work w, int slot) {
        float[] pr = w.pixelR;
        float[] pg = w.pixelG;
        float[] pb = w.pixelB;
        for (int x = 0; x < wx.src; x++) {
            int p = data[row + x];
            pr[x] = (p >> 16) & 0xff;
            pg[x] = (p >> 8) & 0xff;
            pb[x] = p & 0xff;
        }
        for (int ox = 0; ox < S; ox++) {
            float sr = 0f;
            float sg = 0f;
            float sb = 0f;
            for (int k = wx.start[ox]; k < wx.start[ox + 1]; k++) {
                int x = wx.index[k];
                float wt = wx.weight[k];
                sr += wt * pr[x];
                sg += wt * pg[x];
                sb += wt * pb[x];
            }
            w.ringR[slot][ox] = sr;
            w.ringG[slot][ox] = sg;
            w.ringB[slot][ox] = sb;
        }
    }

    /** For each output index, the source indices it covers and their area weights (summing to 1). */
    private static final class Weights {
        final int src;
        final int[] start;
        final int[] index;
        final float[] weight;
        /** The most source indices one output index covers. */
        final int maxSpan;

        Weights(int src, int dst) {
            this.src = src;
            start = new int[dst + 1];
            int total = 0;
            int widest = 0;
            for (int o = 0; o < dst; o++) {
                start[o] = total;
                int span = last(o, src, dst) - first(o, src, dst) + 1;
                total += span;
                widest = Math.max(widest, span);
            }
            start[dst] = total;
            maxSpan = widest;
            index = new int[total];
            weight = new float[total];
            for (int o = 0; o < dst; o++) {
                double lo = (double) o * src / dst;
                double hi = (double) (o + 1) * src / dst;
                int k = start[o];
                for (int i = first(o, src, dst); i <= last(o, src, dst); i++, k++) {
                    index[k] = i;
                    weight[k] = (float) ((Math.min(hi, i + 1) - Math.max(lo, i)) / (hi - lo));
                }
            }
        }

        private static int first(int o, int src, int dst) {
            return (int) Math.floor((double) o * src / dst);
        }

        private static int last(int o, int src, int dst) {
            return Math.min(src - 1, (int) Math.ceil((double) (o + 1) * src / dst) - 1);
        }
    }

    private static void hsvHistogram(Work w, float[] out, int off) {
        int bins = 128;
        int[] counts = clearCounts(w, bins);
        for (int i = 0; i < N; i++) {
            int hb = Math.min(7, (int) (w.hue[i] * 8f));
            int sb = Math.min(3, (int) (w.sat[i] * 4f));
            int vb = Math.min(3, (int) (w.val[i] * 4f));
            counts[(i & (COPIES - 1)) * bins + (hb * 4 + sb) * 4 + vb]++;
        }
        normaliseL1(mergeCounts(counts, bins), out, off);
    }

    private static void hueChroma(Work w, float[] out, int off) {
        float[] hist = new float[HUE_BINS];
        for (int i = 0; i < N; i++) {
            float chroma = w.sat[i] * w.val[i];
            if (chroma <= 1e-6f) {
                continue;
            }
            float p = w.hue[i] * HUE_BINS;
            int lo = Math.min((int) p, HUE_BINS - 1);
            float frac = p - lo;
            int hi = lo + 1 == HUE_BINS ? 0 : lo + 1;
            hist[lo] += chroma * (1f - frac);
            hist[hi] += chroma * frac;
        }
        normaliseL1(hist, out, off);
    }

    private static void labGrid(Work w, float[] out, int off) {
        int cell = H / 4;
        int o = off;
        float count = cell * cell;
        for (int cy = 0; cy < 4; cy++) {
            for (int cx = 0; cx < 4; cx++) {
                float[] sum = new float[3];
                float[] sq = new float[3];
                for (int y = cy * cell; y < (cy + 1) * cell; y++) {
                    for (int x = cx * cell; x < (cx + 1) * cell; x++) {
                        int i = y * H + x;
                        float l = w.labL[i] / 100f;
                        float a = w.labA[i] / 100f;
                        float b = w.labB[i] / 100f;
                        sum[0] += l;
                        sum[1] += a;
                        sum[2] += b;
                        sq[0] += l * l;
                        sq[1] += a * a;
                        sq[2] += b * b;
                    }
                }
                for (int c = 0; c < 3; c++) {
                    out[o + c] = sum[c] / count;
                }
                for (int c = 0; c < 3; c++) {
                    float mean = sum[c] / count;
                    out[o + 3 + c] = (float) Math.sqrt(Math.max(0f, sq[c] / count - mean * mean));
                }
                o += 6;
            }
        }
    }

    private static void lbp(Work w, float[] grey, int size, float[] out, int off) {
        int bins = 59;
        int[] counts = clearCounts(w, bins);
        float[][] win = w.window;
        float[] code = w.magnitude;
        for (int y0 = 1; y0 < size - 1; y0 += BLOCK_ROWS) {
            int y1 = Math.min(size - 1, y0 + BLOCK_ROWS);
            int length = window(grey, size, y0, y1, win);
            Arrays.fill(code, 0, length, 0f);
            for (int k = 0; k < 8; k++) {
                addBit(code, win[4], win[LBP_NEIGHBOUR[k]], 1 << k, length);
            }
            for (int y = y0; y < y1; y++) {
                for (int x = 1; x < size - 1; x++) {
                    int j = (y - y0) * size + x - 1;
                    counts[(x & (COPIES - 1)) * bins + LBP_U2[(int) code[j]]]++;
                }
            }
        }
        normaliseL1(mergeCounts(counts, bins), out, off);
    }

    /**
     * Adds {@code bit} to each LBP code whose neighbour is at least its centre, in a short loop that
     * vectorises (the codes are sums of distinct powers of two, exact in floats).
     */
    private static void addBit(float[] code, float[] centre, float[] neighbour, float bit, int length) {
        for (int j = 0; j < length; j++) {
            code[j] += bit * atLeast(neighbour[j], centre[j]);
        }
    }

    private static void glcm(Work w, float[] out, int off) {
        int levels = GLCM_LEVELS;
        int[] q = w.levels;
        for (int i = 0; i < N; i++) {
            q[i] = Math.min(levels - 1, (int) (w.grey[i] * levels));
        }
        float[] p = new float[levels * levels];
        int o = off;
        float entropyNorm = (float) (1.0 / StrictMath.log(levels * levels));
        for (int[] d : GLCM_OFFSETS) {
            int[] counts = clearCounts(w, levels * levels);
            int dx = d[0];
            int dy = d[1];
            int count = 0;
            for (int y = 0; y < S - dy; y++) {
                int x0 = Math.max(0, -dx);
                int x1 = Math.min(S, S - dx);
                int a = y * S;
                int b = (y + dy) * S + dx;
                for (int x = x0; x < x1; x++) {
                    // copy, first level, second level: bit fields of the counter index
                    counts[((x & (COPIES - 1)) << 2 * GLCM_LEVEL_BITS) | (q[a + x] << GLCM_LEVEL_BITS) | q[b + x]]++;
                }
                count += x1 - x0;
            }
            mergeCounts(counts, levels * levels);
            for (int i = 0; i < levels; i++) {
                for (int j = 0; j < levels; j++) {
                    p[i * levels + j] = counts[i * levels + j] + counts[j * levels + i];
                }
            }
            float inv = 1f / (2 * count);
            float mean = 0f;
            for (int i = 0; i < levels; i++) {
                for (int j = 0; j < levels; j++) {
                    p[i * levels + j] *= inv;
                    mean += i * p[i * levels + j];
                }
            }
            float var = 0f;
            float contrast = 0f;
            float asm = 0f;
            float homogeneity = 0f;
            float cov = 0f;
            float entropy = 0f;
            for (int i = 0; i < levels; i++) {
                for (int j = 0; j < levels; j++) {
                    float v = p[i * levels + j];
                    if (v == 0f) {
                        continue;
                    }
                    int diff = i - j;
                    var += (i - mean) * (i - mean) * v;
                    cov += (i - mean) * (j - mean) * v;
                    contrast += diff * diff * v;
                    asm += v * v;
                    homogeneity += v / (1f + diff * diff);
                    entropy -= v * fastLn(v);
                }
            }
            out[o++] = contrast / ((levels - 1) * (levels - 1));
            out[o++] = (float) Math.sqrt(asm);
            out[o++] = homogeneity;
            out[o++] = var > 1e-9f ? Math.max(-1f, Math.min(1f, cov / var)) : 1f;
            out[o++] = entropy * entropyNorm;
        }
    }

    private static void edges(Work w, float[] grey, int size, float[] out, int off) {
        float[] hist = new float[ORI_BINS];
        float[] gx = w.gradientX;
        float[] gy = w.gradientY;
        float[] magnitude = w.magnitude;
        float[] position = w.orientation;
        int strong = 0;
        float magnitudeSum = 0f;
        for (int y0 = 1; y0 < size - 1; y0 += BLOCK_ROWS) {
            int y1 = Math.min(size - 1, y0 + BLOCK_ROWS);
            int length = window(grey, size, y0, y1, w.window);
            sobel(w.window, gx, gy, magnitude, length);
            orientations(gx, gy, position, length);
            for (int y = y0; y < y1; y++) {
                for (int x = 1; x < size - 1; x++) {
                    int j = (y - y0) * size + x - 1;
                    float m = magnitude[j];
                    magnitudeSum += m;
                    strong += m > EDGE_THRESHOLD ? 1 : 0;
                    if (m <= 1e-4f) {
                        continue;
                    }
                    float pos = position[j];
                    int lo = Math.min((int) pos, ORI_BINS - 1);
                    float frac = pos - lo;
                    int hi = lo + 1 == ORI_BINS ? 0 : lo + 1;
                    hist[lo] += m * (1f - frac);
                    hist[hi] += m * frac;
                }
            }
        }
        int count = Math.max(0, size - 2) * Math.max(0, size - 2);
        normaliseL1(hist, out, off);
        out[off + ORI_BINS] = count == 0 ? 0f : (float) strong / count;
        out[off + ORI_BINS + 1] = count == 0 ? 0f : magnitudeSum / count / 4f;
    }

    /** Sobel gradients and magnitudes of a {@link #window}, in a loop without branches. */
    private static void sobel(float[][] win, float[] gx, float[] gy, float[] magnitude, int length) {
        float[] nw = win[0];
        float[] n = win[1];
        float[] ne = win[2];
        float[] west = win[3];
        float[] east = win[5];
        float[] sw = win[6];
        float[] south = win[7];
        float[] se = win[8];
        for (int j = 0; j < length; j++) {
            float x = ne[j] + 2f * east[j] + se[j] - nw[j] - 2f * west[j] - sw[j];
            float y = sw[j] + 2f * south[j] + se[j] - nw[j] - 2f * n[j] - ne[j];
            gx[j] = x;
            gy[j] = y;
            magnitude[j] = (float) Math.sqrt(x * x + y * y);
        }
    }

    /**
     * Copies the 3×3 neighbourhoods of rows y0 to y1 − 1 into nine arrays, one per neighbour:
     * {@code win[(dy + 1) * 3 + dx + 1][j] = image[(y0 + dy) * size + 1 + j + dx]}, so entry j is
     * the pixel at x = 1 + j mod size, y = y0 + j / size (entries at x = 0 and x = size − 1 are
     * unused). The loops over these arrays read all of them at the same index, which the JIT
     * vectorises: reading the image at x ± 1 next to writing another array at x, it cannot rule out
     * that they overlap, and does not. Blocks of a few rows keep the loops long and the data in cache.
     *
     * @return the number of entries, (y1 − y0) × size − 2
     */
    private static int window(float[] image, int size, int y0, int y1, float[][] win) {
        int length = (y1 - y0) * size - 2;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                System.arraycopy(image, (y0 + dy) * size + 1 + dx, win[(dy + 1) * 3 + dx + 1], 0, length);
            }
        }
        return length;
    }

    /** @return exactly 1 if a &gt;= c, else exactly 0 (neither NaN), without a branch */
    private static float atLeast(float a, float c) {
        return 1f - isPositive(c - a);
    }

    /**
     * Orientation bin positions (orientation / bin width) of {@code length} gradients: the orientation folded into [0, π), bit for bit what {@link #atan2}{@code (gy, gx)}
     * plus π when negative gives for a non-zero gradient (for a zero one the value is unused, maybe
     * NaN). Written as several short loops without branches or selects, which the JIT vectorises (it
     * leaves long loop bodies and selects scalar). Each quadrant fix-up {@code c ? k − r : r} becomes
     * {@code c·k + (1 − 2c)·r} with c exactly 0 or 1 (see {@link #isPositive}): exact, as the products
     * are exact and {@code 0 + r == r} for r ≥ 0.
     */
    private static void orientations(float[] gx, float[] gy, float[] pos, int length) {
        for (int x = 0; x < length; x++) {
            float ax = Math.abs(gx[x]);
            float ay = Math.abs(gy[x]);
            pos[x] = Math.min(ax, ay) / Math.max(ax, ay);
        }
        for (int x = 0; x < length; x++) {
            pos[x] = atanPolynomial(pos[x]);
        }
        for (int x = 0; x < length; x++) {
            float steep = isPositive(Math.abs(gy[x]) - Math.abs(gx[x])); // |gy| > |gx|
            pos[x] = steep * (PI / 2) + (1f - 2f * steep) * pos[x];
        }
        for (int x = 0; x < length; x++) {
            float left = isPositive(-gx[x]); // gx < 0
            pos[x] = left * PI + (1f - 2f * left) * pos[x];
        }
        float binWidth = PI / ORI_BINS;
        for (int x = 0; x < length; x++) {
            // atan2 gives −r below the x axis, folded to π − r; for r == 0 it gives −0, folded to 0.
            float r = pos[x];
            float down = isPositive(-gy[x]) * isPositive(r); // gy < 0 and r > 0
            pos[x] = (down * PI + (1f - 2f * down) * r) / binWidth;
        }
    }

    /**
     * @return exactly 1 if v &gt; 0, else exactly 0 (v not NaN), by arithmetic only: the smallest
     *     positive float times 2^254 is above 1, and −0 is clamped to +0
     */
    private static float isPositive(float v) {
        return Math.min(1f, Math.max(0f, v * 0x1p127f * 0x1p127f));
    }

    private static void spectrum(Work w, float[] out, int off) {
        double mean = 0;
        for (int i = 0; i < F * F; i++) {
            mean += w.grey2[i];
        }
        mean /= F * F;
        // The 2-D FFT: along x (every row), then along y (every column). Each pass transforms all
        // lines at once, butterfly by butterfly over whole lines (see fftAcross), so the input is
        // laid out transposed, [x][y], for the first pass and transposed back for the second.
        double[][] re = w.spectrumRe;
        double[][] im = w.spectrumIm;
        for (int x = 0; x < F; x++) {
            Arrays.fill(im[x], 0.0);
            for (int y = 0; y < F; y++) {
                re[x][y] = (w.grey2[y * F + x] - mean) * HANN[x] * HANN[y];
            }
        }
        fftAcross(re, im);
        double[][] re2 = w.spectrumRe2;
        double[][] im2 = w.spectrumIm2;
        for (int u = 0; u < F; u++) {
            for (int y = 0; y < F; y++) {
                re2[y][u] = re[u][y];
                im2[y][u] = im[u][y];
            }
        }
        fftAcross(re2, im2);
        double[] band = new double[8];
        int[] bandCount = new int[8];
        double[] sector = new double[4];
        double total = 0;
        for (int i = 0; i < F * F; i++) {
            int k = RADIAL_BAND[i];
            if (k < 0) {
                continue;
            }
            double fr = re2[i / F][i % F];
            double fi = im2[i / F][i % F];
            double power = fr * fr + fi * fi;
            band[k] += power;
            bandCount[k]++;
            total += power;
            if (SECTOR[i] >= 0) {
                sector[SECTOR[i]] += power;
            }
        }
        if (total <= 1e-12) {
            return; // a flat image: no spectrum, all zeros
        }
        for (int k = 0; k < 8; k++) {
            out[off + k] = (float) (band[k] / total);
        }
        double sectorTotal = sector[0] + sector[1] + sector[2] + sector[3];
        for (int s = 0; s < 4; s++) {
            out[off + 8 + s] = sectorTotal > 0 ? (float) (sector[s] / sectorTotal) : 0f;
        }
        // Least-squares slope of log mean power against log radius.
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int k = 0; k < 8; k++) {
            double x = BAND_LOG_CENTRE[k];
            double y = StrictMath.log(band[k] / total / Math.max(1, bandCount[k]) + 1e-9);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double slope = (8 * sxy - sx * sy) / (8 * sxx - sx * sx);
        out[off + 12] = (float) (Math.max(-8, Math.min(8, slope)) / 4);
    }

    /**
     * In-place radix-2 FFTs of length {@value #F} along the first index of {@code re[F][F]} and
     * {@code im[F][F]}, for every second index at once: each butterfly runs over two whole lines,
     * in a loop the JIT vectorises, doing for each second index exactly what a one-line FFT would, so
     * the results are the same to the bit. The bit-reversal permutation swaps line references.
     */
    private static void fftAcross(double[][] re, double[][] im) {
        int n = F;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double[] t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            int half = len >> 1;
            int step = n / len;
            for (int i = 0; i < n; i += len) {
                for (int k = 0; k < half; k++) {
                    butterfly(re[i + k], im[i + k], re[i + k + half], im[i + k + half], COS[k * step], SIN[k * step]);
                }
            }
        }
    }

    /** One radix-2 butterfly over whole lines: (a, b) becomes (a + w·b, a − w·b). */
    private static void butterfly(double[] ar, double[] ai, double[] br, double[] bi, double wr, double wi) {
        for (int x = 0; x < F; x++) {
            double xr = br[x] * wr - bi[x] * wi;
            double xi = br[x] * wi + bi[x] * wr;
            br[x] = ar[x] - xr;
            bi[x] = ai[x] - xi;
            ar[x] += xr;
            ai[x] += xi;
        }
    }

    private static void global(Work w, int width, int height, float[] out, int off) {
        double[] sum = new double[5];
        double[] sq = new double[5];
        double rgSum = 0;
        double rgSq = 0;
        double ybSum = 0;
        double ybSq = 0;
        int[] greyCounts = clearCounts(w, 32);
        int dark = 0;
        int bright = 0;
        double greySum = 0;
        for (int i = 0; i < N; i++) {
            accumulate(sum, sq, 0, w.r[i]);
            accumulate(sum, sq, 1, w.g[i]);
            accumulate(sum, sq, 2, w.b[i]);
            accumulate(sum, sq, 3, w.sat[i]);
            accumulate(sum, sq, 4, w.val[i]);
            double rg = w.r[i] - w.g[i];
            double yb = 0.5 * (w.r[i] + w.g[i]) - w.b[i];
            rgSum += rg;
            rgSq += rg * rg;
            ybSum += yb;
            ybSq += yb * yb;
            float y = w.grey[i];
            greySum += y;
            greyCounts[(i & (COPIES - 1)) * 32 + Math.min(31, (int) (y * 32f))]++;
            if (y < 0.1f) {
                dark++;
            } else if (y > 0.9f) {
                bright++;
            }
        }
        int o = off;
        double[] mean = new double[5];
        double[] std = new double[5];
        for (int c = 0; c < 5; c++) {
            mean[c] = sum[c] / N;
            std[c] = Math.sqrt(Math.max(0, sq[c] / N - mean[c] * mean[c]));
        }
        for (int c = 0; c < 3; c++) {
            out[o++] = (float) mean[c];
        }
        for (int c = 0; c < 3; c++) {
            out[o++] = (float) std[c];
        }
        out[o++] = (float) mean[3];
        out[o++] = (float) std[3];
        out[o++] = (float) mean[4];
        out[o++] = (float) std[4];
        double rgMean = rgSum / N;
        double ybMean = ybSum / N;
        double rgVar = Math.max(0, rgSq / N - rgMean * rgMean);
        double ybVar = Math.max(0, ybSq / N - ybMean * ybMean);
        out[o++] = (float) (Math.sqrt(rgVar + ybVar) + 0.3 * Math.sqrt(rgMean * rgMean + ybMean * ybMean));
        float entropy = 0f;
        for (float c : mergeCounts(greyCounts, 32)) {
            if (c > 0f) {
                float p = c / N;
                entropy -= p * fastLn(p);
            }
        }
        out[o++] = (float) (entropy / StrictMath.log(32));
        double greyMean = greySum / N;
        double m2 = 0;
        double m3 = 0;
        for (int i = 0; i < N; i++) {
            double d = w.grey[i] - greyMean;
            m2 += d * d;
            m3 += d * d * d;
        }
        m2 /= N;
        m3 /= N;
        double sd = Math.sqrt(m2);
        double skew = m2 > 1e-10 ? m3 / (sd * sd * sd) : 0;
        out[o++] = (float) (Math.max(-5, Math.min(5, skew)) / 5);
        out[o++] = (float) dark / N;
        out[o++] = (float) bright / N;
        double aspect = StrictMath.log((double) width / height);
        out[o] = (float) (Math.max(-3, Math.min(3, aspect)) / 3);
    }

    private static void accumulate(double[] sum, double[] sq, int c, float v) {
        sum[c] += v;
        sq[c] += (double) v * v;
    }

    /** @return {@link Work#counts} with the first {@link #COPIES} × {@code bins} counters zeroed */
    private static int[] clearCounts(Work w, int bins) {
        Arrays.fill(w.counts, 0, COPIES * bins, 0);
        return w.counts;
    }

    /**
     * Sums the {@link #COPIES} copies of {@code bins} counters into the first copy and returns them
     * as floats. Counting in ints and converting once gives the same values as adding 1f per pixel
     * (exact below 2^24).
     */
    private static float[] mergeCounts(int[] counts, int bins) {
        float[] hist = new float[bins];
        for (int i = 0; i < bins; i++) {
            int total = counts[i];
            for (int c = 1; c < COPIES; c++) {
                total += counts[c * bins + i];
            }
            counts[i] = total;
            hist[i] = total;
        }
        return hist;
    }

    private static void normaliseL1(float[] hist, float[] out, int off) {
        double sum = 0;
        for (float v : hist) {
            sum += v;
        }
        if (sum <= 0) {
            return;
        }
        float inv = (float) (1.0 / sum);
        for (int i = 0; i < hist.length; i++) {
            out[off + i] = hist[i] * inv;
        }
    }

    /**
     * atan2 by a fixed polynomial (error below 1e-6 rad): fast and the same on every JVM.
     */
    static float atan2(float y, float x) {
        float ax = Math.abs(x);
        float ay = Math.abs(y);
        float max = Math.max(ax, ay);
        if (max == 0f) {
            return 0f;
        }
        float r = atanPolynomial(Math.min(ax, ay) / max);
        if (ay > ax) {
            r = PI / 2 - r;
        }
        if (x < 0) {
            r = PI - r;
        }
        return y < 0 ? -r : r;
    }

    /** atan(a) for a in [0, 1] by a fixed polynomial. */
    private static float atanPolynomial(float a) {
        float s = a * a;
        // Abramowitz and Stegun 4.4.49: |error| <= 2e-8 on [0, 1] (float rounding dominates).
        return a
                * (1f
                        + s
                                * (-0.3333314528f
                                        + s
                                                * (0.1999355085f
                                                        + s
                                                                * (-0.1420889944f
                                                                        + s
                                                                                * (0.1065626393f
                                                                                        + s
                                                                                                * (-0.0752896400f
                                                                                                        + s
                                                                                                                * (0.0429096138f
                                                                                                                        + s
                                                                                                                                * (-0.0161657367f
                                                                                                                                        + s
                                                                                                                                                * 0.0028662257f))))))));
    }

    /** Natural log of a positive float via its exponent and a fixed polynomial; deterministic. */
    static float fastLn(float v) {
        int bits = Float.floatToRawIntBits(v);
        int exponent = ((bits >>> 23) & 0xff) - 127;
        float m = Float.intBitsToFloat((bits & 0x007fffff) | 0x3f800000); // [1, 2)
        // ln(m) for m in [1, 2) via ln((1+t)/(1-t)) = 2(t + t^3/3 + t^5/5 + t^7/7 + t^9/9), t = (m-1)/(m+1)
        float t = (m - 1f) / (m + 1f);
        float t2 = t * t;
        float series = t * (2f + t2 * (2f / 3f + t2 * (2f / 5f + t2 * (2f / 7f + t2 * (2f / 9f)))));
        return series + exponent * 0.6931471805599453f;
    }
}
