package dev.heritage.inpaint;

import dev.heritage.api.Mask;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * Generates realistic damage masks for evaluation and training: brush strokes (thick random
 * polylines), scratches (thin long lines), branching cracks, blotches (irregular blobs), large
 * blotches, rectangular losses, or a mix. {@link Kind} names the damage kinds an evaluation reports
 * separately, each with its documented coverage range.
 *
 * <p>A mask is determined by {@code (seed, width, height, minCoverage, maxCoverage)} and the
 * generator's {@link Damage}: the same arguments give an equal {@link Mask}, on any JVM (the only
 * randomness is {@link Random} seeded from {@code seed} through a fixed bit mixer, and the geometry
 * uses {@link StrictMath}).
 * The damaged share hits the requested range: a target is drawn uniformly inside it, shapes are
 * added until the target is reached, and a shape that would overshoot the upper bound is withdrawn
 * and tried smaller.
 *
 * <p>Immutable and thread-safe.
 */
public final class MaskGenerator {
    /** The kind of damage drawn. Constants are immutable and thread-safe. */
    public enum Damage {
        /** Thick random polylines with rounded ends, like paint losses along a stroke. */
        BRUSH,
        /** Thin, long, slightly bent lines. */
        SCRATCH,
        /** Irregular blobs, like water stains or flaking. */
        BLOTCH,
        /** Axis-aligned rectangular losses, like a missing piece. */
        RECTANGLE,
        /**
         * The brush strokes, scratches, blotches and rectangles above, brush strokes and blotches the
         * most frequent (never {@link #CRACK} nor {@link #LARGE_BLOTCH}, which came later: the mixed
         * masks stay what they were, bit for bit).
         */
        MIXED,
        /**
         * Thin branching cracks, 1 to 3 pixels wide whatever the image size (craquelure, tears): a
         * jagged main line with side branches, which may branch again once.
         */
        CRACK,
        /**
         * Large irregular losses: blobs each covering at least {@value #MIN_LARGE_BLOTCH} of the image
         * (up to about 8 % each), whole or cut by the image border; a blob that would cover less (cut by
         * the border) is not drawn. Overlapping blobs merge, so every connected damaged region covers at
         * least {@value #MIN_LARGE_BLOTCH} of the image. Needs {@code maxCoverage} at least that share.
         */
        LARGE_BLOTCH;

        /** The least share of the image one {@link #LARGE_BLOTCH} blob covers: {@value}. */
        public static final double MIN_LARGE_BLOTCH = 0.02;
    }

    /**
     * The damage kinds an evaluation reports separately (issue 18), each a {@link Damage} with the
     * coverage range its masks are drawn in. The ranges differ because the kinds do: thin cracks
     * rarely take more than a few percent of a painting, large losses take much more. Together they
     * span the coverage buckets under 5 %, 5–15 %, 15–30 % and over 30 %. Constants are immutable and
     * thread-safe.
     */
    public enum Kind {
        /** {@link Damage#CRACK}: thin (1–3 px) branching cracks, 1–4 % of the image. */
        CRACKS("cracks", Damage.CRACK, 0.01, 0.04),
        /** {@link Damage#BRUSH}: free-form brush strokes, 5–30 % of the image. */
        STROKES("strokes", Damage.BRUSH, 0.05, 0.30),
        /** {@link Damage#LARGE_BLOTCH}: large losses, each blob at least 2 % of the image, 5–35 % in all. */
        BLOTCHES("blotches", Damage.LARGE_BLOTCH, 0.05, 0.35),
        /** {@link Damage#MIXED}: the mixed default of the evaluation, 5–30 % of the image. */
        MIXED("mixed", Damage.MIXED, 0.05, 0.30);

        private final String id;
        private final Damage damage;
        private final double minCoverage;
        private final double maxCoverage;

        Kind(String id, Damage damage, double minCoverage, double maxCoverage) {
            this.id = id;
            this.damage = damage;
            this.minCoverage = minCoverage;
            this.maxCoverage = maxCoverage;
        }

