package dev.heritage.runtime;

import java.nio.file.Path;

/**
 * Where Heritage keeps files it unpacks at run time (native libraries from Maven jars, zoo models
 * from jars), and where it points Deep Java Library's caches so nothing lands in the user's home
 * unexpectedly and nothing is ever downloaded.
 *
 * <p>The folder is, in order: the system property {@code heritage.cache.dir}, the environment
 * variable {@code HERITAGE_CACHE_DIR}, or {@code ~/.cache/heritage}. Thread-safe.
 */
public final class HeritageCache {
    /** The system property naming the cache folder. */
    public static final String PROPERTY = "heritage.cache.dir";
    /** The environment variable naming the cache folder. */
    public static final String ENV = "HERITAGE_CACHE_DIR";

    private HeritageCache() {}

    /** @return the cache folder (not necessarily existing yet) */
    public static Path directory() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENV);
        }
        if (p == null || p.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".cache", "heritage");
        }
        // Normalised: paths derived from it are checked with startsWith, which ".." segments would defeat.
        return Path.of(p).toAbsolutePath().normalize();
    }

    /** DJL's setting (system property or environment variable) naming its cache folder. */
    public static final String DJL_CACHE_DIR = "DJL_CACHE_DIR";
    /** DJL's setting (system property or environment variable) naming where engines unpack natives. */
    public static final String ENGINE_CACHE_DIR = "ENGINE_CACHE_DIR";
    /** DJL's system property that keeps it from downloading anything. */
    public static final String DJL_OFFLINE = "ai.djl.offline";

    /** @return the folder inside {@link #directory()} that Heritage gives DJL for its caches */
    public static Path djlDirectory() {
        return directory().resolve("djl");
    }

    /** DJL's system property for PyTorch's intra-op threads. */
    public static final String PYTORCH_THREADS = "ai.djl.pytorch.num_threads";
    /** DJL's system property for PyTorch's inter-op threads. */
    public static final String PYTORCH_INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

    /**
     * DJL's system property that stops its ONNX Runtime engine from loading a second engine
     * (PyTorch, when on the class path) for array operations ONNX Runtime lacks.
     */
    public static final String ONNX_NO_ALTERNATIVE = "ai.djl.onnx.disable_alternative";

    /**
     * Turns on DJL's offline mode and, unless the user configured them, points DJL's and javacpp's
     * caches into {@link #directory()}, runs PyTorch with one intra-op and one inter-op thread
     * per call, and keeps DJL's ONNX Runtime engine from loading PyTorch beside it. Idempotent; call
     * before any DJL engine is touched.
     *
     * <p>ONNX Runtime alone: Heritage only creates input arrays from buffers and reads float outputs,
     * which ONNX Runtime does itself; loading libtorch as its "alternative engine" cost 0.6–0.9 s and
     * about 100 MiB of resident memory at every start (heritage-bench {@code --cold-start},
     * docs/PERFORMANCE.md). Set {@value #ONNX_NO_ALTERNATIVE}{@code =false} to have it back.
     *
     * <p>Threads: Heritage parallelises across calls (each calling thread gets its own predictor),
     * and PyTorch's OpenMP pool stalls at every operator when another process holds a core: on a
     * shared 2-core machine, MobileNetV2 for one image took 3.2–3.7 s with PyTorch's default threads
     * and 0.13 s with one (heritage-bench, docs/PERFORMANCE.md). Set {@value #PYTORCH_THREADS} (or
     * {@code OMP_NUM_THREADS}) to use more threads per call on an otherwise idle machine.
     *
     * <p>Does nothing on a thread inside {@link DjlSettings#leftToApplication}: there a DJL application
     * loads Heritage's models through DJL's model zoo, and its own models rely on the settings it chose.
     */
    public static synchronized void configureDjl() {
        if (DjlSettings.areLeftToApplication()) {
            return;
        }
        setIfAbsent(DJL_OFFLINE, "true");
        Path djl = djlDirectory();
        if (System.getenv(DJL_CACHE_DIR) == null) {
            setIfAbsent(DJL_CACHE_DIR, djl.toString());
        }
        if (System.getenv(ENGINE_CACHE_DIR) == null) {
            setIfAbsent(ENGINE_CACHE_DIR, djl.toString());
        }
        setIfAbsent(
                "org.bytedeco.javacpp.cachedir", directory().resolve("javacpp").toString());
        if (System.getenv("OMP_NUM_THREADS") == null) {
            setIfAbsent(PYTORCH_THREADS, "1");
        }
        setIfAbsent(PYTORCH_INTEROP_THREADS, "1");
        setIfAbsent(ONNX_NO_ALTERNATIVE, "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
