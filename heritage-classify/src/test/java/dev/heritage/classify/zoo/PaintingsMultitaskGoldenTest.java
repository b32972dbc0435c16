package dev.heritage.classify.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.api.ImageSource;
import dev.heritage.api.ModelCard;
import dev.heritage.api.Prediction;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.classify.Annotators;
import dev.heritage.zoo.paintings.PaintingsZoo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden outputs of the shipped zoo annotator on bundled public-domain inputs, on every engine: the
 * same top values, and confidences within 1e-3 of those recorded when the model was packaged
 * ({@code golden-paintings-multitask.json}; regenerate with {@link #main} after retraining).
 */
class PaintingsMultitaskGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String GOLDEN = "/zoo/golden-paintings-multitask.json";

    static List<Asset> inputs() throws IOException {
        byte[] scream;
        try (InputStream in =
                PaintingsMultitaskGoldenTest.class.getResourceAsStream("/backbone/munch_the_scream.jpg")) {
            scream = in.readAllBytes();
        }
        ImageSource image = ImageSource.of(scream, "munch_the_scream.jpg");
        return List.of(
                Asset.builder("scream-image").image(image).build(),
                Asset.builder("scream-titled")
                        .image(image)
                        .field("title", "The Scream")
                        .build(),
                Asset.builder("scream-expressionist")
                        .image(image)
                        .field("style", "Abstract Expressionism")
                        .build(),
                Asset.builder("grey-vase")
                        .image(ImageSource.of(vase(), "grey-vase.png"))
                        .build(),
                Asset.builder("title-only")
                        .field("title", "Mount Fuji seen from the sea")
                        .build());
    }

    /** Not a painting: a brown vase-like shape on a plain grey ground, as museum photographs of objects are. */
    static byte[] vase() throws IOException {
        java.awt.image.BufferedImage img =
                new java.awt.image.BufferedImage(320, 320, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new java.awt.Color(205, 205, 200));
        g.fillRect(0, 0, 320, 320);
        g.setColor(new java.awt.Color(150, 90, 50));
        g.fillOval(90, 110, 140, 170);
        g.fillRect(135, 60, 50, 70);
        g.setColor(new java.awt.Color(60, 35, 20));
        g.fillRect(100, 190, 120, 12);
        g.dispose();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    static Map<String, Object> answers(String engine) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        try (Annotator a = Annotators.load(
                PaintingsZoo.PAINTINGS,
                AnnotatorOptions.builder().engine(engine).build())) {
            for (AnnotationResult r : a.annotate(inputs())) {
                Map<String, Object> preds = new LinkedHashMap<>();
                for (Prediction p : r.predictions().values()) {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("value", p.value());
                    answer.put("confidence", p.confidence());
                    if (p.hasOutsideScore()) {
                        answer.put("outside", p.outside());
                        answer.put("outsideScore", p.outsideScore());
                    }
                    preds.put(p.field(), answer);
                }
                out.put(r.assetId(), preds);
            }
        }
        return out;
    }

    @Test
    void theZooListsTheModelWithItsCard() throws Exception {
        ModelCard card = ModelZoos.models().stream()
                .filter(c -> c.id().equals(PaintingsZoo.PAINTINGS))
                .findFirst()
                .orElseThrow();
        assertEquals(
                List.of("style", "artist", "decade", "century"),
                card.tasks().stream().map(t -> t.name()).toList());
        assertTrue(card.licence().contains("non-commercial"), card.licence());
        assertTrue(card.licence().contains("MIT"), card.licence());
        ModelArtifact m = ModelZoos.open(PaintingsZoo.PAINTINGS);
        assertTrue(Files.isRegularFile(m.resolve("weights/backbone-NOTICE")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"onnxruntime", "pytorch", "tensorflow"})
    void goldenAnswersOnEveryEngine(String engine) throws Exception {
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream(GOLDEN)) {
            golden = JSON.readTree(in);
        }
        JsonNode actual = JSON.valueToTree(answers(engine));
        assertEquals(golden.size(), actual.size());
        golden.fieldNames()
                .forEachRemaining(asset -> golden.path(asset).fieldNames().forEachRemaining(task -> {
                    JsonNode g = golden.path(asset).path(task);
                    JsonNode a = actual.path(asset).path(task);
                    assertEquals(g.path("value").asText(), a.path("value").asText(), engine + " " + asset + " " + task);
                    assertEquals(
                            g.path("confidence").asDouble(),
                            a.path("confidence").asDouble(),
                            1e-3,
                            engine + " " + asset + " " + task);
                    assertEquals(g.has("outsideScore"), a.has("outsideScore"), engine + " " + asset + " " + task);
                    if (g.has("outsideScore")) {
                        assertEquals(
                                g.path("outside").asBoolean(),
                                a.path("outside").asBoolean(),
                                engine + " " + asset + " " + task);
                        assertEquals(
                                g.path("outsideScore").asDouble(),
                                a.path("outsideScore").asDouble(),
                                2e-3,
                                engine + " " + asset + " " + task);
                    }
                }));
    }

    /**
     * Regenerates the golden file from ONNX Runtime's answers.
     *
     * @param args the output path (default: the test resource)
     * @throws Exception if the model cannot run
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "heritage-classify/src/test/resources" + GOLDEN);
        Files.createDirectories(out.getParent());
        Files.writeString(out, JSON.writeValueAsString(answers("onnxruntime")) + "\n");
    }
}
