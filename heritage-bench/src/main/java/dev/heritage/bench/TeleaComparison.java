package dev.heritage.bench;

import dev.heritage.api.DecodeLimits;
import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.Mask;
import dev.heritage.api.io.AtomicFiles;
import dev.heritage.inpaint.ClassicalReconstructor;
import dev.heritage.inpaint.MaskGenerator;
import dev.heritage.inpaint.ReconstructionMetrics;
import dev.heritage.inpaint.Reconstructors;
import dev.heritage.inpaint.TeleaReconstructor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Quality and speed of our Telea against OpenCV's on the same images and masks: for each image, a
 * seeded mixed mask (5–30 %, seed = the image's index), the masked pixels blanked, both
 * reconstructions (radius 5), PSNR and SSIM inside the mask, and the time of each (median of three
 * runs, interleaved, in-memory: our {@code ClassicalReconstructor.inpaint} against OpenCV's bare
 * {@code cv::inpaint} on prepared matrices).
 *
 * <pre>
 * java -cp heritage-bench/target/benchmarks.jar dev.heritage.bench.TeleaComparison OUT.md FOLDER [LIMIT] [FOLDER [LIMIT]...]
 * </pre>
 *
 * <p>Reads images (*.jpg, *.png, sorted by name) from each folder; writes a Markdown table and a
 * CSV (one row per image) beside it. A measurement tool, not a library class.
 */
public final class TeleaComparison {
    private static final int RUNS = 3;

    private TeleaComparison() {}

    /** One image's figures. */
    record Row(
            String set,
            String image,
            int width,
            int height,
            double coverage,
            double psnrOurs,
            double psnrCv,
            double ssimOurs,
            double ssimCv,
            double msOurs,
            double msCv) {}

    /**
     * @param args output file, then folder [limit] pairs
     * @throws Exception if an image cannot be read or a file cannot be written
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("Usage: TeleaComparison OUT.md FOLDER [LIMIT] [FOLDER [LIMIT]...]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        List<Row> rows = new ArrayList<>();
        ClassicalReconstructor telea = (ClassicalReconstructor) Reconstructors.classical(TeleaReconstructor.METHOD);
        for (int a = 1; a < args.length; a++) {
            Path folder = Path.of(args[a]);
            int limit = Integer.MAX_VALUE;
            if (a + 1 < args.length && args[a + 1].matches("\\d+")) {
                limit = Integer.parseInt(args[++a]);
            }
            List<Path> images;
            try (Stream<Path> s = Files.list(folder)) {
                images = s.filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)$"))
                        .sorted()
                        .limit(limit)
                        .toList();
            }
            String set = folder.getParent() == null
                    ? folder.toString()
                    : folder.getParent().getFileName().toString();
            for (int i = 0; i < images.size(); i++) {
                rows.add(measure(set, images.get(i), i, telea));
                if ((i + 1) % 25 == 0) {
                    System.out.println(set + ": " + (i + 1) + "/" + images.size());
                }
            }
        }
        write(rows, out);
        System.out.println(Files.readString(out));
    }

    static Row measure(String set, Path file, long seed, ClassicalReconstructor telea) throws InvalidImageException {
        BufferedImage original = ImageDecoder.decode(ImageSource.of(file), DecodeLimits.defaults());
        int w = original.getWidth();
        int h = original.getHeight();
        Mask mask = MaskGenerator.mixed().generate(seed, w, h, 0.05, 0.30);
        BufferedImage damaged = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        damaged.setRGB(0, 0, w, h, original.getRGB(0, 0, w, h, null, 0, w), 0, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (mask.isDamaged(x, y)) {
                    damaged.setRGB(x, y, 0);
                }
            }
        }
        double[] ours = new double[RUNS];
        double[] cv = new double[RUNS];
        BufferedImage oursOut = null;
        BufferedImage cvOut = null;
        try (Mat src = OpenCvTelea.toMat(damaged);
                Mat m = OpenCvTelea.toMat(mask)) {
            for (int r = 0; r < RUNS; r++) {
                long t0 = System.nanoTime();
                oursOut = telea.inpaint(damaged, mask);
                long t1 = System.nanoTime();
                try (Mat dst = OpenCvTelea.inpaint(src, m, TeleaReconstructor.DEFAULT_RADIUS)) {
                    long t2 = System.nanoTime();
                    cvOut = OpenCvTelea.toImage(dst);
                    cv[r] = (t2 - t1) / 1e6;
                }
                ours[r] = (t1 - t0) / 1e6;
            }
        }
        return new Row(
                set,
                file.getFileName().toString(),
                w,
                h,
                mask.coverage(),
                ReconstructionMetrics.psnr(original, oursOut, mask),
                ReconstructionMetrics.psnr(original, cvOut, mask),
                ReconstructionMetrics.ssim(original, oursOut, mask),
                ReconstructionMetrics.ssim(original, cvOut, mask),
                median(ours),
                median(cv));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void write(List<Row> rows, Path out) throws IOException {
        StringBuilder md =
                new StringBuilder("| set | images | method | PSNR in mask (dB) | SSIM in mask | ms per MP |\n"
                        + "|---|---|---|---|---|---|\n");
        StringBuilder csv = new StringBuilder(
                "set,image,width,height,coverage,psnr_ours,psnr_opencv,ssim_ours," + "ssim_opencv,ms_ours,ms_opencv\n");
        for (String set : rows.stream().map(Row::set).distinct().toList()) {
            List<Row> rs = rows.stream().filter(r -> r.set().equals(set)).toList();
            double mp = rs.stream()
                    .mapToDouble(r -> r.width() * (double) r.height() / 1e6)
                    .sum();
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | telea (ours, Java) | %.3f | %.4f | %.0f |%n",
                    set,
                    rs.size(),
                    rs.stream().mapToDouble(Row::psnrOurs).average().orElse(Double.NaN),
                    rs.stream().mapToDouble(Row::ssimOurs).average().orElse(Double.NaN),
                    rs.stream().mapToDouble(Row::msOurs).sum() / mp));
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | telea (OpenCV 4.10) | %.3f | %.4f | %.0f |%n",
                    set,
                    rs.size(),
                    rs.stream().mapToDouble(Row::psnrCv).average().orElse(Double.NaN),
                    rs.stream().mapToDouble(Row::ssimCv).average().orElse(Double.NaN),
                    rs.stream().mapToDouble(Row::msCv).sum() / mp));
        }
        for (Row r : rows) {
            csv.append(String.format(
                    Locale.ROOT,
                    "%s,%s,%d,%d,%.4f,%.4f,%.4f,%.5f,%.5f,%.3f,%.3f%n",
                    r.set(),
                    r.image(),
                    r.width(),
                    r.height(),
                    r.coverage(),
                    r.psnrOurs(),
                    r.psnrCv(),
                    r.ssimOurs(),
                    r.ssimCv(),
                    r.msOurs(),
                    r.msCv()));
        }
        AtomicFiles.writeString(out, md.toString());
        AtomicFiles.writeString(Path.of(out.toString().replaceAll("\\.md$", "") + ".csv"), csv.toString());
    }
}
