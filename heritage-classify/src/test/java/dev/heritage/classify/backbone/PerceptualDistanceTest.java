package dev.heritage.classify.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.Mask;
import java.awt.Color;
import java.awt.Graphics;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The perceptual distance of issue 18, on the bundled backbone and The Scream (a textured painting). */
class PerceptualDistanceTest {
    private static PerceptualDistance distance;
    private static BufferedImage scream;
    private static Mask square;

    @BeforeAll
    static void setUp() throws Exception {
        distance = PerceptualDistance.open("onnxruntime");
        try (InputStream in =
                PerceptualDistanceTest.class.getClassLoader().getResourceAsStream("backbone/munch_the_scream.jpg")) {
            BufferedImage decoded = ImageIO.read(in);
            scream = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB);
            scream.getGraphics().drawImage(decoded, 0, 0, null);
        }
        int w = scream.getWidth();
        int h = scream.getHeight();
        boolean[] damaged = new boolean[w * h];
        for (int y = h / 3; y < h / 3 + h / 4; y++) {
            for (int x = w / 3; x < w / 3 + w / 4; x++) {
                damaged[y * w + x] = true;
            }
        }
        square = Mask.of(w, h, damaged);
    }

    @AfterAll
    static void tearDown() {
        if (distance != null) {
            distance.close();
        }
    }

    @Test
    void identicalCropsAreAtDistanceZero() throws Exception {
        BufferedImage copy = copy(scream);
        // Outside the crop the images may differ: only the crop is compared.
        copy.setRGB(0, 0, ~scream.getRGB(0, 0));
        assertEquals(0.0, distance.distance(scream, copy, square));
    }

    @Test
    void blurringATexturedRegionMoreGivesALargerDistance() throws Exception {
        double previous = 0;
        for (int radius : new int[] {1, 3, 6}) {
            double d = distance.distance(scream, inMask(scream, blur(scream, radius), square), square);
            assertTrue(d > previous, "blur radius " + radius + ": " + d + " after " + previous);
            previous = d;
        }
    }

    @Test
    void aGreyFillIsFurtherThanTheTruthWithMildNoise() throws Exception {
        BufferedImage grey = new BufferedImage(scream.getWidth(), scream.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics g = grey.getGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, grey.getWidth(), grey.getHeight());
        BufferedImage noisy = copy(scream);
        Random random = new Random(7);
        for (int y = 0; y < noisy.getHeight(); y++) {
            for (int x = 0; x < noisy.getWidth(); x++) {
                int p = noisy.getRGB(x, y);
                int r = clamp(((p >> 16) & 0xff) + random.nextInt(9) - 4);
                int gr = clamp(((p >> 8) & 0xff) + random.nextInt(9) - 4);
                int b = clamp((p & 0xff) + random.nextInt(9) - 4);
                noisy.setRGB(x, y, r << 16 | gr << 8 | b);
            }
        }
        double[] d = distance.distances(
                scream, List.of(inMask(scream, grey, square), inMask(scream, noisy, square)), square);
        assertTrue(d[0] > d[1] && d[1] > 0, "grey fill " + d[0] + ", truth plus noise " + d[1]);
        // One call with several reconstructions gives what separate calls give.
        assertArrayEquals(
                d,
                new double[] {
                    distance.distance(scream, inMask(scream, grey, square), square),
                    distance.distance(scream, inMask(scream, noisy, square), square)
                },
                1e-9);
    }

    @Test
    void theCropIsTheMasksBoundingBoxSquaredAndPaddedInsideTheImage() {
        boolean[] damaged = new boolean[100 * 60];
        for (int x = 10; x < 50; x++) {
            damaged[20 * 100 + x] = true; // a horizontal line, 40 x 1
        }
        int[] c = PerceptualDistance.crop(Mask.of(100, 60, damaged));
        // side 40 + 2 · 16 = 72, capped at the height 60 (and its width stays 72); centred on x = 30, moved
        // right to start at 0; the full height.
        assertArrayEquals(new int[] {0, 0, 72, 60}, c);
        boolean[] corner = new boolean[100 * 60];
        corner[59 * 100 + 99] = true;
        assertArrayEquals(new int[] {67, 27, 33, 33}, PerceptualDistance.crop(Mask.of(100, 60, corner)));
        assertThrows(IllegalArgumentException.class, () -> PerceptualDistance.crop(Mask.of(4, 4, new boolean[16])));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static BufferedImage copy(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(img, 0, 0, null);
        return out;
    }

    /** The original with the masked pixels taken from {@code fill}. */
    private static BufferedImage inMask(BufferedImage original, BufferedImage fill, Mask mask) {
        BufferedImage out = copy(original);
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                if (mask.isDamaged(x, y)) {
                    out.setRGB(x, y, fill.getRGB(x, y));
                }
            }
        }
        return out;
    }

    /** A box blur of the given radius (edges clamped). */
    private static BufferedImage blur(BufferedImage img, int radius) {
        int w = img.getWidth();
        int h = img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = 0;
                int g = 0;
                int b = 0;
                int n = 0;
                for (int dy = -radius; dy <= radius; dy++) {
                    for (int dx = -radius; dx <= radius; dx++) {
                        int p = img.getRGB(Math.max(0, Math.min(w - 1, x + dx)), Math.max(0, Math.min(h - 1, y + dy)));
                        r += (p >> 16) & 0xff;
                        g += (p >> 8) & 0xff;
                        b += p & 0xff;
                        n++;
                    }
                }
                out.setRGB(x, y, (r / n) << 16 | (g / n) << 8 | (b / n));
            }
        }
        return out;
    }
}
