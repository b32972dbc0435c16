package dev.heritage.classify.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.Device;
import dev.heritage.api.HeritageException;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.Tensor;
import dev.heritage.api.engine.WeightFormat;
import dev.heritage.classify.backbone.MobileNetV2;
import dev.heritage.classify.descriptors.HandcraftedDescriptors;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link ImageEvidence} shares decoding, preprocessing and descriptors between the caller and helper
 * threads: the results must be those of the plain sequential definition, bit for bit, failures must be
 * reported for the first image in order, and a call must never wait for helpers another call holds.
 * Nothing is timed.
 */
class ImageEvidenceSharedWorkTest {
    private static final int DIM = 2;

    /** Features: per image, the sum of its input values and the first value; counts calls. */
    private static final class FakeBackbone implements LoadedNetwork {
        @Override
        public String engine() {
            return "fake";
        }

        @Override
        public Device device() {
            return Device.cpu();
        }

        @Override
        public WeightFormat format() {
            return WeightFormat.ONNX;
        }

        @Override
        public List<String> inputNames() {
            return List.of(MobileNetV2.INPUT);
        }

        @Override
        public List<String> outputNames() {
            return List.of(MobileNetV2.FEATURES);
        }

        @Override
        public Map<String, Tensor> forward(Map<String, Tensor> inputs) throws HeritageException {
            Tensor x = inputs.get(MobileNetV2.INPUT);
            int n = (int) x.dim(0);
            float[] v = x.floats();
            float[] f = new float[n * DIM];
            for (int i = 0; i < n; i++) {
                float s = 0;
                for (int k = 0; k < MobileNetV2.INPUT_VALUES; k++) {
                    s += v[i * MobileNetV2.INPUT_VALUES + k];
                }
                f[i * DIM] = s;
                f[i * DIM + 1] = v[i * MobileNetV2.INPUT_VALUES];
            }
            return Map.of(MobileNetV2.FEATURES, Tensor.ofFloats(new long[] {n, DIM}, f));
        }

        @Override
        public void close() {}
    }

    private static List<BufferedImage> images(int n) {
        Random random = new Random(n);
        List<BufferedImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int w = 40 + random.nextInt(300);
            int h = 40 + random.nextInt(300);
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    image.setRGB(x, y, random.nextInt(1 << 24));
                }
            }
            out.add(image);
        }
        return out;
    }

    /** What the features are by definition: every image averaged down, then everything in order, in one thread. */
    private static float[][] sequential(List<BufferedImage> original) throws HeritageException {
        List<BufferedImage> images = canonical(original);
        float[] f = new FakeBackbone()
                .forward(Map.of(MobileNetV2.INPUT, MobileNetV2.preprocess(images)))
                .get(MobileNetV2.FEATURES)
                .floats();
        float[][] out = new float[images.size()][DIM + HandcraftedDescriptors.DIMENSION];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(f, i * DIM, out[i], 0, DIM);
            HandcraftedDescriptors.create().compute(images.get(i), out[i], DIM);
        }
        return out;
    }

    private static List<BufferedImage> canonical(List<BufferedImage> images) {
        return images.stream().map(MobileNetV2::canonical).toList();
    }

    @Test
    void preparedInputAndFeaturesEqualTheSequentialOnesBitForBit() throws Exception {
        ImageEvidence evidence = new ImageEvidence(new FakeBackbone(), DIM, true);
        for (int n : new int[] {0, 1, 2, 7, 13}) {
            List<BufferedImage> images = images(n);
            ImageEvidence.Prepared p = evidence.prepare(n, images::get);
            assertEquals(n, p.images().size());
            for (int i = 0; i < n; i++) {
                BufferedImage want = MobileNetV2.canonical(images.get(i));
                assertEquals(want.getWidth(), p.images().get(i).getWidth());
                assertEquals(want.getHeight(), p.images().get(i).getHeight());
            }
            assertArrayEquals(
                    MobileNetV2.preprocess(canonical(images)).floats(),
                    p.input().floats(),
                    "n = " + n);
            float[][] expected = sequential(images);
            float[][] got = evidence.features(p);
            assertEquals(n, got.length);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(expected[i], got[i], "n = " + n + ", image " + i);
            }
            float[][] direct = evidence.features(images);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(expected[i], direct[i], "n = " + n + ", image " + i);
            }
        }
    }

    @Test
    void theFirstFailureInOrderIsThrown() {
        ImageEvidence evidence = new ImageEvidence(new FakeBackbone(), DIM, true);
        List<BufferedImage> images = images(9);
        for (int round = 0; round < 20; round++) {
            InvalidImageException e = assertThrows(
                    InvalidImageException.class,
                    () -> evidence.prepare(9, i -> {
                        if (i == 3 || i == 6 || i == 8) {
                            throw new InvalidImageException("image " + i);
                        }
                        return images.get(i);
                    }));
            assertEquals("image 3", e.getMessage());
        }
        RuntimeException r = assertThrows(
                IllegalStateException.class,
                () -> evidence.prepare(4, i -> {
                    throw new IllegalStateException("bug " + i);
                }));
        assertEquals("bug 0", r.getMessage());
    }

    @Test
    void aCallDoesNotWaitForHelpersAnotherCallHolds() throws Exception {
        ImageEvidence evidence = new ImageEvidence(new FakeBackbone(), DIM, true);
        List<BufferedImage> images = images(6);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // A call whose every image blocks: it holds its own thread and every helper it could get.
            Future<ImageEvidence.Prepared> blocked =
                    pool.submit(() -> evidence.prepare(1 + ImageEvidence.HELPERS_PER_INSTANCE, i -> {
                        started.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return images.get(0);
                    }));
            assertTrue(started.await(30, TimeUnit.SECONDS));
            // Another call still finishes, on its own thread.
            float[][] got = evidence.features(images);
            float[][] expected = sequential(images);
            for (int i = 0; i < images.size(); i++) {
                assertArrayEquals(expected[i], got[i]);
            }
            release.countDown();
            assertEquals(
                    1 + ImageEvidence.HELPERS_PER_INSTANCE,
                    blocked.get(30, TimeUnit.SECONDS).size());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void helperThreadsAreDaemons() throws Exception {
        ImageEvidence evidence = new ImageEvidence(new FakeBackbone(), DIM, true);
        List<Thread> seen = new CopyOnWriteArrayList<>();
        evidence.prepare(8, i -> {
            seen.add(Thread.currentThread());
            return images(1).get(0);
        });
        for (Thread t : seen) {
            assertTrue(t == Thread.currentThread() || t.isDaemon(), t.getName());
        }
    }

    @Test
    void manyThreadsSharingOneInstanceGetTheSequentialResults() throws Exception {
        ImageEvidence evidence = new ImageEvidence(new FakeBackbone(), DIM, true);
        List<BufferedImage> images = images(5);
        float[][] expected = sequential(images);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<float[][]>> futures = new ArrayList<>();
            for (int t = 0; t < 24; t++) {
                futures.add(pool.submit(() -> evidence.features(evidence.prepare(images.size(), images::get))));
            }
            for (Future<float[][]> f : futures) {
                float[][] got = f.get(120, TimeUnit.SECONDS);
                for (int i = 0; i < images.size(); i++) {
                    assertArrayEquals(expected[i], got[i]);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(DIM + HandcraftedDescriptors.DIMENSION, evidence.dimension());
    }
}
