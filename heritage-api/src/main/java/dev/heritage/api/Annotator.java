package dev.heritage.api;

import java.util.List;

/**
 * Predicts the missing metadata of assets from their image and known fields.
 *
 * <p><b>Thread-safety:</b> implementations are thread-safe and meant to be shared by all threads of
 * a server; concurrent calls give exactly the results of sequential ones.
 *
 * <p><b>Lifecycle:</b> an annotator owns native resources (engine sessions). Whoever created it
 * closes it, once, after the last call; calls after {@link #close()} throw
 * {@link IllegalStateException}.
 */
public interface Annotator extends AutoCloseable {

    /** @return the card of the model behind this annotator */
    ModelCard card();

    /**
     * @param asset the object to annotate
     * @return predictions for the fields the asset lacks
     * @throws InvalidImageException if the asset's image cannot be decoded
     * @throws HeritageException if the engine fails
     */
    AnnotationResult annotate(Asset asset) throws HeritageException;

    /**
     * Annotates a batch in one forward pass where the engine allows. The results are in input order
     * and equal those of {@link #annotate(Asset)} one by one.
     *
     * @param assets the objects to annotate
     * @return one result per asset, in order
     * @throws HeritageException if an image cannot be decoded or the engine fails; use the single
     *     form to isolate a bad asset
     */
    List<AnnotationResult> annotate(List<Asset> assets) throws HeritageException;

    /** Releases the native resources. Idempotent. */
    @Override
    void close();
}
