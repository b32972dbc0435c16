package dev.heritage.runtime;

import java.util.Objects;

/**
 * Who owns Deep Java Library's process-wide settings while Heritage loads a model: Heritage (the
 * default: {@link HeritageCache#configureDjl()} turns on offline mode, points DJL's and javacpp's caches
 * into Heritage's cache and runs PyTorch with one thread per call, each only where the user set nothing),
 * or the application around it.
 *
 * <p>A DJL application that loads Heritage's models through DJL's own model zoo ({@code heritage-djl})
 * has its own models too, and those rely on the settings the application chose or left at DJL's
 * defaults: offline mode ({@code ai.djl.offline}), the cache folders ({@code DJL_CACHE_DIR},
 * {@code ENGINE_CACHE_DIR}, {@code org.bytedeco.javacpp.cachedir}), PyTorch's threads
 * ({@code ai.djl.pytorch.num_threads}, {@code ai.djl.pytorch.num_interop_threads}) and where ONNX
 * Runtime's natives come from ({@code onnxruntime.native.path}). Heritage sets none of these while it
 * loads inside {@link #leftToApplication(Loading)}. One exception, because without it the engine cannot
 * run at all: Heritage's TensorFlow engine still points {@code TENSORFLOW_LIBRARY_PATH} at the TensorFlow
 * natives it bundles when nobody set it (DJL's TensorFlow engine would otherwise have to download them).
 *
 * <p>The scope is the calling thread; where Heritage loads a network of the model on a helper thread (the
 * annotator's backbone, beside its head), that thread enters the same scope. A load running at the same
 * time on another, unrelated thread keeps today's behaviour. The command
 * line, the Spark executors and {@code Annotators.load} outside this scope keep Heritage's settings.
 *
 * <p>Thread-safe: the state is per thread, and scopes nest.
 */
public final class DjlSettings {
    // No initial value: a thread that never enters the scope keeps no entry (server thread pools).
    private static final ThreadLocal<Integer> LEFT_TO_APPLICATION = new ThreadLocal<>();

    private DjlSettings() {}

    /**
     * Work that loads a model and may fail with a checked exception.
     *
     * @param <T> what it gives
     * @param <E> what it throws
     */
    @FunctionalInterface
    public interface Loading<T, E extends Exception> {
        /**
         * @return the loaded model
         * @throws E if loading fails
         */
        T run() throws E;
    }

    /**
     * Runs {@code loading} on this thread with DJL's global settings left to the application: Heritage
     * sets none of the system properties listed in the class description while it runs.
     *
     * @param loading the work, typically {@code Annotators.load(...)}
     * @param <T> what it gives
     * @param <E> what it throws
     * @return what {@code loading} returned
     * @throws E what {@code loading} threw
     */
    public static <T, E extends Exception> T leftToApplication(Loading<T, E> loading) throws E {
        Objects.requireNonNull(loading, "loading");
        int depth = depth();
        LEFT_TO_APPLICATION.set(depth + 1);
        try {
            return loading.run();
        } finally {
            if (depth == 0) {
                LEFT_TO_APPLICATION.remove();
            } else {
                LEFT_TO_APPLICATION.set(depth);
            }
        }
    }

    /** @return whether the calling thread is inside {@link #leftToApplication(Loading)} */
    public static boolean areLeftToApplication() {
        return depth() > 0;
    }

    private static int depth() {
        Integer depth = LEFT_TO_APPLICATION.get();
        return depth == null ? 0 : depth;
    }
}
