package dev.heritage.spark;

import dev.heritage.api.Annotator;
import dev.heritage.api.Asset;
import dev.heritage.api.HeritageException;
import dev.heritage.classify.batch.RowAnnotation;
import dev.heritage.classify.batch.RowOutcome;
import dev.heritage.classify.output.JsonLinesWriter;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * The library entry point for running the annotator on Apache Spark.
 *
 * <pre>{@code
 * JavaRDD<AssetRow> assets = ...;   // e.g. df.javaRDD().map(r -> new AssetRow(r.getString(0), r.getString(1), fields))
 * JavaRDD<AnnotationRow> out = HeritageSpark.annotate(assets, SparkAnnotatorConfig.of("paintings-multitask"));
 * }</pre>
 *
 * <p>Each partition is annotated in batches of {@link SparkAnnotatorConfig#batchSize()} by the
 * executor's one annotator ({@link ExecutorAnnotators}); output rows keep the input's order. An
 * image that cannot be decoded, or an image path that is not a path, gives an error row for that
 * object only; an engine failure fails the task (Spark retries it). The model (zoo id or directory)
 * and the images must be readable on every executor; the Heritage jars and an engine module must be
 * on the executors' class path (e.g. {@code spark-submit --jars}), and executors of Spark 3.5 on
 * Java 17 need the {@code --add-opens} options listed in {@code docs/guides/spark.md}.
 *
 * <p>Stateless and thread-safe.
 */
public final class HeritageSpark {
    private HeritageSpark() {}

    /**
     * @param assets the objects, partitioned as the caller likes
     * @param config which annotator to load on the executors
     * @return one row per object (a result or an error), in the same partitions and order; lazy,
     *     like every RDD transformation
     */
    public static JavaRDD<AnnotationRow> annotate(JavaRDD<AssetRow> assets, SparkAnnotatorConfig config) {
        return annotate(assets, config, null);
    }

    /**
     * As {@link #annotate(JavaRDD, SparkAnnotatorConfig)}, and each partition that is read to the end
     * adds its executor, rows and model loads to {@code tally}.
     *
     * @param assets the objects, partitioned as the caller likes
     * @param config which annotator to load on the executors
     * @param tally where executors report their work ({@link ExecutorTally#register}), or {@code null}
     * @return one row per object (a result or an error), in the same partitions and order; lazy
     */
    public static JavaRDD<AnnotationRow> annotate(
            JavaRDD<AssetRow> assets, SparkAnnotatorConfig config, ExecutorTally tally) {
        Objects.requireNonNull(config, "config");
        return assets.mapPartitions(new AnnotatePartition(config, tally), true);
    }

    /**
     * Formats rows as the command line's JSON Lines ({@link JsonLinesWriter}), on the executors, so
     * that a large run can be saved in parallel, e.g. {@code toJsonLines(out).saveAsTextFile(dir)}.
     *
     * @param rows annotated rows
     * @return one JSON line per row (without the line break), in the same partitions and order
     */
    public static JavaRDD<String> toJsonLines(JavaRDD<AnnotationRow> rows) {
        return rows.map(HeritageSpark::jsonLine);
    }

    static String jsonLine(AnnotationRow r) throws IOException {
        String line = r.isError()
                ? JsonLinesWriter.errorLine(r.id(), r.errorType(), r.errorMessage())
                : JsonLinesWriter.resultLine(r.toResult());
        return line.substring(0, line.length() - 1);
    }

    /**
     * Annotates rows held by the driver (the command line's {@code --spark}): distributes them in
     * {@code partitions} slices, runs {@link #annotate(JavaRDD, SparkAnnotatorConfig)}, and collects
     * the rows back in input order.
     *
     * @param spark the Spark context
     * @param rows the objects
     * @param config which annotator
     * @param partitions how many slices (tasks)
     * @return one row per object, in input order
     */
    public static List<AnnotationRow> annotate(
            JavaSparkContext spark, List<AssetRow> rows, SparkAnnotatorConfig config, int partitions) {
        return annotate(spark, rows, config, partitions, null);
    }

    /**
     * As {@link #annotate(JavaSparkContext, List, SparkAnnotatorConfig, int)}, reporting each
     * executor's work to {@code tally}.
     *
     * @param spark the Spark context
     * @param rows the objects
     * @param config which annotator
     * @param partitions how many slices (tasks)
     * @param tally where executors report their work, or {@code null}
     * @return one row per object, in input order
     */
    public static List<AnnotationRow> annotate(
            JavaSparkContext spark,
            List<AssetRow> rows,
            SparkAnnotatorConfig config,
            int partitions,
            ExecutorTally tally) {
        if (rows.isEmpty()) {
            return List.of();
        }
        return annotate(spark.parallelize(rows, Math.max(1, Math.min(partitions, rows.size()))), config, tally)
                .collect();
    }

    /**
     * A Spark context for the command line: the given master, no web UI, for {@code local} masters a
     * driver bound to the loopback address (so it works without a resolvable host name and listens
     * on no other interface), and this JVM's cache settings forwarded to the executors
     * ({@link ExecutorSettings#forward}). Settings given as {@code -Dspark.*} system properties win.
     *
     * @param master a Spark master URL, e.g. {@code local[2]} or {@code spark://host:7077}
     * @return the context; the caller closes it
     */
    public static JavaSparkContext context(String master) {
        SparkConf conf = new SparkConf()
                .setMaster(master)
                .setAppName("heritage annotate")
                .setIfMissing("spark.ui.enabled", "false");
        if (master.startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        return new JavaSparkContext(ExecutorSettings.forward(conf));
    }

    /** Annotates one partition lazily, batch by batch. Serialisable: only the configuration travels. */
    private static final class AnnotatePartition implements FlatMapFunction<Iterator<AssetRow>, AnnotationRow> {
        private static final long serialVersionUID = 1L;
        private final SparkAnnotatorConfig config;
        private final ExecutorTally tally;

        AnnotatePartition(SparkAnnotatorConfig config, ExecutorTally tally) {
            this.config = config;
            this.tally = tally;
        }

        @Override
        public Iterator<AnnotationRow> call(Iterator<AssetRow> input) throws HeritageException {
            if (!input.hasNext()) {
                return List.<AnnotationRow>of().iterator();
            }
            ExecutorAnnotators.Acquired acquired = ExecutorAnnotators.acquire(config);
            Annotator annotator = acquired.annotator();
            return new Iterator<>() {
                private Iterator<AnnotationRow> batch = List.<AnnotationRow>of().iterator();
                private long rows;
                private boolean reported;

                @Override
                public boolean hasNext() {
                    if (!batch.hasNext() && input.hasNext()) {
                        List<AnnotationRow> next = annotateBatch(annotator, input, config.batchSize());
                        rows += next.size();
                        batch = next.iterator();
                    }
                    boolean more = batch.hasNext();
                    if (!more && !reported && tally != null) {
                        reported = true;
                        tally.add(rows, acquired.loadedNow() ? 1 : 0);
                    }
                    return more;
                }

                @Override
                public AnnotationRow next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return batch.next();
                }
            };
        }

        /** Reads up to {@link RowAnnotation#BATCHES_PER_CHUNK} batches of rows and annotates them. */
        private static List<AnnotationRow> annotateBatch(Annotator annotator, Iterator<AssetRow> input, int batch) {
            List<AnnotationRow> out = new ArrayList<>();
            List<Asset> pending = new ArrayList<>();
            List<Integer> slots = new ArrayList<>();
            while (input.hasNext() && pending.size() < batch * RowAnnotation.BATCHES_PER_CHUNK) {
                AssetRow row = input.next();
                try {
                    pending.add(row.toAsset());
                    slots.add(out.size());
                    out.add(null);
                } catch (InvalidPathException e) {
                    out.add(AnnotationRow.error(
                            row.id(),
                            "invalid_image",
                            "Asset '" + row.id() + "': the image path '" + row.imagePath()
                                    + "' is not a path on this executor: " + e.getMessage()));
                }
            }
            try {
                List<RowOutcome> outcomes = RowAnnotation.annotate(annotator, pending, batch);
                for (int i = 0; i < outcomes.size(); i++) {
                    out.set(slots.get(i), AnnotationRow.of(outcomes.get(i)));
                }
            } catch (HeritageException e) {
                throw new IllegalStateException(
                        "The annotator failed on a batch of " + pending.size() + " objects: " + e.getMessage(), e);
            }
            return out;
        }
    }
}
