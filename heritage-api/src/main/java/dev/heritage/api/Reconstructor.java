package dev.heritage.api;

/**
 * Fills the damaged pixels of an image and leaves every other pixel exactly as it was.
 *
 * <p><b>Thread-safety:</b> implementations are thread-safe and meant to be shared; concurrent calls
 * give exactly the results of sequential ones.
 *
 * <p><b>Lifecycle:</b> a learned reconstructor owns native resources; whoever created it closes it.
 */
public interface Reconstructor extends AutoCloseable {

    /**
     * @param image the damaged image
     * @param mask the damaged pixels, of the image's size; an empty mask returns the image unchanged
     * @return the reconstruction
     * @throws InvalidImageException if the image cannot be decoded or the mask's size differs
     * @throws HeritageException if the engine fails
     */
    Reconstruction reconstruct(ImageSource image, Mask mask) throws HeritageException;

    /** Releases native resources. Idempotent. */
    @Override
    void close();
}
