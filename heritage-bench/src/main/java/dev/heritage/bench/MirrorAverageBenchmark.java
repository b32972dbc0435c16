package dev.heritage.bench;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.api.Device;
import dev.heritage.api.HeritageException;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.classify.Annotators;
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

/**
 * What the test-time flip ({@code AnnotatorOptions.mirrorAverage}) costs: the zoo annotator on a
 * batch of 224 px JPEGs with and without it, on the fastest CPU engine. One operation is one batch.
 *
 * <p>JMH state: one instance per trial; owns its two annotators and closes them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MirrorAverageBenchmark {
    @Param({"onnxruntime"})
    String engine;

    @Param({"32"})
    int batch;

    Annotator plain;
    Annotator mirrored;
    List<Asset> assets;

    /** Loads the zoo annotator twice, without and with the flip, and makes the batch. */
    @Setup
    public void setup() throws HeritageException {
        ModelArtifact artifact = ModelZoos.open(AnnotateBenchmark.MODEL);
        plain = Annotators.load(artifact, AnnotateBenchmark.options(engine, batch));
        mirrored = Annotators.load(
                artifact,
                AnnotatorOptions.builder()
                        .engine(engine)
                        .device(Device.cpu())
                        .optBatchSize(batch)
                        .optMirrorAverage(true)
                        .build());
        assets = AnnotatorInputs.assets(batch);
    }

    /** Closes both annotators. */
    @TearDown
    public void tearDown() {
        if (plain != null) {
            plain.close();
        }
        if (mirrored != null) {
            mirrored.close();
        }
    }

    /** @return the annotations of one batch, one image each */
    @Benchmark
    public List<AnnotationResult> annotate() throws HeritageException {
        return plain.annotate(assets);
    }

    /** @return the annotations of one batch, each image and its mirror image */
    @Benchmark
    public List<AnnotationResult> annotateMirrorAveraged() throws HeritageException {
        return mirrored.annotate(assets);
    }
}
