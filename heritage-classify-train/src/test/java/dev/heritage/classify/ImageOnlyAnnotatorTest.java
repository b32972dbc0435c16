package dev.heritage.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.classify.train.AnnotatorTrainer;
import dev.heritage.classify.train.TinyCollection;
import dev.heritage.classify.train.TrainingConfig;
import dev.heritage.classify.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A model that answers from the image alone: no field inputs, with the wide text path asked for
 * (which then has nothing to carry). Its head must still name every task's logits.
 */
class ImageOnlyAnnotatorTest {

    @Test
    void trainsAndAnswersWithoutAnyFieldInput() throws Exception {
        Path dir = Files.createTempDirectory("annotator-image-only-");
        Path csv = TinyCollection.write(dir.resolve("collection"), 120, 3);
        TrainingConfig config = TrainingConfig.read(TinyCollection.config(dir, "image-only.json", c -> {
            c.putArray("inputs");
            c.withObject("/training").put("wideText", true);
        }));
        new AnnotatorTrainer(config, TrainingListener.NONE).train(csv, null, dir.resolve("model"), dir.resolve("f"));

        ModelArtifact model = ModelArtifact.open(dir.resolve("model"));
        assertEquals(
                List.of("image"),
                model.card().inputs().stream().map(f -> f.name()).toList(),
                "the image is the only input");
        List<String> lines = Files.readAllLines(csv);
        String[] first = lines.get(1).split(",");
        try (Annotator a = Annotators.load(
                dir.resolve("model").toString(),
                AnnotatorOptions.builder().engine("onnxruntime").build())) {
            var result = a.annotate(Asset.builder("x")
                    .image(dir.resolve("collection").resolve(first[1]))
                    .build());
            assertEquals(
                    List.of("style", "artist", "decade", "century"),
                    List.copyOf(result.predictions().keySet()));
            assertTrue(TinyCollection.STYLES.contains(result.prediction("style").value()));
        }
    }
}
