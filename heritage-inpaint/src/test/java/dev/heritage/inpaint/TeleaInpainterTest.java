package dev.heritage.inpaint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.Mask;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The fast-marching core, below the public API. */
class TeleaInpainterTest {
    private static final TiledReconstruction WHOLE =
            TiledReconstruction.builder().build();

    @Test
    void theFirstOrderTermPaysOffOnASteepRamp() throws Exception {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int v = 20 + 3 * x;
                int u = 30 + 2 * y;
                img.setRGB(x, y, (v << 16) | (u << 8) | ((v + u) / 2));
            }
        }
        Mask hole = TestImages.discs(64, 64, new int[] {32, 30, 7});
        double zeroth = ReconstructionMetrics.psnr(img, WHOLE.apply(img, hole, new TeleaInpainter(5, false)), hole);
        double first = ReconstructionMetrics.psnr(img, WHOLE.apply(img, hole, new TeleaInpainter(5, true)), hole);
        assertTrue(first > zeroth + 1.0, "first-order " + first + " dB vs zeroth-order " + zeroth + " dB");
    }

    @Test
    void aLargerRadiusStillFillsAndTheFillIsDeterministic() throws Exception {
        BufferedImage img = TestImages.texture(120, 90, 3);
        Mask mask = MaskGenerator.mixed().generate(11, 120, 90, 0.2, 0.3);
        for (int radius : new int[] {1, 3, 9}) {
            TeleaInpainter telea = new TeleaInpainter(radius, true);
            int[] a = TestImages.pixels(WHOLE.apply(img, mask, telea));
            int[] b = TestImages.pixels(WHOLE.apply(img, mask, telea));
            assertArrayEquals(a, b);
            double psnr = ReconstructionMetrics.psnr(img, WHOLE.apply(img, mask, telea), mask);
            double constant = ReconstructionMetrics.psnr(img, TestImages.constantFill(img, mask, null), mask);
            assertTrue(psnr > constant, "radius " + radius + ": " + psnr + " dB vs constant " + constant + " dB");
        }
    }
}
