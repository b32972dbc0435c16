package dev.heritage.inpaint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.Mask;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The exemplar (PatchMatch) method: contract, determinism, texture where diffusion blurs, edge cases. */
class ExemplarReconstructorTest {

    /** A checker of period 8 (4-pixel squares) in red-green, with a diagonal stripe of period 8 in blue. */
    static BufferedImage checker(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean on = ((x / 4) + (y / 4)) % 2 == 0;
                int r = on ? 210 : 40;
                int g = on ? 180 : 70;
                int b = ((x + y) % 8) < 4 ? 60 : 150;
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    static Mask square(int width, int height, int x0, int y0, int size) {
        boolean[] f = new boolean[width * height];
        for (int y = y0; y < y0 + size; y++) {
            for (int x = x0; x < x0 + size; x++) {
                f[y * width + x] = true;
            }
        }
        return Mask.of(width, height, f);
    }

    @Test
    void periodicCheckerIsContinuedWhereTeleaBlurs() throws Exception {
        BufferedImage truth = checker(128, 128);
        Mask hole = square(128, 128, 44, 44, 40);
        BufferedImage damaged = TestImages.damage(truth, hole, 0);
        double exemplar = ReconstructionMetrics.psnr(truth, new ExemplarReconstructor().inpaint(damaged, hole), hole);
        double telea = ReconstructionMetrics.psnr(truth, new TeleaReconstructor().inpaint(damaged, hole), hole);
        System.out.printf(
                Locale.ROOT, "checker, 40-pixel square hole: exemplar %.2f dB, telea %.2f dB%n", exemplar, telea);
        // Measured: exemplar 100 dB (the capped PSNR of an exact copy), Telea 10.96 dB.
        assertTrue(exemplar >= 40, "exemplar " + exemplar + " dB");
        assertTrue(exemplar >= telea + 25, "exemplar " + exemplar + " dB vs telea " + telea + " dB");
    }

    @Test
    void noisyTextureIsCloserThanTelea() throws Exception {
        BufferedImage truth = TestImages.texture(160, 160, 3);
        Mask hole = square(160, 160, 50, 60, 36);
        BufferedImage damaged = TestImages.damage(truth, hole, 0);
        double exemplar = ReconstructionMetrics.psnr(truth, new ExemplarReconstructor().inpaint(damaged, hole), hole);
        double telea = ReconstructionMetrics.psnr(truth, new TeleaReconstructor().inpaint(damaged, hole), hole);
        System.out.printf(
                Locale.ROOT, "texture, 36-pixel square hole: exemplar %.2f dB, telea %.2f dB%n", exemplar, telea);
        // Measured: exemplar 27.98 dB, Telea 19.30 dB.
        assertTrue(exemplar >= telea + 5, "exemplar " + exemplar + " dB vs telea " + telea + " dB");
    }

    @Test
    void everyPixelOutsideTheMaskIsUnchangedWholeAndTiled() throws Exception {
        BufferedImage img = TestImages.noise(150, 110, 11);
        Mask mask = MaskGenerator.mixed().generate(5, 150, 110, 0.2, 0.3);
        BufferedImage damaged = TestImages.damage(img, mask, 0xff00ff);
        TiledReconstruction tiled = TiledReconstruction.builder()
                .tileSize(48)
                .margin(24)
                .singleTileMaxPixels(0)
                .build();
        for (ExemplarReconstructor r :
                new ExemplarReconstructor[] {new ExemplarReconstructor(), new ExemplarReconstructor(tiled)}) {
            BufferedImage out = r.inpaint(damaged, mask);
            int filled = 0;
            for (int y = 0; y < 110; y++) {
                for (int x = 0; x < 150; x++) {
                    if (mask.isDamaged(x, y)) {
                        filled += out.getRGB(x, y) != 0xffff00ff ? 1 : 0;
                    } else {
                        assertEquals(img.getRGB(x, y), out.getRGB(x, y), r + " at " + x + "," + y);
                    }
                }
            }
            assertEquals(mask.damagedCount(), filled, "every damaged pixel is filled, none keeps the damage colour");
        }
    }

    @Test
    void sameInputGivesTheSameOutputTwiceAndOnTwoThreads() throws Exception {
        BufferedImage img = TestImages.texture(180, 140, 9);
        Mask mask = MaskGenerator.of(MaskGenerator.Damage.BLOTCH).generate(3, 180, 140, 0.15, 0.25);
        ExemplarReconstructor r = new ExemplarReconstructor();
        int[] first = TestImages.pixels(r.inpaint(img, mask));
        assertArrayEquals(first, TestImages.pixels(r.inpaint(img, mask)));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<int[]> a = pool.submit(() -> TestImages.pixels(r.inpaint(img, mask)));
            Future<int[]> b = pool.submit(() -> TestImages.pixels(r.inpaint(img, mask)));
            assertArrayEquals(first, a.get());
            assertArrayEquals(first, b.get());
        } finally {
            pool.shutdownNow();
        }
        // Tiles processed in parallel give the same result as sequentially.
        TiledReconstruction seq = TiledReconstruction.builder()
                .tileSize(64)
                .margin(32)
                .singleTileMaxPixels(0)
                .build();
        int[] sequential = TestImages.pixels(new ExemplarReconstructor(seq).inpaint(img, mask));
        int[] parallel = TestImages.pixels(
                new ExemplarReconstructor(seq.toBuilder().parallelism(3).build()).inpaint(img, mask));
        assertArrayEquals(sequential, parallel);
    }

