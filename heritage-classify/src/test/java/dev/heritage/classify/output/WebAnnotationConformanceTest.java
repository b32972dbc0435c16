package dev.heritage.classify.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.Alternative;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Mask;
import dev.heritage.api.Prediction;
import dev.heritage.api.Reconstruction;
import java.awt.image.BufferedImage;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every kind of page the writer makes meets the W3C test suite's MUST assertions and loses no term
 * in a JSON-LD expansion; and the checks themselves catch a page that does not.
 */
class WebAnnotationConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Made-up identifiers of the right form, for the writer's shape only (not Ukiyo-e's real ones). */
    private static final LabelIdentifiers TEST_IDS = new LabelIdentifiers(
            "en",
            Map.of(
                    "style",
                    Map.of("Ukiyo-e", new LabelIdentifiers.Identifier("Q999999991", "300999991", null)),
                    "artist",
                    Map.of("Edvard Munch", new LabelIdentifiers.Identifier(null, null, "500999991"))));

    private interface Writes {
        void write(WebAnnotationWriter w) throws Exception;
    }

    private static String page(LabelIdentifiers ids, Writes body) throws Exception {
        StringWriter s = new StringWriter();
        try (WebAnnotationWriter w = WebAnnotationWriter.builder(OutputTestData.GENERATOR)
                .optIdentifiers(ids)
                .open(s)) {
            body.write(w);
        }
        return s.toString();
    }

    private static void assertConforms(String page) {
        assertEquals(List.of(), WebAnnotationChecks.mustViolations(page), page);
        assertEquals(Set.of(), WebAnnotationChecks.droppedTerms(page), page);
    }

    private static AnnotationResult explained() {
        Map<String, Prediction> p = new LinkedHashMap<>();
        p.put(
                "decade",
                Prediction.builder("decade", "1880s", 0.4)
                        .optAlternatives(List.of(new Alternative("1890s", 0.3)))
                        .optEvidence(new LinkedHashMap<>(Map.of("image", 0.25)))
                        .build());
        return new AnnotationResult("explained", "paintings-multitask", p, List.of("image", "title"), List.of());
    }

    @Test
    void aClassifyingPageWithIdentifiersOutsideAnswersEvidenceAndErrorsConforms() throws Exception {
        String page = page(TEST_IDS, w -> {
            w.writeResult(OutputTestData.scream());
            w.writeResult(OutputTestData.uriObject());
            w.writeResult(OutputTestData.outside());
            w.writeResult(explained());
            w.writeError("broken", "invalid_image", "broken.png: not an image");
        });
        assertConforms(page);
        JsonNode items = JSON.readTree(page).path("items");
        JsonNode ukiyoe = items.get(2).path("body");
        assertTrue(ukiyoe.isArray(), "a value with identifiers has two bodies: " + ukiyoe);
        assertEquals("Ukiyo-e", ukiyoe.get(0).path("value").asText());
        assertEquals("en", ukiyoe.get(0).path("language").asText());
        assertEquals(
                RecordProperties.WIKIDATA_MOVEMENT,
                ukiyoe.get(0).path("recordProperty").asText());
        JsonNode resource = ukiyoe.get(1);
        assertEquals("SpecificResource", resource.path("type").asText());
        assertEquals("classifying", resource.path("purpose").asText());
        assertEquals(
                "http://www.wikidata.org/entity/Q999999991",
                resource.path("source").path("id").asText());
        assertEquals("Ukiyo-e", resource.path("source").path("label").asText());
        assertEquals(
                "http://vocab.getty.edu/aat/300999991",
                resource.path("source").path("sameAs").get(0).asText());
        JsonNode munch = items.get(0).path("body");
        assertEquals(
                "http://vocab.getty.edu/ulan/500999991",
                munch.get(1).path("source").path("id").asText(),
                "without a Wikidata item the Getty IRI is the source");
        JsonNode century = items.get(1).path("body");
        assertTrue(century.isObject(), "a value without identifiers keeps one text body");
        assertEquals(
                RecordProperties.SCHEMA_DATE_CREATED,
                century.path("recordProperty").asText());
        JsonNode evidence = items.get(5).path("body").path("evidence");
        assertEquals("image", evidence.get(0).path("input").asText());
        assertEquals(0.25, evidence.get(0).path("confidenceDrop").asDouble(), 0);
    }

    @Test
    void theExpansionTypesNumbersBooleansListsAndIris() throws Exception {
        String page = page(TEST_IDS, w -> w.writeResult(OutputTestData.uriObject()));
        JsonNode annotation = WebAnnotationChecks.expand(page)
                .get(0)
                .path("http://www.w3.org/ns/activitystreams#items")
                .get(0)
                .path("@list")
                .get(0);
        String ns = HeritageContext.NAMESPACE;
        String xsd = "http://www.w3.org/2001/XMLSchema#";
        JsonNode text = annotation.path("http://www.w3.org/ns/oa#hasBody").get(0);
        assertEquals(
                xsd + "double",
                text.path(ns + "confidence").get(0).path("@type").asText());
        assertEquals(0.9, text.path(ns + "confidence").get(0).path("@value").asDouble(), 0);
        assertEquals(
                xsd + "boolean",
                text.path(ns + "needsReview").get(0).path("@type").asText());
        assertTrue(text.path(ns + "alternatives").get(0).has("@list"), text.toString());
        assertEquals(
                RecordProperties.WIKIDATA_MOVEMENT,
                text.path(ns + "recordProperty").get(0).path("@id").asText());
        assertEquals(
                "en",
                text.path("http://purl.org/dc/elements/1.1/language")
                        .get(0)
                        .path("@value")
                        .asText());
        JsonNode creator = annotation.path("http://purl.org/dc/terms/creator").get(0);
        assertEquals(
                "1.0.0",
                creator.path("http://schema.org/softwareVersion")
                        .get(0)
                        .path("@value")
                        .asText());
        JsonNode source = annotation
                .path("http://www.w3.org/ns/oa#hasBody")
                .get(1)
                .path("http://www.w3.org/ns/oa#hasSource")
                .get(0);
        assertEquals(
                "http://www.wikidata.org/entity/Q999999991", source.path("@id").asText());
    }

    @Test
    void aReconstructionPageConforms() throws Exception {
        boolean[] damaged = new boolean[6 * 4];
        damaged[7] = true;
        Reconstruction r = new Reconstruction(
                new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB),
                Mask.of(6, 4, damaged),
                "telea",
                "telea",
                Duration.ofMillis(1));
        String page = page(LabelIdentifiers.none(), w -> {
            w.writeReconstruction(
                    "obj-1",
                    URI.create("file:///scans/obj-1.jpg"),
                    URI.create("file:///out/obj-1.png"),
                    r,
                    new Generator("telea", "1", "java", "17", "9.9.9"));
            // The same reconstruction on a IIIF canvas: the region in the canvas's coordinates.
            w.writeCanvasReconstruction(
                    URI.create("https://museum.example.org/iiif/obj-1/canvas/1"),
                    2000,
                    1600,
                    URI.create("file:///out/obj-1.png"),
                    r,
                    new Generator("telea", "1", "java", "17", "9.9.9"));
        });
        assertConforms(page);
    }

    @Test
    void anEmptyPageAndAPageOfErrorsOnlyConform() throws Exception {
        assertConforms(page(LabelIdentifiers.none(), w -> {}));
        assertConforms(page(LabelIdentifiers.none(), w -> w.writeError("lost", "invalid_image", "no such file")));
    }

    @Test
    void theChecksCatchAnUndefinedTermAndABrokenAnnotation() throws Exception {
        String good = page(LabelIdentifiers.none(), w -> w.writeResult(OutputTestData.uriObject()));
        String undefined = good.replace("\"needsReview\"", "\"needsReviw\"");
        assertTrue(
                WebAnnotationChecks.droppedTerms(undefined).contains("needsReviw (defined by no context)"),
                WebAnnotationChecks.droppedTerms(undefined).toString());
        String noTarget = good.replace("\"target\"", "\"targetted\"");
        List<String> violations = WebAnnotationChecks.mustViolations(noTarget);
        assertFalse(violations.isEmpty());
        assertTrue(violations.get(0).contains("3.1-targetKeyFound.json"), violations.toString());
        String noContext = good.replace("\"http://www.w3.org/ns/anno.jsonld\", ", "");
        assertTrue(
                WebAnnotationChecks.mustViolations(noContext).stream()
                        .anyMatch(v -> v.contains("5.2-pageContextValidated.json")),
                "the page's context must name anno.jsonld");
        assertEquals(Map.of("pageMusts", 15, "annotationMusts", 54), WebAnnotationChecks.assertionCounts());
    }

    @Test
    void theContextInTheJarIsTheOneInDocsAndDefinesEveryTermTyped() throws Exception {
        Path docs = Path.of("..", "docs", "ns", "context.jsonld");
        assertEquals(
                JSON.readTree(Files.readString(docs)),
                JSON.readTree(HeritageContext.document()),
                "docs/ns/context.jsonld and the jar's copy must be the same document");
        JsonNode terms = JSON.readTree(HeritageContext.document()).path("@context");
        assertEquals(HeritageContext.NAMESPACE, terms.path("heritage").asText());
        assertEquals("xsd:double", terms.path("confidence").path("@type").asText());
        assertEquals("xsd:boolean", terms.path("needsReview").path("@type").asText());
        assertEquals("@list", terms.path("alternatives").path("@container").asText());
    }
}
