package dev.heritage.inpaint.learned;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.heritage.api.HeritageException;
import dev.heritage.api.ImageSource;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstructor;
import dev.heritage.api.image.ImageDecoder;
import dev.heritage.inpaint.ImageReconstructor;
import dev.heritage.inpaint.MaskGenerator;
import dev.heritage.inpaint.ReconstructionMetrics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Compares reconstructors on undamaged images (DESIGN §7): each image gets a seeded
 * {@link MaskGenerator#mixed()} mask with a damaged share in [{@code minCoverage}, {@code maxCoverage}]
 * (default 5–30 %), the <em>same</em> mask for every method; its damaged pixels are blacked out, every
 * method reconstructs it, and PSNR and SSIM are measured inside the mask against the original
 * ({@link ReconstructionMetrics}); wall time is reported per megapixel.
 *
 * <p>An image's mask depends only on the seed, the image's file name and size, so a subset or another
 * order of the images gets the same masks. Timing: each method first reconstructs the first image once
 * (warm-up, not counted); Heritage's own reconstructors are timed on the decoded image in memory, any
 * other {@link Reconstructor} through a lossless PNG in memory (its decoding is then counted).
 *
 * <p>Immutable and thread-safe; the reconstructors are used sequentially, one image at a time. The
 * caller owns (and closes) the reconstructors.
 *
 * @param seed the seed of the masks
 * @param minCoverage the least damaged share of a mask
 * @param maxCoverage the largest damaged share of a mask
 */
public record ReconstructionEvaluation(long seed, double minCoverage, double maxCoverage) {
    /** The seed of the masks unless another is given: {@value}. */
    public static final long DEFAULT_SEED = 20240521L;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Validates. */
    public ReconstructionEvaluation {
        if (!(minCoverage > 0 && minCoverage <= maxCoverage && maxCoverage < 1)) {
            throw new IllegalArgumentException("Coverage range must satisfy 0 < min <= max < 1, got [" + minCoverage
                    + ", " + maxCoverage + "]");
        }
    }

    /** @return the evaluation of DESIGN §7: seed {@value #DEFAULT_SEED}, masks of 5–30 % */
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

        /** @return the DESIGN §6 entry: psnrMask, ssim, msPerMegapixel, n */
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
     * The scores of every method over the same images and masks. Thread-safe to read; holds no
     * resources.
     *
     * @param images the images' file names, in order
     * @param coverage each image's damaged share
     * @param methods the scores per method name, in the order given
     */
    public record Result(List<String> images, double[] coverage, Map<String, MethodScores> methods) {
        /** Copies. */
        public Result {
            images = List.copyOf(images);
            methods = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(methods));
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
         * The paired difference of two methods' PSNR over the same images and masks.
         *
         * @param a a method
         * @param b another method
         * @return {@code {"meanDifference", "standardError", "aBetterShare"}} of {@code a − b}, in dB
         */
        public Map<String, Object> pairedPsnr(String a, String b) {
            double[] x = methods.get(a).psnr();
            double[] y = methods.get(b).psnr();
            int n = x.length;
            double[] d = new double[n];
            int better = 0;
            for (int i = 0; i < n; i++) {
                d[i] = x[i] - y[i];
                better += d[i] > 0 ? 1 : 0;
            }
            double mean = mean(d);
            double var = 0;
            for (double v : d) {
                var += (v - mean) * (v - mean);
            }
            double se = n > 1 ? Math.sqrt(var / (n - 1) / n) : Double.NaN;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("meanDifference", round(mean, 3));
            m.put("standardError", round(se, 3));
            m.put("aBetterShare", round(better / (double) n, 3));
            return m;
        }

        /**
         * Writes {@link #toMetrics()} as JSON, atomically (a temporary file, then a rename).
         *
         * @param file the {@code metrics.json} to write
         * @throws IOException if it cannot be written
         */
        public void writeMetrics(Path file) throws IOException {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(toMetrics()));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * The JPEG and PNG files of a folder, sorted by name.
     *
     * @param folder a folder of undamaged images
     * @return their paths
     * @throws IOException if the folder cannot be listed
     */
    public static List<Path> listImages(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png)"))
                    .sorted().toList();
        }
    }

    /**
     * The mask of one image.
     *
     * @param fileName the image's file name (without folders)
     * @param width its width
     * @param height its height
     * @return the mask every method gets for it
     */
    public Mask mask(String fileName, int width, int height) {
        long s = InpaintTrainer.mix(seed * 31 + fileName.hashCode());
        return MaskGenerator.mixed().generate(s, width, height, minCoverage, maxCoverage);
    }

    /**
     * Evaluates methods.
     *
     * @param images undamaged images (decoded with {@link ImageDecoder})
     * @param methods reconstructors by method name, in reporting order; not closed
     * @param progress receives one line per image (may be a no-op)
     * @return the scores
     * @throws HeritageException if an image cannot be decoded or a reconstructor fails
     */
    public Result evaluate(List<Path> images, Map<String, ? extends Reconstructor> methods, Consumer<String> progress)
            throws HeritageException {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(methods, "methods");
        if (images.isEmpty() || methods.isEmpty()) {
            throw new IllegalArgumentException("Nothing to evaluate: " + images.size() + " images, " + methods.size()
                    + " methods");
        }
        int n = images.size();
        Map<String, double[][]> raw = new LinkedHashMap<>();
        for (String name : methods.keySet()) {
            raw.put(name, new double[3][n]);
        }
        double[] coverage = new double[n];
        List<String> names = new ArrayList<>();
        double megapixels = 0;
        for (int i = 0; i < n; i++) {
            Path file = images.get(i);
            BufferedImage clean = ImageDecoder.toRgb(ImageDecoder.decode(ImageSource.of(file)));
            String fileName = file.getFileName().toString();
            Mask mask = mask(fileName, clean.getWidth(), clean.getHeight());
            BufferedImage damaged = damage(clean, mask);
            coverage[i] = mask.coverage();
            names.add(fileName);
            megapixels += clean.getWidth() * (double) clean.getHeight() / 1e6;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %dx%d cov %.3f", fileName,
                    clean.getWidth(), clean.getHeight(), coverage[i]));
            for (Map.Entry<String, ? extends Reconstructor> e : methods.entrySet()) {
                if (i == 0) {
                    run(e.getValue(), damaged, mask);
                }
                long t0 = System.nanoTime();
                BufferedImage out = run(e.getValue(), damaged, mask);
                double ms = (System.nanoTime() - t0) / 1e6;
                double[][] r = raw.get(e.getKey());
                r[0][i] = ReconstructionMetrics.psnr(clean, out, mask);
                r[1][i] = ReconstructionMetrics.ssim(clean, out, mask);
                r[2][i] = ms;
                line.append(String.format(Locale.ROOT, "  %s %.2f/%.4f/%.0fms", e.getKey(), r[0][i], r[1][i], ms));
            }
            progress.accept(line.toString());
        }
        Map<String, MethodScores> scores = new LinkedHashMap<>();
        for (Map.Entry<String, double[][]> e : raw.entrySet()) {
            scores.put(e.getKey(), new MethodScores(e.getValue()[0], e.getValue()[1], e.getValue()[2], megapixels));
        }
        return new Result(names, coverage, scores);
    }

    /** A copy of the image with the damaged pixels black: no method can see what they held. */
    static BufferedImage damage(BufferedImage clean, Mask mask) {
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
        return r.reconstruct(ImageSource.of(png.toByteArray(), "damaged.png"), mask).image();
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
