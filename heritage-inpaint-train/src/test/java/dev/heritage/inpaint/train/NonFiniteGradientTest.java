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
                // One backward creates the gradient buffers; their values are then set directly, so the test
                // does not rest on PyTorch's CPU convolutions, which returned NaN now and then on some CPUs.
                backward(trainer, model, shapes, 0.5f);
                for (Pair<String, Parameter> p : block.getParameters()) {
                    p.getValue().getArray().getGradient().set(new NDIndex("..."), 0.25f);
                }
                assertThat(InpaintTrainer.gradientsFinite(block))
                        .as("finite gradients")
                        .isTrue();
                block.getParameters().get(0).getValue().getArray().getGradient().set(new NDIndex("0"), Float.NaN);
                assertThat(InpaintTrainer.gradientsFinite(block))
                        .as("a NaN gradient is found")
                        .isFalse();
                for (Pair<String, Parameter> p : block.getParameters()) {
                    float[] g = p.getValue().getArray().getGradient().toFloatArray();
                    assertThat(g).as(p.getKey()).containsOnly(0f);
                }
                assertThat(InpaintTrainer.gradientsFinite(block)).as("cleared").isTrue();
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
