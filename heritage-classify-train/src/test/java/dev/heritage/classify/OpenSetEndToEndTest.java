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
 * sealed model directory and the annotator. The training configuration also names background images
 * ("objects": a coloured ellipse on a plain ground, {@code painting = no}); objects it never saw must
 * be answered outside too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenSetEndToEndTest {
    private static final String WITHHELD = "Gradients";
    private Path dir;
    private final List<Path> withheld = new ArrayList<>();
    private final List<Path> known = new ArrayList<>();
    private final List<Path> unseenObjects = new ArrayList<>();

    /** A photograph of an object, roughly: a coloured ellipse on a plain grey ground. */
    private static void writeObject(Path file, java.util.Random r) throws java.io.IOException {
        java.awt.image.BufferedImage img =
                new java.awt.image.BufferedImage(96, 96, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        int grey = 180 + r.nextInt(60);
        g.setColor(new java.awt.Color(grey, grey, grey));
        g.fillRect(0, 0, 96, 96);
        g.setColor(new java.awt.Color(80 + r.nextInt(120), 40 + r.nextInt(80), 20 + r.nextInt(60)));
        int w = 30 + r.nextInt(30);
        int h = 40 + r.nextInt(30);
        g.fillOval(48 - w / 2, 48 - h / 2, w, h);
        g.dispose();
        javax.imageio.ImageIO.write(img, "png", file.toFile());
    }

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
        Path objects = Files.createDirectories(dir.resolve("objects"));
        java.util.Random r = new java.util.Random(17);
        List<String> background = new ArrayList<>(List.of("id,image,painting"));
        for (int i = 0; i < 50; i++) {
            Path file = objects.resolve("o" + i + ".png");
            writeObject(file, r);
            if (i < 30) {
                background.add("o" + i + "," + file.toAbsolutePath() + ",no");
            } else {
                unseenObjects.add(file);
            }
        }
        Path backgroundCsv = dir.resolve("background.csv");
        Files.write(backgroundCsv, background, StandardCharsets.UTF_8);
        TrainingConfig config = TrainingConfig.read(TinyCollection.config(
                dir,
                "openset.json",
                c -> c.putObject("openSet")
                        .put("task", "style")
                        .put("threshold", 0.99)
                        .put("background", backgroundCsv.toString())));
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
        assertTrue(read.openSet().hasBackgroundTest(), "the background images gave a 'not a painting' test");
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
            int objectsOutside = 0;
            for (Path o : unseenObjects) {
                objectsOutside += a.annotate(Asset.builder("o").image(o).build())
                                .prediction("style")
                                .outside()
                        ? 1
                        : 0;
            }
            assertTrue(objectsOutside >= 18, objectsOutside + " of 20 unseen objects outside");
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
