package dev.heritage.bench;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.Asset;
import dev.heritage.api.HeritageException;
import dev.heritage.classify.Annotators;
import dev.heritage.runtime.HeritageCache;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * PyTorch's intra-op threads per call ({@code ai.djl.pytorch.num_threads}, set before the engine
 * starts, one fork per value) against the number of callers sharing one annotator, at batch {@link
 * #batch}: {@code oneCaller} and {@code twoCallers}. Throughput mode: operations per second times the
 * batch are images per second. On this 2-core machine, 2 is PyTorch's own default (one thread per core).
 *
 * <pre>
 * java -jar heritage-bench/target/benchmarks.jar --jmh PyTorchThreadsBenchmark -wi 1 -w 3s -i 3 -r 3s -f 1 \
 *     -jvmArgs '-Dai.djl.offline=true -Dheritage.cache.dir=target/heritage-cache'
 * </pre>
 *
 * <p>JMH state: one per trial; owns the annotator and closes it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PyTorchThreadsBenchmark {
    /** Intra-op threads per call. */
    @Param({"1", "2"})
    int threads;

    @Param({"8"})
    int batch;

    Annotator annotator;
    List<Asset> assets;

    /** Sets PyTorch's threads, then loads the annotator on PyTorch. */
    @Setup
    public void setup() throws HeritageException {
        System.setProperty(HeritageCache.PYTORCH_THREADS, Integer.toString(threads));
        annotator = Annotators.load(AnnotateBenchmark.MODEL, AnnotateBenchmark.options("pytorch", batch));
        assets = AnnotatorInputs.assets(batch);
    }

    /** Closes the annotator. */
    @TearDown
    public void tearDown() {
        annotator.close();
    }

    /** @return one batch's annotations, one caller */
    @Benchmark
    @Threads(1)
    public List<AnnotationResult> oneCaller() throws HeritageException {
        return annotator.annotate(assets);
    }

    /** @return one batch's annotations, two callers sharing the annotator */
    @Benchmark
    @Threads(2)
    public List<AnnotationResult> twoCallers() throws HeritageException {
        return annotator.annotate(assets);
    }
}
