package dev.heritage.research.inpaint;

import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageSource;
import dev.heritage.api.Mask;
import dev.heritage.inpaint.MaskGenerator;
import dev.heritage.inpaint.NavierStokesReconstructor;
import dev.heritage.inpaint.ReconstructionMetrics;
import dev.heritage.inpaint.TeleaReconstructor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Not a test: a command-line evaluation of the classical reconstructors on a folder of undamaged
 * images, with seeded {@link MaskGenerator} masks (the same masks for every method), printing PSNR
 * and SSIM inside the mask and milliseconds per megapixel.
 *
 * <pre>java -cp … dev.heritage.research.inpaint.EvaluateClassical DIR [limit] [minCoverage maxCoverage]</pre>
 */
public final class EvaluateClassical {
    private EvaluateClassical() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
        double lo = args.length > 3 ? Double.parseDouble(args[2]) : 0.05;
        double hi = args.length > 3 ? Double.parseDouble(args[3]) : 0.30;
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png)"))
                    .sorted()
                    .limit(limit)
                    .forEach(files::add);
        }
        String[] names = {"mean", "telea", "ns"};
        TeleaReconstructor telea = new TeleaReconstructor();
        NavierStokesReconstructor ns = new NavierStokesReconstructor();
        double[] psnr = new double[names.length];
        double[] ssim = new double[names.length];
        double[] ms = new double[names.length];
        double megapixels = 0;
        // Warm up the JIT on the first image.
        BufferedImage warm = ImageDecoder.decode(ImageSource.of(files.get(0)));
        Mask warmMask = MaskGenerator.mixed().generate(-1, warm.getWidth(), warm.getHeight(), lo, hi);
        for (int i = 0; i < 3; i++) {
            telea.inpaint(warm, warmMask);
            ns.inpaint(warm, warmMask);
        }
        int n = 0;
        for (Path file : files) {
            BufferedImage img = ImageDecoder.decode(ImageSource.of(file));
            Mask mask = MaskGenerator.mixed().generate(n, img.getWidth(), img.getHeight(), lo, hi);
            double mp = img.getWidth() * (double) img.getHeight() / 1e6;
            megapixels += mp;
            StringBuilder line = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%-45s %4dx%-4d cov %.3f",
                    file.getFileName(),
                    img.getWidth(),
                    img.getHeight(),
                    mask.coverage()));
            for (int m = 0; m < names.length; m++) {
                long t0 = System.nanoTime();
                BufferedImage out = switch (names[m]) {
                    case "mean" -> meanFill(img, mask);
                    case "telea" -> telea.inpaint(img, mask);
                    default -> ns.inpaint(img, mask);
                };
                double elapsed = (System.nanoTime() - t0) / 1e6;
                double p = ReconstructionMetrics.psnr(img, out, mask);
                double s = ReconstructionMetrics.ssim(img, out, mask);
                psnr[m] += p;
                ssim[m] += s;
                ms[m] += elapsed;
                line.append(String.format(Locale.ROOT, "  %s %.2f/%.4f/%.0fms", names[m], p, s, elapsed));
            }
            System.out.println(line);
            n++;
        }
        for (int m = 0; m < names.length; m++) {
            System.out.printf(
                    Locale.ROOT,
                    "%-6s n=%d psnrMask=%.3f ssim=%.4f msPerMegapixel=%.1f%n",
                    names[m],
                    n,
                    psnr[m] / n,
                    ssim[m] / n,
                    ms[m] / megapixels);
        }
    }

    /** The baseline: every masked pixel set to the mean colour of the intact pixels. */
    static BufferedImage meanFill(BufferedImage img, Mask mask) {
        long r = 0;
        long g = 0;
        long b = 0;
        long k = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (!mask.isDamaged(x, y)) {
                    int p = img.getRGB(x, y);
                    r += (p >> 16) & 0xff;
                    g += (p >> 8) & 0xff;
                    b += p & 0xff;
                    k++;
                }
            }
        }
        int fill = k == 0 ? 0x808080 : (int) (r / k) << 16 | (int) (g / k) << 8 | (int) (b / k);
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                out.setRGB(x, y, mask.isDamaged(x, y) ? fill : img.getRGB(x, y));
            }
        }
        return out;
    }
}
