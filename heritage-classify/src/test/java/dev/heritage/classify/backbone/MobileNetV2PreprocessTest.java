package dev.heritage.classify.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heritage.api.engine.Tensor;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link MobileNetV2#preprocess} reads only the source rows it samples; its output must be bit for bit
 * that of the plain definition (every pixel to float32 {@code v / 255}, then TF.js's corner-aligned
 * bilinear resize in double, stored as float32), for shrinking, enlarging and odd shapes.
 */
class MobileNetV2PreprocessTest {

    @ParameterizedTest(name = "{0}x{1}, type {2}")
    @CsvSource({
        "224,224,1",
        "224,224,5",
        "224,224,10",
        "224,285,1",
        "1571,2000,1",
        "1,1,1",
        "3,500,1",
        "700,2,5",
        "100,60,10",
        "300,301,2"
    })
    void equalsThePlainDefinitionBitForBit(int w, int h, int type) {
        Random random = new Random(w * 31L + h);
        BufferedImage image = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, 0xff000000 | random.nextInt(1 << 24));
            }
        }
        Tensor t = MobileNetV2.preprocess(List.of(image, image));
        float[] got = t.floats();
        int plane = 224 * 224;
        assertEquals(2 * 3 * plane, got.length);
        float[] expected = reference(image);
        float[] first = Arrays.copyOfRange(got, 0, 3 * plane);
        float[] second = Arrays.copyOfRange(got, 3 * plane, 6 * plane);
        assertArrayEquals(expected, first);
        assertArrayEquals(expected, second);
    }

    @org.junit.jupiter.api.Test
    void aSubimageIsReadFromItsOwnOrigin() {
        Random random = new Random(7);
        BufferedImage whole = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 400; x++) {
                whole.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        BufferedImage part = whole.getSubimage(37, 53, 250, 180);
        assertArrayEquals(reference(part), MobileNetV2.preprocess(List.of(part)).floats());
    }

    @ParameterizedTest(name = "{0}x{1}, type {2}")
    @CsvSource({"224,285,1", "285,224,1", "225,225,1", "448,448,5", "700,613,1", "1571,2000,1", "3,500,10", "900,2,2"})
    void canonicalEqualsThePlainAreaAverageBitForBit(int w, int h, int type) {
        Random random = new Random(w * 17L + h);
        BufferedImage image = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, 0xff000000 | random.nextInt(1 << 24));
            }
        }
        BufferedImage c = MobileNetV2.canonical(image);
        int ow = Math.min(w, 224);
        int oh = Math.min(h, 224);
        assertEquals(ow, c.getWidth());
        assertEquals(oh, c.getHeight());
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                assertEquals(plainAreaAverage(image, ox, oy, ow, oh), c.getRGB(ox, oy) & 0xffffff, ox + "," + oy);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void canonicalReadsASubimageFromItsOwnOriginAndRoundsHalvesUp() {
        Random random = new Random(5);
        BufferedImage whole = new BufferedImage(700, 500, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 500; y++) {
            for (int x = 0; x < 700; x++) {
                // few distinct values, so that many averages end exactly on a half
                whole.setRGB(x, y, (random.nextInt(4) * 85) << 16 | random.nextInt(2) << 8 | random.nextInt(256));
            }
        }
        BufferedImage part = whole.getSubimage(41, 29, 448, 300);
        BufferedImage c = MobileNetV2.canonical(part);
        for (int oy = 0; oy < 224; oy++) {
            for (int ox = 0; ox < 224; ox++) {
                assertEquals(plainAreaAverage(part, ox, oy, 224, 224), c.getRGB(ox, oy) & 0xffffff, ox + "," + oy);
            }
        }
    }

    /**
     * One output pixel by the definition: each covered source row is summed left to right (weight =
     * covered length over the output pixel's length, in double), those sums are summed top to bottom
     * with the rows' weights, and each channel is rounded and clamped.
     */
    private static int plainAreaAverage(BufferedImage image, int ox, int oy, int ow, int oh) {
        double[] acc = new double[3];
        double sy = image.getHeight() / (double) oh;
        double sx = image.getWidth() / (double) ow;
        for (int y = (int) Math.floor(oy * sy); y < Math.min(image.getHeight(), Math.ceil((oy + 1) * sy)); y++) {
            double wy = (Math.min(Math.min(image.getHeight(), (oy + 1) * sy), y + 1) - Math.max(oy * sy, y)) / sy;
            double[] line = new double[3];
            for (int x = (int) Math.floor(ox * sx); x < Math.min(image.getWidth(), Math.ceil((ox + 1) * sx)); x++) {
                double wx = (Math.min(Math.min(image.getWidth(), (ox + 1) * sx), x + 1) - Math.max(ox * sx, x)) / sx;
                int p = image.getRGB(x, y);
                line[0] += wx * ((p >> 16) & 0xff);
                line[1] += wx * ((p >> 8) & 0xff);
                line[2] += wx * (p & 0xff);
            }
            for (int ch = 0; ch < 3; ch++) {
                acc[ch] += wy * line[ch];
            }
        }
        int packed = 0;
        for (int ch = 0; ch < 3; ch++) {
            packed = packed << 8 | (int) Math.max(0, Math.min(255, Math.round(acc[ch])));
        }
        return packed;
    }

    @org.junit.jupiter.api.Test
    void largeImagesAreAveragedDownAndSmallOnesKept() {
        BufferedImage small = new BufferedImage(224, 100, BufferedImage.TYPE_INT_RGB);
        org.junit.jupiter.api.Assertions.assertSame(small, MobileNetV2.canonical(small), "nothing longer than 224");
        // 448 x 672: each output pixel averages a 2 x 3 block exactly
        Random random = new Random(11);
        BufferedImage big = new BufferedImage(448, 672, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 672; y++) {
            for (int x = 0; x < 448; x++) {
                big.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        BufferedImage c = MobileNetV2.canonical(big);
        assertEquals(224, c.getWidth());
        assertEquals(224, c.getHeight());
        for (int[] at : new int[][] {{0, 0}, {223, 223}, {17, 101}, {150, 3}}) {
            for (int shift : new int[] {16, 8, 0}) {
                double sum = 0;
                for (int dy = 0; dy < 3; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        sum += (big.getRGB(2 * at[0] + dx, 3 * at[1] + dy) >> shift) & 0xff;
                    }
                }
                assertEquals(
                        Math.round(sum / 6),
                        (c.getRGB(at[0], at[1]) >> shift) & 0xff,
                        "pixel " + at[0] + "," + at[1] + " channel at bit " + shift);
            }
        }
        // 300 x 224 (one side longer): a fractional box on x only, y untouched; a flat image stays flat
        BufferedImage flat = new BufferedImage(300, 224, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 224; y++) {
            for (int x = 0; x < 300; x++) {
                flat.setRGB(x, y, 0x336699);
            }
        }
        BufferedImage f = MobileNetV2.canonical(flat);
        assertEquals(224, f.getWidth());
        assertEquals(224, f.getHeight());
        for (int y = 0; y < 224; y += 37) {
            for (int x = 0; x < 224; x += 29) {
                assertEquals(0x336699, f.getRGB(x, y) & 0xffffff);
            }
        }
    }

    /** The plain definition, written independently of the optimised code. */
    private static float[] reference(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int n = 224;
        float[][] src = new float[3][w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = image.getRGB(x, y);
                src[0][y * w + x] = (float) (((v >> 16) & 0xff) / 255.0);
                src[1][y * w + x] = (float) (((v >> 8) & 0xff) / 255.0);
                src[2][y * w + x] = (float) ((v & 0xff) / 255.0);
            }
        }
        float[] out = new float[3 * n * n];
        double rr = (h - 1) / (double) (n - 1);
        double cr = (w - 1) / (double) (n - 1);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < n; y++) {
                double sy = rr * y;
                int y0 = (int) Math.floor(sy);
                int y1 = Math.min(h - 1, (int) Math.ceil(sy));
                for (int x = 0; x < n; x++) {
                    double sx = cr * x;
                    int x0 = (int) Math.floor(sx);
                    int x1 = Math.min(w - 1, (int) Math.ceil(sx));
                    double top = src[c][y0 * w + x0] + (src[c][y0 * w + x1] - (double) src[c][y0 * w + x0]) * (sx - x0);
                    double bottom =
                            src[c][y1 * w + x0] + (src[c][y1 * w + x1] - (double) src[c][y1 * w + x0]) * (sx - x0);
                    out[c * n * n + y * n + x] = (float) (top + (bottom - top) * (sy - y0));
                }
            }
        }
        return out;
    }
}
