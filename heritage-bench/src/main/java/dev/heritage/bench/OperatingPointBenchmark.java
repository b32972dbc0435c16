package dev.heritage.bench;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.api.Device;
import dev.heritage.api.HeritageException;
import dev.heritage.api.engine.Engines;
import dev.heritage.classify.Annotators;
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

/**
 * The throughput of each {@link OperatingPoint} (a zoo annotator, with or without the test-time
 * flip) on the default engine at batch 1 and 32: {@code Annotator.annotate} of the benchmark's
 * 224 px JPEGs. The report sets images per second beside the point's validation top-1.
 *
 * <p>JMH state: one instance per trial; owns the annotator and closes it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OperatingPointBenchmark {
    /** An {@link OperatingPoint#id()}. */
    @Param({"paintings-multitask", "paintings-multitask+mirror"})
    String point;

    @Param({"1", "32"})
    int batch;

    Annotator annotator;
    List<Asset> assets;

    /** Loads the annotator as the operating point runs it, on the default engine. */
    @Setup(Level.Trial)
    public void setup() throws HeritageException {
        OperatingPoint p = OperatingPoint.of(point);
        annotator = Annotators.load(
                p.model(),
                AnnotatorOptions.builder()
                        .engine(Engines.defaultEngine().name())
                        .device(Device.cpu())
                        .optBatchSize(batch)
                        .optMirrorAverage(p.mirror())
                        .build());
        assets = AnnotatorInputs.assets(batch);
    }

    /** Closes the annotator. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (annotator != null) {
            annotator.close();
        }
    }

    /** @return the annotations of one batch */
    @Benchmark
    public List<AnnotationResult> annotate() throws HeritageException {
        return annotator.annotate(assets);
    }
}
