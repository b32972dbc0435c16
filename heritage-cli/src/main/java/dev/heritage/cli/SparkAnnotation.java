package dev.heritage.cli;

import dev.heritage.classify.batch.ChunkAnnotator;
import dev.heritage.classify.batch.RowOutcome;
import dev.heritage.classify.collection.CollectionRow;
import dev.heritage.spark.AnnotationRow;
import dev.heritage.spark.AssetRow;
import dev.heritage.spark.ExecutorAnnotators;
import dev.heritage.spark.ExecutorTally;
import dev.heritage.spark.ExecutorWork;
import dev.heritage.spark.HeritageSpark;
import dev.heritage.spark.SparkAnnotatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code heritage annotate --spark MASTER}: each chunk that the batch runner reads on the driver is
 * sent to Spark as one job of 2 × (task slots) partitions, and its answers are collected back in
 * input order. Images are read by the executors at the paths resolved on the driver. Executors report
 * their rows and model loads ({@link ExecutorTally}); {@link #sayExecutors} tells the user at the end.
 *
 * <p>Used from one thread. Owns its Spark context: close it when the run is over.
 */
final class SparkAnnotation implements ChunkAnnotator, AutoCloseable {
    private final JavaSparkContext spark;
    private final SparkAnnotatorConfig config;
    private final int partitions;
    private final ExecutorTally tally;
    private final CliLog log;
    private final boolean local;

    private SparkAnnotation(JavaSparkContext spark, SparkAnnotatorConfig config, CliLog log, boolean local) {
        this.spark = spark;
        this.config = config;
        this.partitions = Math.max(1, 2 * spark.defaultParallelism());
        this.tally = ExecutorTally.register(spark);
        this.log = log;
        this.local = local;
    }

    /**
     * Starts a Spark context and says where it runs.
     *
     * @param master the Spark master, e.g. {@code local[4]}
     * @param config which annotator the executors load
     * @param log where the command line's messages go
     * @return the Spark annotation; the caller closes it
     */
    static SparkAnnotation start(String master, SparkAnnotatorConfig config, CliLog log) {
        JavaSparkContext spark = HeritageSpark.context(master);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sparkVersion", spark.version());
        fields.put("master", master);
        fields.put("taskSlots", spark.defaultParallelism());
        log.say(
                "Spark " + spark.version() + " at " + master + ", " + spark.defaultParallelism() + " task slots",
                "spark",
                fields);
        return new SparkAnnotation(spark, config, log, master.startsWith("local"));
    }

    /**
     * Says which executors did the work, e.g. {@code Spark executors: 2 executors, 1 model load each, rows
     * 61/59 (0 on node-a, 1 on node-b)}; json: the event {@code executors} with one object per executor.
     */
    void sayExecutors() {
        List<ExecutorWork> work = tally.byExecutor();
        List<Map<String, Object>> executors = work.stream()
                .map(w -> {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("id", w.executorId());
                    e.put("host", w.host());
                    e.put("rows", w.rows());
                    e.put("modelLoads", w.modelLoads());
                    return e;
                })
                .toList();
        log.say("Spark executors: " + tally.summary(), "executors", Map.of("executors", executors));
    }

    /**
     * @param model a zoo id or a model directory, which travels to executors as an absolute path
     * @param engine the engine, or {@code null} for the default
     * @param device the device, as written on the command line
     * @param batch objects per engine call inside a partition
     * @param precision the review precision, or {@code null} for the card's
     * @param mirror whether to use the test-time flip
     * @param outsideThreshold the open-set threshold, or {@code null} for the card's
     * @param trimBorders whether to cut a flat border from round each image first
     * @return the executors' annotator configuration
     */
    static SparkAnnotatorConfig config(
            String model,
            String engine,
            String device,
            int batch,
            Double precision,
            boolean mirror,
            Double outsideThreshold,
            boolean trimBorders) {
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
                outsideThreshold == null ? Double.NaN : outsideThreshold,
                trimBorders);
    }

    @Override
    public List<RowOutcome> annotate(List<CollectionRow> rows) {
        List<AssetRow> assets = rows.stream()
                .map(r -> AssetRow.of(r.asset(), r.asset().image() == null ? null : r.imagePath()))
                .toList();
        return HeritageSpark.annotate(spark, assets, config, partitions, tally).stream()
                .map(AnnotationRow::toOutcome)
                .toList();
    }

    @Override
    public void close() {
        spark.close();
        if (local) {
            // A local master's executor is this JVM: its annotators belong to this run.
            ExecutorAnnotators.closeAll();
        }
    }
}
