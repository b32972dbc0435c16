package dev.heritage.classify.descriptors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.ImageSource;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

public class HandcraftedDescriptorsTest {

    private static final HandcraftedDescriptors D = HandcraftedDescriptors.create();

    public static BufferedImage noise(int w, int h, long seed) {
        Random random = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return img;
    }

    static BufferedImage flat(int w, int h, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    /** Stripes across x (vertical bars) or, rotated by 90 degrees, across y. */
    static BufferedImage stripes(int size, int period, boolean vertical) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int t = vertical ? x : y;
                img.setRGB(x, y, (t / (period / 2)) % 2 == 0 ? 0x202020 : 0xe0e0e0);
            }
        }
        return img;
    }

    /** The same brightness texture in a given hue. */
    static BufferedImage tinted(int rgb, long seed) {
        Random random = new Random(seed);
        BufferedImage img = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        for (int y = 0; y < 224; y++) {
            for (int x = 0; x < 224; x++) {
                double k = 0.55 + 0.25 * Math.sin(x / 5.0) * Math.cos(y / 9.0) + 0.2 * random.nextDouble();
                img.setRGB(x, y, ((int) (r * k) << 16) | ((int) (g * k) << 8) | (int) (b * k));
            }
        }
        return img;
    }

    static Stream<Arguments> degenerateImages() {
        return Stream.of(
                Arguments.of("1x1 black", flat(1, 1, 0)),
                Arguments.of("1x1 grey", flat(1, 1, 0x808080)),
                Arguments.of("all black", flat(224, 224, 0)),
                Arguments.of("all white", flat(224, 224, 0xffffff)),
                Arguments.of("all red", flat(50, 70, 0xff0000)),
                Arguments.of("1x400 line", noise(1, 400, 1)),
                Arguments.of("400x1 line", noise(400, 1, 2)),
                Arguments.of("3x2 noise", noise(3, 2, 3)),
                Arguments.of("noise", noise(224, 224, 4)),
                Arguments.of("large odd size", noise(1031, 517, 5)),
                Arguments.of("ARGB transparent", new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB)),
                Arguments.of("grey 16-bit", new BufferedImage(33, 33, BufferedImage.TYPE_USHORT_GRAY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("degenerateImages")
    void everyValueIsFiniteAndHistogramsAreNormalised(String name, BufferedImage image) {
        float[] v = D.compute(image);
        assertEquals(HandcraftedDescriptors.DIMENSION, v.length);
        for (int i = 0; i < v.length; i++) {
            assertTrue(Float.isFinite(v[i]), name + ": " + D.names().get(i) + " = " + v[i]);
            assertTrue(Math.abs(v[i]) <= 2f, name + ": " + D.names().get(i) + " = " + v[i] + " is out of scale");
        }
        for (String block : List.of("hsv_hist", "lbp_r1", "lbp_r2")) {
            double sum = blockSum(v, D.block(block));
            assertEquals(1.0, sum, 1e-4, name + ": " + block + " sums to " + sum);
        }
        for (String block : List.of("hue_chroma")) {
            double sum = blockSum(v, D.block(block));
            assertTrue(Math.abs(sum - 1) < 1e-4 || sum == 0, name + ": " + block + " sums to " + sum);
        }
    }

    @Test
    void layoutIsConsistent() {
        assertEquals(HandcraftedDescriptors.DIMENSION, D.dimension());
        assertEquals(D.dimension(), D.names().size());
        assertEquals(D.dimension(), D.compute(noise(5, 5, 1)).length);
        int expectedOffset = 0;
        for (DescriptorBlock b : D.blocks()) {
            assertEquals(expectedOffset, b.offset(), b.name());
            for (int i = b.offset(); i < b.end(); i++) {
                assertTrue(
                        D.names().get(i).startsWith(b.name() + "."), D.names().get(i));
            }
            expectedOffset = b.end();
        }
        assertEquals(D.dimension(), expectedOffset);
        Set<String> unique = new HashSet<>(D.names());
        assertEquals(D.dimension(), unique.size(), "names are unique");
        assertTrue(D.dimension() >= 200 && D.dimension() <= 600);
        assertThrows(IllegalArgumentException.class, () -> D.block("nope"));
    }

    @Test
    void deterministicAndIndependentOfTheImageType() {
        BufferedImage image = noise(224, 224, 9);
        float[] a = D.compute(image);
        float[] b = D.compute(image);
        assertArrayEquals(a, b);
        BufferedImage bgr = new BufferedImage(224, 224, BufferedImage.TYPE_3BYTE_BGR);
        bgr.getGraphics().drawImage(image, 0, 0, null);
        assertArrayEquals(a, D.compute(bgr), "the same pixels in another layout give the same vector");
        BufferedImage sub = noise(300, 300, 10).getSubimage(20, 30, 224, 224);
        BufferedImage copy = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
        copy.getGraphics().drawImage(sub, 0, 0, null);
        assertArrayEquals(D.compute(copy), D.compute(sub), "sub-images are read at their offset");
        float[] into = new float[D.dimension() + 3];
        Arrays.fill(into, Float.NaN);
        D.compute(image, into, 3);
        for (int i = 0; i < D.dimension(); i++) {
            assertEquals(a[i], into[i + 3]);
        }
        D.compute(flat(8, 8, 0x123456), into, 3);
        float[] flat = D.compute(flat(8, 8, 0x123456));
        for (int i = 0; i < D.dimension(); i++) {
            assertEquals(
                    flat[i],
                    into[i + 3],
                    "nothing of the previous image is left: " + D.names().get(i));
        }
    }

    @Test
    void decodingFromBytesGivesTheSameVectorAsThePixels() throws Exception {
        BufferedImage image = noise(224, 224, 11);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        float[] fromBytes = D.compute(ImageSource.of(png.toByteArray(), "noise.png"));
        assertArrayEquals(D.compute(image), fromBytes);
    }

    @Test
    void redAndBlueDifferMostlyInTheColourBlocks() {
        float[] red = D.compute(tinted(0xd02020, 1));
        float[] blue = D.compute(tinted(0x2020d0, 1));
        Set<String> colour = Set.of("hsv_hist", "hue_chroma", "lab_grid", "global");
        double colourDiff = 0;
        double otherDiff = 0;
        for (DescriptorBlock b : D.blocks()) {
            double diff = 0;
            for (int i = b.offset(); i < b.end(); i++) {
                diff += Math.abs(red[i] - blue[i]);
            }
            if (colour.contains(b.name())) {
                colourDiff += diff;
            } else {
                otherDiff += diff;
            }
        }
        assertTrue(colourDiff > 4 * otherDiff, "colour " + colourDiff + " vs texture " + otherDiff);
        DescriptorBlock hue = D.block("hue_chroma");
        assertTrue(red[hue.offset()] > 0.5f, "red peaks at hue 0");
        assertTrue(blue[hue.offset() + 8] > 0.5f, "blue peaks at hue 240");
    }

    @Test
    void stripesHaveAPeakedOrientationHistogramThatMovesWhenRotated() {
        DescriptorBlock edges = D.block("edges");
        float[] vertical = D.compute(stripes(224, 16, true));
        float[] horizontal = D.compute(stripes(224, 16, false));
        int peakV = argmax(vertical, edges.offset(), 12);
        int peakH = argmax(horizontal, edges.offset(), 12);
        assertEquals(0, peakV, "vertical bars have horizontal gradients (0 degrees)");
        assertEquals(6, peakH, "horizontal bars have vertical gradients (90 degrees)");
        assertTrue(vertical[edges.offset() + peakV] > 0.9f, "peaked: " + vertical[edges.offset() + peakV]);
        assertTrue(horizontal[edges.offset() + peakH] > 0.9f);
        DescriptorBlock spectrum = D.block("spectrum");
        assertEquals(0, argmax(vertical, spectrum.offset() + 8, 4), "power at horizontal frequencies");
        assertEquals(2, argmax(horizontal, spectrum.offset() + 8, 4), "power at vertical frequencies");
        float[] noise = D.compute(noise(224, 224, 12));
        float noisePeak = noise[edges.offset() + argmax(noise, edges.offset(), 12)];
        assertTrue(noisePeak < 0.2f, "noise has no dominant orientation: " + noisePeak);
    }

    @Test
    void blankImagesHaveNoTexture() {
        float[] white = D.compute(flat(224, 224, 0xffffff));
        DescriptorBlock spectrum = D.block("spectrum");
        assertEquals(0.0, blockSum(white, spectrum), 0.0);
        assertEquals(0f, white[D.names().indexOf("edges.s128.density")]);
        assertEquals(1f, white[D.names().indexOf("lab_grid.r0c0.L_mean")], 1e-3f);
        float[] black = D.compute(flat(224, 224, 0));
        assertEquals(0f, black[D.names().indexOf("lab_grid.r0c0.L_mean")], 1e-3f);
        assertEquals(1f, black[D.names().indexOf("global.dark_fraction")]);
    }

    @Test
    void helperFunctionsAreAccurate() {
        for (double a = -Math.PI; a <= Math.PI; a += 0.001) {
            float y = (float) Math.sin(a);
            float x = (float) Math.cos(a);
            assertEquals(Math.atan2(y, x), HandcraftedDescriptors.atan2(y, x), 1e-6);
        }
        for (float v : new float[] {1e-6f, 0.001f, 0.3f, 1f, 1.5f, 7f, 1234f}) {
            assertEquals(Math.log(v), HandcraftedDescriptors.fastLn(v), 1e-5 * Math.max(1, Math.abs(Math.log(v))));
        }
    }

    @Test
    void speedIsMeasuredAndReported() {
        BufferedImage image = noise(224, 224, 13);
        for (int i = 0; i < 300; i++) {
            D.compute(image);
        }
        int n = 500;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            D.compute(image);
        }
        double ms = (System.nanoTime() - start) / 1e6 / n;
        System.out.printf(
                "HandcraftedDescriptors: %.3f ms per 224x224 image on one thread (%d dims)%n", ms, D.dimension());
        assertTrue(ms > 0);
    }

    private static double blockSum(float[] v, DescriptorBlock b) {
        double s = 0;
        for (int i = b.offset(); i < b.end(); i++) {
            s += v[i];
        }
        return s;
    }

    private static int argmax(float[] v, int offset, int length) {
        int best = 0;
        for (int i = 1; i < length; i++) {
            if (v[offset + i] > v[offset + best]) {
                best = i;
            }
        }
        return best;
    }
}
