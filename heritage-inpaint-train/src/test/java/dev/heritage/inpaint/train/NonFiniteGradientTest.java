package dev.heritage.inpaint.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import dev.heritage.network.djl.GraphBlock;
import org.junit.jupiter.api.Test;

/** A step whose gradients are not finite is skipped and its gradients cleared, not kept as NaN. */
class NonFiniteGradientTest {

    @Test
    void nanGradientsAreDetectedAndClearedToZero() throws Exception {
        try (Model model = Model.newInstance("probe", Device.cpu(), "PyTorch")) {
            GraphBlock block = new GraphBlock(InpaintTrainerTest.NET.graph(32, 32));
            model.setBlock(block);
            block.initialize(model.getNDManager());
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l1Loss())
                    .optOptimizer(Optimizer.adam().build());
            try (Trainer trainer = model.newTrainer(config)) {
                Shape[] shapes = block.inputShapes(2);
                trainer.initialize(shapes);
                backward(trainer, model, shapes, 0.5f);
                assertThat(InpaintTrainer.gradientsFinite(block))
                        .as("a finite batch")
                        .isTrue();
                // A NaN is put into one gradient directly rather than fed through the network: a NaN that
                // passes through PyTorch's CPU convolutions can stay in their working memory on some CPUs.
                block.getParameters().get(0).getValue().getArray().getGradient().set(new NDIndex("0"), Float.NaN);
                assertThat(InpaintTrainer.gradientsFinite(block))
                        .as("a NaN gradient is found")
                        .isFalse();
                for (Pair<String, Parameter> p : block.getParameters()) {
                    float[] g = p.getValue().getArray().getGradient().toFloatArray();
                    assertThat(g).as(p.getKey()).containsOnly(0f);
                }
                assertThat(InpaintTrainer.gradientsFinite(block)).as("cleared").isTrue();
                backward(trainer, model, shapes, 0.5f);
                assertThat(InpaintTrainer.gradientsFinite(block))
                        .as("a finite batch after the skipped one")
                        .isTrue();
            }
        }
    }

    private static void backward(Trainer trainer, Model model, Shape[] shapes, float value) {
        try (NDManager m = model.getNDManager().newSubManager();
                GradientCollector gc = trainer.newGradientCollector()) {
            NDList in = new NDList();
            for (Shape s : shapes) {
                in.add(m.full(s, value));
            }
            NDArray out = trainer.forward(in).head();
            gc.backward(out.sub(0.25f).abs().mean());
        }
    }
}
