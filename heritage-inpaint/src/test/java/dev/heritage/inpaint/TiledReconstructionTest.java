package dev.heritage.inpaint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.HeritageException;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.Mask;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TiledReconstructionTest {
    private static final TiledReconstruction UNTILED =
            TiledReconstruction.builder().singleTileMaxPixels(Long.MAX_VALUE).build();

    @Test
    void anImageThatFitsOneTileGivesTheUntiledResult() throws Exception {
        BufferedImage img = TestImages.texture(300, 200, 4);
        Mask mask = MaskGenerator.mixed().generate(4, 300, 200, 0.1, 0.2);
        TiledReconstruction tiled = TiledReconstruction.builder()
                .tileSize(512)
                .margin(20)
                .singleTileMaxPixels(0)
                .build();
        for (TileInpainter inpainter : List.of(new TeleaInpainter(5, true), new NavierStokesInpainter(5, 2))) {
            int[] expected = TestImages.pixels(UNTILED.apply(img, mask, inpainter));
            assertArrayEquals(expected, TestImages.pixels(tiled.apply(img, mask, inpainter)));
        }
    }

    @Test
    void damageFarFromTileBordersGivesTheUntiledResult() throws Exception {
        // 4 x 3 tiles of 128 px; one blotch near the centre of some tiles, far from every border.
        BufferedImage img = TestImages.texture(512, 384, 5);
        Mask mask = TestImages.discs(
                512, 384, new int[] {64, 64, 20}, new int[] {200, 70, 15}, new int[] {320, 192, 25}, new int[] {
                    448, 320, 18
                });
        TiledReconstruction tiled = TiledReconstruction.builder()
                .tileSize(128)
                .margin(32)
                .singleTileMaxPixels(0)
                .build();
        TeleaInpainter telea = new TeleaInpainter(5, true);
        int[] expected = TestImages.pixels(UNTILED.apply(img, mask, telea));
        assertArrayEquals(expected, TestImages.pixels(tiled.apply(img, mask, telea)));
        assertArrayEquals(
                expected,
                TestImages.pixels(tiled.toBuilder().parallelism(3).build().apply(img, mask, telea)));
    }

    @Test
    void onlyTilesWithDamageAreProcessedAndOnlyDamagedPixelsAreWritten() throws Exception {
        BufferedImage img = TestImages.noise(300, 200, 6);
        boolean[] flags = new boolean[300 * 200];
        flags[10 * 300 + 10] = true; // tile (0, 0)
        flags[150 * 300 + 250] = true; // tile (2, 1)
        Mask mask = Mask.of(300, 200, flags);
        List<String> windows = Collections.synchronizedList(new ArrayList<>());
        TileInpainter scribbler = (rgb, m, w, h) -> {
            windows.add(w + "x" + h);
            for (int i = 0; i < rgb.length; i++) {
                if (m[i] != 0) {
                    assertEquals(0, rgb[i], "damaged pixels must reach the tile zeroed");
                }
                rgb[i] = 0xABCDEF | 0x7F000000; // everywhere, intact pixels and high bits too
            }
        };
        TiledReconstruction tiled = TiledReconstruction.builder()
                .tileSize(100)
                .margin(10)
                .singleTileMaxPixels(0)
                .build();
        BufferedImage out = tiled.apply(img, mask, scribbler);
        assertEquals(List.of("110x110", "110x110"), windows);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 300; x++) {
                int expected = mask.isDamaged(x, y) ? 0xFFABCDEF : img.getRGB(x, y);
                assertEquals(expected, out.getRGB(x, y), x + "," + y);
            }
        }
    }

    @Test
    void everyDamagedPixelIsWrittenExactlyOnceAcrossTiles() throws Exception {
        int w = 333;
        int h = 257;
        Mask mask = MaskGenerator.mixed().generate(8, w, h, 0.3, 0.4);
        AtomicInteger filled = new AtomicInteger();
        // Each tile writes its damaged pixels' count into them; the composite must hold every one.
        TileInpainter counter = (rgb, m, tw, th) -> {
            for (int i = 0; i < rgb.length; i++) {
                if (m[i] != 0) {
                    rgb[i] = 0x123456;
                    filled.incrementAndGet();
                }
            }
        };
        BufferedImage out = TiledReconstruction.builder()
                .tileSize(64)
                .margin(8)
                .singleTileMaxPixels(0)
                .build()
                .apply(TestImages.noise(w, h, 1), mask, counter);
        long written = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (mask.isDamaged(x, y)) {
                    assertEquals(0xFF123456, out.getRGB(x, y));
                    written++;
                }
            }
        }
        assertEquals(mask.damagedCount(), written);
        assertTrue(filled.get() >= written, "margins are filled too, then discarded");
    }

    @Test
    void aWindowWithoutIntactPixelsGrowsUntilItHasSome() throws Exception {
        // A 200x200 loss in a 260x260 image: with 32 px tiles and 4 px margins, central windows see no
        // intact pixel; they must grow rather than fill grey.
        int n = 260;
        boolean[] flags = new boolean[n * n];
        for (int y = 30; y < 230; y++) {
            for (int x = 30; x < 230; x++) {
                flags[y * n + x] = true;
            }
        }
        Mask mask = Mask.of(n, n, flags);
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                img.setRGB(x, y, 0x204060);
            }
        }
        BufferedImage out = TiledReconstruction.builder()
                .tileSize(32)
                .margin(4)
                .singleTileMaxPixels(0)
                .build()
                .apply(img, mask, new TeleaInpainter(3, true));
        assertEquals(0xFF204060, out.getRGB(130, 130));
    }

    @Test
    void theTileFunctionOverImagesPlugsIn() throws Exception {
        BufferedImage img = TestImages.noise(90, 70, 9);
        Mask mask = TestImages.discs(90, 70, new int[] {45, 35, 10});
        TileInpainter learnedLike = TileInpainter.ofImages((tile, tileMask) -> {
            assertEquals(tile.getWidth(), tileMask.width());
            BufferedImage filled = new BufferedImage(tile.getWidth(), tile.getHeight(), BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < tile.getHeight(); y++) {
                for (int x = 0; x < tile.getWidth(); x++) {
                    filled.setRGB(x, y, tileMask.isDamaged(x, y) ? 0xFF00FF00 : tile.getRGB(x, y));
                }
            }
            return filled;
        });
        BufferedImage out = TiledReconstruction.builder().build().apply(img, mask, learnedLike);
        assertEquals(0xFF00FF00, out.getRGB(45, 35));
        assertEquals(img.getRGB(0, 0), out.getRGB(0, 0));

        TileInpainter wrongSize =
                TileInpainter.ofImages((tile, m) -> new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB));
        HeritageException e = assertThrows(
                HeritageException.class,
                () -> TiledReconstruction.builder().build().apply(img, mask, wrongSize));
        assertTrue(e.getMessage().contains("3x3"), e.getMessage());
    }

    @Test
    void failuresOfTheTileFunctionReachTheCaller() {
        BufferedImage img = TestImages.noise(300, 300, 2);
        Mask mask = MaskGenerator.mixed().generate(1, 300, 300, 0.2, 0.3);
        TiledReconstruction parallel = TiledReconstruction.builder()
                .tileSize(64)
                .singleTileMaxPixels(0)
                .parallelism(2)
                .build();
        HeritageException failure = new HeritageException("engine failed");
        HeritageException e = assertThrows(
                HeritageException.class,
                () -> parallel.apply(img, mask, (rgb, m, w, h) -> {
                    throw failure;
                }));
        assertSame(failure, e);
    }

    @Test
    void sizesAreChecked() {
        InvalidImageException e = assertThrows(
                InvalidImageException.class,
                () -> TiledReconstruction.builder()
                        .build()
                        .apply(TestImages.noise(10, 8, 1), Mask.of(8, 10, new boolean[80]), (rgb, m, w, h) -> {}));
        assertTrue(e.getMessage().contains("mask is 8x10 but image is 10x8"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> TiledReconstruction.builder().tileSize(4));
        assertThrows(
                IllegalArgumentException.class,
                () -> TiledReconstruction.builder().parallelism(0));
        assertEquals(32, TiledReconstruction.defaults(5).margin());
        assertEquals(48, TiledReconstruction.defaults(12).margin());
    }
}
