package dev.heritage.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.api.Prediction;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.classify.model.AnnotatorModel;
import dev.heritage.classify.output.JsonLinesWriter;
import dev.heritage.classify.train.AnnotatorTrainer;
import dev.heritage.classify.train.TinyCollection;
import dev.heritage.classify.train.TrainingConfig;
import dev.heritage.classify.train.TrainingListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The open-set answer end to end on a tiny synthetic collection: one of its three styles
 * ("Gradients") is withheld from training, so the model knows two; paintings of the withheld style
 * must be answered "outside", paintings of the known styles not, through the real backbone, the
 * sealed model directory and the annotator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenSetEndToEndTest {
    private static final String WITHHELD = "Gradients";
    private Path dir;
    private final List<Path> withheld = new ArrayList<>();
    private final List<Path> known = new ArrayList<>();

    @BeforeAll
    void train() throws Exception {
        dir = Files.createTempDirectory("annotator-openset-");
        Path all = TinyCollection.write(dir.resolve("collection"), 150, 5);
        List<String> lines = Files.readAllLines(all, StandardCharsets.UTF_8);
        List<String> kept = new ArrayList<>(List.of(lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
            Path image = dir.resolve("collection").resolve(line.split(",")[1]);
            if (line.contains("," + WITHHELD + ",")) {
                withheld.add(image);
            } else {
                kept.add(line);
                known.add(image);
            }
        }
        Path csv = dir.resolve("collection/known.csv");
        Files.write(csv, kept, StandardCharsets.UTF_8);
        TrainingConfig config = TrainingConfig.read(TinyCollection.config(
                dir,
                "openset.json",
                c -> c.putObject("openSet").put("task", "style").put("rank", 8).put("threshold", 0.99)));
        new AnnotatorTrainer(config, TrainingListener.NONE)
                .train(csv, null, dir.resolve("model"), dir.resolve("features"));
    }

    @Test
    void aWithheldStyleIsAnsweredOutsideAndKnownStylesAreNot() throws Exception {
        ModelArtifact model = ModelArtifact.open(dir.resolve("model"));
        assertEquals(
                List.of("Dots", "Stripes"),
                model.card().tasks().get(0).labels().stream().sorted().toList());
        AnnotatorModel read = AnnotatorModel.read(model);
        assertNotNull(read.openSet(), "the card describes the open-set answer");
        assertEquals(0.99, read.openSet().threshold(), 1e-12);
        try (Annotator a = Annotators.load(
                dir.resolve("model").toString(),
                AnnotatorOptions.builder().engine("onnxruntime").build())) {
            int outside = 0;
            for (int i = 0; i < withheld.size(); i++) {
                Prediction p = a.annotate(
                                Asset.builder("w" + i).image(withheld.get(i)).build())
                        .prediction("style");
                assertTrue(p.hasOutsideScore());
                assertTrue(TinyCollection.STYLES.contains(p.value()), "the value stays the nearest known style");
                if (p.outside()) {
                    outside++;
                    assertTrue(p.needsReview(), "an answer outside always goes to review");
                    assertTrue(p.outsideScore() >= 0.99);
                }
            }
            int knownOutside = 0;
            for (int i = 0; i < known.size(); i++) {
                knownOutside +=
                        a.annotate(Asset.builder("k" + i).image(known.get(i)).build())
                                        .prediction("style")
                                        .outside()
                                ? 1
                                : 0;
            }
            assertTrue(outside >= 0.9 * withheld.size(), outside + " of " + withheld.size() + " withheld outside");
            // the known paintings include the training rows, which lie closer than the validation reference
            assertTrue(knownOutside <= 0.1 * known.size(), knownOutside + " of " + known.size() + " known outside");

            // other tasks carry no open-set answer; an asset without an image has no score
            AnnotationResult r =
                    a.annotate(Asset.builder("w").image(withheld.get(0)).build());
            assertFalse(r.prediction("artist").hasOutsideScore());
            Prediction titleOnly = a.annotate(
                            Asset.builder("t").field("title", "The harbour").build())
                    .prediction("style");
            assertFalse(titleOnly.outside());
            assertFalse(titleOnly.hasOutsideScore());

            JsonNode line = new ObjectMapper().readTree(JsonLinesWriter.resultLine(r));
            JsonNode style = line.path("predictions").path("style");
            assertTrue(style.path("outside").asBoolean(), line.toString());
            assertEquals(
                    r.prediction("style").outsideScore(),
                    style.path("outsideScore").asDouble(),
                    1e-6);
            assertTrue(style.path("needsReview").asBoolean());
            assertFalse(line.path("predictions").path("artist").has("outside"));
        }
    }

    @Test
    void theThresholdIsOverriddenPerCall() throws Exception {
        try (Annotator strict = Annotators.load(
                        dir.resolve("model").toString(),
                        AnnotatorOptions.builder()
                                .engine("onnxruntime")
                                .optOutsideThreshold(1.0)
                                .build());
                Annotator card = Annotators.load(
                        dir.resolve("model").toString(),
                        AnnotatorOptions.builder().engine("onnxruntime").build())) {
            Asset a = Asset.builder("w").image(withheld.get(0)).build();
            Prediction byCard = card.annotate(a).prediction("style");
            Prediction byCall = strict.annotate(a).prediction("style");
            assertEquals(byCard.outsideScore(), byCall.outsideScore(), 0);
            assertEquals(byCard.outsideScore() >= 1.0, byCall.outside());
            assertEquals(byCard.value(), byCall.value());
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> AnnotatorOptions.builder().optOutsideThreshold(0).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> AnnotatorOptions.builder().optOutsideThreshold(1.5).build());
    }

    @Test
    void theTrainingMetricsReportTheShareAnsweredOutside() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> openSet =
                (Map<String, Object>) ((Map<String, Object>) ModelArtifact.open(dir.resolve("model"))
                                .card()
                                .properties()
                                .get("metrics"))
                        .get("openSet");
        assertEquals("style", openSet.get("task"));
        double share = ((Number) openSet.get("shareOutside")).doubleValue();
        assertTrue(share >= 0 && share <= 0.2, "validation paintings of known styles: " + share);
        assertTrue(((Number) openSet.get("top1OnValue")).doubleValue() >= 0.8, openSet.toString());
    }
}
