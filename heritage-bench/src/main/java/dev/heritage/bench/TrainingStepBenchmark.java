package dev.heritage.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.heritage.api.HeritageException;
import dev.heritage.api.engine.Tensor;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.classify.model.AnnotatorModel;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.djl.DjlTensors;
import dev.heritage.network.djl.GraphBlock;
import dev.heritage.runtime.HeritageCache;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * One training step of the annotator's head as {@code heritage train} runs it (DJL on PyTorch,
 * Adam): forward on a batch of {@link #batch} encoded rows of cached image features, a
 * cross-entropy loss summed over the tasks, backward, and the optimiser's update. The head graph is
 * the zoo model's; the features are seeded random rows (training reads cached features, so no
 * image work is part of a step).
 *
 * <p>JMH state: one instance per trial; closes the trainer and the model.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TrainingStepBenchmark {
    @Param({"64"})
    int batch;

    Model model;
    Trainer trainer;
    NetworkGraph graph;
    Map<String, Tensor> inputs;

    /** Builds the head, its trainer and a batch. */
    @Setup
    public void setup() throws HeritageException, IOException {
        HeritageCache.configureDjl();
        ModelArtifact artifact = ModelZoos.open(AnnotateBenchmark.MODEL);
        graph = NetworkGraph.read(
                artifact.resolve(artifact.network(AnnotatorModel.HEAD).graph()));
        AnnotatorModel annotator = AnnotatorModel.read(artifact);
        Random r = new Random(3);
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            float[] f = new float[annotator.spec().imageDim()];
            for (int k = 0; k < f.length; k++) {
                f[k] = (float) r.nextGaussian();
            }
            rows.add(f);
        }
        inputs = annotator.spec().encode(rows, Collections.nCopies(batch, Map.of()));
        Engine.getEngine("PyTorch").setRandomSeed(3);
        model = Model.newInstance("head", Device.cpu(), "PyTorch");
        GraphBlock block = new GraphBlock(graph);
        model.setBlock(block);
        trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Optimizer.adam()
                        .optLearningRateTracker(Tracker.fixed(1e-3f))
                        .build()));
        trainer.initialize(block.inputShapes(batch));
    }

    /** Closes the trainer and the model. */
    @TearDown
    public void tearDown() {
        if (trainer != null) {
            trainer.close();
        }
        if (model != null) {
            model.close();
        }
    }

    /** @return the step's loss */
    @Benchmark
    public float step() {
        float value;
        try (NDManager m = model.getNDManager().newSubManager();
                GradientCollector gc = trainer.newGradientCollector()) {
            NDList out = trainer.forward(DjlTensors.inputs(graph, inputs, m));
            NDArray loss = null;
            for (NDArray logits : out) {
                NDArray l = logits.logSoftmax(1).get(":, 0").neg().mean();
                loss = loss == null ? l : loss.add(l);
            }
            value = loss.getFloat();
            gc.backward(loss);
        }
        trainer.step();
        return value;
    }
}
