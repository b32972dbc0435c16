package dev.heritage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heritage.api.HeritageException;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.classify.collection.CsvReader;
import dev.heritage.classify.collection.CsvRow;
import dev.heritage.classify.collection.CsvWriter;
import dev.heritage.classify.output.ReviewCsvWriter;
import dev.heritage.classify.output.WebAnnotationChecks;
import dev.heritage.spark.ExecutorAnnotators;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code annotate --format jsonld|csv}, review decisions fed back with {@code --accepted}, and
 * {@code --spark local[2]} against the plain run: the zoo model on the bundled public-domain
 * paintings of the demo, plus a broken and a missing image.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnnotateFormatsTest {
    /** The version on the zoo model's card, which the generator must name. */
    private static final String ZOO_VERSION = zooVersion();

    private static String zooVersion() {
        try {
            return ModelZoos.open("paintings-multitask").card().version();
        } catch (HeritageException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String URI_ID = "https://collection.example.org/objects/42";
    private Path dir;
    private Path csv;
    private Path plain;

    private CliRun annotate(String output, String... more) {
        return CliRun.annotate(csv, dir.resolve(output), more);
    }

    @BeforeAll
    void writeACollectionOfTheDemoPaintings() throws Exception {
        dir = Files.createTempDirectory("cli-formats-");
        DemoImages.copyInto(
                dir,
                "munch_the_scream",
                "van_gogh_the_starry_night",
                "van_gogh_the_church_at_auvers",
                "van_gogh_cafe_terrace_at_night");
        Files.write(dir.resolve("garbage.png"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        csv = dir.resolve("metadata.csv");
        Files.write(
                csv,
                List.of(
                        "id,image,style,title,year",
                        "scream,munch_the_scream.jpg,,,",
                        "starry,van_gogh_the_starry_night.jpg,,The Starry Night,",
                        "church,van_gogh_the_church_at_auvers.jpg,Impressionism,,",
                        "broken,garbage.png,,,",
                        "cafe,van_gogh_cafe_terrace_at_night.jpg,,,1888",
                        "titleonly,,,Mount Fuji seen from the sea,",
                        "missing,nowhere.jpg,,,",
                        URI_ID + ",munch_the_scream.jpg,,The Scream,"),
                StandardCharsets.UTF_8);
        CliRun r = annotate("plain.jsonl");
        assertEquals(3, r.code(), r.err() + r.out());
        plain = dir.resolve("plain.jsonl");
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            out.add(AnnotateCommand.JSON.readTree(l));
        }
        return out;
    }

    private static List<List<String>> csvRows(Path file) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (CsvReader r = CsvReader.open(file)) {
            out.add(r.header());
            for (CsvRow row; (row = r.next()) != null; ) {
                assertTrue(row.ok(), row.problem());
                out.add(row.cells());
            }
        }
        return out;
    }

    @Test
    void sparkLocal2GivesTheSamePredictionsAsThePlainRun() throws Exception {
        int loadsBefore = ExecutorAnnotators.loads();
        CliRun r = annotate("spark.jsonl", "--spark", "local[2]", "--spark-chunk", "3");
        assertEquals(3, r.code(), r.err() + r.out());
        assertEquals(1, ExecutorAnnotators.loads() - loadsBefore, "three Spark jobs, one model load in this JVM");
        assertTrue(
                r.out().contains("Spark executors: 1 executor, 1 model load, rows 8 (driver on 127.0.0.1)"),
                "local[2] runs every task on the executor 'driver', which loads the model once: " + r.out());
        List<JsonNode> a = lines(plain);
        List<JsonNode> b = lines(dir.resolve("spark.jsonl"));
        assertEquals(8, a.size());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            JsonNode pa = a.get(i);
            JsonNode pb = b.get(i);
            assertEquals(pa.path("id"), pb.path("id"), "same order");
            assertEquals(pa.path("error"), pb.path("error"));
            assertEquals(pa.path("inputsUsed"), pb.path("inputsUsed"));
            List<String> fields = new ArrayList<>();
            pa.path("predictions").fieldNames().forEachRemaining(fields::add);
            List<String> fieldsB = new ArrayList<>();
            pb.path("predictions").fieldNames().forEachRemaining(fieldsB::add);
            assertEquals(fields, fieldsB, pa.path("id").asText());
            for (String f : fields) {
                JsonNode x = pa.path("predictions").path(f);
                JsonNode y = pb.path("predictions").path(f);
                assertEquals(x.path("value"), y.path("value"), pa.path("id") + " " + f);
                assertEquals(
                        x.path("confidence").asDouble(), y.path("confidence").asDouble(), 2e-6);
                assertEquals(x.path("needsReview"), y.path("needsReview"));
                for (int k = 0; k < x.path("alternatives").size(); k++) {
                    assertEquals(
                            x.path("alternatives").get(k).path("value"),
                            y.path("alternatives").get(k).path("value"));
                }
            }
        }
        assertTrue(b.get(3).has("error") && b.get(6).has("error"), "broken and missing");
    }

    @Test
    void jsonldIsAnAnnotationPageOfMachineGeneratedAnnotations() throws Exception {
        CliRun r = annotate("out.jsonld", "--format", "jsonld");
        assertEquals(3, r.code(), r.err() + r.out());
        assertFalse(Files.exists(dir.resolve("out.jsonld.partial")));
        String written = Files.readString(dir.resolve("out.jsonld"));
        JsonNode page = AnnotateCommand.JSON.readTree(written);
        assertEquals(
                "http://www.w3.org/ns/anno.jsonld", page.path("@context").get(0).asText());
        assertEquals(
                "https://w3id.org/heritage/context.jsonld",
                page.path("@context").get(1).asText());
        assertEquals(List.of(), WebAnnotationChecks.mustViolations(written), "the W3C suite's MUST assertions");
        assertEquals(Set.of(), WebAnnotationChecks.droppedTerms(written), "no term lost in a JSON-LD expansion");
        assertEquals("AnnotationPage", page.path("type").asText());
        assertTrue(page.path("id").asText().startsWith("urn:uuid:"));
        // One annotation per predicted field of the plain run, with the same values.
        List<String> expected = new ArrayList<>();
        for (JsonNode line : lines(plain)) {
            line.path("predictions")
                    .fields()
                    .forEachRemaining(e -> expected.add(line.path("id").asText() + " " + e.getKey() + "="
                            + e.getValue().path("value").asText()));
        }
        List<String> got = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode a : page.path("items")) {
            assertTrue(ids.add(a.path("id").asText()));
            assertEquals("Annotation", a.path("type").asText());
            assertEquals("classifying", a.path("motivation").asText());
            assertTrue(a.path("created").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), a.toString());
            assertTrue(a.path("machineGenerated").asBoolean());
            JsonNode model = a.path("creator");
            assertEquals("Software", model.path("type").asText());
            assertEquals("paintings-multitask", model.path("name").asText());
            assertEquals(ZOO_VERSION, model.path("softwareVersion").asText());
            assertEquals("onnxruntime", model.path("engine").path("name").asText());
            assertFalse(model.path("engine").path("softwareVersion").asText().isEmpty());
            assertEquals("Heritage", a.path("generator").path("name").asText());
            JsonNode body = a.path("body").isArray() ? a.path("body").get(0) : a.path("body");
            assertEquals("TextualBody", body.path("type").asText());
            assertEquals("en", body.path("language").asText(), "the zoo card says its labels are English");
            double c = body.path("confidence").asDouble();
            assertTrue(c > 0 && c <= 1);
            assertTrue(body.path("needsReview").isBoolean());
            String target = a.path("target").asText();
            String object = target.startsWith("urn:heritage:object:") ? target.substring(20) : target;
            got.add(object + " " + body.path("field").asText() + "="
                    + body.path("value").asText());
        }
        assertEquals(expected, got);
        assertTrue(got.stream().anyMatch(s -> s.startsWith(URI_ID + " ")), "an IRI id is its own target");
        Set<String> failed = new HashSet<>();
        page.path("errors").forEach(e -> {
            failed.add(e.path("objectId").asText());
            assertFalse(e.path("message").asText().isEmpty());
        });
        assertEquals(Set.of("broken", "missing"), failed, "errors are kept in the page");
    }

    @Test
    void reviewCsvAndDecisionsFedBackAsKnownFields() throws Exception {
        CliRun r = annotate("review.csv", "--format", "csv");
        assertEquals(3, r.code(), r.err() + r.out());
        List<List<String>> rows = csvRows(dir.resolve("review.csv"));
        List<String> header = rows.get(0);
        assertEquals(
                ReviewCsvWriter.header(List.of("style", "artist", "decade", "century"), java.util.Set.of("style")),
                header,
                "the zoo model answers the style with the open-set columns");
        assertEquals(9, rows.size(), "a header and one row per object");
        List<String> scream = rows.get(1);
        assertEquals("scream", scream.get(0));
        assertFalse(scream.get(header.indexOf("style")).isEmpty());
        assertTrue(Double.parseDouble(scream.get(header.indexOf("style_confidence"))) > 0);
        assertEquals("", rows.get(3).get(header.indexOf("style")), "church's style was known");
        assertTrue(
                rows.get(4).get(header.indexOf("error")).startsWith("invalid_image: "),
                rows.get(4).toString());
        // The reviewer accepts the scream's style and writes in its artist.
        Path reviewed = dir.resolve("reviewed.csv");
        try (CsvWriter w = CsvWriter.create(reviewed, CsvWriter.LineEnding.CRLF)) {
            w.writeRow(header);
            for (List<String> row : rows.subList(1, rows.size())) {
                List<String> edited = new ArrayList<>(row);
                if (row.get(0).equals("scream")) {
                    edited.set(header.indexOf("style_review"), "accept");
                    edited.set(header.indexOf("artist_review"), "Edvard Munch");
                }
                w.writeRow(edited);
            }
        }
        CliRun again = annotate("again.jsonl", "--accepted", reviewed.toString());
        assertEquals(3, again.code(), again.err());
        assertTrue(again.out().contains("1 accepted, 1 corrected, 0 rejected"), again.out());
        JsonNode before = lines(plain).get(0);
        JsonNode after = lines(dir.resolve("again.jsonl")).get(0);
        assertEquals("scream", after.path("id").asText());
        assertTrue(before.path("predictions").has("style")
                && before.path("predictions").has("artist"));
        assertFalse(after.path("predictions").has("style"), "an accepted style is known");
        assertFalse(after.path("predictions").has("artist"), "a corrected artist is known");
        assertEquals("[\"image\",\"style\"]", after.path("inputsUsed").toString(), "the accepted style is evidence");
        assertTrue(after.path("predictions").has("decade"));
    }

    @Test
    void usageErrorsNameTheProblem() {
        CliRun resume = annotate("x.csv", "--format", "csv", "--resume");
        assertEquals(2, resume.code());
        assertTrue(resume.err().contains("--resume works with --format jsonl only"), resume.err());
        CliRun xml = annotate("x.xml", "--format", "xml");
        assertEquals(2, xml.code());
        assertTrue(xml.err().contains("jsonl, jsonld, csv"), xml.err());
        CliRun base = annotate("x.jsonld", "--format", "jsonld", "--target-base", "objects/");
        assertEquals(2, base.code());
        assertTrue(base.err().contains("absolute IRI"), base.err());
        CliRun notReview = annotate("x.jsonl", "--accepted", csv.toString());
        assertEquals(2, notReview.code());
        assertTrue(notReview.err().contains("_review"), notReview.err());
    }
}
