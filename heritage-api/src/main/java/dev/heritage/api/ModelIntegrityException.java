package dev.heritage.api;

/**
 * A file of a model does not match the SHA-256 digest recorded in its card: it was changed,
 * truncated or replaced after the model was written. The model is refused before any of its bytes
 * reach an engine. The message names the file, the expected and the actual digest.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class ModelIntegrityException extends MalformedModelException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do about it */
    public ModelIntegrityException(String message) {
        super(message);
    }
}
