package dev.heritage.spark;

import dev.heritage.api.Annotator;
import dev.heritage.api.HeritageException;
import dev.heritage.classify.Annotators;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The annotators of this JVM, one per {@link SparkAnnotatorConfig}: loaded lazily by the first task
 * that needs one and shared by every later task and partition of the executor (an
 * {@link Annotator} is thread-safe, so concurrent task threads share it). They are closed when the
 * JVM shuts down, or by {@link #closeAll()}.
 *
 * <p>Thread-safe: concurrent first calls load a configuration exactly once.
 */
public final class ExecutorAnnotators {
    private static final Map<SparkAnnotatorConfig, Annotator> LOADED = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorAnnotators.class);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorAnnotators::closeAll, "heritage-annotators-close"));
    }

    private ExecutorAnnotators() {}

    /**
     * @param config which annotator
     * @return this JVM's annotator for it, loaded on first use; do not close it
     * @throws HeritageException if the model cannot be found, verified or loaded
     */
    public static Annotator get(SparkAnnotatorConfig config) throws HeritageException {
        return acquire(config).annotator();
    }

    /**
     * @param config which annotator
     * @return this JVM's annotator for it, and whether this call loaded it
     * @throws HeritageException if the model cannot be found, verified or loaded
     */
    static Acquired acquire(SparkAnnotatorConfig config) throws HeritageException {
        Annotator a = LOADED.get(config);
        if (a != null) {
            return new Acquired(a, false);
        }
        synchronized (LOADED) {
            a = LOADED.get(config);
            if (a != null) {
                return new Acquired(a, false);
            }
            // Before anything unpacks: the cache folder the driver forwarded, unless this JVM has its own.
            ExecutorSettings.applyOnExecutor();
            long start = System.nanoTime();
            a = Annotators.load(config.model(), config.options());
            int n = LOADS.incrementAndGet();
            LOG.info(
                    "Loaded annotator {} on {} in this JVM in {} ms (load {} of this JVM)",
                    config.model(),
                    config.engine() == null ? "the default engine" : config.engine(),
                    (System.nanoTime() - start) / 1_000_000,
                    n);
            LOADED.put(config, a);
            return new Acquired(a, true);
        }
    }

    /**
     * An annotator of this JVM and whether the call that returned it loaded it (for {@link ExecutorTally}).
     *
     * @param annotator the shared annotator; do not close it
     * @param loadedNow whether this call loaded the model
     */
    record Acquired(Annotator annotator, boolean loadedNow) {}

    /** @return how many annotators this JVM has loaded since it started (for tests and monitoring) */
    public static int loads() {
        return LOADS.get();
    }

    /** Closes and forgets every annotator of this JVM; later calls to {@link #get} load again. */
    public static void closeAll() {
        synchronized (LOADED) {
            LOADED.values().forEach(Annotator::close);
            LOADED.clear();
        }
    }
}
