/**
 * JMH benchmarks of every hot path (decoding, descriptors, annotate on each engine, reconstruction),
 * the paired overhead measurement, the peak-rate probes and the comparison of Telea with OpenCV's.
 * Not API: results and the commands that produce them are in {@code docs/PERFORMANCE.md}.
 */
package dev.heritage.bench;
