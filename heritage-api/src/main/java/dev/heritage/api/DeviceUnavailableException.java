package dev.heritage.api;

/**
 * The requested device (for example {@code cuda:0}) cannot be used by the chosen engine on this machine. The message says why (no driver, no GPU natives on the class path) and how to fall back to the CPU.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class DeviceUnavailableException extends HeritageException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do about it */
    public DeviceUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and what to do about it
     * @param cause the underlying failure
     */
    public DeviceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
