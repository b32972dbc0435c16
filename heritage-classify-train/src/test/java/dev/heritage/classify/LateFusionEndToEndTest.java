package dev.heritage.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Asset;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.classify.fusion.LateFusion;
import dev.heritage.classify.testing.EngineAgreement;
import dev.heritage.classify.train.AnnotatorTrainer;
import dev.heritage.classify.train.TinyCollection;
import dev.heritage.classify.train.TrainingConfig;
import dev.heritage.classify.train.TrainingListener;
import dev.heritage.classify.train.TrainingReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A late-fusion annotator trained, sealed, loaded and run on all three engines (tiny synthetic collection). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LateFusionEndToEndTest {
    private Path dir;
    private TrainingReport report;

    @BeforeAll
    void train() throws Exception {
        dir = Files.createTempDirectory("annotator-late-");
        Path csv = TinyCollection.write(dir.resolve("collection"), 90, 1);
        Path file = TinyCollection.config(
                dir,
                "late.json",
                c -> c.put("fusion", "late")
                        .putObject("lateFusion")
                        .put("folds", 2)
                        .put("epochs", 8)
                        .put("rounds", 30)
                        .put("candidates", 5));
        report = new AnnotatorTrainer(TrainingConfig.read(file), TrainingListener.NONE)
                .train(csv, null, dir.resolve("model"), dir.resolve("features"));
    }

    @Test
    void sealsTheModalityNetworksAndTheFusionModels() throws Exception {
        ModelArtifact m = ModelArtifact.open(dir.resolve("model"));
        assertTrue(LateFusion.isLate(m));
        assertFalse(m.card().networks().containsKey("head"));
        assertTrue(m.card()
                .networks()
                .get(LateFusion.IMAGE_HEAD)
                .formats()
                .keySet()
                .containsAll(List.of("djl", "onnx", "savedmodel", "portable")));
        assertTrue(m.card().networks().containsKey(LateFusion.TEXT_HEAD));
        assertTrue(Files.isRegularFile(dir.resolve("model/extras/fusion-style.json")));
        @SuppressWarnings("unchecked")
        Map<String, Object> fusion = (Map<String, Object>) m.card().properties().get("fusion");
        assertEquals("late", fusion.get("mode"));
        assertTrue(String.valueOf(fusion.get("runsInJvm")).contains("XGBoost4J"));
        @SuppressWarnings("unchecked")
        Map<String, Object> style =
                (Map<String, Object>) ((Map<String, Object>) report.metrics().get("tasks")).get("style");
        assertTrue(((Number) style.get("top1")).doubleValue() >= 0.9, "style is easy here: " + style.get("top1"));
        @SuppressWarnings("unchecked")
        Map<String, Object> after = (Map<String, Object>)
                ((Map<String, Object>) report.metrics().get("inconsistentAnswerPairs")).get("withJointDecoding");
        after.forEach((pair, share) -> assertEquals(0.0, ((Number) share).doubleValue(), 1e-12, pair));
    }

    @Test
    void sameAnswersOnEveryEngine() throws Exception {
        List<Asset> assets = List.of(
                Asset.builder("a")
                        .image(dir.resolve("collection/images/obj1.png"))
                        .build(),
                Asset.builder("b")
                        .image(dir.resolve("collection/images/obj2.png"))
                        .field("title", "The meadow")
                        .build(),
                Asset.builder("c")
                        .field("title", "The river, study 3")
                        .field("style", "Dots")
                        .build());
        for (List<AnnotationResult> out : EngineAgreement.assertSameAnswers(dir.resolve("model"), assets)) {
            assertEquals(
                    List.of("style", "artist", "decade", "century"),
                    List.copyOf(out.get(0).predictions().keySet()));
            assertEquals(
                    List.of("artist", "decade", "century"),
                    List.copyOf(out.get(2).predictions().keySet()));
        }
    }
}
