package dev.heritage.classify.model;

import dev.heritage.api.HeritageException;

/**
 * The failure of work run on another thread (a {@code Future}'s cause), given back to the waiting
 * caller as it was thrown: a {@link HeritageException}, an unchecked exception or an error as
 * themselves, anything else wrapped. Stateless.
 */
public final class TaskFailure {
    private TaskFailure() {}

    /**
     * Throws {@code cause} if it is a {@link HeritageException}, a {@link RuntimeException} or an
     * {@link Error}; otherwise returns it wrapped, for the caller to throw ({@code throw
     * TaskFailure.rethrow(...)}).
     *
     * @param cause what the task threw
     * @param failed what failed, the wrapper's message (e.g. "Loading failed")
     * @return {@code cause} wrapped in an {@link IllegalStateException}, when it is a checked exception
     *     of another kind
     * @throws HeritageException {@code cause}, when it is one
     */
    public static IllegalStateException rethrow(Throwable cause, String failed) throws HeritageException {
        if (cause instanceof HeritageException h) {
            throw h;
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(failed, cause);
    }
}
