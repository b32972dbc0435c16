package dev.heritage.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Which executors ran the annotation, with their rows and model loads: each partition adds one
 * {@link ExecutorWork} to a Spark accumulator when it has been read to the end, and the driver sums
 * them by executor. One tally can span many jobs (the command line's chunks).
 *
 * <pre>{@code
 * ExecutorTally tally = ExecutorTally.register(spark);
 * HeritageSpark.annotate(assets, config, tally).count();
 * log.info(tally.summary());     // "2 executors, 1 model load each, rows 61/59 (0 on node-a, 1 on node-b)"
 * }</pre>
 *
 * <p>Spark applies an accumulator update once per successful task in an action, but a task that is
 * retried or recomputed in another transformation adds its partition again, so the counts are what
 * the executors did, which may exceed the rows of the input.
 *
 * <p>Thread-safe (Spark's accumulator); serialisable, travels with the tasks. Read it on the driver
 * once the job has finished.
 */
public final class ExecutorTally implements Serializable {
    private static final long serialVersionUID = 1L;
    private final CollectionAccumulator<ExecutorWork> parts;

    private ExecutorTally(CollectionAccumulator<ExecutorWork> parts) {
        this.parts = parts;
    }

    /**
     * @param spark the driver's context
     * @return a new tally registered with it
     */
    public static ExecutorTally register(JavaSparkContext spark) {
        return new ExecutorTally(spark.sc().collectionAccumulator("heritage executors"));
    }

    /** On an executor: records one partition's work, with this JVM's executor id and host. */
    void add(long rows, int modelLoads) {
        SparkEnv env = SparkEnv.get();
        String id = env == null ? "unknown" : env.executorId();
        String host =
                env == null ? "unknown" : env.blockManager().blockManagerId().host();
        parts.add(new ExecutorWork(id, host, rows, modelLoads));
    }

    /** @return the work of each executor, by executor id (numeric ids in numeric order) */
    public List<ExecutorWork> byExecutor() {
        Map<String, ExecutorWork> sums = new LinkedHashMap<>();
        for (ExecutorWork w : List.copyOf(parts.value())) {
            sums.merge(w.executorId() + "@" + w.host(), w, ExecutorWork::plus);
        }
        List<ExecutorWork> out = new ArrayList<>(sums.values());
        out.sort(Comparator.comparing((ExecutorWork w) -> w.executorId().length())
                .thenComparing(ExecutorWork::executorId)
                .thenComparing(ExecutorWork::host));
        return out;
    }

    /**
     * @return one line for people, e.g. {@code 2 executors, 1 model load each, rows 61/59 (0 on node-a, 1 on
     *     node-b)}, or {@code no executor reported work}
     */
    public String summary() {
        return summary(byExecutor());
    }

    static String summary(List<ExecutorWork> work) {
        Objects.requireNonNull(work, "work");
        if (work.isEmpty()) {
            return "no executor reported work";
        }
        StringBuilder s = new StringBuilder();
        s.append(work.size()).append(work.size() == 1 ? " executor, " : " executors, ");
        boolean same =
                work.stream().mapToInt(ExecutorWork::modelLoads).distinct().count() == 1;
        if (same) {
            int n = work.get(0).modelLoads();
            s.append(n).append(n == 1 ? " model load" : " model loads").append(work.size() == 1 ? "" : " each");
        } else {
            s.append("model loads ")
                    .append(work.stream()
                            .map(w -> Integer.toString(w.modelLoads()))
                            .collect(Collectors.joining("/")));
        }
        s.append(", rows ")
                .append(work.stream().map(w -> Long.toString(w.rows())).collect(Collectors.joining("/")))
                .append(" (")
                .append(work.stream()
                        .map(w -> w.executorId() + " on " + w.host())
                        .collect(Collectors.joining(", ")))
                .append(')');
        return s.toString();
    }
}
