package dev.heritage.inpaint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstruction;
import dev.heritage.api.Reconstructor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every classical reconstructor promises (the {@link Reconstructor} contract). */
class ReconstructorContractTest {

    /** The methods, each through its public image API. */
    interface Method {
        BufferedImage inpaint(BufferedImage image, Mask mask) throws InvalidImageException;
    }

    static Stream<Arguments> methods() {
        TeleaReconstructor telea = new TeleaReconstructor();
        NavierStokesReconstructor ns = new NavierStokesReconstructor();
        RefinedReconstructor refined = new RefinedReconstructor(
                "refined", List.of(RefinerStageTest.stage(true), RefinerStageTest.stage(false)));
        return Stream.of(
                Arguments.of("telea", telea, (Method) telea::inpaint),
                Arguments.of("ns", ns, (Method) ns::inpaint),
                Arguments.of("refined", refined, (Method) refined::inpaint));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void everyPixelOutsideTheMaskIsTheInputPixelBitForBit(String name, Reconstructor r, Method m) throws Exception {
        BufferedImage img = TestImages.noise(97, 61, 7);
        Mask mask = MaskGenerator.mixed().generate(3, 97, 61, 0.2, 0.3);
        BufferedImage damaged = TestImages.damage(img, mask, 0xFF00FF);
        BufferedImage out = m.inpaint(damaged, mask);
        int changed = 0;
        for (int y = 0; y < 61; y++) {
            for (int x = 0; x < 97; x++) {
                if (mask.isDamaged(x, y)) {
                    changed += out.getRGB(x, y) != damaged.getRGB(x, y) ? 1 : 0;
                } else {
                    assertEquals(damaged.getRGB(x, y), out.getRGB(x, y), name + " changed intact pixel " + x + "," + y);
                }
            }
        }
        // The damage colour must not leak into the fill: nearly every damaged pixel is synthesised.
        assertTrue(
                changed > 0.9 * mask.damagedCount(), name + " filled only " + changed + " of " + mask.damagedCount());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void otherImageTypesKeepTheirIntactPixelsAndTheInputIsNotModified(String name, Reconstructor r, Method m)
            throws Exception {
        BufferedImage rgb = TestImages.texture(80, 50, 1);
        BufferedImage bgr = new BufferedImage(80, 50, BufferedImage.TYPE_3BYTE_BGR);
        bgr.getGraphics().drawImage(rgb, 0, 0, null);
        int[] before = TestImages.pixels(bgr);
        Mask mask = TestImages.discs(80, 50, new int[] {40, 25, 6}, new int[] {5, 5, 4});
        BufferedImage out = m.inpaint(bgr, mask);
        assertEquals(BufferedImage.TYPE_INT_RGB, out.getType());
        assertArrayEquals(before, TestImages.pixels(bgr), "the input was modified");
        for (int y = 0; y < 50; y++) {
            for (int x = 0; x < 80; x++) {
                if (!mask.isDamaged(x, y)) {
                    assertEquals(bgr.getRGB(x, y), out.getRGB(x, y));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void aMaskOfAnotherSizeIsRefusedNamingBothSizes(String name, Reconstructor r, Method m) {
        BufferedImage img = TestImages.ramp(40, 20);
        Mask mask = Mask.of(30, 20, new boolean[30 * 20]);
        InvalidImageException direct = assertThrows(InvalidImageException.class, () -> m.inpaint(img, mask));
        assertTrue(direct.getMessage().contains("mask is 30x20 but image is 40x20"), direct.getMessage());

        ImageSource source = ImageSource.of(TestImages.png(img), "scan-17.png");
        InvalidImageException viaSource = assertThrows(InvalidImageException.class, () -> r.reconstruct(source, mask));
        assertTrue(
                viaSource.getMessage().startsWith("mask is 30x20 but image is 40x20: scan-17.png"),
                viaSource.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void anEmptyMaskGivesAPixelEqualCopy(String name, Reconstructor r, Method m) throws Exception {
        BufferedImage img = TestImages.noise(33, 21, 2);
        Mask empty = Mask.of(33, 21, new boolean[33 * 21]);
        BufferedImage out = m.inpaint(img, empty);
        assertNotSame(img, out);
        assertArrayEquals(TestImages.pixels(img), TestImages.pixels(out));

        Reconstruction rec = r.reconstruct(ImageSource.of(TestImages.png(img), "empty"), empty);
        assertArrayEquals(TestImages.pixels(img), TestImages.pixels(rec.image()));
        assertEquals(0.0, rec.coverage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void reconstructDecodesAndNamesTheMethod(String name, Reconstructor r, Method m) throws Exception {
        BufferedImage img = TestImages.texture(64, 48, 3);
        Mask mask = TestImages.discs(64, 48, new int[] {30, 20, 5});
        Reconstruction rec = r.reconstruct(ImageSource.of(TestImages.png(img), "in-memory"), mask);
        assertEquals(name, rec.method());
        assertEquals(name, rec.modelId());
        assertEquals(mask, rec.mask());
        assertTrue(!rec.elapsed().isNegative());
        // PNG is lossless, so the decoded image is the input and the result equals the direct call.
        assertArrayEquals(TestImages.pixels(m.inpaint(img, mask)), TestImages.pixels(rec.image()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void sharedByThreadsItGivesTheSequentialResults(String name, Reconstructor r, Method m) throws Exception {
        List<BufferedImage> images = new ArrayList<>();
        List<Mask> masks = new ArrayList<>();
        List<int[]> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            BufferedImage img = TestImages.texture(70 + i, 50, i);
            Mask mask = MaskGenerator.mixed().generate(i, 70 + i, 50, 0.05, 0.2);
            images.add(img);
            masks.add(mask);
            expected.add(TestImages.pixels(m.inpaint(img, mask)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<int[]>> futures = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < images.size(); i++) {
                    int k = i;
                    futures.add(pool.submit(() -> TestImages.pixels(m.inpaint(images.get(k), masks.get(k)))));
                }
            }
            for (int f = 0; f < futures.size(); f++) {
                assertArrayEquals(
                        expected.get(f % images.size()), futures.get(f).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
