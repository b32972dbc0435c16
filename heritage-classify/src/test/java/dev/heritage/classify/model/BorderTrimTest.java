package dev.heritage.classify.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Flat borders are cut when they run round the picture, and only then. */
class BorderTrimTest {

    private static BufferedImage noise(int w, int h, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(0x1000000));
            }
        }
        return img;
    }

    private static BufferedImage onMat(BufferedImage picture, int mx, int my) {
        BufferedImage out = new BufferedImage(
                picture.getWidth() + 2 * mx, picture.getHeight() + 2 * my, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(new Color(238, 236, 228));
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(picture, mx, my, null);
        g.dispose();
        return out;
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                assertEquals(expected.getRGB(x, y), actual.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void aMatIsCutBackToThePicture() {
        BufferedImage picture = noise(120, 90, 1);
        assertSamePixels(picture, BorderTrim.trim(onMat(picture, 15, 12)));
    }

    @Test
    void aFlatSkyAtOneEdgeOnlyIsKept() {
        BufferedImage painting = noise(120, 90, 2);
        Graphics2D g = painting.createGraphics();
        g.setColor(new Color(120, 160, 220));
        g.fillRect(0, 0, 120, 20); // a flat sky along the top, nothing flat at the bottom
        g.dispose();
        assertSame(painting, BorderTrim.trim(painting));
    }

    @Test
    void anImageWithoutABorderIsReturnedAsItIs() {
        BufferedImage picture = noise(64, 48, 3);
        assertSame(picture, BorderTrim.trim(picture));
        BufferedImage tiny = noise(5, 5, 4);
        assertSame(tiny, BorderTrim.trim(tiny));
    }

    @Test
    void neverCutsMoreThanThirtyPercentOfASide() {
        BufferedImage flat = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB); // all black
        BufferedImage cut = BorderTrim.trim(flat);
        assertEquals(100 - 2 * 30, cut.getWidth(), "30 % from each side");
        assertEquals(cut.getWidth(), cut.getHeight());
    }
}
