package dev.heritage.bench;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.Device;
import dev.heritage.api.HeritageException;
import dev.heritage.api.engine.Engines;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.NetworkArtifact;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.classify.Annotators;
import dev.heritage.classify.model.AnnotatorModel;
import java.util.List;
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

/**
 * One {@link Annotator} shared by {@value #THREADS} threads against one annotator per thread, on
 * ONNX Runtime, each call annotating a batch of {@link #batch} 224 px JPEGs. Throughput is
 * {@value #THREADS} × batch / (time per call); memory is the process's peak resident set, written
 * at tear-down to {@code <heritage.bench.out>/memory-<benchmark>.txt} (one fork per benchmark, so
 * each file describes one arrangement).
 *
 * <p>JMH states: {@link Shared} has one instance per run, {@link PerThread} one per thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(ConcurrencyBenchmark.THREADS)
public class ConcurrencyBenchmark {
    /** Concurrent callers (the machine's core count when this was written). */
    public static final int THREADS = 2;

    static final String ENGINE = "onnxruntime";

    /** The batch of each call. */
    @State(Scope.Benchmark)
    public static class Batch {
        @Param({"8"})
        int batch;

        AnnotatorInputs inputs;

        /** Makes the assets. */
        @Setup
        public void setup() throws HeritageException {
            ModelArtifact artifact = ModelZoos.open(AnnotateBenchmark.MODEL);
            try (LoadedNetwork backbone =
                    Engines.get(ENGINE).load(new NetworkArtifact(artifact, AnnotatorModel.BACKBONE), Device.cpu())) {
                inputs = AnnotatorInputs.of(artifact, backbone, batch);
            }
        }
    }

    /** One annotator for every thread. */
    @State(Scope.Benchmark)
    public static class Shared {
        Annotator annotator;

        /** Loads it. */
        @Setup
        public void setup() throws HeritageException {
            annotator = Annotators.load(AnnotateBenchmark.MODEL, AnnotateBenchmark.options(ENGINE, 32));
        }

        /** Records memory and closes it. */
        @TearDown(Level.Trial)
        public void tearDown() {
            Memory.record("shared");
            annotator.close();
        }
    }

    /** One annotator per thread. */
    @State(Scope.Thread)
    public static class PerThread {
        Annotator annotator;

        /** Loads it. */
        @Setup
        public void setup() throws HeritageException {
            annotator = Annotators.load(AnnotateBenchmark.MODEL, AnnotateBenchmark.options(ENGINE, 32));
        }

        /** Records memory and closes it. */
        @TearDown(Level.Trial)
        public void tearDown() {
            Memory.record("separate");
            annotator.close();
        }
    }

    /**
     * @param shared the shared annotator
     * @param batch the inputs
     * @return one batch's annotations
     */
    @Benchmark
    public List<AnnotationResult> shared(Shared shared, Batch batch) throws HeritageException {
        return shared.annotator.annotate(batch.inputs.assets());
    }

    /**
     * @param own this thread's annotator
     * @param batch the inputs
     * @return one batch's annotations
     */
    @Benchmark
    public List<AnnotationResult> separate(PerThread own, Batch batch) throws HeritageException {
        return own.annotator.annotate(batch.inputs.assets());
    }
}
