/**
 * Annotating a whole collection into one output file: the batch runner that {@code heritage
 * annotate} is a client of, for anyone embedding the library. Public API.
 *
 * <ul>
 *   <li>{@link dev.heritage.classify.batch.BatchAnnotation}: reads rows in order, annotates them in
 *       chunks, writes a result or an error record per row into {@code OUTPUT.partial}, resumes an
 *       interrupted run, and commits the output atomically;
 *   <li>{@link dev.heritage.classify.batch.RowAnnotation}: annotates one chunk so that a bad image
 *       fails only its own row (also what Spark executors run), giving
 *       {@link dev.heritage.classify.batch.RowOutcome}s;
 *   <li>{@link dev.heritage.classify.batch.ChunkAnnotator}: where a chunk is annotated, in this JVM
 *       or on a cluster;
 *   <li>{@link dev.heritage.classify.batch.RunRecord} and
 *       {@link dev.heritage.classify.batch.ResumeRefusedException}: what a partial output belongs to,
 *       so that a resumed run never mixes rows of another input, model or settings;
 *   <li>{@link dev.heritage.classify.batch.AnnotationSchema}: the columns to read for a model.
 * </ul>
 */
package dev.heritage.classify.batch;
