package dev.heritage.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Mask;
import dev.heritage.api.engine.Tensor;
import dev.heritage.classify.model.ImageEvidence;
import dev.heritage.inpaint.ReconstructionMetrics;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The CI smoke run of the benchmarks: every {@code @Benchmark} method is called once, directly,
 * after its state's set-up, and its output is checked. Nothing is timed.
 */
class QuickBenchTest {
    private static final Blackhole BH = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @Test
    void decodeBenchmarksDecodeAndPreprocess() throws Exception {
        DecodeBenchmark b = new DecodeBenchmark();
        b.setup();
        BufferedImage small = b.decodeSmall();
        assertEquals(224, small.getWidth());
        assertEquals(285, small.getHeight());
        BufferedImage full = b.decodeLargeFull();
        assertEquals(2000, full.getHeight());
        BufferedImage sub = b.decodeLargeSubsampled();
        assertTrue(Math.min(sub.getWidth(), sub.getHeight()) >= ImageEvidence.ANALYSIS_SIDE, sub.toString());
        assertTrue(sub.getWidth() < full.getWidth(), "sub-sampled decode is smaller than the full one");
        for (Tensor t : List.of(b.preprocessSmall(), b.decodeAndPreprocessSmall(), b.decodeAndPreprocessLarge())) {
            assertEquals(List.of(1L, 3L, 224L, 224L), List.of(t.dim(0), t.dim(1), t.dim(2), t.dim(3)));
            for (float v : t.floats()) {
                assertTrue(v >= 0 && v <= 1, "pixel value " + v);
            }
        }
        float[] d = b.descriptorsSmall();
        assertEquals(451, d.length);
        for (float v : d) {
            assertTrue(Float.isFinite(v));
        }
        BH.consume(d);
    }

    @Test
    void mirrorAverageBenchmarkAnnotatesBothWays() throws Exception {
        MirrorAverageBenchmark b = new MirrorAverageBenchmark();
        b.engine = "onnxruntime";
        b.batch = 2;
        b.setup();
        try {
            List<AnnotationResult> plain = b.annotate();
            List<AnnotationResult> mirrored = b.annotateMirrorAveraged();
            assertEquals(2, plain.size());
            assertEquals(2, mirrored.size());
            assertEquals(
                    plain.get(0).predictions().keySet(),
                    mirrored.get(0).predictions().keySet());
            assertFalse(plain.get(0).equals(mirrored.get(0)), "the flip changes the confidences");
        } finally {
            b.tearDown();
        }
    }

    @Test
    void annotateAndBareEngineRun() throws Exception {
        AnnotateBenchmark b = new AnnotateBenchmark();
        b.engine = "onnxruntime";
        b.batch = 2;
        b.setup();
        try {
            List<AnnotationResult> results = b.annotate();
            assertEquals(2, results.size());
            for (AnnotationResult r : results) {
                assertEquals(
                        List.of("style", "artist", "decade", "century").stream()
                                .sorted()
                                .toList(),
                        r.predictions().keySet().stream().sorted().toList());
                r.predictions().values().forEach(p -> assertTrue(p.confidence() > 0 && p.confidence() <= 1));
            }
            assertEquals(
                    results.get(0).predictions().get("style").value(),
                    results.get(1).predictions().get("style").value(),
                    "same image, same answer");
            List<AnnotationResult> stream = b.annotateStream();
            assertEquals(2 * AnnotateBenchmark.STREAM_BATCHES, stream.size());
            for (int k = 0; k < stream.size(); k++) {
                assertEquals(results.get(k % 2), stream.get(k), "batch " + k / 2 + " of the stream");
            }
            b.bareEngine(BH);
            Tensor features = b.backbone
                    .forward(b.inputs.backboneInputs())
                    .values()
                    .iterator()
                    .next();
            assertEquals(2, features.dim(0));
        } finally {
            b.tearDown();
        }
    }

    @Test
    void sharedAndSeparateAnnotatorsRun() throws Exception {
        ConcurrencyBenchmark.Batch batch = new ConcurrencyBenchmark.Batch();
        batch.batch = 2;
        batch.setup();
        ConcurrencyBenchmark.Shared shared = new ConcurrencyBenchmark.Shared();
        ConcurrencyBenchmark.PerThread own = new ConcurrencyBenchmark.PerThread();
        shared.setup();
        own.setup();
        try {
            ConcurrencyBenchmark c = new ConcurrencyBenchmark();
            List<AnnotationResult> a = c.shared(shared, batch);
            List<AnnotationResult> s = c.separate(own, batch);
            assertEquals(2, a.size());
            assertEquals(
                    a.get(0).predictions().get("style").value(),
                    s.get(0).predictions().get("style").value());
        } finally {
            shared.tearDown();
            own.tearDown();
        }
    }

