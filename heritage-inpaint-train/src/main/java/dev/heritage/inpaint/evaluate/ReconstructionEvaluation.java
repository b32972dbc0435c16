package dev.heritage.inpaint.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.heritage.api.HeritageException;
import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageSource;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstructor;
import dev.heritage.api.io.AtomicFiles;
import dev.heritage.api.model.Digests;
import dev.heritage.inpaint.ImageReconstructor;
import dev.heritage.inpaint.MaskGenerator;
import dev.heritage.inpaint.PerceptualMetric;
import dev.heritage.inpaint.ReconstructionMetrics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Compares reconstructors on undamaged images (docs/STATUS.md, reconstruction): each image gets a seeded
 * {@link MaskGenerator#mixed()} mask with a damaged share in [{@code minCoverage}, {@code maxCoverage}]
 * (default 5–30 %), the <em>same</em> mask for every method; its damaged pixels are blacked out, every
 * method reconstructs it, and PSNR and SSIM are measured inside the mask against the original
 * ({@link ReconstructionMetrics}); wall time is reported per megapixel.
 *
 * <p><b>By damage kind</b> (issue 18): with more {@link #kinds() kinds} than the mixed one, every image
 * also gets one mask of each other {@link MaskGenerator.Kind} (thin cracks, brush strokes, large
 * blotches), each in that kind's own coverage range — every image, every kind, no rotation, so the
 * kinds are compared on the same paintings. Each (image, kind) pair is a {@link Sample}; the
 * {@link Result} groups the samples by kind and by coverage bucket ({@link #COVERAGE_BUCKETS}) and
 * reports, per method, the mean PSNR and SSIM in the mask, the mean {@link PerceptualMetric perceptual
 * distance} when one is given, ms per megapixel, and the {@link PairedDifference paired difference}
 * against a baseline with its 95 % interval. The mixed kind's masks are the masks of the figures
 * before issue 18, bit for bit, in {@code [minCoverage, maxCoverage]}; the other kinds ignore that range.
 *
 * <p>An image's masks depend only on the seed, the image's file name and size, so a subset or another
 * order of the images gets the same masks. Timing: each method first reconstructs the first image once
 * (warm-up, not counted); Heritage's own reconstructors are timed on the decoded image in memory, any
 * other {@link Reconstructor} through a lossless PNG in memory (its decoding is then counted).
 *
 * <p>Immutable and thread-safe; the reconstructors are used sequentially, one image at a time. The
 * caller owns (and closes) the reconstructors and the perceptual metric.
 *
 * @param seed the seed of the masks
 * @param minCoverage the least damaged share of a mixed mask
 * @param maxCoverage the largest damaged share of a mixed mask
 * @param kinds the damage kinds, in reporting order; always includes {@link MaskGenerator.Kind#MIXED},
 *     whose samples give the overall figures ({@link Result#methods()})
 */
public record ReconstructionEvaluation(
        long seed, double minCoverage, double maxCoverage, List<MaskGenerator.Kind> kinds) {
    /** The seed of the masks unless another is given: {@value}. */
    public static final long DEFAULT_SEED = 20240521L;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The coverage buckets the samples are grouped in: {@code [0, 0.05)}, {@code [0.05, 0.15)},
     * {@code [0.15, 0.30)}, {@code [0.30, 1]}, by these labels.
     */
    public static final List<String> COVERAGE_BUCKETS = List.of("<5%", "5-15%", "15-30%", ">=30%");

    /** Validates and copies. */
    public ReconstructionEvaluation {
        if (!(minCoverage > 0 && minCoverage <= maxCoverage && maxCoverage < 1)) {
            throw new IllegalArgumentException(
                    "Coverage range must satisfy 0 < min <= max < 1, got [" + minCoverage + ", " + maxCoverage + "]");
        }
        kinds = List.copyOf(kinds);
        if (!kinds.contains(MaskGenerator.Kind.MIXED)) {
            throw new IllegalArgumentException(
                    "The kinds must include 'mixed': the overall figures are measured on" + " its masks; got " + kinds);
        }
        if (new HashSet<>(kinds).size() != kinds.size()) {
            throw new IllegalArgumentException("A mask kind is listed twice: " + kinds);
        }
    }

    /**
     * The evaluation before issue 18: mixed masks only.
     *
     * @param seed the seed of the masks
     * @param minCoverage the least damaged share of a mask
     * @param maxCoverage the largest damaged share of a mask
     */
    public ReconstructionEvaluation(long seed, double minCoverage, double maxCoverage) {
        this(seed, minCoverage, maxCoverage, List.of(MaskGenerator.Kind.MIXED));
    }

    /**
     * @param kinds the damage kinds to evaluate, including {@link MaskGenerator.Kind#MIXED}
     * @return this evaluation with those kinds
     */
    public ReconstructionEvaluation withKinds(List<MaskGenerator.Kind> kinds) {
        return new ReconstructionEvaluation(seed, minCoverage, maxCoverage, kinds);
    }

    /**
     * @param coverage a damaged share
     * @return its label in {@link #COVERAGE_BUCKETS}
     */
    public static String bucket(double coverage) {
        if (coverage < 0.05) {
            return COVERAGE_BUCKETS.get(0);
        } else if (coverage < 0.15) {
            return COVERAGE_BUCKETS.get(1);
        } else if (coverage < 0.30) {
            return COVERAGE_BUCKETS.get(2);
        }
        return COVERAGE_BUCKETS.get(3);
    }

    /** @return the standard evaluation: seed {@value #DEFAULT_SEED}, mixed masks of 5–30 % */
    public static ReconstructionEvaluation defaults() {
        return new ReconstructionEvaluation(DEFAULT_SEED, 0.05, 0.30);
    }

    /**
     * One method's scores. Thread-safe to read; the arrays are shared, not copied, so do not modify them.
     *
     * @param psnr PSNR inside the mask per image, dB, in image order
     * @param ssim SSIM inside the mask per image, in image order
     * @param millis wall time per image, ms
     * @param megapixels the images' total size in megapixels
     */
    public record MethodScores(double[] psnr, double[] ssim, double[] millis, double megapixels) {
        /** @return the mean PSNR inside the mask */
        public double meanPsnr() {
            return mean(psnr);
        }

        /** @return the mean SSIM inside the mask */
        public double meanSsim() {
            return mean(ssim);
        }

        /** @return milliseconds per megapixel over all images */
        public double msPerMegapixel() {
            double total = 0;
            for (double m : millis) {
                total += m;
            }
            return megapixels == 0 ? 0 : total / megapixels;
        }

        /** @return the {@code metrics.json} entry: psnrMask, ssim, msPerMegapixel, n */
        public Map<String, Object> toMetrics() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("psnrMask", round(meanPsnr(), 3));
            m.put("ssim", round(meanSsim(), 4));
            m.put("msPerMegapixel", round(msPerMegapixel(), 1));
            m.put("n", psnr.length);
            return m;
        }
    }

    /**
     * One damaged image of the evaluation: an image with the mask of one kind. Immutable and thread-safe.
     *
     * @param image the image's index in {@link Result#images()}
     * @param kind the mask's kind
     * @param coverage the mask's damaged share
     * @param megapixels the image's size in megapixels
     */
    public record Sample(int image, MaskGenerator.Kind kind, double coverage, double megapixels) {
        /** @return its label in {@link #COVERAGE_BUCKETS} */
        public String bucket() {
            return ReconstructionEvaluation.bucket(coverage);
        }
    }

    /**
     * One method's scores on every {@link Sample}, in sample order. Thread-safe to read; the arrays are
     * shared, not copied, so do not modify them.
     *
     * @param psnr PSNR inside the mask, dB
     * @param ssim SSIM inside the mask
     * @param perceptual the perceptual distance ({@link Double#NaN} when none was measured)
     * @param millis wall time, ms
     */
    public record SampleScores(double[] psnr, double[] ssim, double[] perceptual, double[] millis) {}

    /**
     * The scores of every method over the same images and masks. Thread-safe to read; holds no
     * resources.
     *
     * @param images the images' file names, in order
     * @param coverage each image's damaged share (of its mixed mask)
     * @param methods the scores on the mixed masks per method name, in the order given
     * @param samples every (image, kind) pair, image by image, kinds in the evaluation's order
     * @param sampleScores the scores on every sample per method name, in the order given
     */
    public record Result(
            List<String> images,
            double[] coverage,
            Map<String, MethodScores> methods,
            List<Sample> samples,
            Map<String, SampleScores> sampleScores) {
        /** Copies. */
        public Result {
            images = List.copyOf(images);
            methods = Collections.unmodifiableMap(new LinkedHashMap<>(methods));
            samples = List.copyOf(samples);
            sampleScores = Collections.unmodifiableMap(new LinkedHashMap<>(sampleScores));
        }

        /**
         * A result on mixed masks only, without per-sample scores.
         *
         * @param images the images' file names, in order
         * @param coverage each image's damaged share
         * @param methods the scores per method name, in the order given
         */
        public Result(List<String> images, double[] coverage, Map<String, MethodScores> methods) {
            this(images, coverage, methods, List.of(), Map.of());
        }

        /** @return the mean damaged share of the masks */
        public double meanCoverage() {
            return mean(coverage);
        }

        /** @return per method {@code {"psnrMask", "ssim", "msPerMegapixel", "n"}}, ready for {@code metrics.json} */
        public Map<String, Map<String, Object>> toMetrics() {
            Map<String, Map<String, Object>> m = new LinkedHashMap<>();
            methods.forEach((name, s) -> m.put(name, s.toMetrics()));
            return m;
        }

        /**
         * The paired difference of two methods' PSNR over the same images and (mixed) masks.
         *
         * @param a a method
         * @param b another method
         * @return {@code {"meanDifference", "standardError", "aBetterShare", "ci95"}} of {@code a − b}, in dB
         *     ({@link PairedDifference})
         */
        public Map<String, Object> pairedPsnr(String a, String b) {
            PairedDifference d =
                    PairedDifference.of(methods.get(a).psnr(), methods.get(b).psnr(), true);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("meanDifference", round(d.mean(), 3));
            m.put("standardError", round(d.standardError(), 3));
            m.put("aBetterShare", round(d.betterShare(), 3));
            m.put("ci95", d.toMetrics(3).get("ci95"));
            return m;
        }

        /** @return whether a perceptual distance was measured */
        public boolean hasPerceptual() {
            return !sampleScores.isEmpty()
                    && !samples.isEmpty()
                    && !Double.isNaN(sampleScores.values().iterator().next().perceptual()[0]);
        }

        /** @return the kinds evaluated, in order */
        public List<MaskGenerator.Kind> kinds() {
            return samples.stream().map(Sample::kind).distinct().toList();
        }

        /**
         * The figures of every method on some samples.
         *
         * @param indices the samples' indices in {@link #samples()}, not empty
         * @param baseline the method the others are compared with (pairwise, sample by sample)
         * @return per method {@code {"n", "coverage", "psnrMask", "ssim", "perceptual", "msPerMegapixel"}},
         *     and for the other methods {@code "versus": {"method", "psnrMask", "ssim", "perceptual"}}, each a
         *     {@link PairedDifference#toMetrics} of method − baseline; no perceptual figures if none was measured
         * @throws IllegalArgumentException if the baseline is not a method of this result
         */
        public Map<String, Object> summary(List<Integer> indices, String baseline) {
            SampleScores base = sampleScores.get(baseline);
            if (base == null) {
                throw new IllegalArgumentException(
                        "No method '" + baseline + "' in this result; it has " + sampleScores.keySet());
            }
            boolean perceptual = hasPerceptual();
            double megapixels = 0;
            double coverageSum = 0;
            for (int i : indices) {
                megapixels += samples.get(i).megapixels();
                coverageSum += samples.get(i).coverage();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, SampleScores> e : sampleScores.entrySet()) {
                SampleScores s = e.getValue();
                double[] psnr = pick(s.psnr(), indices);
                double[] ssim = pick(s.ssim(), indices);
                double[] dist = pick(s.perceptual(), indices);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("n", indices.size());
                m.put("coverage", round(coverageSum / indices.size(), 4));
                m.put("psnrMask", round(mean(psnr), 3));
                m.put("ssim", round(mean(ssim), 4));
                if (perceptual) {
                    m.put("perceptual", round(mean(dist), PERCEPTUAL_DIGITS));
                }
                double ms = 0;
                for (double v : pick(s.millis(), indices)) {
                    ms += v;
                }
                m.put("msPerMegapixel", round(megapixels == 0 ? 0 : ms / megapixels, 1));
                if (!e.getKey().equals(baseline)) {
                    Map<String, Object> vs = new LinkedHashMap<>();
                    vs.put("method", baseline);
                    vs.put(
                            "psnrMask",
                            PairedDifference.of(psnr, pick(base.psnr(), indices), true)
                                    .toMetrics(3));
                    vs.put(
                            "ssim",
                            PairedDifference.of(ssim, pick(base.ssim(), indices), true)
                                    .toMetrics(4));
                    if (perceptual) {
                        vs.put(
                                "perceptual",
                                PairedDifference.of(dist, pick(base.perceptual(), indices), false)
                                        .toMetrics(PERCEPTUAL_DIGITS));
                    }
                    m.put("versus", vs);
                }
                out.put(e.getKey(), m);
            }
            return out;
        }

        /**
         * @param baseline the method the others are compared with
         * @return kind id → {@link #summary}, kinds in evaluation order
         */
        public Map<String, Object> byKind(String baseline) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (MaskGenerator.Kind kind : kinds()) {
                out.put(kind.id(), summary(indices(s -> s.kind() == kind), baseline));
            }
            return out;
        }

        /**
         * @param baseline the method the others are compared with
         * @return bucket label → {@link #summary} over the samples of every kind in it, empty buckets left out
         */
        public Map<String, Object> byCoverage(String baseline) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String bucket : COVERAGE_BUCKETS) {
                List<Integer> idx = indices(s -> s.bucket().equals(bucket));
                if (!idx.isEmpty()) {
                    out.put(bucket, summary(idx, baseline));
                }
            }
            return out;
        }

        /**
         * A table a person can read (Markdown): by kind, then by coverage bucket, each method's means
         * and its paired differences against the baseline with their 95 % intervals.
         *
         * @param baseline the method the others are compared with
         * @return the table
         */
        public String report(String baseline) {
            StringBuilder b = new StringBuilder();
            table(b, "kind", byKind(baseline), baseline);
            b.append('\n');
            table(b, "coverage", byCoverage(baseline), baseline);
            return b.toString();
        }

        private void table(StringBuilder b, String group, Map<String, Object> groups, String baseline) {
            boolean perceptual = hasPerceptual();
            b.append("| ")
                    .append(group)
                    .append(" | method | n | coverage | PSNR mask (dB) | SSIM |")
                    .append(perceptual ? " perceptual |" : "")
                    .append(" ms/MP | ΔPSNR vs ")
                    .append(baseline)
                    .append(" [95 % CI] | better | ΔSSIM [95 % CI] |")
                    .append(perceptual ? " Δperceptual [95 % CI] | better (lower) |" : "")
                    .append('\n');
            b.append("|---|---|---|---|---|---|")
                    .append(perceptual ? "---|" : "")
                    .append("---|---|---|---|")
                    .append(perceptual ? "---|---|" : "")
                    .append('\n');
            for (Map.Entry<String, Object> g : groups.entrySet()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> methodsOfGroup = (Map<String, Object>) g.getValue();
                for (Map.Entry<String, Object> e : methodsOfGroup.entrySet()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) e.getValue();
                    b.append("| ")
                            .append(g.getKey())
                            .append(" | ")
                            .append(e.getKey())
                            .append(" | ")
                            .append(m.get("n"))
                            .append(String.format(
                                    Locale.ROOT,
                                    " | %.3f | %.3f | %.4f |",
                                    (double) m.get("coverage"),
                                    (double) m.get("psnrMask"),
                                    (double) m.get("ssim")));
                    if (perceptual) {
                        b.append(String.format(Locale.ROOT, " %.5f |", (double) m.get("perceptual")));
                    }
                    b.append(String.format(Locale.ROOT, " %.0f |", (double) m.get("msPerMegapixel")));
                    @SuppressWarnings("unchecked")
                    Map<String, Object> vs = (Map<String, Object>) m.get("versus");
                    if (vs == null) {
                        b.append(" (baseline) | | |").append(perceptual ? " | |" : "");
                    } else {
                        b.append(' ')
                                .append(interval(vs.get("psnrMask"), "%+.3f"))
                                .append(" | ")
                                .append(share(vs.get("psnrMask")))
                                .append(" | ")
                                .append(interval(vs.get("ssim"), "%+.4f"))
                                .append(" |");
                        if (perceptual) {
                            b.append(' ')
                                    .append(interval(vs.get("perceptual"), "%+.5f"))
                                    .append(" | ")
                                    .append(share(vs.get("perceptual")))
                                    .append(" |");
                        }
                    }
                    b.append('\n');
                }
            }
        }

        private static String interval(Object difference, String format) {
            @SuppressWarnings("unchecked")
            Map<String, Object> d = (Map<String, Object>) difference;
            String mean = String.format(Locale.ROOT, format, (double) d.get("meanDifference"));
            @SuppressWarnings("unchecked")
            List<Double> ci = (List<Double>) d.get("ci95");
            if (ci == null) {
                return mean;
            }
            return mean + " [" + String.format(Locale.ROOT, format, ci.get(0)) + ", "
                    + String.format(Locale.ROOT, format, ci.get(1)) + "]";
        }

        private static String share(Object difference) {
            @SuppressWarnings("unchecked")
            Map<String, Object> d = (Map<String, Object>) difference;
            return String.format(Locale.ROOT, "%.1f %%", 100 * (double) d.get("betterShare"));
        }

        private List<Integer> indices(Predicate<Sample> filter) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                if (filter.test(samples.get(i))) {
                    out.add(i);
                }
            }
            return out;
        }

        private static double[] pick(double[] values, List<Integer> indices) {
            double[] out = new double[indices.size()];
            for (int k = 0; k < out.length; k++) {
                out[k] = values[indices.get(k)];
            }
            return out;
        }

        /**
         * Writes {@link #toMetrics()} as JSON, atomically (a temporary file, then a rename).
         *
         * @param file the {@code metrics.json} to write
         * @throws IOException if it cannot be written
         */
        public void writeMetrics(Path file) throws IOException {
            AtomicFiles.writeString(file, JSON.writeValueAsString(toMetrics()));
        }
    }

    /** Decimals of the perceptual distances reported (their scale is about 0.0001–0.1). */
    private static final int PERCEPTUAL_DIGITS = 6;

    /**
     * The JPEG and PNG files of a folder, sorted by name.
     *
     * @param folder a folder of undamaged images
     * @return their paths
     * @throws IOException if the folder cannot be listed
     */
    public static List<Path> listImages(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p ->
                            p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png)"))
                    .sorted()
                    .toList();
        }
    }

    /**
     * The mixed mask of one image.
     *
     * @param fileName the image's file name (without folders)
     * @param width its width
     * @param height its height
     * @return the mask every method gets for it
     */
    public Mask mask(String fileName, int width, int height) {
        long s = MaskGenerator.mix(seed * 31 + fileName.hashCode());
        return MaskGenerator.mixed().generate(s, width, height, minCoverage, maxCoverage);
    }

    /**
     * The mask of one kind for one image: for {@link MaskGenerator.Kind#MIXED} the mask of
     * {@link #mask(String, int, int)}; for the other kinds {@link MaskGenerator.Kind#generate} in the
     * kind's own coverage range, seeded by {@code mix(mix(seed · 31 + name hash) · 31 + kind id hash)}
     * (Java's {@link String#hashCode()}, specified and so the same on every JVM).
     *
     * @param kind the kind
     * @param fileName the image's file name (without folders)
     * @param width its width
     * @param height its height
     * @return the mask every method gets for it
     */
    public Mask mask(MaskGenerator.Kind kind, String fileName, int width, int height) {
        if (kind == MaskGenerator.Kind.MIXED) {
            return mask(fileName, width, height);
        }
        long s = MaskGenerator.mix(MaskGenerator.mix(seed * 31 + fileName.hashCode()) * 31
                + kind.id().hashCode());
        return kind.generate(s, width, height);
    }

    /**
     * A digest that names the exact images of an evaluation: SHA-256 over one line per image,
     * {@code fileName:sha256(bytes)\n}, in the given order.
     *
     * @param images the images
     * @return the digest, lower-case hexadecimal
     * @throws IOException if an image cannot be read
     */
    public static String imagesDigest(List<Path> images) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (Path p : images) {
            lines.append(p.getFileName()).append(':').append(Digests.sha256(p)).append('\n');
        }
        return Digests.sha256(lines.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Evaluates methods on the mixed masks and any other {@link #kinds()}, without a perceptual distance.
     *
     * @param images undamaged images (decoded with {@link ImageDecoder})
     * @param methods reconstructors by method name, in reporting order; not closed
     * @param progress receives one line per image (may be a no-op)
     * @return the scores
     * @throws HeritageException if an image cannot be decoded or a reconstructor fails
     */
    public Result evaluate(List<Path> images, Map<String, ? extends Reconstructor> methods, Consumer<String> progress)
            throws HeritageException {
        return evaluate(images, methods, null, progress);
    }

    /**
     * Evaluates methods: every image with a mask of each of {@link #kinds()}.
     *
     * @param images undamaged images (decoded with {@link ImageDecoder})
     * @param methods reconstructors by method name, in reporting order; not closed
     * @param perceptual the perceptual distance to measure beside PSNR and SSIM, or null for none; not closed
     * @param progress receives one line per image (may be a no-op)
     * @return the scores
     * @throws HeritageException if an image cannot be decoded, a reconstructor or the perceptual metric fails
     */
    public Result evaluate(
            List<Path> images,
            Map<String, ? extends Reconstructor> methods,
            PerceptualMetric perceptual,
            Consumer<String> progress)
            throws HeritageException {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(methods, "methods");
        if (images.isEmpty() || methods.isEmpty()) {
            throw new IllegalArgumentException(
                    "Nothing to evaluate: " + images.size() + " images, " + methods.size() + " methods");
        }
        int n = images.size();
        int perImage = kinds.size();
        int total = n * perImage;
        Map<String, double[][]> raw = new LinkedHashMap<>();
        Map<String, double[][]> perSample = new LinkedHashMap<>();
        for (String name : methods.keySet()) {
            raw.put(name, new double[3][n]);
            double[][] p = new double[4][total];
            Arrays.fill(p[2], Double.NaN);
            perSample.put(name, p);
        }
        double[] coverage = new double[n];
        List<String> names = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        double megapixels = 0;
        for (int i = 0; i < n; i++) {
            Path file = images.get(i);
            BufferedImage clean = ImageDecoder.toRgb(ImageDecoder.decode(ImageSource.of(file)));
            String fileName = file.getFileName().toString();
            double mp = clean.getWidth() * (double) clean.getHeight() / 1e6;
            names.add(fileName);
            megapixels += mp;
            StringBuilder line = new StringBuilder(
                    String.format(Locale.ROOT, "%s %dx%d", fileName, clean.getWidth(), clean.getHeight()));
            for (MaskGenerator.Kind kind : kinds) {
                int k = samples.size();
                Mask mask = mask(kind, fileName, clean.getWidth(), clean.getHeight());
                BufferedImage damaged = damage(clean, mask);
                samples.add(new Sample(i, kind, mask.coverage(), mp));
                if (kind == MaskGenerator.Kind.MIXED) {
                    coverage[i] = mask.coverage();
                }
                line.append(String.format(Locale.ROOT, "  %s %.3f", kind.id(), mask.coverage()));
                List<BufferedImage> outs = new ArrayList<>();
                for (Map.Entry<String, ? extends Reconstructor> e : methods.entrySet()) {
                    if (k == 0) {
                        run(e.getValue(), damaged, mask); // warm-up, not timed
                    }
                    long t0 = System.nanoTime();
                    BufferedImage out = run(e.getValue(), damaged, mask);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    outs.add(out);
                    double[][] r = perSample.get(e.getKey());
                    r[0][k] = ReconstructionMetrics.psnr(clean, out, mask);
                    r[1][k] = ReconstructionMetrics.ssim(clean, out, mask);
                    r[3][k] = ms;
                    if (kind == MaskGenerator.Kind.MIXED) {
                        double[][] legacy = raw.get(e.getKey());
                        legacy[0][i] = r[0][k];
                        legacy[1][i] = r[1][k];
                        legacy[2][i] = ms;
                    }
                    line.append(String.format(Locale.ROOT, " %s %.2f/%.4f/%.0fms", e.getKey(), r[0][k], r[1][k], ms));
                }
                if (perceptual != null) {
                    double[] d = perceptual.distances(clean, outs, mask);
                    int m = 0;
                    for (String name : methods.keySet()) {
                        perSample.get(name)[2][k] = d[m++];
                    }
                }
            }
            progress.accept(line.toString());
        }
        Map<String, MethodScores> scores = new LinkedHashMap<>();
        for (Map.Entry<String, double[][]> e : raw.entrySet()) {
            scores.put(e.getKey(), new MethodScores(e.getValue()[0], e.getValue()[1], e.getValue()[2], megapixels));
        }
        Map<String, SampleScores> bySample = new LinkedHashMap<>();
        for (Map.Entry<String, double[][]> e : perSample.entrySet()) {
            double[][] p = e.getValue();
            bySample.put(e.getKey(), new SampleScores(p[0], p[1], p[2], p[3]));
        }
        return new Result(names, coverage, scores, samples, bySample);
    }

    /** A copy of the image with the damaged pixels black: no method can see what they held. */
    public static BufferedImage damage(BufferedImage clean, Mask mask) {
        int w = clean.getWidth();
        int h = clean.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            clean.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                if (mask.isDamaged(x, y)) {
                    row[x] = 0;
                }
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    private static BufferedImage run(Reconstructor r, BufferedImage damaged, Mask mask) throws HeritageException {
        if (r instanceof ImageReconstructor inMemory) {
            return inMemory.inpaint(damaged, mask);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(damaged, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return r.reconstruct(ImageSource.of(png.toByteArray(), "damaged.png"), mask)
                .image();
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
