package dev.heritage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heritage.classify.output.WebAnnotationChecks;
import dev.heritage.iiif.IiifTestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code heritage annotate --iiif URL} against a real HTTP server on 127.0.0.1 playing a museum:
 * a Presentation 3 manifest whose canvases are a painting behind an Image API service, a static
 * painting, and a canvas whose image is gone (404); the zoo model annotates the two paintings, with
 * the title, artist and date of the manifest's metadata as known fields.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IiifAnnotateTest {
    private static final String SCREAM = "https://museum.example.org/iiif/scream/canvas/1";
    private static final String STARRY = "https://museum.example.org/iiif/starry/canvas/1";
    private static final String GONE = "https://museum.example.org/iiif/gone/canvas/1";

    private IiifTestServer server;
    private Path dir;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("cli-iiif-");
        server = IiifTestServer.start();
        String base = server.base();
        String manifest = """
                {"@context": "http://iiif.io/api/presentation/3/context.json", "id": "%1$s/manifest.json",
                 "type": "Manifest", "label": {"en": ["Two paintings"]},
                 "metadata": [
                   {"label": {"en": ["Title"]}, "value": {"en": ["The Scream"]}},
                   {"label": {"en": ["Artist"]}, "value": {"none": ["Edvard Munch"]}},
                   {"label": {"en": ["Date"]}, "value": {"en": ["c. 1893"]}}],
                 "items": [%2$s, %3$s, %4$s]}
                """.formatted(
                base,
                canvas(
                        SCREAM,
                        "{\"id\": \"" + base + "/iiif/scream/full/max/0/default.jpg\", \"type\": \"Image\","
                                + " \"format\": \"image/jpeg\", \"service\": [{\"id\": \"" + base + "/iiif/scream\","
                                + " \"type\": \"ImageService3\", \"profile\": \"level1\"}]}"),
                canvas(STARRY, "{\"id\": \"" + base + "/static/starry.jpg\", \"type\": \"Image\"}"),
                canvas(GONE, "{\"id\": \"" + base + "/static/gone.jpg\", \"type\": \"Image\"}"));
        server.serve("/manifest.json", "application/ld+json", manifest.getBytes(StandardCharsets.UTF_8))
                .serve("/iiif/scream/full/!1024,1024/0/default.jpg", "image/jpeg", DemoImages.bytes("munch_the_scream"))
                .serve("/static/starry.jpg", "image/jpeg", DemoImages.bytes("van_gogh_the_starry_night"))
                .serve("/not-json.json", "text/html", "<html>Our collection</html>".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static String canvas(String id, String body) {
        return """
                {"id": "%1$s", "type": "Canvas", "width": 2000, "height": 2500,
                 "items": [{"id": "%1$s/page", "type": "AnnotationPage", "items": [{"id": "%1$s/painting",
                   "type": "Annotation", "motivation": "painting", "body": %2$s, "target": "%1$s"}]}]}
                """.formatted(id, body);
    }

    private CliRun annotate(String manifest, String output, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "annotate", "--iiif", manifest, "--output", dir.resolve(output).toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aWebAnnotationPageTargetsTheCanvasesWithTheKnownFieldsFromTheMetadata() throws Exception {
        CliRun r =
                annotate(server.url("/manifest.json"), "page.jsonld", "--format", "jsonld", "--allow-private-network");
        assertEquals(HeritageCli.PARTIAL, r.code(), r.err() + r.out());
        String written = Files.readString(dir.resolve("page.jsonld"));
        assertEquals(List.of(), WebAnnotationChecks.mustViolations(written), "the W3C suite's MUST assertions");
        assertEquals(Set.of(), WebAnnotationChecks.droppedTerms(written), "no term lost in a JSON-LD expansion");
        JsonNode page = AnnotateCommand.JSON.readTree(written);
        assertEquals("AnnotationPage", page.path("type").asText());
        Set<String> targets = new HashSet<>();
        Set<String> fields = new HashSet<>();
        for (JsonNode item : page.path("items")) {
            assertEquals("classifying", item.path("motivation").asText());
            targets.add(item.path("target").asText());
            // A value with identifiers has a second body; the text body comes first.
            JsonNode body = item.path("body").isArray() ? item.path("body").get(0) : item.path("body");
            fields.add(body.path("field").asText());
        }
        assertEquals(Set.of(SCREAM, STARRY), targets, "each annotated canvas is a target, by its IRI as it is");
        // Artist and date (decade, century) are known from the metadata, so only the style is predicted.
        assertEquals(Set.of("style"), fields);
        JsonNode errors = page.path("errors");
        assertEquals(1, errors.size());
        assertEquals(GONE, errors.get(0).path("objectId").asText());
        assertEquals("image_fetch", errors.get(0).path("errorType").asText());
        assertTrue(errors.get(0).path("message").asText().contains("404"), errors.toString());
        assertEquals(1, server.hits("/iiif/scream/full/!1024,1024/0/default.jpg"));
    }

    @Test
    void jsonLinesShowTheTitleFromTheMetadataWasUsed() throws Exception {
        CliRun r = annotate(server.url("/manifest.json"), "rows.jsonl", "--allow-private-network");
        assertEquals(HeritageCli.PARTIAL, r.code(), r.err() + r.out());
        List<String> lines = Files.readAllLines(dir.resolve("rows.jsonl"));
        assertEquals(3, lines.size());
        JsonNode scream = AnnotateCommand.JSON.readTree(lines.get(0));
        assertEquals(SCREAM, scream.path("id").asText());
        assertTrue(scream.path("inputsUsed").toString().contains("title"), scream.toString());
        assertTrue(scream.path("predictions").has("style"));
        assertFalse(scream.path("predictions").has("artist"), "a known artist is not predicted");
        assertFalse(scream.path("predictions").has("decade"), "a known date is not predicted");
        assertEquals(
                GONE, AnnotateCommand.JSON.readTree(lines.get(2)).path("id").asText());
        assertTrue(lines.get(2).contains("\"error\""));
    }

    @Test
    void loopbackIsRefusedWithoutTheOptionAndTheMessageSaysToPassIt() {
        CliRun r = annotate(server.url("/manifest.json"), "refused.jsonl");
        assertEquals(HeritageCli.USAGE, r.code(), r.err() + r.out());
        assertTrue(r.err().contains("127.0.0.1, a loopback address"), r.err());
        assertTrue(r.err().contains("pass --allow-private-network"), r.err());
        assertFalse(Files.exists(dir.resolve("refused.jsonl")));
    }

    @Test
    void aBadManifestIsAUsageErrorNamingTheProblem() {
        CliRun r = annotate(server.url("/not-json.json"), "bad.jsonl", "--allow-private-network");
        assertEquals(HeritageCli.USAGE, r.code(), r.err() + r.out());
        assertTrue(r.err().contains(server.url("/not-json.json") + " is not JSON"), r.err());
        assertFalse(Files.exists(dir.resolve("bad.jsonl")));
    }

    @Test
    void inputAndIiifAreOneOrTheOther() {
        CliRun both = annotate(
                server.url("/manifest.json"),
                "x.jsonl",
                "--input",
                dir.resolve("m.csv").toString());
        assertEquals(HeritageCli.USAGE, both.code());
        assertTrue(both.err().contains("--input") && both.err().contains("--iiif"), both.err());
        CliRun resume = annotate(server.url("/manifest.json"), "x.jsonl", "--resume", "--allow-private-network");
        assertEquals(HeritageCli.USAGE, resume.code());
        assertTrue(resume.err().contains("--resume does not apply to a manifest"), resume.err());
    }
}
