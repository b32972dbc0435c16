package dev.heritage.bench;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.Asset;
import dev.heritage.api.HeritageException;
import dev.heritage.classify.Annotators;
import dev.heritage.classify.BatchingAnnotator;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Concurrency as a server sees it: 1, 2, 4 and 8 threads each annotating one 224 px JPEG per call
 * (batch 1) through one shared annotator, either directly ({@code direct*}) or through a {@link
 * BatchingAnnotator} ({@code batched*}: calls collected for at most {@link #maxWaitMs} ms or {@link
 * #maxBatch} calls). Throughput mode: operations per second are images per second. Peak RSS is
 * written at tear-down to {@code <heritage.bench.out>/memory-server-{direct,batched}-<engine>-<threads>.txt} (one
 * fork per benchmark).
 *
 * <pre>
 * java -jar heritage-bench/target/benchmarks.jar --jmh 'ServerConcurrencyBenchmark' -wi 1 -w 3s -i 3 -r 3s -f 1 \
 *     -jvmArgs '-Dai.djl.offline=true -Dheritage.cache.dir=target/heritage-cache -Dheritage.bench.out=target/server'
 * </pre>
 *
 * <p>JMH states: one per trial, shared by the threads; each owns its annotator and closes it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ServerConcurrencyBenchmark {
    /** The settings, shared by both arrangements. */
    @State(Scope.Benchmark)
    public static class Settings {
        @Param({"onnxruntime"})
        String engine = "onnxruntime";

        /** The batcher's largest batch (and the annotator's batch size). */
        @Param({"8"})
        int maxBatch = 8;

        /** How long the batcher's first call waits for others. */
        @Param({"2"})
        int maxWaitMs = 2;

        Asset asset = AnnotatorInputs.assets(1).get(0);
    }

    /** One annotator shared by every thread, called directly. */
    @State(Scope.Benchmark)
    public static class Direct {
        Annotator annotator;
        String engine;

        /**
         * Loads it.
         *
         * @param s the settings
         */
        @Setup
        public void setup(Settings s) throws HeritageException {
            engine = s.engine;
            annotator = Annotators.load(AnnotateBenchmark.MODEL, AnnotateBenchmark.options(s.engine, s.maxBatch));
        }

        /**
         * Records memory and closes it.
         *
         * @param params the trial's parameters (the thread count names the memory file), or null
         */
        @TearDown(Level.Trial)
        public void tearDown(BenchmarkParams params) {
            Memory.record("server-direct-" + engine + (params == null ? "" : "-" + params.getThreads()));
            annotator.close();
        }
    }

    /** One annotator shared by every thread through a {@link BatchingAnnotator}. */
    @State(Scope.Benchmark)
    public static class Batched {
        Annotator annotator;
        String engine;

        /**
         * Loads it and wraps it.
         *
         * @param s the settings
         */
        @Setup
        public void setup(Settings s) throws HeritageException {
            engine = s.engine;
            annotator = BatchingAnnotator.builder(
                            Annotators.load(AnnotateBenchmark.MODEL, AnnotateBenchmark.options(s.engine, s.maxBatch)))
                    .optMaxBatch(s.maxBatch)
                    .optMaxWait(Duration.ofMillis(s.maxWaitMs))
                    .build();
        }

        /**
         * Records memory and closes it.
         *
         * @param params the trial's parameters (the thread count names the memory file), or null
         */
        @TearDown(Level.Trial)
        public void tearDown(BenchmarkParams params) {
            Memory.record("server-batched-" + engine + (params == null ? "" : "-" + params.getThreads()));
            annotator.close();
        }
    }

    /** @return one image's annotation, one caller */
    @Benchmark
    @Threads(1)
    public AnnotationResult direct1(Direct a, Settings s) throws HeritageException {
        return a.annotator.annotate(s.asset);
    }

    /** @return one image's annotation, 2 callers */
    @Benchmark
    @Threads(2)
    public AnnotationResult direct2(Direct a, Settings s) throws HeritageException {
        return a.annotator.annotate(s.asset);
    }

    /** @return one image's annotation, 4 callers */
    @Benchmark
    @Threads(4)
    public AnnotationResult direct4(Direct a, Settings s) throws HeritageException {
        return a.annotator.annotate(s.asset);
    }

    /** @return one image's annotation, 8 callers */
    @Benchmark
    @Threads(8)
    public AnnotationResult direct8(Direct a, Settings s) throws HeritageException {
        return a.annotator.annotate(s.asset);
    }

    /** @return one image's annotation through the batcher, one caller */
    @Benchmark
    @Threads(1)
    public AnnotationResult batched1(Batched a, Settings s) throws HeritageException {
        return a.annotator.annotate(s.asset);
    }

    /** @return one image's annotation through the batcher, 2 callers */
    @Benchmark
    @Threads(2)
    public AnnotationResult batched2(Batched a, Settings s) throws HeritageException {
        return a.annotator.annotate(s.asset);
    }

    /** @return one image's annotation through the batcher, 4 callers */
    @Benchmark
    @Threads(4)
    public AnnotationResult batched4(Batched a, Settings s) throws HeritageException {
        return a.annotator.annotate(s.asset);
    }

    /** @return one image's annotation through the batcher, 8 callers */
    @Benchmark
    @Threads(8)
    public AnnotationResult batched8(Batched a, Settings s) throws HeritageException {
        return a.annotator.annotate(s.asset);
    }
}
