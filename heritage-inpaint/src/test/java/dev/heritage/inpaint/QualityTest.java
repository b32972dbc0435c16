package dev.heritage.inpaint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.Mask;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Sanity of the fills: better than a constant where the image says what should be there. */
class QualityTest {

    @Test
    void teleaRestoresASmallHoleInASmoothRampAlmostExactly() throws Exception {
        BufferedImage img = TestImages.ramp(128, 128);
        Mask hole = TestImages.discs(128, 128, new int[] {64, 60, 6});
        BufferedImage damaged = TestImages.damage(img, hole, 0);
        double telea = ReconstructionMetrics.psnr(img, new TeleaReconstructor().inpaint(damaged, hole), hole);
        double grey = ReconstructionMetrics.psnr(img, TestImages.constantFill(img, hole, 0x808080), hole);
        double mean = ReconstructionMetrics.psnr(img, TestImages.constantFill(img, hole, null), hole);
        assertTrue(telea > 40, "telea " + telea + " dB");
        assertTrue(telea > grey + 10, "telea " + telea + " dB vs grey " + grey + " dB");
        assertTrue(telea > mean + 5, "telea " + telea + " dB vs mean colour " + mean + " dB");
    }

    @Test
    void navierStokesRestoresASmallHoleInASmoothRampAtLeastAsWellAsTelea() throws Exception {
        BufferedImage img = TestImages.ramp(128, 128);
        Mask hole = TestImages.discs(128, 128, new int[] {64, 60, 6});
        double telea = ReconstructionMetrics.psnr(img, new TeleaReconstructor().inpaint(img, hole), hole);
        double ns = ReconstructionMetrics.psnr(img, new NavierStokesReconstructor().inpaint(img, hole), hole);
        assertTrue(ns > 40, "ns " + ns + " dB");
        assertTrue(ns >= telea - 0.5, "ns " + ns + " dB vs telea " + telea + " dB");
    }

    @Test
    void bothMethodsBeatAConstantFillOnATexture() throws Exception {
        for (long seed = 0; seed < 3; seed++) {
            BufferedImage img = TestImages.texture(200, 150, seed);
            Mask mask = MaskGenerator.mixed().generate(seed, 200, 150, 0.05, 0.15);
            BufferedImage damaged = TestImages.damage(img, mask, 0xFFFFFF);
            BufferedImage constant = TestImages.constantFill(img, mask, null);
            double base = ReconstructionMetrics.psnr(img, constant, mask);
            double baseSsim = ReconstructionMetrics.ssim(img, constant, mask);
            BufferedImage telea = new TeleaReconstructor().inpaint(damaged, mask);
            BufferedImage ns = new NavierStokesReconstructor().inpaint(damaged, mask);
            double pt = ReconstructionMetrics.psnr(img, telea, mask);
            double pn = ReconstructionMetrics.psnr(img, ns, mask);
            assertTrue(pt > base + 2, "seed " + seed + ": telea " + pt + " dB vs constant " + base + " dB");
            assertTrue(pn > base + 2, "seed " + seed + ": ns " + pn + " dB vs constant " + base + " dB");
            assertTrue(ReconstructionMetrics.ssim(img, telea, mask) > baseSsim, "telea SSIM, seed " + seed);
            assertTrue(ReconstructionMetrics.ssim(img, ns, mask) > baseSsim, "ns SSIM, seed " + seed);
        }
    }

    @Test
    void aOnePixelHoleInALinearRampIsFilledExactly() throws Exception {
        BufferedImage img = TestImages.ramp(40, 40);
        boolean[] flags = new boolean[40 * 40];
        flags[20 * 40 + 20] = true;
        Mask mask = Mask.of(40, 40, flags);
        BufferedImage out = new TeleaReconstructor().inpaint(TestImages.damage(img, mask, 0), mask);
        int expected = img.getRGB(20, 20);
        int actual = out.getRGB(20, 20);
        for (int shift = 0; shift <= 16; shift += 8) {
            int d = Math.abs(((expected >> shift) & 0xff) - ((actual >> shift) & 0xff));
            assertTrue(d <= 1, String.format("expected %06X, got %06X", expected & 0xffffff, actual & 0xffffff));
        }
    }

    @Test
    void aFullyDamagedImageIsFilledWithoutFailing() throws Exception {
        boolean[] all = new boolean[20 * 10];
        Arrays.fill(all, true);
        Mask mask = Mask.of(20, 10, all);
        BufferedImage out = new TeleaReconstructor().inpaint(TestImages.noise(20, 10, 1), mask);
        // No information at all: mid grey, the documented fallback.
        assertTrue(out.getRGB(3, 3) == (0xFF000000 | 0x808080), Integer.toHexString(out.getRGB(3, 3)));
        BufferedImage ns = new NavierStokesReconstructor().inpaint(TestImages.noise(20, 10, 1), mask);
        assertTrue(ns.getRGB(7, 7) == (0xFF000000 | 0x808080), Integer.toHexString(ns.getRGB(7, 7)));
    }
}
