package dev.heritage.inpaint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.Mask;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ReconstructionMetricsTest {

    @Test
    void identicalImagesScoreTheCapAndOne() {
        BufferedImage img = TestImages.texture(60, 40, 1);
        Mask mask = MaskGenerator.mixed().generate(1, 60, 40, 0.1, 0.3);
        assertEquals(ReconstructionMetrics.MAX_PSNR, ReconstructionMetrics.psnr(img, img, mask));
        assertEquals(1.0, ReconstructionMetrics.ssim(img, img, mask));
    }

    @Test
    void psnrOfAKnownErrorInsideTheMaskOnly() {
        BufferedImage a = constant(20, 10, 100, 100, 100);
        BufferedImage b = constant(20, 10, 100, 100, 100);
        Mask mask = TestImages.discs(20, 10, new int[] {10, 5, 3});
        // Inside the mask: off by 10 in every channel -> MSE 100; outside: wildly off, ignored.
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 20; x++) {
                b.setRGB(x, y, mask.isDamaged(x, y) ? 0x6E6E6E : 0xFFFFFF);
            }
        }
        assertEquals(10 * Math.log10(255.0 * 255.0 / 100.0), ReconstructionMetrics.psnr(a, b, mask), 1e-9);
        assertEquals(28.1308, ReconstructionMetrics.psnr(a, b, mask), 1e-4);
    }

    @Test
    void psnrOverChannels() {
        // One masked pixel, errors (3, 4, 0) -> MSE = 25 / 3.
        BufferedImage a = constant(4, 4, 50, 60, 70);
        BufferedImage b = constant(4, 4, 50, 60, 70);
        b.setRGB(2, 1, (53 << 16) | (64 << 8) | 70);
        boolean[] flags = new boolean[16];
        flags[1 * 4 + 2] = true;
        double expected = 10 * Math.log10(255.0 * 255.0 / (25.0 / 3.0));
        assertEquals(expected, ReconstructionMetrics.psnr(a, b, Mask.of(4, 4, flags)), 1e-9);
    }

    @Test
    void ssimOfTwoFlatImagesIsTheLuminanceTerm() {
        // Flat images: no variance, so SSIM = (2ab + C1) / (a² + b² + C1) everywhere.
        BufferedImage a = constant(30, 30, 100, 100, 100);
        BufferedImage b = constant(30, 30, 120, 120, 120);
        Mask mask = TestImages.discs(30, 30, new int[] {0, 0, 6}, new int[] {15, 15, 4});
        double c1 = Math.pow(0.01 * 255, 2);
        double expected = (2 * 100 * 120 + c1) / (100 * 100 + 120 * 120 + c1);
        assertEquals(expected, ReconstructionMetrics.ssim(a, b, mask), 1e-9);
        assertEquals(0.983611, ReconstructionMetrics.ssim(a, b, mask), 1e-6);
    }

    @Test
    void ssimUsesLuminanceAndSeesStructure() {
        BufferedImage img = TestImages.texture(64, 64, 2);
        Mask mask = TestImages.discs(64, 64, new int[] {32, 32, 12});
        BufferedImage flat = TestImages.constantFill(img, mask, null);
        double s = ReconstructionMetrics.ssim(img, flat, mask);
        assertTrue(s < 0.7, "a flat fill of a texture keeps little structure: " + s);
        // Swapping R and B changes luminance, so the score drops below 1.
        BufferedImage swapped = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int p = img.getRGB(x, y);
                swapped.setRGB(x, y, (p & 0xff) << 16 | (p & 0xff00) | (p >> 16) & 0xff);
            }
        }
        assertTrue(ReconstructionMetrics.ssim(img, swapped, mask) < 0.99);
    }

    @Test
    void sizesAndEmptyMasksAreRefused() {
        BufferedImage a = constant(4, 4, 1, 2, 3);
        assertThrows(
                IllegalArgumentException.class,
                () -> ReconstructionMetrics.psnr(a, constant(4, 5, 1, 2, 3), Mask.of(4, 4, new boolean[16])));
        assertThrows(
                IllegalArgumentException.class, () -> ReconstructionMetrics.ssim(a, a, Mask.of(4, 4, new boolean[16])));
    }

    private static BufferedImage constant(int w, int h, int r, int g, int b) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }
}
