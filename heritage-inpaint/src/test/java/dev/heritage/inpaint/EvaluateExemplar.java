package dev.heritage.inpaint;

import dev.heritage.api.ImageSource;
import dev.heritage.api.Mask;
import dev.heritage.api.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Not a test: compares Telea, Navier–Stokes and the exemplar method on a folder of undamaged images
 * under seeded masks of one {@link MaskGenerator.Damage} kind (the same mask for every method), and
 * reports PSNR and SSIM inside the mask for all images and for the images whose damage is dominated
 * by large losses: at least half of the damaged pixels in 8-connected regions of at least 2 % of the
 * image each. {@code evaluate-reconstruction} draws mixed masks only; this picks the kind.
 *
 * <pre>java -cp … dev.heritage.inpaint.EvaluateExemplar DIR [limit] [kind] [minCoverage maxCoverage]</pre>
 *
 * <p>Defaults: every image, {@code BLOTCH}, 5–30 %. Mask seed of image {@code k} (by sorted file
 * name): {@code 1000 + k}.
 */
public final class EvaluateExemplar {
    private EvaluateExemplar() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
        MaskGenerator.Damage kind = args.length > 2 ? MaskGenerator.Damage.valueOf(args[2].toUpperCase(Locale.ROOT))
                : MaskGenerator.Damage.BLOTCH;
        double lo = args.length > 4 ? Double.parseDouble(args[3]) : 0.05;
        double hi = args.length > 4 ? Double.parseDouble(args[4]) : 0.30;
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png)")).sorted()
                    .limit(limit).forEach(files::add);
        }
        String[] names = {"telea", "ns", "exemplar"};
        ClassicalReconstructor[] methods = {new TeleaReconstructor(), new NavierStokesReconstructor(),
            new ExemplarReconstructor()};
        int m = names.length;
        double[][] psnr = new double[2][m];
        double[][] ssim = new double[2][m];
        double[] ms = new double[m];
        int[] count = new int[2];
        int[] exemplarWins = new int[2];
        double pixels = 0;
        MaskGenerator generator = MaskGenerator.of(kind);
        for (int k = 0; k < files.size(); k++) {
            BufferedImage img = ImageDecoder.decode(ImageSource.of(files.get(k)));
            Mask mask = generator.generate(1000 + k, img.getWidth(), img.getHeight(), lo, hi);
            boolean large = largeLossShare(mask) >= 0.5;
            pixels += img.getWidth() * (double) img.getHeight();
            double[] p = new double[m];
            for (int j = 0; j < m; j++) {
                long t0 = System.nanoTime();
                BufferedImage out = methods[j].inpaint(img, mask);
                ms[j] += (System.nanoTime() - t0) / 1e6;
                p[j] = ReconstructionMetrics.psnr(img, out, mask);
                double s = ReconstructionMetrics.ssim(img, out, mask);
                for (int g = 0; g < (large ? 2 : 1); g++) {
                    psnr[g][j] += p[j];
                    ssim[g][j] += s;
                }
            }
            for (int g = 0; g < (large ? 2 : 1); g++) {
                count[g]++;
                exemplarWins[g] += p[2] > p[0] ? 1 : 0;
            }
        }
        String[] groups = {"all images", "large-loss images"};
        for (int g = 0; g < 2; g++) {
            System.out.printf(Locale.ROOT, "%s (%d, %s masks %.0f-%.0f %%):%n", groups[g], count[g], kind,
                    100 * lo, 100 * hi);
            for (int j = 0; j < m; j++) {
                System.out.printf(Locale.ROOT, "  %-9s PSNR in mask %6.3f dB  SSIM %.4f%s%n", names[j],
                        psnr[g][j] / count[g], ssim[g][j] / count[g],
                        g == 0 ? String.format(Locale.ROOT, "  %5.0f ms/MP", ms[j] / (pixels / 1e6)) : "");
            }
            System.out.printf(Locale.ROOT, "  exemplar above Telea in PSNR on %d of %d%n", exemplarWins[g], count[g]);
        }
    }

    /** The share of the damaged pixels lying in 8-connected regions of at least 2 % of the image. */
    static double largeLossShare(Mask mask) {
        int w = mask.width();
        int h = mask.height();
        int[] label = new int[w * h];
        int[] stack = new int[w * h];
        long inLarge = 0;
        long damaged = 0;
        int next = 0;
        for (int start = 0; start < w * h; start++) {
            if (label[start] != 0 || !mask.isDamaged(start % w, start / w)) {
                continue;
            }
            next++;
            int size = 0;
            int top = 0;
            stack[top++] = start;
            label[start] = next;
            while (top > 0) {
                int i = stack[--top];
                size++;
                int x = i % w;
                int y = i / w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        int yy = y + dy;
                        if (xx >= 0 && yy >= 0 && xx < w && yy < h && label[yy * w + xx] == 0
                                && mask.isDamaged(xx, yy)) {
                            label[yy * w + xx] = next;
                            stack[top++] = yy * w + xx;
                        }
                    }
                }
            }
            damaged += size;
            if (size >= 0.02 * w * h) {
                inLarge += size;
            }
        }
        return damaged == 0 ? 0 : inLarge / (double) damaged;
    }
}
