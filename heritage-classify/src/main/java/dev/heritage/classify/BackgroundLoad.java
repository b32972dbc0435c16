package dev.heritage.classify;

import dev.heritage.api.HeritageException;
import dev.heritage.classify.model.TaskFailure;
import dev.heritage.runtime.DjlSettings;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * One piece of loading (a network) run on its own daemon thread while the caller loads the rest, so
 * that a model's networks are verified and handed to the engine at the same time: on two cores the
 * annotator is ready in about the time of its slowest network instead of the sum. The thread inherits
 * the caller's {@link DjlSettings#leftToApplication} scope, so DJL's global settings stay the
 * application's exactly as if the caller had loaded it.
 *
 * <p>Used by one thread: the one that started it awaits or discards it.
 *
 * @param <T> what is loaded; closeable, and closed by {@link #discard()} when nobody takes it
 */
final class BackgroundLoad<T extends AutoCloseable> {
    /** Loading that may fail. */
    @FunctionalInterface
    interface Loader<T> {
        T load() throws HeritageException;
    }

    private final FutureTask<T> task;

    private BackgroundLoad(FutureTask<T> task) {
        this.task = task;
    }

    /**
     * @param name the thread's name
     * @param loader the loading
     * @param <T> what is loaded
     * @return the running load
     */
    static <T extends AutoCloseable> BackgroundLoad<T> start(String name, Loader<T> loader) {
        boolean leftToApplication = DjlSettings.areLeftToApplication();
        FutureTask<T> task =
                new FutureTask<>(() -> leftToApplication ? DjlSettings.leftToApplication(loader::load) : loader.load());
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        try {
            thread.start();
        } catch (OutOfMemoryError e) {
            task.run(); // no thread to be had: load it now, in this one
        }
        return new BackgroundLoad<>(task);
    }

    /**
     * Waits for the load, uninterruptibly (a half-done load cannot be abandoned; the interrupt flag is
     * kept).
     *
     * @return what was loaded
     * @throws HeritageException what the loading threw
     */
    T await() throws HeritageException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw TaskFailure.rethrow(e.getCause(), "Loading failed");
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits for the load and closes what it loaded, after the caller's own part failed; a failure
     * of this load is added to {@code cause} as suppressed.
     *
     * @param cause the caller's failure
     */
    void discard(Throwable cause) {
        try {
            await().close();
        } catch (Exception | Error e) {
            cause.addSuppressed(e);
        }
    }
}
