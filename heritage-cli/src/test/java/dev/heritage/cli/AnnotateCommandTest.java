package dev.heritage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.classify.train.TinyCollection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/** train, annotate (output contract, error rows, exit codes, resume) and evaluate, in process. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnnotateCommandTest {
    private Path dir;
    private Path model;
    private Path csv;
    private Path trainCsv;

    @BeforeAll
    void trainATinyModel() throws Exception {
        dir = Files.createTempDirectory("cli-annotate-");
        Path train = TinyCollection.write(dir.resolve("train"), 72, 5);
        trainCsv = train;
        model = dir.resolve("model");
        CliRun r = CliRun.of(
                "train",
                "--config",
                TinyCollection.config(dir).toString(),
                "--input",
                train.toString(),
                "--output",
                model.toString(),
                "--feature-cache",
                dir.resolve("cache").toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("Model written to"), r.out());
        Path images = dir.resolve("train/images");
        Files.write(images.resolve("garbage.png"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        csv = dir.resolve("annotate.csv");
        Files.write(
                csv,
                List.of(
                        "id,image,style,title,year",
                        "good1,train/images/obj1.png,,,",
                        "good2,train/images/obj2.png,Dots,\"The meadow, study 2\",",
                        "textonly,,,The harbour,",
                        "broken,train/images/garbage.png,,,",
                        "missing,train/images/nowhere.png,,,",
                        "badyear,train/images/obj3.png,,,circa 1890",
                        "good3,train/images/obj4.png,Vorticism,,1790"),
                StandardCharsets.UTF_8);
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            out.add(AnnotateCommand.JSON.readTree(l));
        }
        return out;
    }

    @Test
    void aFolderAsInputAnnotatesEveryImageBelowItByRelativePath() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("folder-input/sub"));
        Path root = folder.getParent();
        Files.copy(dir.resolve("train/images/obj1.png"), root.resolve("b.png"));
        Files.copy(dir.resolve("train/images/obj2.png"), folder.resolve("a, first.PNG"));
        Files.copy(dir.resolve("train/images/garbage.png"), root.resolve("broken.png"));
        Files.writeString(root.resolve("notes.txt"), "not an image");
        Files.copy(dir.resolve("train/images/obj3.png"), root.resolve(".hidden.png"));
        List<Path> before;
        try (var files = Files.walk(root)) {
            before = files.sorted().toList();
        }
        Path output = dir.resolve("folder.jsonl");
        CliRun r = CliRun.of(
                "annotate", "--model", model.toString(), "--input", root.toString(), "--output", output.toString());
        org.assertj.core.api.Assertions.assertThat(r.code())
                .as(r.err() + r.out())
                .isEqualTo(3);
        List<JsonNode> lines = lines(output);
        org.assertj.core.api.Assertions.assertThat(lines)
                .extracting(n -> n.path("id").asText())
                .containsExactly("b.png", "broken.png", "sub/a, first.PNG");
        org.assertj.core.api.Assertions.assertThat(lines.get(0).has("predictions"))
                .isTrue();
        org.assertj.core.api.Assertions.assertThat(
                        lines.get(1).path("error").path("type").asText())
                .isNotEmpty();
        org.assertj.core.api.Assertions.assertThat(AnnotateCommand.folderListing(output))
                .as("the listing is removed once the run has finished")
                .doesNotExist();
        try (var files = Files.walk(root)) {
            org.assertj.core.api.Assertions.assertThat(files.sorted().toList())
                    .as("the input folder is only read")
                    .isEqualTo(before);
        }
        CliRun empty = CliRun.of(
                "annotate",
                "--model",
                model.toString(),
                "--input",
                Files.createDirectories(dir.resolve("no-images")).toString(),
                "--output",
                dir.resolve("none.jsonl").toString());
        org.assertj.core.api.Assertions.assertThat(empty.code()).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThat(empty.err()).contains("no image files below it");
    }

    @Test
    void oneLinePerRowErrorsAsRecordsExit3() throws Exception {
        Path output = dir.resolve("out.jsonl");
        CliRun r = CliRun.of(
                "annotate",
                "--model",
                model.toString(),
                "--input",
                csv.toString(),
                "--images",
                dir.toString(),
                "--output",
                output.toString());
        assertEquals(3, r.code(), r.err() + r.out());
        List<JsonNode> lines = lines(output);
        assertEquals(7, lines.size());
        Set<String> errors = new HashSet<>();
        for (JsonNode n : lines) {
            if (n.has("error")) {
                errors.add(n.path("id").asText());
                assertFalse(n.path("error").path("type").asText().isEmpty());
                assertFalse(n.path("error").path("message").asText().isEmpty());
                continue;
            }
            assertEquals("tiny-annotator", n.path("model").asText());
            assertTrue(n.path("inputsUsed").isArray());
            n.path("predictions").fields().forEachRemaining(e -> {
                JsonNode p = e.getValue();
                assertTrue(p.path("value").isTextual(), e.getKey());
                double c = p.path("confidence").asDouble();
                assertTrue(c > 0 && c <= 1, e.getKey());
                assertTrue(p.path("alternatives").size() <= 4);
                assertTrue(p.path("needsReview").isBoolean());
            });
        }
        assertEquals(Set.of("broken", "missing", "badyear"), errors);
        JsonNode good2 = lines.stream()
                .filter(n -> n.path("id").asText().equals("good2"))
                .findFirst()
                .orElseThrow();
        assertFalse(good2.path("predictions").has("style"), "a known style is not predicted");
        assertTrue(good2.path("predictions").has("artist"));
        JsonNode good3 = lines.stream()
                .filter(n -> n.path("id").asText().equals("good3"))
                .findFirst()
                .orElseThrow();
        assertTrue(good3.path("predictions").has("style"), "an unknown style is treated as missing");
        assertFalse(good3.path("predictions").has("decade"), "the year is known");
        assertTrue(good3.path("warnings").get(0).asText().contains("Vorticism"));
        JsonNode text = lines.stream()
                .filter(n -> n.path("id").asText().equals("textonly"))
                .findFirst()
                .orElseThrow();
        assertEquals("[\"title\"]", text.path("inputsUsed").toString());
        assertFalse(Files.exists(dir.resolve("out.jsonl.partial")));
    }

    @Test
    void resumeSkipsFinishedRowsAndRepairsATornLine() throws Exception {
        Path output = dir.resolve("resumed.jsonl");
        Path partial = dir.resolve("resumed.jsonl.partial");
        Files.writeString(
                partial,
                AnnotateCommand.errorLine("good1", "test", "written before the interruption")
                        + "{\"id\": \"good2\", \"predic");
        String[] args = {
            "annotate",
            "--model",
            model.toString(),
            "--input",
            csv.toString(),
            "--images",
            dir.toString(),
            "--output",
            output.toString(),
            "--resume"
        };
        recordRun(output, args); // as the interrupted run did
        CliRun r = CliRun.of(args);
        assertEquals(3, r.code(), r.err());
        List<JsonNode> lines = lines(output);
        assertEquals(7, lines.size());
        assertEquals(
                "written before the interruption",
                lines.get(0).path("error").path("message").asText());
        assertEquals(
                7, lines.stream().map(n -> n.path("id").asText()).distinct().count());
    }

    /** Writes the record of the run that {@code args} describe, as an interrupted run leaves it beside its partial. */
    private static void recordRun(Path output, String... args) throws Exception {
        AnnotateCommand command = new AnnotateCommand();
        new CommandLine(command).parseArgs(Arrays.copyOfRange(args, 1, args.length));
        Files.writeString(
                AnnotateCommand.runRecordFile(output),
                command.runRecord(ModelZoos.open(command.model).card()));
    }

    /** Issue 23, case 7: a partial written for another input CSV is refused, not mixed into the output. */
    @Test
    void resumeRefusesAPartialWrittenForAnotherInput() throws Exception {
        Path output = dir.resolve("other.jsonl");
        Path partial = dir.resolve("other.jsonl.partial");
        Path otherCsv = dir.resolve("other.csv");
        Files.write(otherCsv, List.of("id,image", "stale,train/images/obj1.png"), StandardCharsets.UTF_8);
        String stale = AnnotateCommand.errorLine("stale", "test", "a row of the other CSV") + "\n";
        Files.writeString(partial, stale);
        recordRun(
                output,
                "annotate",
                "--model",
                model.toString(),
                "--input",
                otherCsv.toString(),
                "--images",
                dir.toString(),
                "--output",
                output.toString(),
                "--resume");
        CliRun r = CliRun.of(
                "annotate",
                "--model",
                model.toString(),
                "--input",
                csv.toString(),
                "--images",
                dir.toString(),
                "--output",
                output.toString(),
                "--resume");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("was written for a different input CSV"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(output), "nothing committed");
        assertEquals(stale, Files.readString(partial), "the partial is left as it was");
        // The same CSV with other contents is refused too.
        recordRun(
                output,
                "annotate",
                "--model",
                model.toString(),
                "--input",
                csv.toString(),
                "--images",
                dir.toString(),
                "--output",
                output.toString(),
                "--resume",
                "--explain");
        CliRun options = CliRun.of(
                "annotate",
                "--model",
                model.toString(),
                "--input",
                csv.toString(),
                "--images",
                dir.toString(),
                "--output",
                output.toString(),
                "--resume");
        assertEquals(2, options.code(), options.err());
        assertTrue(options.err().contains("different options"), options.err());
    }

    @Test
    void evaluateWritesMetricsAndPlots() throws Exception {
        Path labelled = TinyCollection.write(dir.resolve("labelled"), 24, 99);
        Path out = dir.resolve("eval");
        CliRun r = CliRun.of(
                "evaluate", "--model", model.toString(), "--input", labelled.toString(), "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode m = AnnotateCommand.JSON.readTree(out.resolve("metrics.json").toFile());
        assertEquals("tiny-annotator", m.path("model").asText());
        for (String task : List.of("style", "artist", "decade", "century")) {
            JsonNode t = m.path("tasks").path(task);
            for (String key : List.of("top1", "top5", "macroF1", "n", "ece", "coverageAtPrecision")) {
                assertTrue(t.has(key), task + "." + key);
            }
            assertTrue(Files.isRegularFile(out.resolve("confusion-" + task + ".png")));
        }
        assertTrue(m.path("tasks").path("decade").has("maeYears"));
        for (String a : List.of("image", "fields", "text", "all")) {
            assertTrue(m.path("ablations").path(a).has("style"), a);
        }
        assertTrue(m.path("tasks").path("style").path("top1").asDouble() > 0.8, m.toString());
    }

    @Test
    void smallBatchesInOneChunkGiveTheSameRowsAndErrors() throws Exception {
        Path reference = dir.resolve("batch-default.jsonl");
        Path small = dir.resolve("batch-2.jsonl");
        assertEquals(
                3,
                CliRun.of(
                                "annotate",
                                "--model",
                                model.toString(),
                                "--input",
                                csv.toString(),
                                "--images",
                                dir.toString(),
                                "--output",
                                reference.toString())
                        .code());
        CliRun r = CliRun.of(
                "annotate",
                "--model",
                model.toString(),
                "--input",
                csv.toString(),
                "--images",
                dir.toString(),
                "--output",
                small.toString(),
                "--batch",
                "2");
        assertEquals(3, r.code(), r.err() + r.out());
        List<JsonNode> want = lines(reference);
        List<JsonNode> got = lines(small);
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i).path("id").asText(), got.get(i).path("id").asText());
            assertEquals(
                    want.get(i).has("error"),
                    got.get(i).has("error"),
                    want.get(i).path("id").asText());
            JsonNode wp = want.get(i).path("predictions");
            JsonNode gp = got.get(i).path("predictions");
            List<String> tasks = new ArrayList<>();
            wp.fieldNames().forEachRemaining(tasks::add);
            List<String> gotTasks = new ArrayList<>();
            gp.fieldNames().forEachRemaining(gotTasks::add);
            assertEquals(tasks, gotTasks);
            wp.fieldNames()
                    .forEachRemaining(task -> assertEquals(
                            wp.path(task).path("value"), gp.path(task).path("value"), task));
        }
    }

    @Test
    void splitWritesTheValidationRowsSoEvaluateReproducesTheCardsFigures() throws Exception {
        Path out = dir.resolve("split");
        CliRun r = CliRun.of(
                "split",
                "--config",
                TinyCollection.config(dir).toString(),
                "--input",
                trainCsv.toString(),
                "--output",
                out.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        List<String> input = Files.readAllLines(trainCsv);
        List<String> train = Files.readAllLines(out.resolve("train.csv"));
        List<String> validation = Files.readAllLines(out.resolve("validation.csv"));
        assertEquals(input.get(0), train.get(0));
        assertEquals(input.get(0), validation.get(0));
        JsonNode card =
                AnnotateCommand.JSON.readTree(model.resolve("model.json").toFile());
        JsonNode split = card.path("properties").path("provenance").path("split");
        assertEquals(split.path("train").asInt(), train.size() - 1);
        assertEquals(split.path("validation").asInt(), validation.size() - 1);
        // Every input row lands on exactly one side, verbatim (titles hold quoted commas), in input order.
        List<String> both = new ArrayList<>(train.subList(1, train.size()));
        both.addAll(validation.subList(1, validation.size()));
        assertEquals(
                input.subList(1, input.size()).stream().sorted().toList(),
                both.stream().sorted().toList());
        assertTrue(validation.get(1).contains(", study "), validation.get(1));
        assertEquals(
                validation.subList(1, validation.size()),
                input.stream()
                        .filter(validation.subList(1, validation.size())::contains)
                        .toList());

        Path eval = dir.resolve("eval-split");
        CliRun e = CliRun.of(
                "evaluate",
                "--model",
                model.toString(),
                "--input",
                out.resolve("validation.csv").toString(),
                "--images",
                trainCsv.getParent().toString(),
                "--output",
                eval.toString());
        assertEquals(0, e.code(), e.err());
        JsonNode measured = AnnotateCommand.JSON
                .readTree(eval.resolve("metrics.json").toFile())
                .path("tasks");
        JsonNode recorded = card.path("properties").path("metrics").path("tasks");
        for (String task : List.of("style", "artist", "decade", "century")) {
            assertEquals(
                    recorded.path(task).path("n").asInt(),
                    measured.path(task).path("n").asInt(),
                    task);
            assertEquals(
                    recorded.path(task).path("top1").asDouble(),
                    measured.path(task).path("top1").asDouble(),
                    1e-9,
                    task);
        }
    }

    @Test
    void splitLeavesOutMalformedAndDuplicateRowsAsTrainingDoesAndSaysWhich() throws Exception {
        Path withBadRows = dir.resolve("train/with-bad-rows.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(trainCsv));
        lines.add("obj1,images/obj2.png,Dots,Artist A,\"The harbour, study 1\",1702,duplicate id");
        lines.add("broken,images/obj3.png,Dots,Artist A,\"unclosed quote");
        Files.write(withBadRows, lines, StandardCharsets.UTF_8);
        Path out = dir.resolve("split-bad");
        CliRun r = CliRun.of(
                "split",
                "--config",
                TinyCollection.config(dir).toString(),
                "--input",
                withBadRows.toString(),
                "--output",
                out.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("2 rows left out"), r.out());
        assertTrue(r.out().contains("obj1"), r.out());
        long written = Files.readAllLines(out.resolve("train.csv")).size()
                + Files.readAllLines(out.resolve("validation.csv")).size()
                - 2;
        assertEquals(72, written);
        assertEquals(
                2,
                CliRun.of(
                                "split",
                                "--config",
                                TinyCollection.config(dir).toString(),
                                "--input",
                                dir.resolve("no-such.csv").toString(),
                                "--output",
                                out.toString())
                        .code());
    }

    /** Runs {@code evaluate} with one flag on a fresh tiny labelled collection; returns its metrics.json. */
    private JsonNode evaluateWith(String flag, String name, long seed) throws Exception {
        Path labelled = TinyCollection.write(dir.resolve("labelled-" + name), 24, seed);
        Path out = dir.resolve("eval-" + name);
        CliRun r = CliRun.of(
                "evaluate",
                "--model",
                model.toString(),
                "--input",
                labelled.toString(),
                "--output",
                out.toString(),
                flag);
        assertEquals(0, r.code(), r.err());
        return AnnotateCommand.JSON.readTree(out.resolve("metrics.json").toFile());
    }

    @Test
    void trimBordersIsRecordedByEvaluateAndReachesSparkExecutors() throws Exception {
        JsonNode m = evaluateWith("--trim-borders", "trim", 98);
        assertTrue(m.path("trimBorders").asBoolean(), m.toString());

        // the executors' configuration carries it (what --spark ships to each executor)
        assertTrue(SparkAnnotation.config("paintings-multitask", null, "cpu", 8, null, false, null, true)
                .options()
                .trimBorders());
    }

    @Test
    void mirrorAnswersFromTheFlippedPairInAnnotateAndEvaluate() throws Exception {
        JsonNode m = evaluateWith("--mirror", "mirror", 99);
        assertTrue(m.path("mirrorAverage").asBoolean(), m.toString());
        assertTrue(m.path("tasks").path("style").path("top1").asDouble() > 0.8, m.toString());

        Path plain = dir.resolve("plain.jsonl");
        Path flipped = dir.resolve("mirror.jsonl");
        assertEquals(
                3,
                CliRun.of(
                                "annotate",
                                "--model",
                                model.toString(),
                                "--input",
                                csv.toString(),
                                "--images",
                                dir.toString(),
                                "--output",
                                plain.toString())
                        .code());
        assertEquals(
                3,
                CliRun.of(
                                "annotate",
                                "--model",
                                model.toString(),
                                "--input",
                                csv.toString(),
                                "--images",
                                dir.toString(),
                                "--output",
                                flipped.toString(),
                                "--mirror")
                        .code());
        List<JsonNode> a = lines(plain);
        List<JsonNode> b = lines(flipped);
        assertEquals(a.size(), b.size());
        int changed = 0;
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).path("id"), b.get(i).path("id"));
            boolean image = a.get(i).path("inputsUsed").toString().contains("image");
            changed += image && !a.get(i).path("predictions").equals(b.get(i).path("predictions")) ? 1 : 0;
            if (!image) {
                assertEquals(a.get(i).path("predictions"), b.get(i).path("predictions"), "no image, nothing to flip");
            }
        }
        assertTrue(changed > 0, "the flip changes what the images contribute");
        assertEquals(a.get(3).path("error"), b.get(3).path("error"), "error rows stay error rows");
    }

    @Test
    void aPortableOnlyCopyGivesTheSameAnswersOnEveryEngine() throws Exception {
        Path portable = dir.resolve("portable-model");
        CliRun copy = CliRun.of(
                "copy-model", "--model", model.toString(), "--output", portable.toString(), "--formats", "portable");
        assertEquals(0, copy.code(), copy.err());
        JsonNode card =
                AnnotateCommand.JSON.readTree(portable.resolve("model.json").toFile());
        List<String> formats = new ArrayList<>();
        card.path("networks").path("head").path("formats").fieldNames().forEachRemaining(formats::add);
        assertEquals(List.of("portable"), formats);
        assertFalse(Files.exists(portable.resolve("weights/head.onnx")));
        Path reference = dir.resolve("full.jsonl");
        assertEquals(
                3,
                CliRun.of(
                                "annotate",
                                "--model",
                                model.toString(),
                                "--input",
                                csv.toString(),
                                "--images",
                                dir.toString(),
                                "--output",
                                reference.toString())
                        .code());
        for (String engine : List.of("onnxruntime", "pytorch", "tensorflow")) {
            Path out = dir.resolve("portable-" + engine + ".jsonl");
            CliRun r = CliRun.of(
                    "annotate",
                    "--model",
                    portable.toString(),
                    "--engine",
                    engine,
                    "--input",
                    csv.toString(),
                    "--images",
                    dir.toString(),
                    "--output",
                    out.toString());
            assertEquals(3, r.code(), engine + ": " + r.err());
            List<JsonNode> a = lines(reference);
            List<JsonNode> b = lines(out);
            for (int i = 0; i < a.size(); i++) {
                JsonNode pa = a.get(i).path("predictions");
                JsonNode pb = b.get(i).path("predictions");
                pa.fieldNames().forEachRemaining(task -> {
                    assertEquals(pa.path(task).path("value"), pb.path(task).path("value"), engine + " " + task);
                    assertEquals(
                            pa.path(task).path("confidence").asDouble(),
                            pb.path(task).path("confidence").asDouble(),
                            1e-4,
                            engine + " " + task);
                });
            }
        }
    }

    @Test
    void unknownModelIsExit2() {
        CliRun r = CliRun.of(
                "annotate",
                "--model",
                "no-such-model",
                "--input",
                csv.toString(),
                "--output",
                dir.resolve("x.jsonl").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no-such-model") && r.err().contains("heritage models"), r.err());
    }
}