    @Test
    void emptyMaskGivesAPixelEqualCopy() throws Exception {
        BufferedImage img = TestImages.noise(40, 30, 2);
        BufferedImage out = new ExemplarReconstructor().inpaint(img, Mask.of(40, 30, new boolean[40 * 30]));
        assertArrayEquals(TestImages.pixels(img), TestImages.pixels(out));
    }

    @Test
    void fullyDamagedImageIsMidGrey() throws Exception {
        boolean[] all = new boolean[30 * 20];
        Arrays.fill(all, true);
        BufferedImage out = new ExemplarReconstructor().inpaint(TestImages.noise(30, 20, 4), Mask.of(30, 20, all));
        for (int p : TestImages.pixels(out)) {
            assertEquals(0xff808080, p);
        }
    }

    @Test
    void imagesSmallerThanAPatchAndTilesWithoutIntactPatchesFallBackToTelea() throws Exception {
        // 5 x 4 pixels: smaller than the 7 x 7 patch.
        BufferedImage tiny = TestImages.texture(5, 4, 1);
        Mask one = TestImages.discs(5, 4, new int[] {2, 2, 1});
        assertArrayEquals(
                TestImages.pixels(new TeleaReconstructor().inpaint(tiny, one)),
                TestImages.pixels(new ExemplarReconstructor().inpaint(tiny, one)));
        // 40 x 40 with a damaged pixel every 4 in both directions: no 7 x 7 patch is intact.
        boolean[] grid = new boolean[40 * 40];
        for (int y = 0; y < 40; y += 4) {
            for (int x = 0; x < 40; x += 4) {
                grid[y * 40 + x] = true;
            }
        }
        Mask dots = Mask.of(40, 40, grid);
        BufferedImage img = TestImages.texture(40, 40, 2);
        assertArrayEquals(
                TestImages.pixels(new TeleaReconstructor().inpaint(img, dots)),
                TestImages.pixels(new ExemplarReconstructor().inpaint(img, dots)));
    }

    @Test
    void largeLossAcrossTilesIsFilledWithTexture() throws Exception {
        // Tiled: a 48-pixel hole spanning four 64-pixel cores still copies the checker from the margins.
        BufferedImage truth = checker(256, 256);
        Mask hole = square(256, 256, 104, 104, 48);
        BufferedImage damaged = TestImages.damage(truth, hole, 0);
        TiledReconstruction tiled = TiledReconstruction.builder()
                .tileSize(64)
                .margin(64)
                .singleTileMaxPixels(0)
                .build();
        double exemplar =
                ReconstructionMetrics.psnr(truth, new ExemplarReconstructor(tiled).inpaint(damaged, hole), hole);
        double telea = ReconstructionMetrics.psnr(truth, new TeleaReconstructor().inpaint(damaged, hole), hole);
        System.out.printf(Locale.ROOT, "checker, tiled: exemplar %.2f dB, telea %.2f dB%n", exemplar, telea);
        assertTrue(exemplar >= telea + 20, "exemplar " + exemplar + " dB vs telea " + telea + " dB");
    }
}