        /** @return the name used on the command line and in reports, e.g. {@code cracks} */
        public String id() {
            return id;
        }

        /** @return the damage drawn */
        public Damage damage() {
            return damage;
        }

        /** @return the least damaged share of this kind's masks */
        public double minCoverage() {
            return minCoverage;
        }

        /** @return the largest damaged share of this kind's masks */
        public double maxCoverage() {
            return maxCoverage;
        }

        /**
         * This kind's mask, in its own coverage range.
         *
         * @param seed the seed
         * @param width width in pixels, positive
         * @param height height in pixels, positive
         * @return the mask, equal for equal arguments
         * @throws IllegalArgumentException if the sizes are not positive or the image is too small for
         *     any mask in this kind's range
         */
        public Mask generate(long seed, int width, int height) {
            return MaskGenerator.of(damage).generate(seed, width, height, minCoverage, maxCoverage);
        }

        /**
         * @param id a kind's {@link #id()}, case-insensitive
         * @return the kind
         * @throws IllegalArgumentException naming the known kinds, if there is none of that name
         */
        public static Kind parse(String id) {
            for (Kind k : values()) {
                if (k.id.equalsIgnoreCase(id.strip())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("Unknown mask kind '" + id + "'; use one of "
                    + Arrays.stream(values()).map(Kind::id).toList());
        }
    }

    /** The default lower bound of the damaged share: {@value}. */
    public static final double DEFAULT_MIN_COVERAGE = 0.05;
    /** The default upper bound of the damaged share: {@value}. */
    public static final double DEFAULT_MAX_COVERAGE = 0.40;

    private static final int MAX_SHAPES = 100_000;

    private final Damage damage;

    private MaskGenerator(Damage damage) {
        this.damage = damage;
    }

    /**
     * @param damage the kind of damage
     * @return a generator of that kind
     */
    public static MaskGenerator of(Damage damage) {
        return new MaskGenerator(Objects.requireNonNull(damage, "damage"));
    }

    /** @return a generator of {@link Damage#MIXED} damage */
    public static MaskGenerator mixed() {
        return new MaskGenerator(Damage.MIXED);
    }

    /** @return the kind of damage drawn */
    public Damage damage() {
        return damage;
    }

    /**
     * A mask with a damaged share between {@value #DEFAULT_MIN_COVERAGE} and
     * {@value #DEFAULT_MAX_COVERAGE}.
     *
     * @param seed the seed
     * @param width width in pixels
     * @param height height in pixels
     * @return the mask
     */
    public Mask generate(long seed, int width, int height) {
        return generate(seed, width, height, DEFAULT_MIN_COVERAGE, DEFAULT_MAX_COVERAGE);
    }

    /**
     * @param seed the seed
     * @param width width in pixels, positive
     * @param height height in pixels, positive
     * @param minCoverage the least damaged share, in [0, 1]
     * @param maxCoverage the largest damaged share, in [minCoverage, 1]
     * @return a mask whose {@link Mask#coverage()} lies in {@code [minCoverage, maxCoverage]}
     * @throws IllegalArgumentException if the sizes are not positive, the range is not within
     *     [0, 1], or no whole number of pixels of this image lies within it
     */
    public Mask generate(long seed, int width, int height, double minCoverage, double maxCoverage) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("Mask size must be positive, got " + width + "x" + height);
        }
        if (!(minCoverage >= 0 && minCoverage <= maxCoverage && maxCoverage <= 1)) {
            throw new IllegalArgumentException(
                    "Coverage range must satisfy 0 <= min <= max <= 1, got [" + minCoverage + ", " + maxCoverage + "]");
        }
        long total = (long) width * height;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Mask too large: " + width + "x" + height);
        }
        int lo = (int) Math.ceil(minCoverage * total - 1e-9);
        int hi = (int) Math.floor(maxCoverage * total + 1e-9);
        // Guard against rounding: the counts must really give shares within the range.
        while (lo < total && lo / (double) total < minCoverage) {
            lo++;
        }
        while (hi > 0 && hi / (double) total > maxCoverage) {
            hi--;
        }
        if (lo > hi) {
            throw new IllegalArgumentException("No mask of " + width + "x" + height + " has a coverage within ["
                    + minCoverage + ", " + maxCoverage + "]; widen the range.");
        }
        Canvas canvas = new Canvas(width, height);
        Random random = new Random(mix(seed));
        int target = lo + (int) Math.floor(random.nextDouble() * (hi - lo + 1));
        target = Math.min(target, hi);
        double scale = 1.0;
        int shapes = 0;
        if (damage == Damage.LARGE_BLOTCH) {
            int minArea = (int) Math.ceil(Damage.MIN_LARGE_BLOTCH * total - 1e-9);
            if (hi < minArea) {
                throw new IllegalArgumentException("A large blotch covers at least " + Damage.MIN_LARGE_BLOTCH
                        + " of the image, more than the largest coverage asked for (" + maxCoverage
                        + "); raise maxCoverage to at least " + Damage.MIN_LARGE_BLOTCH + ".");
            }
            largeBlotches(canvas, random, lo, hi, target, minArea);
            shapes = MAX_SHAPES; // the generic loop below has nothing left to do
        }
        while (canvas.count < target && shapes < MAX_SHAPES) {
            shapes++;
            Damage kind = damage == Damage.MIXED ? pickMixed(random) : damage;
            canvas.begin();
            switch (kind) {
                case BRUSH -> brush(canvas, random, scale);
                case SCRATCH -> scratch(canvas, random, scale);
                case BLOTCH -> blotch(canvas, random, scale);
                case CRACK -> crack(canvas, random, scale);
                default -> rectangle(canvas, random, scale);
            }
            if (canvas.count > hi) {
                canvas.undo();
                scale *= 0.7;
            }
        }
        if (canvas.count < lo) {
            // Pathological ranges only (e.g. a few pixels wide): finish pixel by pixel, deterministically.
            for (int i = 0; i < canvas.flags.length && canvas.count < target; i++) {
                if (!canvas.flags[i]) {
                    canvas.flags[i] = true;
                    canvas.count++;
                }
            }
        }
        return Mask.of(width, height, canvas.flags);
    }

    /**
     * SplitMix64's finaliser: consecutive seeds (0, 1, 2, …) give unrelated {@link Random} streams,
     * whose first outputs are otherwise strongly correlated. The one seed mixer of mask drawing, training
     * crops and evaluation draws.
     *
     * @param seed any seed
     * @return a well-mixed seed
     */
    public static long mix(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static Damage pickMixed(Random random) {
        double u = random.nextDouble();
        if (u < 0.35) {
            return Damage.BRUSH;
        } else if (u < 0.55) {
            return Damage.SCRATCH;
        } else if (u < 0.85) {
            return Damage.BLOTCH;
        }
        return Damage.RECTANGLE;
    }

    private static double between(Random random, double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    private static void brush(Canvas c, Random random, double scale) {
        double s = Math.min(c.width, c.height);
        double radius = Math.max(1.0, between(random, 0.008, 0.035) * s * scale);
        int vertices = 2 + random.nextInt(6);
        double x = random.nextDouble() * c.width;
        double y = random.nextDouble() * c.height;
        double angle = random.nextDouble() * 2 * Math.PI;
        for (int v = 1; v < vertices; v++) {
            double length = between(random, 0.04, 0.2) * s * scale + 1;
            angle += between(random, -1.0, 1.0);
            double nx = x + length * StrictMath.cos(angle);
            double ny = y + length * StrictMath.sin(angle);
            c.capsule(x, y, nx, ny, radius);
            x = nx;
            y = ny;
            radius = Math.max(1.0, radius * between(random, 0.8, 1.2));
        }
    }

    private static void scratch(Canvas c, Random random, double scale) {
        double s = Math.min(c.width, c.height);
        double radius = between(random, 0.5, 1.5);
        int segments = 1 + random.nextInt(4);
        double x = random.nextDouble() * c.width;
        double y = random.nextDouble() * c.height;
        double angle = random.nextDouble() * 2 * Math.PI;
        for (int v = 0; v < segments; v++) {
            double length = between(random, 0.1, 0.3) * s * scale + 2;
            angle += between(random, -0.25, 0.25);
            double nx = x + length * StrictMath.cos(angle);
            double ny = y + length * StrictMath.sin(angle);
            c.capsule(x, y, nx, ny, radius);
            x = nx;
            y = ny;
        }
    }

    private static void blotch(Canvas c, Random random, double scale) {
        double s = Math.min(c.width, c.height);
        double r0 = Math.max(1.0, between(random, 0.02, 0.10) * s * scale);
        double cx = random.nextDouble() * c.width;
        double cy = random.nextDouble() * c.height;
        fillBlob(c, cx, cy, r0, Wobble.draw(random));
    }

    /**
     * A blob's outline {@code R(θ) = r0 · (1 + Σ_k a_k sin(kθ + φ_k))}, k = 2..5, with Σ a_k < 0.6 so that
     * R stays positive; index k of each array holds a_k, cos φ_k and sin φ_k.
     */
    private record Wobble(double[] amp, double[] cosPhi, double[] sinPhi) {
        static Wobble draw(Random random) {
            double[] amp = new double[6];
            double[] cosPhi = new double[6];
            double[] sinPhi = new double[6];
            for (int k = 2; k <= 5; k++) {
                amp[k] = between(random, 0.0, 0.3) / (k - 1);
                double phi = random.nextDouble() * 2 * Math.PI;
                cosPhi[k] = StrictMath.cos(phi);
                sinPhi[k] = StrictMath.sin(phi);
            }
            return new Wobble(amp, cosPhi, sinPhi);
        }
    }

    /**
     * Sets the pixels of the blob {@code R(θ) = r0 · (1 + Σ_k a_k sin(kθ + φ_k))} centred at (cx, cy).
     *
     * @return how many pixels of the image the blob covers, those already damaged included
     */
    private static int fillBlob(Canvas c, double cx, double cy, double r0, Wobble wobble) {
        double[] amp = wobble.amp();
        double[] cosPhi = wobble.cosPhi();
        double[] sinPhi = wobble.sinPhi();
        int covered = 0;
        double rMax = r0 * 1.6;
        int y0 = Math.max(0, (int) Math.floor(cy - rMax));
        int y1 = Math.min(c.height - 1, (int) Math.ceil(cy + rMax));
        int x0 = Math.max(0, (int) Math.floor(cx - rMax));
        int x1 = Math.min(c.width - 1, (int) Math.ceil(cx + rMax));
        for (int y = y0; y <= y1; y++) {
            double dy = y + 0.5 - cy;
            for (int x = x0; x <= x1; x++) {
                double dx = x + 0.5 - cx;
                double d2 = dx * dx + dy * dy;
                if (d2 > rMax * rMax) {
                    continue;
                }
                double d = Math.sqrt(d2);
                double cos1 = d > 0 ? dx / d : 1.0;
                double sin1 = d > 0 ? dy / d : 0.0;
                // cos kθ, sin kθ by the angle-addition recurrence (no transcendental per pixel).
                double ck = cos1;
                double sk = sin1;
                double shape = 1.0;
                for (int k = 2; k <= 5; k++) {
                    double cn = ck * cos1 - sk * sin1;
                    double sn = sk * cos1 + ck * sin1;
                    ck = cn;
                    sk = sn;
                    shape += amp[k] * (sk * cosPhi[k] + ck * sinPhi[k]);
                }
                if (d <= r0 * shape) {
                    c.set(y * c.width + x);
                    covered++;
                }
            }
        }
        return covered;
    }

    /** Attempts at placing one large blotch before the mask is left as it is (when already in range). */
    private static final int LARGE_BLOTCH_ATTEMPTS = 64;
    /** The largest share of the image one large blotch is drawn to cover. */
    private static final double MAX_LARGE_BLOTCH = 0.08;

    /**
     * {@link Damage#LARGE_BLOTCH}: blobs of a drawn area between {@code minArea} and 8 % of the image
     * (no more than what is left to the target), each kept only if it covers at least {@code minArea}
     * pixels of the image (a blob cut too much by the border is withdrawn and drawn elsewhere) and the
     * mask stays within {@code hi}. Unlike the other kinds, a blob is never shrunk below the minimum
     * to fit: the generator stops once the target is reached, or once the coverage is in range and no
     * further blob fits.
     */
    private static void largeBlotches(Canvas c, Random random, int lo, int hi, int target, int minArea) {
        long total = (long) c.width * c.height;
        int failures = 0;
        while (c.count < target && failures < LARGE_BLOTCH_ATTEMPTS) {
            if (c.count >= lo && hi - c.count < minArea) {
                break; // in range, and no further blob can fit
            }
            double most = Math.max(minArea, Math.min(MAX_LARGE_BLOTCH * total, target - c.count));
            double area = between(random, minArea, most);
            // A blob's area is about π·r0² (its wobbles average out); 5 % more, so clipping by the
            // pixel grid rarely takes a minimum-sized blob under the minimum.
            double r0 = Math.sqrt(area / Math.PI) * 1.05;
            double cx = random.nextDouble() * c.width;
            double cy = random.nextDouble() * c.height;
            Wobble wobble = Wobble.draw(random);
            c.begin();
            int covered = fillBlob(c, cx, cy, r0, wobble);
            if (covered < minArea || c.count > hi) {
                c.undo();
                failures++;
            } else {
                failures = 0;
            }
        }
    }

    /**
     * {@link Damage#CRACK}: a jagged line of short segments with side branches (each may branch once
     * more), 1–3 px wide: the capsule radius is 0.5–1.5 px, not a share of the image, because a crack
     * is as thin on a large scan as on a small one.
     */
    private static void crack(Canvas c, Random random, double scale) {
        double s = Math.min(c.width, c.height);
        double radius = between(random, 0.5, 1.5);
        double x = random.nextDouble() * c.width;
        double y = random.nextDouble() * c.height;
        double angle = random.nextDouble() * 2 * Math.PI;
        crackLine(c, random, scale, s, x, y, angle, 4 + random.nextInt(8), radius, 0);
    }

    private static void crackLine(
            Canvas c,
            Random random,
            double scale,
            double s,
            double x,
            double y,
            double angle,
            int segments,
            double radius,
            int depth) {
        for (int v = 0; v < segments; v++) {
            double length = between(random, 0.02, 0.06) * s * scale + 1;
            angle += between(random, -0.6, 0.6);
            double nx = x + length * StrictMath.cos(angle);
            double ny = y + length * StrictMath.sin(angle);
            c.capsule(x, y, nx, ny, radius);
            x = nx;
            y = ny;
            if (depth < 2 && random.nextDouble() < 0.25) {
                double side = random.nextBoolean() ? 1 : -1;
                crackLine(
                        c,
                        random,
                        scale,
                        s,
                        x,
                        y,
                        angle + side * between(random, 0.5, 1.2),
                        Math.max(1, segments / 2),
                        Math.max(0.5, radius * 0.8),
                        depth + 1);
            }
        }
    }

    private static void rectangle(Canvas c, Random random, double scale) {
        double s = Math.min(c.width, c.height);
        double w = Math.max(1.0, between(random, 0.04, 0.25) * s * scale);
        double h = Math.max(1.0, w * between(random, 0.4, 2.5));
        double x = random.nextDouble() * c.width - w / 2;
        double y = random.nextDouble() * c.height - h / 2;
        int x0 = Math.max(0, (int) Math.round(x));
        int y0 = Math.max(0, (int) Math.round(y));
        int x1 = Math.min(c.width, (int) Math.round(x + w));
        int y1 = Math.min(c.height, (int) Math.round(y + h));
        for (int yy = y0; yy < y1; yy++) {
            for (int xx = x0; xx < x1; xx++) {
                c.set(yy * c.width + xx);
            }
        }
    }

    /** The mask being drawn, with an undo log for the current shape. Not thread-safe. */
    private static final class Canvas {
        final int width;
        final int height;
        final boolean[] flags;
        int count;
        int[] log = new int[1024];
        int logSize;

        Canvas(int width, int height) {
            this.width = width;
            this.height = height;
            this.flags = new boolean[width * height];
        }

        void begin() {
            logSize = 0;
        }

        void set(int i) {
            if (!flags[i]) {
                flags[i] = true;
                count++;
                if (logSize == log.length) {
                    log = Arrays.copyOf(log, log.length * 2);
                }
                log[logSize++] = i;
            }
        }

        void undo() {
            for (int k = 0; k < logSize; k++) {
                flags[log[k]] = false;
            }
            count -= logSize;
            logSize = 0;
        }

        /**
         * Sets the pixels whose centres lie within {@code r} of the segment (x0, y0)–(x1, y1): a
         * capsule, convex, so each row is one interval.
         */
        void capsule(double x0, double y0, double x1, double y1, double r) {
            int ya = Math.max(0, (int) Math.floor(Math.min(y0, y1) - r - 1));
            int yb = Math.min(height - 1, (int) Math.ceil(Math.max(y0, y1) + r + 1));
            double dx = x1 - x0;
            double dy = y1 - y0;
            double len2 = dx * dx + dy * dy;
            for (int y = ya; y <= yb; y++) {
                double py = y + 0.5;
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                // The two end discs.
                for (int e = 0; e < 2; e++) {
                    double ex = e == 0 ? x0 : x1;
                    double ey = e == 0 ? y0 : y1;
                    double h2 = r * r - (py - ey) * (py - ey);
                    if (h2 >= 0) {
                        double half = Math.sqrt(h2);
                        lo = Math.min(lo, ex - half);
                        hi = Math.max(hi, ex + half);
                    }
                }
                // The band swept by the segment: |n·(P−A)| <= r and 0 <= d·(P−A) <= |d|², linear in x.
                if (len2 > 0) {
                    double len = Math.sqrt(len2);
                    double nx = -dy / len;
                    double ny = dx / len;
                    double bandLo = Double.NEGATIVE_INFINITY;
                    double bandHi = Double.POSITIVE_INFINITY;
                    // a·x + b within [min, max] for each constraint.
                    double[][] constraints = {
                        {nx, ny * (py - y0) - nx * x0, -r, r},
                        {dx, dy * (py - y0) - dx * x0, 0, len2},
                    };
                    boolean empty = false;
                    for (double[] k : constraints) {
                        double a = k[0];
                        double b = k[1];
                        if (Math.abs(a) < 1e-12) {
                            if (b < k[2] || b > k[3]) {
                                empty = true;
                            }
                        } else {
                            double u = (k[2] - b) / a;
                            double v = (k[3] - b) / a;
                            bandLo = Math.max(bandLo, Math.min(u, v));
                            bandHi = Math.min(bandHi, Math.max(u, v));
                        }
                    }
                    if (!empty && bandLo <= bandHi) {
                        lo = Math.min(lo, bandLo);
                        hi = Math.max(hi, bandHi);
                    }
                }
                if (lo > hi) {
                    continue;
                }
                int xa = Math.max(0, (int) Math.ceil(lo - 0.5));
                int xb = Math.min(width - 1, (int) Math.floor(hi - 0.5));
                int row = y * width;
                for (int x = xa; x <= xb; x++) {
                    set(row + x);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "MaskGenerator[" + damage + "]";
    }
}
