package dev.heritage.classify.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.api.HeritageException;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.ModelCard;
import dev.heritage.classify.Annotators;
import dev.heritage.classify.collection.CollectionReader;
import dev.heritage.classify.collection.CollectionRow;
import dev.heritage.classify.train.AnnotatorTrainer;
import dev.heritage.classify.train.TinyCollection;
import dev.heritage.classify.train.TrainingConfig;
import dev.heritage.classify.train.TrainingListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The batch runner with a trained tiny annotator on a real engine: every row's record is the
 * annotator's own answer for that row (or its error), in input order; a resumed run writes the
 * file an uninterrupted one writes; the collection is only read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchAnnotationEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Path dir;
    private Path csv;
    private Annotator annotator;

    @BeforeAll
    void trainAndLoadATinyModel() throws Exception {
        dir = Files.createTempDirectory("batch-e2e-");
        Path train = TinyCollection.write(dir.resolve("train"), 60, 11);
        new AnnotatorTrainer(TrainingConfig.read(TinyCollection.config(dir)), TrainingListener.NONE)
                .train(train, null, dir.resolve("model"), dir.resolve("features"));
        // The collection's images, with what a cataloguer would not yet know left out: style, artist, year.
        TinyCollection.write(dir.resolve("collection"), 21, 12);
        Files.write(dir.resolve("collection/images/garbage.png"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        List<String> lines = new ArrayList<>(List.of("id,image,title,year"));
        for (int i = 0; i < 21; i++) {
            lines.add("obj" + i + ",images/obj" + i + ".png," + (i % 3 == 0 ? "The harbour" : "") + ",");
        }
        lines.addAll(5, List.of("broken,images/garbage.png,,", "missing,images/nowhere.png,,"));
        lines.addAll(List.of("badyear,images/obj1.png,,circa 1890", ",images/obj3.png,,"));
        csv = Files.write(dir.resolve("collection/annotate.csv"), lines, StandardCharsets.UTF_8);
        annotator = Annotators.load(
                dir.resolve("model").toString(),
                AnnotatorOptions.builder()
                        .engine("onnxruntime")
                        .optBatchSize(2)
                        .optExplain(true)
                        .build());
    }

    @AfterAll
    void close() {
        if (annotator != null) {
            annotator.close();
        }
    }

    private BatchSummary run(Annotator a, Path output, boolean resume) throws IOException, HeritageException {
        try (CollectionReader rows = CollectionReader.builder(csv)
                .schema(AnnotationSchema.of(a.card()))
                .open()) {
            return BatchAnnotation.builder()
                    .annotator(a)
                    .output(output)
                    .optBatchSize(2)
                    .optChunkSize(4)
                    .optResume(resume)
                    .optRunOptions(Map.of("explain", true))
                    .build()
                    .run(rows);
        }
    }

    private static List<JsonNode> records(Path jsonl) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    private Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(csv.getParent())) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                files.put(p.toString(), HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return files;
    }

    @Test
    void everyRecordIsTheAnnotatorsAnswerForItsRowInInputOrder() throws Exception {
        Map<String, String> before = snapshot();
        Path output = dir.resolve("out.jsonl");
        BatchSummary summary = run(annotator, output, false);

        List<JsonNode> records = records(output);
        List<String> ids = new ArrayList<>();
        try (CollectionReader rows = CollectionReader.builder(csv)
                .schema(AnnotationSchema.of(annotator.card()))
                .open()) {
            int i = 0;
            for (CollectionRow row = rows.next(); row != null; row = rows.next(), i++) {
                JsonNode record = records.get(i);
                if (!row.ok()) {
                    assertThat(record.path("error").path("type").asText()).isIn("bad_value", "missing_id");
                    ids.add(record.path("id").asText());
                    continue;
                }
                Asset asset = row.asset();
                ids.add(asset.id());
                try {
                    assertSameAnswer(annotator.annotate(asset), record);
                } catch (InvalidImageException bad) {
                    assertThat(record.path("error").path("type").asText()).isEqualTo("invalid_image");
                    assertThat(record.path("error").path("message").asText()).isEqualTo(bad.getMessage());
                }
            }
            assertThat(records).hasSize(i);
        }
        assertThat(records).extracting(r -> r.path("id").asText()).containsExactlyElementsOf(ids);
        assertThat(records)
                .filteredOn(r -> r.has("error"))
                .extracting(r -> r.path("id").asText())
                .containsExactly("broken", "missing", "badyear", "row 25");
        assertThat(summary.rows()).isEqualTo(25);
        assertThat(summary.failed()).isEqualTo(4);
        assertThat(records)
                .filteredOn(r -> !r.has("error"))
                .allSatisfy(r -> assertThat(r.path("predictions").fieldNames())
                        .toIterable()
                        .containsExactly("style", "artist", "decade", "century"));
        assertThat(snapshot()).isEqualTo(before);
    }

    private static void assertSameAnswer(AnnotationResult expected, JsonNode record) {
        assertThat(record.path("id").asText()).isEqualTo(expected.assetId());
        assertThat(record.path("error").isMissingNode()).as(expected.assetId()).isTrue();
        assertThat(record.path("predictions").size())
                .isEqualTo(expected.predictions().size());
        expected.predictions().forEach((field, p) -> {
            JsonNode written = record.path("predictions").path(field);
            assertThat(written.path("value").asText())
                    .as(expected.assetId() + " " + field)
                    .isEqualTo(p.value());
            assertThat(written.path("confidence").asDouble()).isCloseTo(p.confidence(), within(2e-6));
            assertThat(written.path("evidence").size())
                    .as("--explain's evidence is written")
                    .isEqualTo(p.evidence().size())
                    .isPositive();
        });
    }

    @Test
    void aResumedRunWritesTheFileOfAnUninterruptedOneAndNeverTouchesTheInput() throws Exception {
        Map<String, String> before = snapshot();
        Path whole = dir.resolve("whole.jsonl");
        run(annotator, whole, false);
        Path output = dir.resolve("resumed.jsonl");
        assertThatThrownBy(() -> run(new FailingOnCall(annotator, 5), output, false))
                .isInstanceOf(HeritageException.class)
                .hasMessageContaining("interrupted");
        assertThat(output).doesNotExist();
        assertThat(Files.readAllLines(BatchAnnotation.partialFile(output))).hasSize(8);

        BatchSummary summary = run(annotator, output, true);

        assertThat(Files.readAllBytes(output)).isEqualTo(Files.readAllBytes(whole));
        assertThat(summary.resumed()).isEqualTo(8);
        assertThat(summary.rows()).isEqualTo(25);
        assertThat(BatchAnnotation.partialFile(output)).doesNotExist();
        assertThat(snapshot()).isEqualTo(before);
    }

    /** The real annotator, but its n-th list call fails as an engine would. */
    private record FailingOnCall(Annotator delegate, int failing, int[] calls) implements Annotator {
        FailingOnCall(Annotator delegate, int failing) {
            this(delegate, failing, new int[1]);
        }

        @Override
        public ModelCard card() {
            return delegate.card();
        }

        @Override
        public AnnotationResult annotate(Asset asset) throws HeritageException {
            return delegate.annotate(asset);
        }

        @Override
        public List<AnnotationResult> annotate(List<Asset> assets) throws HeritageException {
            if (++calls[0] == failing) {
                throw new HeritageException("The engine was interrupted");
            }
            return delegate.annotate(assets);
        }

        @Override
        public void close() {}
    }
}
