package dev.heritage.api;

/**
 * No model of the requested id is in any model zoo on the class path, and no directory of that name exists. The message lists the models that are available.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class ModelNotFoundException extends HeritageException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do about it */
    public ModelNotFoundException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and what to do about it
     * @param cause the underlying failure
     */
    public ModelNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
