package dev.heritage.spark;

import dev.heritage.runtime.HeritageCache;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the driver's cache settings to the executors through the Spark configuration, so that an
 * executor nobody told about {@code heritage.cache.dir} does not unpack hundreds of megabytes of
 * native libraries and models into its user's home folder.
 *
 * <p>The driver writes {@value #CACHE_DIR} (its {@link HeritageCache#directory()}) and, for each of
 * DJL's settings it has ({@code DJL_CACHE_DIR}, {@code ENGINE_CACHE_DIR}, {@code ai.djl.offline}, as a
 * system property or environment variable), {@value #DJL_PREFIX}NAME; a setting already in the
 * configuration is kept. An executor applies them as system properties before it loads a model, unless
 * it has its own (a {@code -Dheritage.cache.dir} in {@code spark.executor.extraJavaOptions} or an
 * environment variable of the worker wins: it was set for that machine), and logs where its cache is.
 *
 * <p>Thread-safe: {@link #applyOnExecutor()} is synchronised and takes effect once per JVM.
 */
public final class ExecutorSettings {
    /** The Spark setting naming the cache folder on the executors. */
    public static final String CACHE_DIR = "spark.heritage.cacheDir";
    /** The prefix of the Spark settings that carry DJL's cache and offline settings. */
    public static final String DJL_PREFIX = "spark.heritage.djl.";

    private static final String[] DJL_SETTINGS = {
        HeritageCache.DJL_CACHE_DIR, HeritageCache.ENGINE_CACHE_DIR, HeritageCache.DJL_OFFLINE
    };
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorSettings.class);
    private static boolean applied;

    private ExecutorSettings() {}

    /**
     * Writes this JVM's cache settings into a driver's configuration, keeping any already there.
     * {@link HeritageSpark#context} calls it; a Spark application of its own calls it on its
     * {@link SparkConf} before creating the context.
     *
     * @param conf the driver's configuration, changed in place
     * @return {@code conf}
     */
    public static SparkConf forward(SparkConf conf) {
        conf.setIfMissing(CACHE_DIR, HeritageCache.directory().toString());
        for (String name : DJL_SETTINGS) {
            String value = System.getProperty(name, System.getenv(name));
            if (value != null && !value.isBlank()) {
                conf.setIfMissing(DJL_PREFIX + name, value);
            }
        }
        return conf;
    }

    /**
     * On an executor, before its first model load: applies the settings the driver forwarded to this
     * JVM's system properties (those the executor has of its own stay) and logs where the cache is.
     * Does nothing outside a Spark executor or driver, and nothing after the first call.
     */
    static synchronized void applyOnExecutor() {
        if (applied) {
            return;
        }
        SparkEnv env = SparkEnv.get();
        if (env == null) {
            return;
        }
        applied = true;
        Map<String, String> set = apply(env.conf());
        LOG.info(
                "Heritage cache of executor {}: {} ({})",
                env.executorId(),
                HeritageCache.directory(),
                set.containsKey(HeritageCache.PROPERTY)
                        ? "from " + CACHE_DIR
                        : "this JVM's own " + HeritageCache.PROPERTY + " or " + HeritageCache.ENV);
    }

    /**
     * Applies forwarded settings to this JVM's system properties where it has none of its own.
     *
     * @param conf the configuration the executor received
     * @return the system properties set, with their values
     */
    static Map<String, String> apply(SparkConf conf) {
        Map<String, String> set = new LinkedHashMap<>();
        String dir = conf.get(CACHE_DIR, null);
        if (dir != null && !ownSetting(HeritageCache.PROPERTY, HeritageCache.ENV)) {
            set.put(HeritageCache.PROPERTY, dir);
        }
        for (String name : DJL_SETTINGS) {
            String value = conf.get(DJL_PREFIX + name, null);
            if (value != null && !ownSetting(name, name)) {
                set.put(name, value);
            }
        }
        set.forEach(System::setProperty);
        return set;
    }

    private static boolean ownSetting(String property, String env) {
        String p = System.getProperty(property);
        String e = System.getenv(env);
        return (p != null && !p.isBlank()) || (e != null && !e.isBlank());
    }

    /** Lets the next {@link #applyOnExecutor()} apply again (tests that change the settings of this JVM). */
    static synchronized void forget() {
        applied = false;
    }
}
