package dev.heritage.inpaint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.Device;
import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstruction;
import dev.heritage.api.Reconstructor;
import dev.heritage.api.model.ModelArtifact;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearnedReconstructorTest {
    @TempDir
    static Path dir;

    static ModelArtifact model;
    static LearnedReconstructor onnx;

    @BeforeAll
    static void createModel() throws Exception {
        model = TinyModels.learned(dir.resolve("tiny"));
        onnx = LearnedReconstructor.open(model, "onnxruntime", Device.cpu(), LearnedReconstructor.defaultTiling());
    }

    @AfterAll
    static void close() {
        onnx.close();
    }

    static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    @Test
    void pixelsOutsideTheMaskAreUntouchedAndInsideAreFilled() throws Exception {
        BufferedImage img = TinyModels.image(70, 45, 1);
        Mask mask = MaskGenerator.mixed().generate(3, 70, 45, 0.2, 0.3);
        BufferedImage out = onnx.inpaint(img, mask);
        int[] a = pixels(img);
        int[] b = pixels(out);
        int changed = 0;
        for (int y = 0; y < 45; y++) {
            for (int x = 0; x < 70; x++) {
                int k = y * 70 + x;
                if (!mask.isDamaged(x, y)) {
                    assertEquals(a[k], b[k], "intact pixel " + x + "," + y);
                } else if (a[k] != b[k]) {
                    changed++;
                }
            }
        }
        assertTrue(changed > mask.damagedCount() / 2, "the network filled the hole: " + changed);
        assertEquals(BufferedImage.TYPE_INT_RGB, out.getType());
    }

    @Test
    void emptyMaskReturnsTheImageUnchanged() throws Exception {
        BufferedImage img = TinyModels.image(50, 40, 2);
        Reconstruction r = onnx.reconstruct(img, Mask.of(50, 40, new boolean[50 * 40]));
        assertArrayEquals(pixels(img), pixels(r.image()));
        assertEquals(LearnedReconstructor.METHOD, r.method());
        assertEquals("tiny-inpaint", r.modelId());
    }

    @Test
    void maskOfAnotherSizeIsRefused() throws Exception {
        BufferedImage img = TinyModels.image(50, 40, 2);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        Mask wrong = MaskGenerator.mixed().generate(1, 40, 50, 0.1, 0.2);
        InvalidImageException e = assertThrows(
                InvalidImageException.class,
                () -> onnx.reconstruct(ImageSource.of(png.toByteArray(), "scan.png"), wrong));
        assertTrue(e.getMessage().contains("40x50") && e.getMessage().contains("scan.png"), e.getMessage());
        assertThrows(InvalidImageException.class, () -> onnx.inpaint(img, wrong));
    }

    @Test
    void withoutAnEngineNameTheDefaultEngineRunsIt() throws Exception {
        BufferedImage img = TinyModels.image(64, 48, 7);
        Mask mask = MaskGenerator.mixed().generate(3, 64, 48, 0.1, 0.25);
        try (Reconstructor byDefault = Reconstructors.load(model.directory().toString())) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(img, "png", png);
            org.assertj.core.api.Assertions.assertThat(pixels(byDefault
                            .reconstruct(ImageSource.of(png.toByteArray(), "img.png"), mask)
                            .image()))
                    .isEqualTo(pixels(onnx.inpaint(img, mask)));
        }
    }

    @Test
    void tiledResultEqualsUntiledResult() throws Exception {
        BufferedImage img = TinyModels.image(96, 72, 4);
        Mask mask = MaskGenerator.mixed().generate(5, 96, 72, 0.1, 0.25);
        BufferedImage whole = onnx.inpaint(img, mask);
        // Cores of 16 pixels, each with enough context that its window is the whole image.
        TiledReconstruction tiles = TiledReconstruction.builder()
                .tileSize(16)
                .margin(96)
                .singleTileMaxPixels(0)
                .parallelism(3)
                .build();
        try (LearnedReconstructor tiled = LearnedReconstructor.open(model, "onnxruntime", Device.cpu(), tiles)) {
            assertArrayEquals(pixels(whole), pixels(tiled.inpaint(img, mask)));
        }
        // Real tiling (windows smaller than the image) still fills every damaged pixel and keeps the rest.
        TiledReconstruction small = TiledReconstruction.builder()
                .tileSize(32)
                .margin(8)
                .singleTileMaxPixels(0)
                .build();
        try (LearnedReconstructor tiled = LearnedReconstructor.open(model, "onnxruntime", Device.cpu(), small)) {
            BufferedImage out = tiled.inpaint(img, mask);
            int[] a = pixels(img);
            int[] b = pixels(out);
            for (int k = 0; k < a.length; k++) {
                if (!mask.isDamaged(k % 96, k / 96)) {
                    assertEquals(a[k], b[k]);
                }
            }
        }
    }

    @Test
    void imagesSmallerAndLargerThanAPatchWork() throws Exception {
        for (int[] size : new int[][] {{1, 1}, {5, 3}, {31, 33}, {100, 37}}) {
            BufferedImage img = TinyModels.image(size[0], size[1], 9);
            boolean[] flags = new boolean[size[0] * size[1]];
            flags[flags.length / 2] = true;
            BufferedImage out = onnx.inpaint(img, Mask.of(size[0], size[1], flags));
            assertEquals(size[0], out.getWidth());
            assertEquals(size[1], out.getHeight());
        }
    }

    @Test
    void enginesAgreeWithinOneThousandth() throws Exception {
        Random r = new Random(3);
        int channels = TinyModels.TINY.inputChannels();
        float[] input = new float[2 * channels * TinyModels.PATCH * TinyModels.PATCH];
        for (int i = 0; i < input.length; i++) {
            input[i] = r.nextFloat();
        }
        float[] prefill = new float[2 * 3 * TinyModels.PATCH * TinyModels.PATCH];
        for (int i = 0; i < prefill.length; i++) {
            prefill[i] = r.nextFloat();
        }
        float[] reference;
        try (NetworkInpainter n = NetworkInpainter.load(model, "onnxruntime", Device.cpu())) {
            reference = n.forward(input, prefill, 2);
        }
        BufferedImage img = TinyModels.image(80, 60, 6);
        Mask mask = MaskGenerator.mixed().generate(8, 80, 60, 0.1, 0.3);
        int[] expected = pixels(onnx.inpaint(img, mask));
        for (String engine : List.of("pytorch", "tensorflow")) {
            try (NetworkInpainter n = NetworkInpainter.load(model, engine, Device.cpu())) {
                float[] out = n.forward(input, prefill, 2);
                assertEquals(reference.length, out.length);
                for (int i = 0; i < out.length; i++) {
                    assertEquals(reference[i], out[i], 1e-3, engine + " output " + i);
                }
            }
            try (LearnedReconstructor other =
                    LearnedReconstructor.open(model, engine, Device.cpu(), LearnedReconstructor.defaultTiling())) {
                int[] got = pixels(other.inpaint(img, mask));
                for (int k = 0; k < got.length; k++) {
                    for (int shift = 0; shift < 24; shift += 8) {
                        int d = Math.abs(((got[k] >> shift) & 0xff) - ((expected[k] >> shift) & 0xff));
                        assertTrue(d <= 1, engine + " pixel " + k + " differs by " + d + " levels");
                    }
                }
            }
        }
    }

    @Test
    void concurrentCallsGiveTheSequentialResults() throws Exception {
        List<BufferedImage> images = new ArrayList<>();
        List<Mask> masks = new ArrayList<>();
        List<int[]> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            images.add(TinyModels.image(40 + 7 * i, 30 + 5 * i, i));
            masks.add(MaskGenerator.mixed().generate(i, 40 + 7 * i, 30 + 5 * i, 0.05, 0.3));
            expected.add(pixels(onnx.inpaint(images.get(i), masks.get(i))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<int[]>> futures = new ArrayList<>();
            for (int rep = 0; rep < 2; rep++) {
                for (int i = 0; i < 6; i++) {
                    int k = i;
                    futures.add(pool.submit(() -> pixels(onnx.inpaint(images.get(k), masks.get(k)))));
                }
            }
            for (int f = 0; f < futures.size(); f++) {
                assertArrayEquals(expected.get(f % 6), futures.get(f).get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aNetworkPredictingFromScratchWorksToo() throws Exception {
        ModelArtifact scratch = TinyModels.scratch(dir.resolve("scratch"));
        try (LearnedReconstructor r =
                LearnedReconstructor.open(scratch, "onnxruntime", Device.cpu(), LearnedReconstructor.defaultTiling())) {
            BufferedImage img = TinyModels.image(40, 36, 1);
            Mask mask = MaskGenerator.mixed().generate(3, 40, 36, 0.2, 0.3);
            BufferedImage out = r.inpaint(img, mask);
            for (int k = 0; k < 40 * 36; k++) {
                if (!mask.isDamaged(k % 40, k / 40)) {
                    assertEquals(img.getRGB(k % 40, k / 40), out.getRGB(k % 40, k / 40));
                }
            }
        }
    }

    @Test
    void aClosedReconstructorRefusesWork() throws Exception {
        LearnedReconstructor r =
                LearnedReconstructor.open(model, "onnxruntime", Device.cpu(), LearnedReconstructor.defaultTiling());
        r.close();
        r.close();
        BufferedImage img = TinyModels.image(20, 20, 1);
        assertThrows(
                IllegalStateException.class,
                () -> r.inpaint(img, MaskGenerator.mixed().generate(1, 20, 20)));
    }

    @Test
    void patchesCoverEveryPixel() throws Exception {
        try (NetworkInpainter n = NetworkInpainter.load(model, "onnxruntime", Device.cpu())) {
            for (int len : new int[] {1, 31, 32, 33, 56, 57, 100, 1000}) {
                int[] p = n.positions(len);
                if (len <= n.patch()) {
                    assertEquals(1, p.length);
                } else {
                    assertEquals(0, p[0]);
                    assertEquals(len - n.patch(), p[p.length - 1]);
                    for (int i = 1; i < p.length; i++) {
                        assertTrue(p[i - 1] + n.patch() - p[i] >= n.overlap(), "overlap at " + len);
                    }
                }
            }
        }
    }
}
