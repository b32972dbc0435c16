package dev.heritage.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * What one executor did for a run: how many rows it annotated and how many times it loaded a model
 * (once per executor JVM when all is well). Collected by {@link ExecutorTally}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param executorId Spark's executor id ({@code driver} for a {@code local} master)
 * @param host the executor's host, as Spark's block manager names it
 * @param rows rows annotated (error rows included)
 * @param modelLoads model loads
 */
public record ExecutorWork(String executorId, String host, long rows, int modelLoads) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Validates. */
    public ExecutorWork {
        Objects.requireNonNull(executorId, "executorId");
        Objects.requireNonNull(host, "host");
        if (rows < 0 || modelLoads < 0) {
            throw new IllegalArgumentException("rows and modelLoads must be >= 0, got " + rows + ", " + modelLoads);
        }
    }

    /**
     * @param other more work of the same executor
     * @return the sum of both
     */
    ExecutorWork plus(ExecutorWork other) {
        return new ExecutorWork(executorId, host, rows + other.rows, modelLoads + other.modelLoads);
    }
}
