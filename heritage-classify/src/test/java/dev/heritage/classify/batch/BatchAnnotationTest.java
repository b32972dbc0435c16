package dev.heritage.classify.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.Asset;
import dev.heritage.api.HeritageException;
import dev.heritage.api.InvalidImageException;
import dev.heritage.classify.collection.CollectionReader;
import dev.heritage.classify.collection.CollectionRow;
import dev.heritage.classify.collection.LoadedCollection;
import dev.heritage.classify.collection.RowSource;
import dev.heritage.classify.output.Generator;
import dev.heritage.classify.output.JsonLinesWriter;
import dev.heritage.classify.output.OutputFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch runner over a small collection and {@link StubAnnotator}: one record per row in input
 * order, error records for bad rows, chunks, resume after an interruption, refusals, the formats,
 * and an input that is only ever read.
 */
class BatchAnnotationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int GOOD_ROWS = 20;

    @TempDir
    Path dir;

    private Path collection;
    private Path csv;
    private Path out;

    @BeforeEach
    void writeACollection() throws IOException {
        collection = dir.resolve("collection");
        Files.createDirectories(collection.resolve("images"));
        out = Files.createDirectories(dir.resolve("out"));
        List<String> lines = new ArrayList<>(List.of("id,image,style,title,year"));
        for (int i = 0; i < GOOD_ROWS; i++) {
            Files.write(collection.resolve("images/g" + i + ".png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) i});
            lines.add("g" + i + ",images/g" + i + ".png," + (i % 5 == 0 ? "Dots" : "") + ","
                    + (i % 3 == 0 ? "\"The harbour, study " + i + "\"" : "") + ",");
            switch (i) {
                case 2 -> lines.add("textonly,,,The meadow,");
                case 6 -> lines.add("broken,images/garbage.png,,,");
                case 9 -> lines.add("missing,images/nowhere.png,,,");
                case 13 -> lines.add("badyear,images/g1.png,,,circa 1890");
                case 17 -> lines.add(",images/g2.png,,,");
                default -> {}
            }
        }
        Files.write(collection.resolve("images/garbage.png"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        csv = collection.resolve("metadata.csv");
        Files.write(csv, lines, StandardCharsets.UTF_8);
    }

    private CollectionReader reader() throws IOException {
        return CollectionReader.builder(csv)
                .schema(AnnotationSchema.of(StubAnnotator.CARD))
                .open();
    }

    private static BatchAnnotation.Builder runner(StubAnnotator stub, Path output) {
        return BatchAnnotation.builder()
                .annotator(stub)
                .output(output)
                .optBatchSize(2)
                .optChunkSize(4)
                .optRunOptions(Map.of("explain", true));
    }

    private BatchSummary run(BatchAnnotation batch) throws IOException, HeritageException {
        try (CollectionReader rows = reader()) {
            return batch.run(rows);
        }
    }

    /** The records the CSV's rows must give, made row by row without the runner. */
    private List<String> expectedLines() throws IOException {
        List<String> expected = new ArrayList<>();
        try (CollectionReader rows = reader()) {
            for (var row = rows.next(); row != null; row = rows.next()) {
                if (!row.ok()) {
                    var e = row.errors().get(0);
                    expected.add(JsonLinesWriter.errorLine(
                                    e.idIfKnown().orElse("row " + row.row()),
                                    e.type().name().toLowerCase(Locale.ROOT),
                                    e.message())
                            .strip());
                    continue;
                }
                Asset asset = row.asset();
                try {
                    expected.add(JsonLinesWriter.resultLine(StubAnnotator.answer(asset))
                            .strip());
                } catch (InvalidImageException bad) {
                    expected.add(JsonLinesWriter.errorLine(asset.id(), "invalid_image", bad.getMessage())
                            .strip());
                }
            }
        }
        return expected;
    }

    /** Every file of the collection and its bytes, to show that the input is never touched. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(collection)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                files.put(
                        collection.relativize(p).toString(),
                        HexFormat.of().formatHex(Files.readAllBytes(p)) + " " + Files.getLastModifiedTime(p));
            }
        }
        return files;
    }

    /** The collection's rows as a source without a local file, as a IIIF manifest's canvases are. */
    private RowSource withoutAFile() throws IOException {
        List<CollectionRow> rows;
        try (CollectionReader r = reader()) {
            rows = LoadedCollection.readAll(r).rows();
        }
        Iterator<CollectionRow> each = rows.iterator();
        return new RowSource() {
            @Override
            public CollectionRow next() {
                return each.hasNext() ? each.next() : null;
            }

            @Override
            public List<String> warnings() {
                return List.of();
            }

            @Override
            public Optional<Path> inputFile() {
                return Optional.empty();
            }

            @Override
            public Optional<Path> imagesDir() {
                return Optional.empty();
            }
        };
    }

    @Test
    void aSourceWithoutAFileGivesTheSameRecordsLeavesNoRunRecordAndCannotBeResumed() throws Exception {
        Path output = out.resolve("source.jsonl");
        Files.writeString(RunRecord.fileFor(output), "a stale record of another run");
        BatchSummary summary = runner(new StubAnnotator(), output).build().run(withoutAFile());
        List<String> expected = expectedLines();
        assertThat(Files.readAllLines(output)).containsExactlyElementsOf(expected);
        assertThat(summary.failed())
                .isEqualTo(
                        expected.stream().filter(l -> l.contains("\"error\"")).count())
                .isPositive();
        assertThat(RunRecord.fileFor(output)).doesNotExist();
        assertThat(BatchAnnotation.partialFile(output)).doesNotExist();
        RowSource again = withoutAFile();
        assertThatThrownBy(() -> runner(new StubAnnotator(), output)
                        .optResume(true)
                        .build()
                        .run(again))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resuming needs rows read from a local file");
    }

    @Test
    void oneRecordPerRowInInputOrderWithErrorRecordsForBadRowsAndTheInputUntouched() throws Exception {
        Map<String, String> before = snapshot();
        Path output = out.resolve("out.jsonl");
        StubAnnotator stub = new StubAnnotator();
        List<Long> written = new ArrayList<>();
        BatchSummary summary = run(runner(stub, output)
                .optListener(new BatchListener() {
                    @Override
                    public void written(long rowsRead) {
                        written.add(rowsRead);
                    }
                })
                .build());

        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertThat(lines).containsExactlyElementsOf(expectedLines());
        assertThat(lines).hasSize(GOOD_ROWS + 5);
        List<JsonNode> records = new ArrayList<>();
        for (String l : lines) {
            records.add(JSON.readTree(l));
        }
        assertThat(records)
                .filteredOn(n -> n.has("error"))
                .extracting(n -> n.path("id").asText() + " "
                        + n.path("error").path("type").asText())
                .containsExactly(
                        "broken invalid_image", "missing invalid_image", "badyear bad_value", "row 23 missing_id");
        assertThat(records.get(3).path("id").asText()).isEqualTo("textonly");
        assertThat(records.get(3).path("inputsUsed").toString()).isEqualTo("[\"title\"]");
        assertThat(records.get(0).path("predictions").has("style"))
                .as("a known style is not predicted")
                .isFalse();
        assertThat(records.get(1)
                        .path("predictions")
                        .path("style")
                        .path("evidence")
                        .path("image")
                        .asDouble())
                .as("explanations reach the output")
                .isEqualTo(0.25);
        assertThat(summary).isEqualTo(new BatchSummary(output, GOOD_ROWS + 5, 4, 0));
        // 22 rows with an asset in chunks of 4; a chunk with a bad image is retried batch by batch.
        assertThat(stub.listCalls.stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(22);
        assertThat(stub.listCalls.get(0)).isEqualTo(4);
        assertThat(written).isSorted().endsWith((long) GOOD_ROWS + 5);
        assertThat(written).hasSizeGreaterThan(5);
        assertThat(BatchAnnotation.partialFile(output)).doesNotExist();
        assertThat(RunRecord.fileFor(output)).doesNotExist();
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void resumingAfterAnEngineFailureWritesTheSameFileAsAnUninterruptedRun() throws Exception {
        Map<String, String> before = snapshot();
        Path whole = out.resolve("whole.jsonl");
        run(runner(new StubAnnotator(), whole).build());

        Path output = out.resolve("resumed.jsonl");
        Path partial = BatchAnnotation.partialFile(output);
        assertThatThrownBy(() -> run(runner(new StubAnnotator(4), output).build()))
                .isInstanceOf(HeritageException.class)
                .hasMessageContaining("engine failed");
        assertThat(output).doesNotExist();
        assertThat(RunRecord.fileFor(output)).exists();
        List<String> interrupted = Files.readAllLines(partial, StandardCharsets.UTF_8);
        assertThat(interrupted).isNotEmpty().isEqualTo(Files.readAllLines(whole).subList(0, interrupted.size()));
        // The interruption may also cut the last line.
        Files.writeString(partial, "{\"id\": \"g9\", \"predic", StandardOpenOption.APPEND);

        StubAnnotator second = new StubAnnotator();
        List<Integer> resumed = new ArrayList<>();
        BatchSummary summary = run(runner(second, output)
                .optResume(true)
                .optListener(new BatchListener() {
                    @Override
                    public void resumed(int rowsDone) {
                        resumed.add(rowsDone);
                    }
                })
                .build());

        assertThat(Files.readAllBytes(output)).isEqualTo(Files.readAllBytes(whole));
        assertThat(resumed).containsExactly(interrupted.size());
        assertThat(summary.rows()).isEqualTo(GOOD_ROWS + 5);
        assertThat(summary.failed()).isEqualTo(4);
        assertThat(summary.resumed()).isEqualTo(interrupted.size());
        List<String> doneIds = new ArrayList<>();
        for (String l : interrupted) {
            doneIds.add(JSON.readTree(l).path("id").asText());
        }
        assertThat(second.asked).as("finished rows are not annotated again").doesNotContainAnyElementsOf(doneIds);
        assertThat(partial).doesNotExist();
        assertThat(RunRecord.fileFor(output)).doesNotExist();
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void resumeRefusesAPartialOfAnotherRunAndLeavesItAsItWas() throws Exception {
        Path output = out.resolve("other.jsonl");
        Path partial = BatchAnnotation.partialFile(output);
        String stale = JsonLinesWriter.errorLine("stale", "test", "a row of another run");
        Files.writeString(partial, stale);

        assertThatThrownBy(() ->
                        run(runner(new StubAnnotator(), output).optResume(true).build()))
                .isInstanceOfSatisfying(ResumeRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ResumeRefusedException.Reason.NO_RECORD);
                    assertThat(e.partial()).isEqualTo(partial);
                    assertThat(e.getMessage())
                            .contains("other.jsonl.partial.run.json is missing")
                            .contains("delete");
                });

        Path otherCsv = Files.writeString(collection.resolve("other.csv"), "id,image\nstale,images/g1.png\n");
        Files.writeString(
                RunRecord.fileFor(output),
                RunRecord.of(otherCsv, null, StubAnnotator.CARD, Map.of("explain", true))
                        .toJson());
        assertThatThrownBy(() ->
                        run(runner(new StubAnnotator(), output).optResume(true).build()))
                .isInstanceOfSatisfying(ResumeRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ResumeRefusedException.Reason.INPUT_CONTENTS);
                    assertThat(e.problem("images folder"))
                            .isEqualTo("was written for a different input CSV (its contents changed)");
                });

        Files.writeString(
                RunRecord.fileFor(output),
                RunRecord.of(csv, null, StubAnnotator.CARD, Map.of("explain", false))
                        .toJson());
        assertThatThrownBy(() ->
                        run(runner(new StubAnnotator(), output).optResume(true).build()))
                .isInstanceOfSatisfying(
                        ResumeRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ResumeRefusedException.Reason.OPTIONS));

        Files.writeString(
                RunRecord.fileFor(output),
                RunRecord.of(csv, collection.resolve("images"), StubAnnotator.CARD, Map.of("explain", true))
                        .toJson());
        assertThatThrownBy(() ->
                        run(runner(new StubAnnotator(), output).optResume(true).build()))
                .isInstanceOfSatisfying(
                        ResumeRefusedException.class,
                        e -> assertThat(e.problem("--images folder"))
                                .isEqualTo("was written for a different --images folder"));

        assertThat(partial).hasContent(stale);
        assertThat(output).doesNotExist();
    }

    @Test
    void withoutResumeAStalePartialIsStartedAnew() throws Exception {
        Path output = out.resolve("fresh.jsonl");
        Files.writeString(BatchAnnotation.partialFile(output), JsonLinesWriter.errorLine("stale", "test", "old"));
        BatchSummary summary = run(runner(new StubAnnotator(), output).build());
        assertThat(Files.readAllLines(output)).containsExactlyElementsOf(expectedLines());
        assertThat(summary.resumed()).isZero();
    }

    @Test
    void webAnnotationsAndTheReviewCsvAreWrittenWholeAndCommitted() throws Exception {
        Generator generator = Generator.of(StubAnnotator.CARD, "stub-engine", "1");
        Path page = out.resolve("out.jsonld");
        run(runner(new StubAnnotator(), page)
                .optFormat(OutputFormat.JSONLD)
                .optGenerator(generator)
                .optTargetBase("https://collection.example.org/objects/")
                .build());
        JsonNode jsonld = JSON.readTree(page.toFile());
        assertThat(jsonld.path("type").asText()).isEqualTo("AnnotationPage");
        assertThat(jsonld.toString())
                .contains("https://collection.example.org/objects/g1")
                .contains("stub-engine");

        Path review = out.resolve("review.csv");
        BatchSummary summary = run(
                runner(new StubAnnotator(), review).optFormat(OutputFormat.CSV).build());
        assertThat(Files.readAllLines(review)).hasSize(GOOD_ROWS + 5 + 1);
        assertThat(summary.failed()).isEqualTo(4);
        assertThat(BatchAnnotation.partialFile(page)).doesNotExist();
        assertThat(BatchAnnotation.partialFile(review)).doesNotExist();
    }

    @Test
    void settingsThatContradictEachOtherAreRefusedWhenBuilt() {
        Path output = out.resolve("x.jsonl");
        StubAnnotator stub = new StubAnnotator();
        assertThatThrownBy(() -> BatchAnnotation.builder().output(output).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("annotator(");
        assertThatThrownBy(() -> BatchAnnotation.builder().annotator(stub).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("output(");
        assertThatThrownBy(() -> runner(stub, output)
                        .optFormat(OutputFormat.CSV)
                        .optResume(true)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON Lines only");
        assertThatThrownBy(() ->
                        runner(stub, output).optFormat(OutputFormat.JSONLD).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("optGenerator");
        assertThatThrownBy(() ->
                        runner(stub, output).optTargetBase("https://x.org/").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jsonld");
        assertThatThrownBy(() -> runner(stub, output).optChunkSize(0).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOutputThatIsTheInputIsRefusedAndAChunkAnnotatorMustAnswerEveryRow() throws Exception {
        byte[] before = Files.readAllBytes(csv);
        assertThatThrownBy(() -> run(runner(new StubAnnotator(), csv).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is the input CSV");
        assertThat(Files.readAllBytes(csv)).isEqualTo(before);

        BatchAnnotation dropsRows = BatchAnnotation.builder()
                .chunkAnnotator(rows -> List.of(), StubAnnotator.CARD)
                .output(out.resolve("short.jsonl"))
                .build();
        assertThatThrownBy(() -> run(dropsRows))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one per row");
    }
}