    @Test
    void reconstructionsKeepIntactPixelsAndAgreeWithOpenCv() throws Exception {
        ReconstructBenchmark b = new ReconstructBenchmark();
        b.megapixels = 0.04;
        b.setup();
        try {
            Mask mask = b.mask;
            assertTrue(mask.coverage() >= 0.05 && mask.coverage() <= 0.30, "coverage " + mask.coverage());
            for (BufferedImage out : List.of(b.teleaJava(), b.navierStokes(), b.exemplar(), b.refinedPaintings())) {
                assertIntactOutsideMask(b.image, out, mask);
            }
            BH.consume(b.teleaOpenCv());
            BufferedImage cv = OpenCvTelea.inpaint(b.image, mask, 5);
            assertIntactOutsideMask(b.image, cv, mask);
            double ours = ReconstructionMetrics.psnr(b.image, b.teleaJava(), mask);
            double theirs = ReconstructionMetrics.psnr(b.image, cv, mask);
            assertTrue(ours > 10 && theirs > 10, "PSNR in mask: ours " + ours + ", OpenCV " + theirs);
            assertTrue(Math.abs(ours - theirs) < 3, "PSNR in mask: ours " + ours + ", OpenCV " + theirs);
        } finally {
            b.tearDown();
        }
    }

    private static void assertIntactOutsideMask(BufferedImage in, BufferedImage out, Mask mask) {
        assertEquals(in.getWidth(), out.getWidth());
        assertEquals(in.getHeight(), out.getHeight());
        boolean changed = false;
        for (int y = 0; y < in.getHeight(); y++) {
            for (int x = 0; x < in.getWidth(); x++) {
                int a = in.getRGB(x, y) & 0xffffff;
                int o = out.getRGB(x, y) & 0xffffff;
                if (!mask.isDamaged(x, y)) {
                    assertEquals(a, o, "pixel outside the mask changed at " + x + "," + y);
                } else {
                    changed |= a != o;
                }
            }
        }
        assertTrue(changed, "no pixel inside the mask changed");
    }

    @Test
    void matmulComputesTheProduct() throws Exception {
        PeakFlopsBenchmark b = new PeakFlopsBenchmark();
        b.engine = "onnxruntime";
        b.size = 32;
        b.rows = 3;
        b.setup();
        try {
            Map<String, Tensor> out = b.matmul();
            float[] y = out.get("y").floats();
            float[] x = b.inputs.get("x").floats();
            float[] w = PeakFlopsBenchmark.weights(32);
            for (int r = 0; r < 3; r++) {
                for (int o = 0; o < 32; o++) {
                    double e = 0;
                    for (int i = 0; i < 32; i++) {
                        e += x[r * 32 + i] * w[o * 32 + i];
                    }
                    assertEquals(e, y[r * 32 + o], 1e-4);
                }
            }
            assertEquals(2L * 3 * 32 * 32, b.flops());
        } finally {
            b.tearDown();
        }
    }

    @Test
    void trainingStepsLowerTheLoss() throws Exception {
        TrainingStepBenchmark b = new TrainingStepBenchmark();
        b.batch = 8;
        b.setup();
        try {
            float first = b.step();
            float later = first;
            for (int i = 0; i < 5; i++) {
                later = b.step();
            }
            assertTrue(Float.isFinite(first) && first > 0, "loss " + first);
            assertTrue(later < first, "loss " + first + " -> " + later);
        } finally {
            b.tearDown();
        }
    }

