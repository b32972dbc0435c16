package dev.heritage.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.Asset;
import dev.heritage.api.InvalidImageException;
import dev.heritage.classify.Annotators;
import dev.heritage.classify.model.ImageEvidence;
import dev.heritage.classify.output.JsonLinesWriter;
import dev.heritage.zoo.paintings.PaintingsZoo;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zoo annotator on a real Spark ({@code local[2]}): the same answers as the plain path, error
 * rows for bad images, and one model load per JVM however many partitions and jobs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeritageSparkTest {
    private static final SparkAnnotatorConfig CONFIG = SparkAnnotatorConfig.builder(PaintingsZoo.PAINTINGS)
            .engine("onnxruntime")
            .optBatchSize(2)
            .build();

    @TempDir
    static Path dir;

    private JavaSparkContext spark;
    private List<AssetRow> rows;

    @BeforeAll
    void startSparkAndWriteACollection() throws Exception {
        spark = HeritageSpark.context("local[2]");
        BufferedImage scream;
        try (InputStream in = getClass().getResourceAsStream("/backbone/munch_the_scream.jpg")) {
            scream = ImageIO.read(in);
        }
        Path original = dir.resolve("scream.png");
        ImageIO.write(scream, "png", original.toFile());
        Path mirrored = dir.resolve("mirrored.png");
        ImageIO.write(ImageEvidence.mirror(scream), "png", mirrored.toFile());
        Path crop = dir.resolve("crop.png");
        ImageIO.write(scream.getSubimage(0, 0, scream.getWidth() / 2, scream.getHeight() / 2), "png", crop.toFile());
        Path broken = dir.resolve("broken.png");
        Files.write(broken, new byte[] {1, 2, 3, 4});
        rows = List.of(
                new AssetRow("scream", original.toString(), Map.of()),
                new AssetRow("scream-titled", original.toString(), Map.of("title", "The Scream")),
                new AssetRow("mirrored", mirrored.toString(), Map.of("style", "Impressionism")),
                new AssetRow("broken", broken.toString(), Map.of()),
                new AssetRow("crop", crop.toString(), Map.of("title", "Study of a sky")),
                new AssetRow("title-only", null, Map.of("title", "Mount Fuji seen from the sea")),
                new AssetRow("missing", dir.resolve("nowhere.png").toString(), Map.of()));
    }

    @AfterAll
    void stop() {
        if (spark != null) {
            spark.close();
        }
        ExecutorAnnotators.closeAll();
    }

    @Test
    void sameAnswersAsThePlainPathAndOneLoadPerJvm() throws Exception {
        ExecutorAnnotators.closeAll();
        int before = ExecutorAnnotators.loads();
        ExecutorTally tally = ExecutorTally.register(spark);
        List<AnnotationRow> first = HeritageSpark.annotate(spark, rows, CONFIG, 4, tally);
        List<AnnotationRow> second = HeritageSpark.annotate(spark, rows, CONFIG, 3, tally);
        assertEquals(
                1,
                ExecutorAnnotators.loads() - before,
                "two jobs over 7 partitions in one executor JVM load the model once");
        assertEquals(
                List.of(new ExecutorWork("driver", "127.0.0.1", 2L * rows.size(), 1)),
                tally.byExecutor(),
                "local[2] runs its tasks on the executor 'driver': every row of both jobs, one load");
        assertEquals("1 executor, 1 model load, rows 14 (driver on 127.0.0.1)", tally.summary());
        assertEquals(
                rows.stream().map(AssetRow::id).toList(),
                first.stream().map(AnnotationRow::id).toList(),
                "input order");
        List<AnnotationRow> plain = new ArrayList<>();
        try (Annotator a = Annotators.load(PaintingsZoo.PAINTINGS, CONFIG.options())) {
            for (AssetRow r : rows) {
                Asset asset = r.toAsset();
                try {
                    plain.add(AnnotationRow.of(a.annotate(asset)));
                } catch (InvalidImageException e) {
                    plain.add(AnnotationRow.error(r.id(), "invalid_image", e.getMessage()));
                }
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            assertSameAnswers(plain.get(i), first.get(i));
            assertSameAnswers(first.get(i), second.get(i));
        }
        assertTrue(first.get(3).isError() && first.get(6).isError(), "broken and missing images are error rows");
        assertFalse(first.get(0).isError());
        AnnotationResult titled = first.get(1).toResult();
        assertFalse(titled.predictions().containsKey("title"));
        assertEquals(List.of("image", "title"), titled.inputsUsed());
        assertEquals(List.of("title"), first.get(5).toResult().inputsUsed());
        assertFalse(first.get(2).toResult().predictions().containsKey("style"), "a known style is not predicted");
        List<String> lines =
                HeritageSpark.toJsonLines(spark.parallelize(first, 2)).collect();
        assertEquals(JsonLinesWriter.resultLine(first.get(0).toResult()), lines.get(0) + "\n");
        assertTrue(lines.get(3).startsWith("{\"id\":\"broken\",\"error\":{\"type\":\"invalid_image\""), lines.get(3));
    }

    /** Same value, alternatives and review flags; confidences within 1e-6 (batches may differ in composition). */
    private static void assertSameAnswers(AnnotationRow p, AnnotationRow s) {
        assertEquals(p.id(), s.id());
        assertEquals(p.isError(), s.isError(), s.id());
        assertEquals(p.errorMessage(), s.errorMessage(), s.id());
        assertEquals(p.predictions().size(), s.predictions().size(), s.id());
        for (int k = 0; k < p.predictions().size(); k++) {
            AnnotationRow.PredictionRow ps = s.predictions().get(k);
            AnnotationRow.PredictionRow pp = p.predictions().get(k);
            assertEquals(pp.field(), ps.field());
            assertEquals(pp.value(), ps.value(), s.id() + " " + ps.field());
            assertEquals(pp.confidence(), ps.confidence(), 1e-6, s.id() + " " + ps.field());
            assertEquals(pp.alternativeValues(), ps.alternativeValues());
            assertArrayEquals(pp.alternativeConfidences(), ps.alternativeConfidences(), 1e-6);
            assertEquals(pp.needsReview(), ps.needsReview());
        }
        assertEquals(p.inputsUsed(), s.inputsUsed());
        assertEquals(p.warnings(), s.warnings());
    }
}
