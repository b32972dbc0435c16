/**
 * The annotator on Apache Spark, for collections too large for one machine and for vendors whose
 * pipelines already run on Spark.
 *
 * <p>{@link dev.heritage.spark.HeritageSpark#annotate} maps an RDD of
 * {@link dev.heritage.spark.AssetRow}s to an RDD of {@link dev.heritage.spark.AnnotationRow}s (a
 * result or an error per object, in the input's order). The model is loaded once per executor JVM
 * ({@link dev.heritage.spark.ExecutorAnnotators}), not per partition or row, and the answers are
 * those of a local run. Spark itself is the application's dependency ({@code provided} here).
 */
package dev.heritage.spark;
