package dev.heritage.classify.batch;

import java.nio.file.Path;

/**
 * What a finished {@link BatchAnnotation} run wrote.
 *
 * <p>Immutable and thread-safe.
 *
 * @param output the committed output file
 * @param rows every input row, one record each (rows resumed from the partial output included)
 * @param failed the error records among them
 * @param resumed the rows taken over from the partial output rather than annotated by this run
 */
public record BatchSummary(Path output, long rows, int failed, int resumed) {}
