package dev.heritage.engine.support;

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

    private HeritageCache() {
    }

    /** @return the cache folder (not necessarily existing yet) */
    public static Path directory() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENV);
        }
        if (p == null || p.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".cache", "heritage");
        }
        return Path.of(p).toAbsolutePath();
    }

    /**
     * Turns on DJL's offline mode and, unless the user configured them, points DJL's and javacpp's
     * caches into {@link #directory()}. Idempotent; call before any DJL engine is touched.
     */
    public static synchronized void configureDjl() {
        setIfAbsent("ai.djl.offline", "true");
        Path djl = directory().resolve("djl");
        if (System.getenv("DJL_CACHE_DIR") == null) {
            setIfAbsent("DJL_CACHE_DIR", djl.toString());
        }
        if (System.getenv("ENGINE_CACHE_DIR") == null) {
            setIfAbsent("ENGINE_CACHE_DIR", djl.toString());
        }
        setIfAbsent("org.bytedeco.javacpp.cachedir", directory().resolve("javacpp").toString());
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
