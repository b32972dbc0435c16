package dev.heritage.classify.batch;

import dev.heritage.api.Annotator;
import dev.heritage.api.HeritageException;
import dev.heritage.classify.collection.CollectionRow;
import java.util.List;
import java.util.Objects;

/**
 * How {@link BatchAnnotation} gets one chunk of rows annotated: in this JVM by an {@link Annotator}
 * ({@link #of(Annotator, int)}), or elsewhere, for example on a cluster, by an implementation that
 * sends the rows out and collects the answers.
 *
 * <p>Implementations are called from the one thread that runs the batch; they need not be
 * thread-safe unless the caller shares them between runs. The runner never closes one.
 */
@FunctionalInterface
public interface ChunkAnnotator {

    /**
     * @param rows rows that each carry an asset ({@link CollectionRow#ok()}), in input order; the
     *     image path is {@link CollectionRow#imagePath()}
     * @return exactly one outcome per row, in the same order; a bad image is an error outcome for
     *     its row only
     * @throws HeritageException if the engine fails (the run stops; what was written can be resumed)
     */
    List<RowOutcome> annotate(List<CollectionRow> rows) throws HeritageException;

    /**
     * @param annotator the annotator, shared and not closed here
     * @param batchSize the annotator's batch size ({@code AnnotatorOptions.batchSize()}), the unit
     *     in which a chunk with a bad image is tried again ({@link RowAnnotation})
     * @return a chunk annotator that runs {@link RowAnnotation#annotate} in this JVM
     */
    static ChunkAnnotator of(Annotator annotator, int batchSize) {
        Objects.requireNonNull(annotator, "annotator");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        return rows -> RowAnnotation.annotate(
                annotator, rows.stream().map(CollectionRow::asset).toList(), batchSize);
    }
}
