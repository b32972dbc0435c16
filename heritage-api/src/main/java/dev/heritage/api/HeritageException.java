package dev.heritage.api;

/**
 * Base of the checked exceptions a caller of Heritage can act on: a model that cannot be found or
 * trusted, an engine or device that is not available, an image that cannot be used.
 *
 * <p>Every message says what went wrong and what to do about it. Programming errors (a null
 * argument, a closed resource) are reported with unchecked exceptions instead.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class HeritageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do about it */
    public HeritageException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and what to do about it
     * @param cause the underlying failure
     */
    public HeritageException(String message, Throwable cause) {
        super(message, cause);
    }
}
