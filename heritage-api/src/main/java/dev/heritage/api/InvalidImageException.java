package dev.heritage.api;

/**
 * An image cannot be decoded: empty, truncated, not an image, an unsupported format, or larger than the configured pixel limit. The message names the source and the reason.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class InvalidImageException extends HeritageException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do about it */
    public InvalidImageException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and what to do about it
     * @param cause the underlying failure
     */
    public InvalidImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
