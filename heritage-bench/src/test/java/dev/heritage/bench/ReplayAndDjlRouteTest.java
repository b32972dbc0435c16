package dev.heritage.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Asset;
import dev.heritage.api.ImageSource;
import dev.heritage.api.engine.Tensor;
import dev.heritage.classify.backbone.MobileNetV2;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CI run of the wrapper and DJL-route benchmarks: every {@code @Benchmark} method of {@link
 * WrapperOverheadBenchmark} and {@link DjlRouteBenchmark} is called once after its state's set-up, and
 * its output is checked against the real engine's. Nothing is timed.
 */
class ReplayAndDjlRouteTest {

    @Test
    void replayEngineAnswersAsTheRealEngineWithoutCallingIt() throws Exception {
        AnnotateBenchmark real = new AnnotateBenchmark();
        real.engine = "onnxruntime";
        real.batch = 2;
        real.setup();
        WrapperOverheadBenchmark.Replayed replayed = new WrapperOverheadBenchmark.Replayed();
        replayed.engine = "onnxruntime";
        replayed.batch = 2;
        replayed.setup();
        try {
            long calls = replayed.replay.engineCalls();
            assertTrue(calls >= 2, "set-up sends the batch to the real backbone and head once: " + calls);
            List<AnnotationResult> expected = real.annotate();
            List<AnnotationResult> got = new WrapperOverheadBenchmark().annotateReplayed(replayed);
            assertEquals(expected, got, "the replayed annotator answers exactly as the real engine's");
            assertEquals(calls, replayed.replay.engineCalls(), "a measured call reached the real engine");
            assertEquals("replay-onnxruntime", replayed.replay.name());
        } finally {
            replayed.tearDown();
            real.tearDown();
        }
    }

    @Test
    void wrapperTrialFailsWhenAMeasuredCallReachedTheRealEngine() throws Exception {
        WrapperOverheadBenchmark.Replayed replayed = new WrapperOverheadBenchmark.Replayed();
        replayed.engine = "onnxruntime";
        replayed.batch = 1;
        replayed.setup();
        BufferedImage other = BenchImages.scaled(200, 240);
        replayed.annotator.annotate(List.of(Asset.builder("other")
                .image(ImageSource.of(BenchImages.jpeg(other), "other.jpg"))
                .build()));
        IllegalStateException e = assertThrows(IllegalStateException.class, replayed::tearDown);
        assertTrue(e.getMessage().contains("engine time"), e.getMessage());
    }

    @Test
    void modelJavaWorkIsDecodeAverageDownAndDescriptors() throws Exception {
        WrapperOverheadBenchmark b = new WrapperOverheadBenchmark();
        WrapperOverheadBenchmark.Single single = new WrapperOverheadBenchmark.Single();
        single.setup();
        BufferedImage decoded = b.decode(single);
        assertEquals(224, decoded.getWidth());
        assertEquals(285, decoded.getHeight());
        BufferedImage canonical = b.averageDown(single);
        assertEquals(MobileNetV2.INPUT_SIZE, canonical.getWidth());
        assertEquals(MobileNetV2.INPUT_SIZE, canonical.getHeight());
        float[] alone = b.descriptors(single);
        assertEquals(451, alone.length);
        WrapperOverheadBenchmark.Batch batch = new WrapperOverheadBenchmark.Batch();
        batch.batch = 3;
        batch.setup();
        try {
            float[][] shared = b.modelJavaWork(batch);
            assertEquals(3, shared.length);
            for (float[] d : shared) {
                assertArrayEquals(alone, d, "the same descriptors whichever thread computed them");
            }
        } finally {
            batch.tearDown();
        }
    }

    @Test
    void djlRouteRunsTheSameBackboneAndHeritageAnswersFromFiles() throws Exception {
        AnnotateBenchmark real = new AnnotateBenchmark();
        real.engine = "onnxruntime";
        real.batch = 2;
        real.setup();
        DjlRouteBenchmark.Djl djl = new DjlRouteBenchmark.Djl();
        djl.batch = 2;
        DjlRouteBenchmark.Heritage heritage = new DjlRouteBenchmark.Heritage();
        heritage.batch = 2;
        try {
            djl.setup();
            heritage.setup();
            DjlRouteBenchmark b = new DjlRouteBenchmark();
            List<float[]> features = b.djlRoute(djl);
            Tensor bare = real.backbone.forward(real.inputs.backboneInputs()).get(MobileNetV2.FEATURES);
            int dim = (int) bare.dim(1);
            assertEquals(2, features.size());
            for (int i = 0; i < 2; i++) {
                assertEquals(dim, features.get(i).length);
                float[] ours = java.util.Arrays.copyOfRange(bare.floats(), i * dim, (i + 1) * dim);
                double cos = cosine(features.get(i), ours);
                // DJL resizes bilinearly where Heritage averages down: close, not equal.
                assertTrue(cos > 0.9, "cosine between DJL's and Heritage's backbone features: " + cos);
            }
            List<AnnotationResult> fromFiles = b.heritageAnnotate(heritage);
            List<AnnotationResult> inMemory = real.annotate();
            assertEquals(2, fromFiles.size());
            for (int i = 0; i < 2; i++) {
                assertEquals(inMemory.get(i).predictions(), fromFiles.get(i).predictions());
                assertEquals(4, fromFiles.get(i).predictions().size(), "every task answered");
            }
        } finally {
            djl.tearDown();
            heritage.tearDown();
            real.tearDown();
        }
    }

    private static double cosine(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }
}
