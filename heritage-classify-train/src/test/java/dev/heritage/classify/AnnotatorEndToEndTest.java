package dev.heritage.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.Prediction;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.classify.model.ImageEvidence;
import dev.heritage.classify.train.AnnotatorTrainer;
import dev.heritage.classify.train.TinyCollection;
import dev.heritage.classify.train.TrainingConfig;
import dev.heritage.classify.train.TrainingListener;
import dev.heritage.classify.train.TrainingReport;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Train, seal, load and annotate on a tiny synthetic collection, with the real backbone and engines. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnnotatorEndToEndTest {
    private Path dir;
    private TrainingReport report;

    @BeforeAll
    void train() throws Exception {
        dir = Files.createTempDirectory("annotator-e2e-");
        Path csv = TinyCollection.write(dir.resolve("collection"), 90, 1);
        TrainingConfig config = TrainingConfig.read(TinyCollection.config(dir));
        report = new AnnotatorTrainer(config, TrainingListener.NONE)
                .train(csv, null, dir.resolve("model"), dir.resolve("features"));
    }

    @Test
    void writesASealedModelWithEveryFormatAndProvenance() throws Exception {
        ModelArtifact m = ModelArtifact.open(dir.resolve("model"));
        assertEquals("tiny-annotator", m.card().id());
        assertEquals(
                List.of("style", "artist", "decade", "century"),
                m.card().tasks().stream().map(t -> t.name()).toList());
        assertEquals(
                Map.of("graph", "weights/head.graph.json").get("graph"),
                m.card().networks().get("head").graph());
        assertTrue(m.card()
                .networks()
                .get("head")
                .formats()
                .keySet()
                .containsAll(List.of("djl", "onnx", "savedmodel", "portable")));
        assertTrue(m.card().properties().containsKey("provenance"));
        assertTrue(m.card().properties().containsKey("metrics"));
        assertTrue(Files.isRegularFile(dir.resolve("model/training-curves.png")));
        assertFalse(Files.exists(dir.resolve("model.partial")));
        @SuppressWarnings("unchecked")
        Map<String, Object> style =
                (Map<String, Object>) ((Map<String, Object>) report.metrics().get("tasks")).get("style");
        assertTrue(((Number) style.get("top1")).doubleValue() >= 0.9, "style is easy here: " + style.get("top1"));
    }

    @Test
    void predictsOnlyWhatIsMissingAndSaysWhatItUsed() throws Exception {
        Path image = dir.resolve("collection/images/obj0.png");
        try (Annotator a = Annotators.load(
                dir.resolve("model").toString(),
                AnnotatorOptions.builder().engine("onnxruntime").build())) {
            AnnotationResult none = a.annotate(Asset.builder("x").image(image).build());
            assertEquals(
                    List.of("style", "artist", "decade", "century"),
                    List.copyOf(none.predictions().keySet()));
            assertEquals(List.of("image"), none.inputsUsed());
            Prediction p = none.prediction("style");
            assertTrue(p.confidence() > 0 && p.confidence() <= 1);
            assertEquals(2, p.alternatives().size());
            double sum = p.confidence()
                    + p.alternatives().stream().mapToDouble(x -> x.confidence()).sum();
            assertEquals(1.0, sum, 1e-6);

            AnnotationResult some = a.annotate(Asset.builder("y")
                    .image(image)
                    .field("style", "Dots")
                    .field("year", "1790")
                    .build());
            assertEquals(List.of("artist"), List.copyOf(some.predictions().keySet()));
            assertEquals(List.of("image", "style"), some.inputsUsed());

            AnnotationResult unknown = a.annotate(Asset.builder("z")
                    .field("style", "Vorticism")
                    .field("title", "The harbour")
                    .build());
            assertEquals(List.of("title"), unknown.inputsUsed());
            assertTrue(
                    unknown.warnings().get(0).contains("Vorticism"),
                    unknown.warnings().toString());
            assertTrue(unknown.predictions().containsKey("style"));
        }
    }

    @Test
    void explanationsAreTheConfidenceLostWhenEachInputIsWithheld() throws Exception {
        Path image = dir.resolve("collection/images/obj4.png");
        Asset full = Asset.builder("e")
                .image(image)
                .field("title", "The orchard, study 2")
                .build();
        try (Annotator plain = Annotators.load(
                        dir.resolve("model").toString(),
                        AnnotatorOptions.builder().engine("onnxruntime").build());
                Annotator explaining = Annotators.load(
                        dir.resolve("model").toString(),
                        AnnotatorOptions.builder()
                                .engine("onnxruntime")
                                .optExplain(true)
                                .build())) {
            assertTrue(plain.annotate(full).prediction("style").evidence().isEmpty());
            Prediction style = explaining.annotate(full).prediction("style");
            assertEquals(List.of("image", "title"), List.copyOf(style.evidence().keySet()));
            Map<String, Asset> withheld = Map.of(
                    "image",
                            Asset.builder("e")
                                    .field("title", "The orchard, study 2")
                                    .build(),
                    "title", Asset.builder("e").image(image).build());
            for (Map.Entry<String, Asset> w : withheld.entrySet()) {
                Prediction without = plain.annotate(w.getValue()).prediction("style");
                double p = without.value().equals(style.value())
                        ? without.confidence()
                        : without.alternatives().stream()
                                .filter(x -> x.value().equals(style.value()))
                                .findFirst()
                                .orElseThrow()
                                .confidence();
                assertEquals(style.confidence() - p, style.evidence().get(w.getKey()), 1e-6, w.getKey());
            }
            assertEquals(style.value(), plain.annotate(full).prediction("style").value());
        }
    }

    @Test
    void oneSharedAnnotatorUnderEightThreadsGivesTheSequentialResults() throws Exception {
        List<Asset> assets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            assets.add(Asset.builder("t" + i)
                    .image(dir.resolve("collection/images/obj" + i + ".png"))
                    .field("title", i % 2 == 0 ? "The harbour" : "")
                    .build());
        }
        try (Annotator a = Annotators.load(
                dir.resolve("model").toString(),
                AnnotatorOptions.builder().engine("onnxruntime").build())) {
            List<AnnotationResult> sequential = new ArrayList<>();
            for (Asset asset : assets) {
                sequential.add(a.annotate(asset));
            }
            // Concurrency (docs/RELIABILITY.md): 8 threads x 500 calls each, started together, every answer checked.
            int threads = 8;
            int calls = 500;
            CyclicBarrier start = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        start.await();
                        int checked = 0;
                        for (int call = 0; call < calls; call++) {
                            int k = (thread * 5 + call * 7) % assets.size();
                            assertEquals(
                                    sequential.get(k),
                                    a.annotate(assets.get(k)),
                                    "thread " + thread + ", call " + call);
                            checked++;
                        }
                        return checked;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : futures) {
                    total += f.get(300, TimeUnit.SECONDS);
                }
                assertEquals(threads * calls, total);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void batchesPreparedAheadGiveTheResultsOfOneCallPerBatchAndFailInOrder() throws Exception {
        ArrayList<Asset> assets = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            Asset.Builder b = Asset.builder("obj" + i);
            if (i % 4 != 3) {
                b.image(dir.resolve("collection/images/obj" + i + ".png"));
            } else {
                b.field("title", "The harbour, study " + i);
            }
            assets.add(b.build());
        }
        Path garbage = dir.resolve("garbage.png");
        Files.write(garbage, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Path alsoGarbage = dir.resolve("also-garbage.png");
        Files.write(alsoGarbage, new byte[] {9, 9, 9, 9});
        try (Annotator a = Annotators.load(
                dir.resolve("model").toString(),
                AnnotatorOptions.builder().engine("onnxruntime").optBatchSize(3).build())) {
            List<AnnotationResult> streamed = a.annotate(assets);
            ArrayList<AnnotationResult> oneCallPerBatch = new ArrayList<>();
            for (int start = 0; start < assets.size(); start += 3) {
                oneCallPerBatch.addAll(a.annotate(assets.subList(start, Math.min(assets.size(), start + 3))));
            }
            assertEquals(oneCallPerBatch, streamed);
            assertEquals(
                    assets.stream().map(Asset::id).toList(),
                    streamed.stream().map(AnnotationResult::assetId).toList());

            // Bad images in the third and fourth batches: the third's is reported, as a sequential loop would.
            assets.set(7, Asset.builder("bad7").image(garbage).build());
            assets.set(10, Asset.builder("bad10").image(alsoGarbage).build());
            InvalidImageException e = org.junit.jupiter.api.Assertions.assertThrows(
                    InvalidImageException.class, () -> a.annotate(assets));
            assertTrue(
                    e.getMessage().contains("garbage.png") && !e.getMessage().contains("also-garbage"), e.getMessage());
            // The annotator is unharmed: the good batches still give their results.
            assertEquals(oneCallPerBatch.subList(0, 6), a.annotate(assets.subList(0, 6)));
        }
    }

    @Test
    void theTestTimeFlipAnswersAMirroredImageExactlyAsTheImage() throws Exception {
        BufferedImage original =
                ImageIO.read(dir.resolve("collection/images/obj5.png").toFile());
        Path mirrored = dir.resolve("obj5-mirrored.png");
        ImageIO.write(ImageEvidence.mirror(original), "png", mirrored.toFile());
        Asset plain = Asset.builder("plain")
                .image(dir.resolve("collection/images/obj5.png"))
                .build();
        Asset flipped = Asset.builder("plain").image(mirrored).build();
        try (Annotator flip = Annotators.load(
                        dir.resolve("model").toString(),
                        AnnotatorOptions.builder()
                                .engine("onnxruntime")
                                .optMirrorAverage(true)
                                .build());
                Annotator once = Annotators.load(
                        dir.resolve("model").toString(),
                        AnnotatorOptions.builder().engine("onnxruntime").build())) {
            // mean(f(x), f(mirror x)) is the same sum either way round: equal to the last bit.
            assertEquals(flip.annotate(plain), flip.annotate(flipped));
            AnnotationResult a = once.annotate(plain);
            AnnotationResult b = once.annotate(flipped);
            assertFalse(a.equals(b), "without the flip, the mirrored image's features differ");
            AnnotationResult averaged = flip.annotate(plain);
            for (String task : a.predictions().keySet()) {
                double p = averaged.prediction(task).confidence();
                assertTrue(p > 0 && p <= 1, task);
            }
            assertFalse(averaged.equals(a), "the flip changes the answer's confidences");
        }
    }

    @Test
    void sameAnswersOnEveryEngineAndInBatches() throws Exception {
        List<Asset> assets = List.of(
                Asset.builder("a")
                        .image(dir.resolve("collection/images/obj1.png"))
                        .build(),
                Asset.builder("b")
                        .image(dir.resolve("collection/images/obj2.png"))
                        .field("title", "The meadow")
                        .build(),
                Asset.builder("c").field("title", "The river, study 3").build());
        List<AnnotationResult> reference = null;
        for (String engine : List.of("onnxruntime", "pytorch", "tensorflow")) {
            try (Annotator a = Annotators.load(
                    dir.resolve("model").toString(),
                    AnnotatorOptions.builder().engine(engine).optBatchSize(2).build())) {
                List<AnnotationResult> batch = a.annotate(assets);
                for (int i = 0; i < assets.size(); i++) {
                    AnnotationResult single = a.annotate(assets.get(i));
                    for (String task : single.predictions().keySet()) {
                        assertEquals(
                                single.prediction(task).value(),
                                batch.get(i).prediction(task).value());
                        assertEquals(
                                single.prediction(task).confidence(),
                                batch.get(i).prediction(task).confidence(),
                                1e-5);
                    }
                }
                if (reference == null) {
                    reference = batch;
                } else {
                    for (int i = 0; i < assets.size(); i++) {
                        for (String task : reference.get(i).predictions().keySet()) {
                            assertEquals(
                                    reference.get(i).prediction(task).value(),
                                    batch.get(i).prediction(task).value(),
                                    engine + " " + task);
                            assertEquals(
                                    reference.get(i).prediction(task).confidence(),
                                    batch.get(i).prediction(task).confidence(),
                                    1e-4,
                                    engine + " " + task);
                        }
                    }
                }
            }
        }
    }
}
