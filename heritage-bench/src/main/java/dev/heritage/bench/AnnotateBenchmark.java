package dev.heritage.bench;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.api.Device;
import dev.heritage.api.HeritageException;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.api.engine.Engines;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.NetworkArtifact;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.classify.Annotators;
import dev.heritage.classify.model.AnnotatorModel;
import java.util.ArrayList;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Annotating a batch of 224 px JPEGs with the zoo model {@value #MODEL} (or another, parameter
 * {@code model}) on each engine and batch size, against the bare engine calls on the same networks and the same tensors: {@code annotate}
 * is what a user gets (decode, preprocessing, descriptors, encoding, both networks, calibration,
 * joint decoding); {@code bareEngine} is only the backbone's and the head's {@code forward}. One
 * operation is one batch; divide by {@code batch} for the time per image.
 *
 * <p>JMH state: one instance per trial; owns the annotator and the two networks and closes them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AnnotateBenchmark {
    /** The zoo annotator measured. */
    public static final String MODEL = "paintings-multitask";

    /**
     * The annotator measured: a zoo id or a model directory, e.g. {@code -p model=target/runs/mine} on
     * JMH's command line to measure a model of your own on the same inputs.
     */
    @Param({MODEL})
    String model = MODEL; // also when made without JMH (PairedOverhead, tests)

    @Param({"onnxruntime", "pytorch", "tensorflow"})
    String engine;

    @Param({"1", "8", "32"})
    int batch;

    Annotator annotator;
    LoadedNetwork backbone;
    LoadedNetwork head;
    AnnotatorInputs inputs;
    List<Asset> stream;

    /** How many batches {@link #annotateStream} sends in one call. */
    public static final int STREAM_BATCHES = 8;

    /** Loads the annotator and, separately, its two networks on the same engine. */
    @Setup
    public void setup() throws HeritageException {
        ModelArtifact artifact = ModelZoos.open(model);
        annotator = Annotators.load(artifact, options(engine, batch));
        EngineProvider provider = Engines.get(engine);
        backbone = provider.load(new NetworkArtifact(artifact, AnnotatorModel.BACKBONE), Device.cpu());
        head = provider.load(new NetworkArtifact(artifact, AnnotatorModel.HEAD), Device.cpu());
        inputs = AnnotatorInputs.of(artifact, backbone, batch);
        List<Asset> repeated = new ArrayList<>();
        for (int k = 0; k < STREAM_BATCHES; k++) {
            repeated.addAll(inputs.assets());
        }
        stream = List.copyOf(repeated);
    }

    static AnnotatorOptions options(String engine, int batch) {
        return AnnotatorOptions.builder()
                .engine(engine)
                .device(Device.cpu())
                .optBatchSize(batch)
                .build();
    }

    /** Closes what setup loaded. */
    @TearDown
    public void tearDown() {
        if (annotator != null) {
            annotator.close();
        }
        if (backbone != null) {
            backbone.close();
        }
        if (head != null) {
            head.close();
        }
    }

    /** @return the annotations of one batch, through the public API */
    @Benchmark
    public List<AnnotationResult> annotate() throws HeritageException {
        return annotator.annotate(inputs.assets());
    }

    /**
     * {@value #STREAM_BATCHES} batches in one call, as {@code heritage annotate} and a server's queue
     * send them: the annotator prepares each next batch while the engine runs the current one. One
     * operation is {@value #STREAM_BATCHES} batches; divide by {@code STREAM_BATCHES × batch}.
     *
     * @return the annotations of every batch
     */
    @Benchmark
    public List<AnnotationResult> annotateStream() throws HeritageException {
        return annotator.annotate(stream);
    }

    /** The two engine calls alone, on the tensors the annotator would make. */
    @Benchmark
    public void bareEngine(Blackhole bh) throws HeritageException {
        bh.consume(backbone.forward(inputs.backboneInputs()));
        bh.consume(head.forward(inputs.headInputs()));
    }
}
