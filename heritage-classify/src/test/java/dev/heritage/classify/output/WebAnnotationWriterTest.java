package dev.heritage.classify.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstruction;
import java.awt.image.BufferedImage;
import java.io.StringWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The AnnotationPage's structure: every member the W3C model and issue 7 ask for, parsed back. */
class WebAnnotationWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:15:30.123Z"), ZoneOffset.UTC);

    private static JsonNode page(WebAnnotationWriter.Builder b, ThrowingBody body) throws Exception {
        StringWriter s = new StringWriter();
        try (WebAnnotationWriter w = b.optClock(CLOCK).open(s)) {
            body.write(w);
        }
        return JSON.readTree(s.toString());
    }

    private interface ThrowingBody {
        void write(WebAnnotationWriter w) throws Exception;
    }

    @Test
    void aPageOfOneAnnotationPerPredictedFieldWithEveryRequiredMember() throws Exception {
        JsonNode page =
                page(WebAnnotationWriter.builder(OutputTestData.GENERATOR).optPageId("urn:uuid:0000-page"), w -> {
                    w.writeResult(OutputTestData.scream());
                    w.writeError("broken", "invalid_image", "broken.png: not an image");
                    w.writeResult(OutputTestData.uriObject());
                });
        assertEquals(
                WebAnnotationWriter.ANNO_CONTEXT, page.path("@context").get(0).asText());
        assertEquals(
                "https://w3id.org/heritage/context.jsonld",
                page.path("@context").get(1).asText());
        assertEquals("AnnotationPage", page.path("type").asText());
        assertEquals("urn:uuid:0000-page", page.path("id").asText());
        JsonNode items = page.path("items");
        assertEquals(3, items.size(), "artist and century of the first object, style of the second");
        Set<String> ids = new HashSet<>();
        for (JsonNode a : items) {
            assertTrue(ids.add(a.path("id").asText()), "annotation ids are unique");
            assertTrue(a.path("id").asText().startsWith("urn:uuid:"));
            assertEquals("Annotation", a.path("type").asText());
            assertEquals("classifying", a.path("motivation").asText());
            assertEquals("2026-11-23T10:15:30Z", a.path("created").asText());
            assertTrue(a.path("machineGenerated").asBoolean());
            JsonNode model = a.path("creator");
            assertEquals("Software", model.path("type").asText());
            assertEquals("paintings-multitask", model.path("name").asText());
            assertEquals("1.0.0", model.path("softwareVersion").asText());
            assertEquals(
                    "urn:heritage:model:paintings-multitask:1.0.0",
                    model.path("id").asText());
            assertEquals("Software", model.path("engine").path("type").asText());
            assertEquals("onnxruntime", model.path("engine").path("name").asText());
            assertEquals("1.21.1", model.path("engine").path("softwareVersion").asText());
            JsonNode g = a.path("generator");
            assertEquals("Software", g.path("type").asText());
            assertEquals("Heritage", g.path("name").asText());
            assertEquals("9.9.9", g.path("softwareVersion").asText());
            assertEquals("https://w3id.org/heritage/", g.path("homepage").asText());
            JsonNode body = a.path("body");
            assertEquals("TextualBody", body.path("type").asText(), "no identifiers given: one text body");
            assertEquals("classifying", body.path("purpose").asText());
            assertTrue(body.path("value").isTextual());
            assertFalse(body.has("language"), "a card without a label language: none claimed");
            assertTrue(body.path("field").isTextual());
            double c = body.path("confidence").asDouble();
            assertTrue(c > 0 && c <= 1);
            assertTrue(body.path("needsReview").isBoolean());
            assertTrue(body.path("alternatives").isArray());
            assertTrue(a.path("target").isTextual());
        }
        JsonNode artist = items.get(0).path("body");
        assertEquals("Edvard Munch", artist.path("value").asText());
        assertEquals("artist", artist.path("field").asText());
        assertEquals("http://schema.org/creator", artist.path("recordProperty").asText());
        assertEquals(0.612346, artist.path("confidence").asDouble(), 0);
        assertTrue(artist.path("needsReview").asBoolean());
        assertEquals(
                "Vincent van Gogh, \"the elder\"",
                artist.path("alternatives").get(1).path("value").asText());
        assertEquals(
                "urn:heritage:object:obj%2017%2Fa", items.get(0).path("target").asText());
        assertEquals(
                "https://collection.example.org/objects/42",
                items.get(2).path("target").asText(),
                "an id that is an IRI is the target itself");
        JsonNode errors = page.path("errors");
        assertEquals(1, errors.size(), "a failed object is not dropped");
        assertEquals("broken", errors.get(0).path("objectId").asText());
        assertEquals("invalid_image", errors.get(0).path("errorType").asText());
        assertFalse(errors.get(0).path("message").asText().isEmpty());
    }

    @Test
    void annotationIdsAreStableForAPageIdAndTargetBaseIsUsed() throws Exception {
        WebAnnotationWriter.Builder b = WebAnnotationWriter.builder(OutputTestData.GENERATOR)
                .optPageId("https://example.org/runs/7")
                .optTargetBase("https://museum.example/o/");
        JsonNode one = page(b, w -> {
            w.writeResult(OutputTestData.scream());
            w.writeResult(OutputTestData.uriObject());
        });
        JsonNode two = page(b, w -> w.writeResult(OutputTestData.scream()));
        assertEquals(
                one.path("items").get(0).path("id"), two.path("items").get(0).path("id"));
        assertEquals(
                "https://museum.example/o/obj%2017%2Fa",
                one.path("items").get(0).path("target").asText());
        assertEquals(
                "https://collection.example.org/objects/42",
                one.path("items").get(2).path("target").asText(),
                "an id that is an IRI stays as it is");
        assertEquals(0, one.path("errors").size());
        assertThrows(
                IllegalArgumentException.class,
                () -> WebAnnotationWriter.builder(OutputTestData.GENERATOR).optTargetBase("objects/"));
    }

    @Test
    void aReconstructionTargetsTheDamagedRegionWithAMediaFragmentSelector() throws Exception {
        boolean[] damaged = new boolean[10 * 8];
        for (int y = 2; y <= 4; y++) {
            for (int x = 3; x <= 6; x++) {
                damaged[y * 10 + x] = true;
            }
        }
        Mask mask = Mask.of(10, 8, damaged);
        Reconstruction r = new Reconstruction(
                new BufferedImage(10, 8, BufferedImage.TYPE_INT_RGB), mask, "telea", "telea", Duration.ofMillis(3));
        Generator telea = new Generator("telea", "1", "java", "17", "9.9.9");
        JsonNode page = page(
                WebAnnotationWriter.builder(OutputTestData.GENERATOR),
                w -> w.writeReconstruction(
                        "obj-1", URI.create("file:///scans/obj-1.jpg"), URI.create("file:///out/obj-1.png"), r, telea));
        JsonNode a = page.path("items").get(0);
        assertEquals("editing", a.path("motivation").asText());
        assertEquals("Image", a.path("body").path("type").asText());
        assertEquals("file:///out/obj-1.png", a.path("body").path("id").asText());
        assertEquals("telea", a.path("creator").path("name").asText());
        assertEquals("telea", a.path("body").path("method").asText());
        assertFalse(a.path("body").has("purpose"), "an external resource body has no purpose (model 3.3.5)");
        JsonNode t = a.path("target");
        assertEquals("SpecificResource", t.path("type").asText());
        assertEquals("file:///scans/obj-1.jpg", t.path("source").asText());
        assertEquals("urn:heritage:object:obj-1", t.path("scope").asText());
        assertEquals("FragmentSelector", t.path("selector").path("type").asText());
        assertEquals(
                "http://www.w3.org/TR/media-frags/",
                t.path("selector").path("conformsTo").asText());
        assertEquals("xywh=3,2,4,3", t.path("selector").path("value").asText());
        assertThrows(
                IllegalArgumentException.class,
                () -> page(
                        WebAnnotationWriter.builder(OutputTestData.GENERATOR),
                        w -> w.writeReconstruction(
                                "x",
                                URI.create("file:///a.jpg"),
                                URI.create("file:///b.png"),
                                new Reconstruction(
                                        new BufferedImage(2, 2, 1),
                                        Mask.of(2, 2, new boolean[4]),
                                        "telea",
                                        "telea",
                                        Duration.ZERO),
                                telea)));
    }

    @Test
    void aReconstructionOnACanvasSelectsTheMaskRegionInCanvasCoordinates() throws Exception {
        // A 100x80 image on a 1000x800 canvas... and on a canvas whose scale does not divide evenly.
        boolean[] damaged = new boolean[100 * 80];
        for (int y = 20; y < 30; y++) {
            for (int x = 33; x < 47; x++) {
                damaged[y * 100 + x] = true;
            }
        }
        Reconstruction r = new Reconstruction(
                new BufferedImage(100, 80, BufferedImage.TYPE_INT_RGB),
                Mask.of(100, 80, damaged),
                "telea",
                "telea",
                Duration.ofMillis(3));
        Generator telea = new Generator("telea", "1", "java", "17", "9.9.9");
        String canvas = "https://museum.example.org/iiif/scream/canvas/1";
        JsonNode page = page(WebAnnotationWriter.builder(OutputTestData.GENERATOR), w -> {
            w.writeCanvasReconstruction(URI.create(canvas), 1000, 800, URI.create("file:///out/1.png"), r, telea);
            w.writeCanvasReconstruction(URI.create(canvas), 150, 120, URI.create("file:///out/2.png"), r, telea);
        });
        JsonNode a = page.path("items").get(0);
        assertEquals("editing", a.path("motivation").asText());
        assertEquals("file:///out/1.png", a.path("body").path("id").asText());
        JsonNode t = a.path("target");
        assertEquals("SpecificResource", t.path("type").asText());
        assertEquals(canvas, t.path("source").path("id").asText());
        assertEquals("Canvas", t.path("source").path("type").asText());
        assertEquals("FragmentSelector", t.path("selector").path("type").asText());
        assertEquals("xywh=330,200,140,100", t.path("selector").path("value").asText());
        // 33..47 x 1.5 = 49.5..70.5 -> 49..71; 20..30 x 1.5 = 30..45: rounded outward to cover every pixel.
        assertEquals(
                "xywh=49,30,22,15",
                page.path("items")
                        .get(1)
                        .path("target")
                        .path("selector")
                        .path("value")
                        .asText());
        assertThrows(
                IllegalArgumentException.class,
                () -> page(
                        WebAnnotationWriter.builder(OutputTestData.GENERATOR),
                        w -> w.writeCanvasReconstruction(
                                URI.create(canvas), 0, 800, URI.create("file:///out/1.png"), r, telea)));
    }

    @Test
    void anAnswerOutsideTheKnownClassesSaysSoAndKeepsTheNearestValue() throws Exception {
        JsonNode page = page(WebAnnotationWriter.builder(OutputTestData.GENERATOR), w -> {
            w.writeResult(OutputTestData.outside());
            w.writeResult(OutputTestData.scream());
        });
        JsonNode style = page.path("items").get(0).path("body");
        assertEquals("style", style.path("field").asText());
        assertEquals("Impressionism", style.path("value").asText(), "the nearest known class stays the value");
        assertTrue(style.path("outside").asBoolean());
        assertEquals(0.987654, style.path("outsideScore").asDouble(), 0);
        assertTrue(style.path("needsReview").asBoolean());
        JsonNode century = page.path("items").get(1).path("body");
        assertFalse(century.has("outside"), "no open-set answer for the century");
        assertFalse(page.path("items").get(2).path("body").has("outsideScore"));
    }

    @Test
    void theReviewCsvHasAnOutsideColumnForTheOpenSetField() throws Exception {
        StringWriter s = new StringWriter();
        try (ReviewCsvWriter w = new ReviewCsvWriter(s, OutputTestData.TASKS, Set.of("style"))) {
            w.writeResult(OutputTestData.outside());
        }
        List<String> lines = s.toString().lines().toList();
        List<String> header = List.of(lines.get(0).split(","));
        assertEquals(
                List.of(
                        "id",
                        "style",
                        "style_confidence",
                        "style_needsReview",
                        "style_outside",
                        "style_alternatives",
                        "style_review",
                        "artist"),
                header.subList(0, 8));
        List<String> row = List.of(lines.get(1).split(",", -1));
        assertEquals("Impressionism", row.get(1));
        assertEquals("true", row.get(3));
        assertEquals("true (0.9877)", row.get(4));
        assertEquals(header.size(), row.size());
        assertEquals(
                ReviewCsvWriter.header(OutputTestData.TASKS),
                ReviewCsvWriter.header(OutputTestData.TASKS, Set.of()),
                "without an open-set field the columns are as before");
    }

    @Test
    void jsonLinesCarryOutsideAndItsScore() throws Exception {
        JsonNode line = JSON.readTree(JsonLinesWriter.resultLine(OutputTestData.outside()));
        JsonNode style = line.path("predictions").path("style");
        assertTrue(style.path("outside").asBoolean());
        assertEquals(0.987654, style.path("outsideScore").asDouble(), 0);
        assertEquals("Impressionism", style.path("value").asText());
        assertFalse(line.path("predictions").path("century").has("outside"));
    }
}
