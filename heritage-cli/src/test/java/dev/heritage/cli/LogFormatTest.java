package dev.heritage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.cli.logging.LogFormat;
import dev.heritage.cli.logging.LogOutput;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * {@code --verbose} and {@code --log-format}: one line per file with --verbose and none without; in
 * json mode every line on stderr is a JSON object (the libraries' and Spark's lines included), the
 * per-file events carry each row's id and outcome, and stdout keeps its text lines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> OUTCOMES = outcomes();

    private static Map<String, String> outcomes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("scream", "ok");
        m.put("starry", "ok");
        m.put("broken", "error");
        m.put("titleonly", "ok");
        m.put("missing", "error");
        return m;
    }

    private Path dir;
    private Path csv;

    @BeforeAll
    void writeACollection() throws Exception {
        dir = Files.createTempDirectory("cli-logs-");
        DemoImages.copyInto(dir, "munch_the_scream", "van_gogh_the_starry_night");
        Files.write(dir.resolve("garbage.png"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        csv = dir.resolve("metadata.csv");
        Files.write(
                csv,
                List.of(
                        "id,image,style,title",
                        "scream,munch_the_scream.jpg,,",
                        "starry,van_gogh_the_starry_night.jpg,,The Starry Night",
                        "broken,garbage.png,,",
                        "titleonly,,,Mount Fuji seen from the sea",
                        "missing,nowhere.jpg,,"),
                StandardCharsets.UTF_8);
    }

    private CliRun annotate(String output, String... more) {
        return CliRun.annotate(csv, dir.resolve(output), more);
    }

    /** @return every line of stderr as JSON, failing on the first line that is not one object */
    private static List<JsonNode> jsonLines(String stderr) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : stderr.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("a stderr line is not JSON: " + line, e);
            }
            assertTrue(n.isObject(), line);
            for (String field : List.of("ts", "level", "logger", "message")) {
                assertTrue(n.hasNonNull(field), "no " + field + ": " + line);
            }
            out.add(n);
        }
        return out;
    }

    private static List<String> fileLines(String stdout) {
        return stdout.lines()
                .filter(l -> OUTCOMES.keySet().stream().anyMatch(id -> l.startsWith(id + ": ")))
                .toList();
    }

    @Test
    void textModeSaysOneLinePerFileWithVerboseAndNoneWithout() {
        CliRun quiet = annotate("quiet.jsonl");
        assertEquals(3, quiet.code(), quiet.err() + quiet.out());
        assertEquals(List.of(), fileLines(quiet.out()), quiet.out());

        CliRun verbose = annotate("verbose.jsonl", "--verbose");
        assertEquals(3, verbose.code(), verbose.err() + verbose.out());
        List<String> lines = fileLines(verbose.out());
        assertEquals(OUTCOMES.size(), lines.size(), verbose.out());
        int i = 0;
        for (Map.Entry<String, String> e : OUTCOMES.entrySet()) {
            String line = lines.get(i++);
            assertTrue(line.startsWith(e.getKey() + ": " + e.getValue() + ", "), line);
            assertTrue(line.matches(".*, \\d+ ms"), line);
        }
        assertTrue(lines.get(0).contains("style="), "the answer: " + lines.get(0));
        assertTrue(lines.get(2).contains("invalid_image"), "the error: " + lines.get(2));
        assertFalse(verbose.err().contains("{\""), "no JSON in text mode: " + verbose.err());
    }

    @Test
    void jsonModeWritesEveryStderrLineAsJsonWithPerFileEventsAndKeepsStdout() {
        CliRun text = annotate("text.jsonl", "--spark", "local[2]");
        CliRun r;
        // Spark's and Heritage's executor lines at info, so that the libraries surely log during the run.
        System.setProperty("heritage.log.level.org.apache.spark", "info");
        System.setProperty("heritage.log.level.dev.heritage.spark", "info");
        try {
            r = annotate("json.jsonl", "--spark", "local[2]", "--log-format", "json", "--verbose");
        } finally {
            System.clearProperty("heritage.log.level.org.apache.spark");
            System.clearProperty("heritage.log.level.dev.heritage.spark");
        }
        assertEquals(3, r.code(), r.err() + r.out());
        List<JsonNode> events = jsonLines(r.err());

        Map<String, String> seen = events.stream()
                .filter(n -> "file".equals(n.path("event").asText()))
                .collect(Collectors.toMap(
                        n -> n.path("id").asText(), n -> n.path("outcome").asText(), (a, b) -> a, LinkedHashMap::new));
        assertEquals(OUTCOMES, seen, "one file event per row, in input order, with its outcome");
        for (JsonNode n : events) {
            if ("file".equals(n.path("event").asText())) {
                assertTrue(n.path("ms").isIntegralNumber(), n.toString());
                assertTrue(
                        n.path("outcome").asText().equals("ok")
                                ? n.path("answer").isObject()
                                : n.path("error").isObject(),
                        n.toString());
            }
        }
        JsonNode summary = only(events, "summary");
        assertEquals(5, summary.path("rows").asInt());
        assertEquals(2, summary.path("failed").asInt());
        JsonNode executors = only(events, "executors").path("executors");
        assertEquals(1, executors.size(), executors.toString());
        assertEquals("driver", executors.get(0).path("id").asText());
        assertEquals(5, executors.get(0).path("rows").asInt());
        assertEquals(1, executors.get(0).path("modelLoads").asInt());
        assertTrue(
                events.stream().anyMatch(n -> "progress".equals(n.path("event").asText())), r.err());
        assertTrue(
                events.stream().anyMatch(n -> n.path("logger").asText().startsWith("org.apache.spark")),
                "Spark's lines come through the same format: " + r.err());
        assertTrue(
                events.stream()
                        .anyMatch(n -> n.path("logger").asText().equals("dev.heritage.spark.ExecutorAnnotators")
                                && n.path("message").asText().startsWith("Loaded annotator")),
                "the executor's model load: " + r.err());
        // stdout keeps its text lines (the per-file lines are new, so they go only to stderr).
        assertEquals(
                text.out().lines().map(LogFormatTest::withoutCounts).toList(),
                r.out().lines().map(LogFormatTest::withoutCounts).toList());
        assertTrue(
                r.out().contains("Spark executors: 1 executor, 1 model load, rows 5 (driver on 127.0.0.1)"), r.out());
    }

    private static String withoutCounts(String line) {
        return line.replaceAll(", [0-9.]+/s", "").replace("text.jsonl", "json.jsonl");
    }

    private static JsonNode only(List<JsonNode> events, String event) {
        List<JsonNode> found = events.stream()
                .filter(n -> event.equals(n.path("event").asText()))
                .toList();
        assertEquals(1, found.size(), event + ": " + found);
        return found.get(0);
    }

    @Test
    void jsonModeWritesAUsageErrorAsOneJsonLineWithTheExitCode() {
        CliRun r = CliRun.of(
                "annotate",
                "--log-format=json",
                "--input",
                dir.resolve("nothing.csv").toString(),
                "--output",
                dir.resolve("x.jsonl").toString());
        assertEquals(2, r.code(), r.err());
        List<JsonNode> events = jsonLines(r.err());
        JsonNode error = only(events, "error");
        assertEquals("ERROR", error.path("level").asText());
        assertEquals(2, error.path("exitCode").asInt());
        assertTrue(error.path("message").asText().contains("nothing.csv"), error.toString());

        CliRun bad = CliRun.of("models", "--log-format", "yaml");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--log-format yaml: use text"), bad.err());
    }

    @Test
    void libraryAndJavaUtilLoggingLinesTakeTheSameFormat() {
        StringWriter err = new StringWriter();
        LogOutput.configure(LogFormat.JSON, new PrintWriter(err, true));
        try {
            LoggerFactory.getLogger("org.example.Library")
                    .warn("disk {} is full", "/tmp", new IllegalStateException("no space"));
            LoggerFactory.getLogger("org.example.Library").info("not written: below the default level");
            CliRun.of("--version"); // installs the java.util.logging bridge, as every run does
            LogOutput.configure(LogFormat.JSON, new PrintWriter(err, true));
            java.util.logging.Logger.getLogger("ai.onnxruntime.Example").warning("from java.util.logging");
        } finally {
            LogOutput.reset();
        }
        List<JsonNode> events = jsonLines(err.toString());
        assertEquals(2, events.size(), err.toString());
        assertEquals("WARN", events.get(0).path("level").asText());
        assertEquals("org.example.Library", events.get(0).path("logger").asText());
        assertEquals("disk /tmp is full", events.get(0).path("message").asText());
        assertTrue(events.get(0).path("exception").asText().contains("no space"));
        assertTrue(events.get(0).path("stack").asText().contains("LogFormatTest"));
        assertEquals("ai.onnxruntime.Example", events.get(1).path("logger").asText());
        assertEquals("from java.util.logging", events.get(1).path("message").asText());
    }
}
