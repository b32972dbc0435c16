package dev.heritage.inpaint.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.ImageSource;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstruction;
import dev.heritage.api.Reconstructor;
import dev.heritage.inpaint.MaskGenerator;
import dev.heritage.inpaint.NavierStokesReconstructor;
import dev.heritage.inpaint.Reconstructors;
import dev.heritage.inpaint.TeleaReconstructor;
import dev.heritage.inpaint.TiledReconstruction;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Concurrency (docs/RELIABILITY.md): one {@link Reconstructor} shared by {@value #THREADS} threads, each making
 * {@value #CALLS} calls through {@link Reconstructor#reconstruct(ImageSource, Mask)} (decode,
 * inpaint, composite) on small images, gives exactly the sequential results, pixel for pixel.
 */
class ReconstructorConcurrencyTest {
    static final int THREADS = 8;
    static final int CALLS = 500;
    static final int INPUTS = 12;

    static Stream<Arguments> reconstructors() {
        // Small tiles and two workers per call, so that the tiled path runs concurrently too.
        TiledReconstruction tiny = TiledReconstruction.builder()
                .tileSize(24)
                .margin(12)
                .parallelism(2)
                .singleTileMaxPixels(16)
                .build();
        return Stream.of(
                Arguments.of("telea", Reconstructors.classical("telea")),
                Arguments.of("ns", Reconstructors.classical("ns")),
                Arguments.of("telea, tiled x2", new TeleaReconstructor(TeleaReconstructor.DEFAULT_RADIUS, tiny)),
                Arguments.of(
                        "ns, tiled x2",
                        new NavierStokesReconstructor(
                                NavierStokesReconstructor.DEFAULT_RADIUS,
                                NavierStokesReconstructor.DEFAULT_CYCLES,
                                tiny)));
    }

    private record Input(ImageSource source, Mask mask) {}

    private static List<Input> inputs() throws IOException {
        List<Input> inputs = new ArrayList<>();
        for (int i = 0; i < INPUTS; i++) {
            int w = 40 + 3 * i;
            int h = 30 + (i % 4) * 5;
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            SplittableRandom random = new SplittableRandom(i);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int r = (int) (128 + 90 * Math.sin((x + i) / 5.0)) + random.nextInt(-8, 9);
                    int g = (int) (128 + 90 * Math.cos((y - i) / 6.0)) + random.nextInt(-8, 9);
                    int b = (x * 3 + y * 5 + i * 17) & 0xff;
                    img.setRGB(x, y, clamp(r) << 16 | clamp(g) << 8 | b);
                }
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(img, i % 3 == 0 ? "bmp" : "png", png);
            Mask mask = MaskGenerator.mixed().generate(i, w, h, 0.05, 0.3);
            inputs.add(new Input(ImageSource.of(png.toByteArray(), "input-" + i), mask));
        }
        return inputs;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reconstructors")
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void sharedByEightThreadsItGivesExactlyTheSequentialResults(String name, Reconstructor r) throws Exception {
        try (r) {
            List<Input> inputs = inputs();
            List<int[]> expected = new ArrayList<>();
            for (Input in : inputs) {
                Reconstruction rec = r.reconstruct(in.source(), in.mask());
                expected.add(pixels(rec.image()));
            }
            // The test can fail: the inputs are not all alike, so a mix-up between calls shows.
            for (int i = 1; i < INPUTS; i++) {
                assertTrue(expected.get(i).length != expected.get(0).length
                        || !Arrays.equals(expected.get(i), expected.get(0)));
            }
            CyclicBarrier start = new CyclicBarrier(THREADS);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        start.await();
                        int checked = 0;
                        for (int c = 0; c < CALLS; c++) {
                            int k = (thread * 5 + c * 7) % INPUTS;
                            Input in = inputs.get(k);
                            Reconstruction rec = r.reconstruct(in.source(), in.mask());
                            assertEquals(in.mask(), rec.mask());
                            assertArrayEquals(
                                    expected.get(k),
                                    pixels(rec.image()),
                                    name + ": thread " + thread + ", call " + c + ", input " + k);
                            checked++;
                        }
                        return checked;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : futures) {
                    total += f.get(500, TimeUnit.SECONDS);
                }
                assertEquals(THREADS * CALLS, total);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
