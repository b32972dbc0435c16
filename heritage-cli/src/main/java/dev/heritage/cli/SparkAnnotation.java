package dev.heritage.cli;

import dev.heritage.classify.batch.ChunkAnnotator;
import dev.heritage.classify.batch.RowOutcome;
import dev.heritage.classify.collection.CollectionRow;
import dev.heritage.spark.AnnotationRow;
import dev.heritage.spark.AssetRow;
import dev.heritage.spark.HeritageSpark;
import dev.heritage.spark.SparkAnnotatorConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code heritage annotate --spark MASTER}: each chunk that the batch runner reads on the driver is
 * sent to Spark as one job of 2 × (task slots) partitions, and its answers are collected back in
 * input order. Images are read by the executors at the paths resolved on the driver.
 *
 * <p>Used from one thread. Owns its Spark context: close it when the run is over.
 */
final class SparkAnnotation implements ChunkAnnotator, AutoCloseable {
    private final JavaSparkContext spark;
    private final SparkAnnotatorConfig config;
    private final int partitions;

    private SparkAnnotation(JavaSparkContext spark, SparkAnnotatorConfig config) {
        this.spark = spark;
        this.config = config;
        this.partitions = Math.max(1, 2 * spark.defaultParallelism());
    }

    /**
     * Starts a Spark context and says where it runs.
     *
     * @param master the Spark master, e.g. {@code local[4]}
     * @param config which annotator the executors load
     * @param out where the command line's messages go
     * @return the Spark annotation; the caller closes it
     */
    static SparkAnnotation start(String master, SparkAnnotatorConfig config, PrintWriter out) {
        JavaSparkContext spark = HeritageSpark.context(master);
        out.println("Spark " + spark.version() + " at " + master + ", " + spark.defaultParallelism() + " task slots");
        return new SparkAnnotation(spark, config);
    }

    /**
     * @param model a zoo id or a model directory, which travels to executors as an absolute path
     * @param engine the engine, or {@code null} for the default
     * @param device the device, as written on the command line
     * @param batch objects per engine call inside a partition
     * @param precision the review precision, or {@code null} for the card's
     * @param mirror whether to use the test-time flip
     * @param outsideThreshold the open-set threshold, or {@code null} for the card's
     * @return the executors' annotator configuration
     */
    static SparkAnnotatorConfig config(
            String model,
            String engine,
            String device,
            int batch,
            Double precision,
            boolean mirror,
            Double outsideThreshold) {
        Path p = Path.of(model);
        String forExecutors =
                Files.isDirectory(p) ? p.toAbsolutePath().normalize().toString() : model;
        return new SparkAnnotatorConfig(
                forExecutors,
                engine,
                device,
                batch,
                precision == null ? Double.NaN : precision,
                mirror,
                outsideThreshold == null ? Double.NaN : outsideThreshold);
    }

    @Override
    public List<RowOutcome> annotate(List<CollectionRow> rows) {
        List<AssetRow> assets = rows.stream()
                .map(r -> AssetRow.of(r.asset(), r.asset().image() == null ? null : r.imagePath()))
                .toList();
        return HeritageSpark.annotate(spark, assets, config, partitions).stream()
                .map(AnnotationRow::toOutcome)
                .toList();
    }

    @Override
    public void close() {
        spark.close();
    }
}
