/**
 * The command line's SLF4J provider: every log line of the process (Heritage's libraries, DJL,
 * Spark, and the command line's own messages) in one format, plain text or one JSON object per line,
 * on standard error. The command line only: the libraries depend on {@code slf4j-api} alone.
 */
package dev.heritage.cli.logging;
