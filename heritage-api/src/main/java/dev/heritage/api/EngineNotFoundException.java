package dev.heritage.api;

/**
 * No engine of the requested name can be used: the name is unknown, or the module that provides it is not on the class path. The message lists the engines that are available, or names the Maven artifact to add.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class EngineNotFoundException extends HeritageException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do about it */
    public EngineNotFoundException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and what to do about it
     * @param cause the underlying failure
     */
    public EngineNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
