package dev.heritage.api;

/**
 * A model directory or its {@code model.json} card cannot be used: a required entry is missing, has the wrong type, or names a file that does not exist. The message names the file and the entry.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class MalformedModelException extends HeritageException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do about it */
    public MalformedModelException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and what to do about it
     * @param cause the underlying failure
     */
    public MalformedModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
