package dev.heritage.classify.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.classify.Annotators;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a model on all three engines and checks they give the same answers (values, confidences within 1e-3). */
public final class EngineAgreement {
    private EngineAgreement() {}

    /**
     * @param model a model directory
     * @param assets the inputs
     * @return each engine's results, ONNX Runtime first (the reference), then PyTorch and TensorFlow
     * @throws Exception if a model cannot be loaded or run
     */
    public static List<List<AnnotationResult>> assertSameAnswers(Path model, List<Asset> assets) throws Exception {
        List<List<AnnotationResult>> all = new ArrayList<>();
        for (String engine : List.of("onnxruntime", "pytorch", "tensorflow")) {
            try (Annotator a = Annotators.load(
                    model.toString(), AnnotatorOptions.builder().engine(engine).build())) {
                List<AnnotationResult> out = a.annotate(assets);
                all.add(out);
                List<AnnotationResult> reference = all.get(0);
                for (int i = 0; i < assets.size(); i++) {
                    for (String task : reference.get(i).predictions().keySet()) {
                        assertEquals(
                                reference.get(i).prediction(task).value(),
                                out.get(i).prediction(task).value(),
                                engine + " " + task);
                        assertEquals(
                                reference.get(i).prediction(task).confidence(),
                                out.get(i).prediction(task).confidence(),
                                1e-3,
                                engine + " " + task);
                    }
                }
            }
        }
        return all;
    }
}
