package dev.heritage.classify.output;

import dev.heritage.api.AnnotationResult;
import java.io.Closeable;
import java.io.IOException;

/**
 * Writes the outcome of an annotation run in one output format: a result or an error record per
 * object, in the order given. Every format keeps error records (a failed object is never silently
 * dropped).
 *
 * <p>Not thread-safe: one thread writes. The caller closes it; {@link #close()} completes the
 * document (for example the end of a JSON-LD page) and closes the underlying writer. A document
 * whose writer was not closed is incomplete.
 */
public interface AnnotationWriter extends Closeable {

    /**
     * @param result the predictions for one object
     * @throws IOException if writing fails
     */
    void writeResult(AnnotationResult result) throws IOException;

    /**
     * Records an object that could not be annotated.
     *
     * @param id the object's id (or a row description when the id is unknown)
     * @param type a short machine-readable kind, e.g. {@code invalid_image}, {@code bad_value}
     * @param message what went wrong and what to do, for people
     * @throws IOException if writing fails
     */
    void writeError(String id, String type, String message) throws IOException;

    /**
     * Writes out what is buffered so far (the document may still be incomplete).
     *
     * @throws IOException if writing fails
     */
    void flush() throws IOException;
}