    @Test
    void pairedOverheadWritesWhatItMeasured(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path csv = dir.resolve(Report.PAIRED_FILE);
        List<PairedOverhead.Pairs> measured = PairedOverhead.run(List.of("onnxruntime"), new int[] {2}, 0, 2, csv);
        List<PairedOverhead.Pairs> read = PairedOverhead.read(csv);
        assertEquals(1, read.size());
        assertEquals("onnxruntime", read.get(0).engine());
        assertEquals(2, read.get(0).batch());
        assertEquals(measured.get(0).annotateMs()[1], read.get(0).annotateMs()[1], 1e-3);
        for (double r : read.get(0).ratios()) {
            assertTrue(r > 0 && Double.isFinite(r), "ratio " + r);
        }
        PairedOverhead.Pairs p = read.get(0);
        for (double[] step : List.of(p.backboneMs(), p.headMs(), p.decodeMs(), p.preprocessMs(), p.descriptorsMs())) {
            for (double v : step) {
                assertTrue(v > 0 && Double.isFinite(v), "step time " + v);
            }
        }
        assertEquals(p.bareMs()[0], p.backboneMs()[0] + p.headMs()[0], 0.01);
        assertTrue(PairedOverhead.summary(p).contains("decode"), PairedOverhead.summary(p));
        // A file from before the step columns still reads; the steps are then unknown.
        Path old = dir.resolve("old.csv");
        Files.writeString(old, "engine,batch,round,annotate_ms,bare_ms\nonnxruntime,32,0,120.0,100.0\n");
        PairedOverhead.Pairs legacy = PairedOverhead.read(old).get(0);
        assertEquals(1.2, legacy.ratios()[0], 1e-9);
        assertTrue(Double.isNaN(legacy.decodeMs()[0]));
    }

    @Test
    void reportHasRatiosFromOneRun(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String json = "["
                + result(
                        "AnnotateBenchmark.annotate",
                        "{\"engine\":\"onnxruntime\",\"batch\":\"32\"}",
                        "[[110,120,130]]")
                + ","
                + result(
                        "AnnotateBenchmark.bareEngine",
                        "{\"engine\":\"onnxruntime\",\"batch\":\"32\"}",
                        "[[100,100,100]]")
                + ","
                + result(
                        "AnnotateBenchmark.annotateStream",
                        "{\"engine\":\"onnxruntime\",\"batch\":\"32\"}",
                        "[[840,848,856]]")
                + ","
                + result(
                        "MirrorAverageBenchmark.annotate",
                        "{\"engine\":\"onnxruntime\",\"batch\":\"32\"}",
                        "[[100,100,100]]")
                + ","
                + result(
                        "MirrorAverageBenchmark.annotateMirrorAveraged",
                        "{\"engine\":\"onnxruntime\",\"batch\":\"32\"}",
                        "[[190,190,190]]")
                + "]";
        Files.writeString(dir.resolve("jmh.json"), json);
        String md = Files.readString(Report.write(dir.resolve("jmh.json"), dir));
        assertTrue(md.contains("| onnxruntime | 32 | 3.75 (3.44–4.06) | 3.13 (3.13–3.13) | 20 %"), md);
        assertTrue(md.contains("| 3.13 (3.13–3.13) | 5.94 (5.94–5.94) | 1.90× |"), md);
        assertTrue(
                md.contains("| onnxruntime | 32 (8 batches per call) | 3.31 (3.28–3.34) | 3.13 (3.13–3.13) | 6 %"), md);
        assertTrue(Files.size(dir.resolve("annotate.png")) > 1000);
        assertFalse(md.contains("NaN"));
    }

    @Test
    void reportReadsTheZooModelsRowsAndLeavesOtherModelsOut(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        String zoo = "{\"engine\":\"onnxruntime\",\"batch\":\"32\",\"model\":\"paintings-multitask\"}";
        String other = "{\"engine\":\"onnxruntime\",\"batch\":\"32\",\"model\":\"target/runs/mine\"}";
        String json = "[" + result("AnnotateBenchmark.annotate", zoo, "[[110,120,130]]") + ","
                + result("AnnotateBenchmark.bareEngine", zoo, "[[100,100,100]]") + ","
                + result("AnnotateBenchmark.annotateStream", zoo, "[[840,848,856]]") + ","
                + result("AnnotateBenchmark.annotate", other, "[[500,500,500]]") + ","
                + result("AnnotateBenchmark.bareEngine", other, "[[50,50,50]]") + "]";
        Files.writeString(dir.resolve("jmh.json"), json);
        String md = Files.readString(Report.write(dir.resolve("jmh.json"), dir));
        assertTrue(md.contains("| onnxruntime | 32 | 3.75 (3.44–4.06) | 3.13 (3.13–3.13) | 20 %"), md);
        assertFalse(md.contains("15.6"), "the other model's 500 ms per batch of 32 must not reach the report: " + md);
    }

    private static String result(String name, String params, String raw) {
        return "{\"benchmark\":\"dev.heritage.bench." + name + "\",\"params\":" + params
                + ",\"primaryMetric\":{\"score\":1,\"scoreUnit\":\"ms/op\",\"rawData\":" + raw + "}}";
    }
}
