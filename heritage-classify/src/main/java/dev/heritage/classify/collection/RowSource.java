package dev.heritage.classify.collection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the rows of an annotation run come from, one {@link CollectionRow} at a time: a
 * {@code metadata.csv} ({@link CollectionReader}), or another source of objects such as the canvases
 * of a IIIF manifest. A row that cannot be used is still returned, carrying its {@link RowError}s,
 * so that the run writes an error record for it and goes on.
 *
 * <p>Implementations are used from one thread and need not be thread-safe. Whoever opened a source
 * closes it; a run only reads it.
 */
public interface RowSource {

    /**
     * @return the next row; {@code null} at the end
     * @throws IOException if the rows cannot be read
     */
    CollectionRow next() throws IOException;

    /** @return remarks about the whole source that are not errors (for example a column it lacks) */
    List<String> warnings();

    /**
     * @return the local file the rows are read from, absolute: an output must never replace it, and
     *     a resumable run records its digest; empty for a source without one (its runs cannot be
     *     resumed)
     */
    Optional<Path> inputFile();

    /** @return the folder relative image paths resolve against, if one was given */
    Optional<Path> imagesDir();
}
