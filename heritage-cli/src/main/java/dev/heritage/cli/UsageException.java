package dev.heritage.cli;

/**
 * Unusable arguments or input files: the command prints the message as one line and exits with 2.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
