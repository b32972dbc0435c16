package dev.heritage.classify.batch;

/**
 * Hears how a {@link BatchAnnotation} run progresses, for a progress bar or a log. Every method
 * has an empty default; {@link #NONE} hears nothing.
 *
 * <p>Called on the thread that runs the batch, between chunks: a slow listener slows the run.
 */
public interface BatchListener {
    /** Hears nothing. */
    BatchListener NONE = new BatchListener() {};

    /**
     * A partial output is being resumed.
     *
     * @param rowsDone rows already in it, which are not annotated again
     */
    default void resumed(int rowsDone) {}

    /**
     * A remark about the input that is not an error, such as a column the schema names that the CSV
     * lacks ({@link dev.heritage.classify.collection.CollectionReader#warnings()}); said once the
     * run has started, before the first row.
     *
     * @param message the remark, for people
     */
    default void warning(String message) {}

    /**
     * A chunk was written and flushed to the partial output (also once after the last rows).
     *
     * @param rowsRead input rows read so far, those resumed included
     */
    default void written(long rowsRead) {}

    /**
     * A row's record was written: a result or an error record (called for each row of a chunk, in input
     * order, after the chunk is written).
     *
     * @param outcome the row's outcome
     * @param nanos the row's share of its chunk's annotation time (rows are annotated a chunk at a time);
     *     0 for a row the CSV reader rejected
     */
    default void annotated(RowOutcome outcome, long nanos) {}
}
