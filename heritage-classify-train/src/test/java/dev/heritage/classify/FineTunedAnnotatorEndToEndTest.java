package dev.heritage.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heritage.api.Asset;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.classify.backbone.BackboneSplit;
import dev.heritage.classify.testing.EngineAgreement;
import dev.heritage.classify.train.AnnotatorTrainer;
import dev.heritage.classify.train.TinyCollection;
import dev.heritage.classify.train.TrainingConfig;
import dev.heritage.classify.train.TrainingListener;
import dev.heritage.classify.train.TrainingReport;
import dev.heritage.network.Layer;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.weights.QuantizedTensor;
import dev.heritage.network.weights.QuantizedWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An annotator whose backbone top is fine-tuned after its head (tiny synthetic collection): the
 * second stage runs, the sealed backbone carries the trained tower, and the model gives the same
 * answers on all three engines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FineTunedAnnotatorEndToEndTest {
    private Path dir;
    private TrainingReport report;

    @BeforeAll
    void train() throws Exception {
        dir = Files.createTempDirectory("annotator-tuned-");
        Path csv = TinyCollection.write(dir.resolve("collection"), 60, 1);
        Path file = TinyCollection.config(dir, "tuned.json", c -> {
            // a first stage that barely trains, so that the second stage has something to improve; with the
            // wide text path, two heads and uint8 head weights, so that both stages, the second head trained
            // on the tuned tower's features, and every engine's export cover them
            ((ObjectNode) c.get("training"))
                    .put("epochs", 1)
                    .put("learningRate", 0.0001)
                    .put("wideText", true)
                    .put("ensemble", 2)
                    .put("headWeights", "uint8");
            ((ObjectNode) c.get("image"))
                    .putObject("fineTune")
                    .put("epochs", 4)
                    .put("learningRate", 0.003)
                    .put("patience", 4);
        });
        report = new AnnotatorTrainer(TrainingConfig.read(file), TrainingListener.NONE)
                .train(csv, null, dir.resolve("model"), dir.resolve("features"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSealedBackboneCarriesTheTrainedTower() throws Exception {
        ModelArtifact m = ModelArtifact.open(dir.resolve("model"));
        Map<String, Object> tuning = (Map<String, Object>)
                ((Map<String, Object>) m.card().properties().get("fusion")).get("backboneFineTuning");
        assertEquals(BackboneSplit.MOBILENETV2_CUT, tuning.get("cut"));
        assertEquals("fine-tuned tower", tuning.get("kept"), "the second stage improved nothing: " + tuning);
        assertTrue(((Number) tuning.get("bestEpoch")).intValue() >= 1);
        NetworkGraph backbone = NetworkGraph.read(dir.resolve("model/weights/backbone.graph.json"));
        // the tower's batch norms were folded into its convolutions; below the cut nothing changed
        assertTrue(backbone.node("block_14_expand_BN").layer() instanceof Layer.Conv2d c && c.bias());
        assertFalse(backbone.nodes().stream().anyMatch(n -> n.name().equals("block_14_expand")));
        assertTrue(backbone.node("block_13_project_BN").layer() instanceof Layer.BatchNorm);
        assertTrue(
                NetworkGraph.read(dir.resolve("model/weights/head.graph.json"))
                                .node("m2_text_title_wide_artist")
                                .layer()
                        instanceof Layer.Linear,
                "the head has the wide text path the configuration asked for");
        Map<String, Object> ensemble = (Map<String, Object>)
                ((Map<String, Object>) m.card().properties().get("fusion")).get("ensemble");
        assertEquals(2, ensemble.get("heads"), "two heads joined: " + ensemble);
        List<QuantizedTensor> stored =
                QuantizedWeights.read(Files.readAllBytes(dir.resolve("model/weights/head.hqw")), "head.hqw");
        for (QuantizedTensor t : stored) {
            long size = Arrays.stream(t.shape()).reduce(1, (a, b) -> a * b);
            assertEquals(size >= 4096, t.quantized(), t.name() + ": uint8 exactly when it has 4,096 values or more");
        }
        assertEquals(
                report.head().history().size(),
                report.head().history().get(report.head().history().size() - 1).epoch(),
                "epochs of both stages are numbered in one sequence");
    }

    @Test
    void sameAnswersOnEveryEngine() throws Exception {
        List<Asset> assets = List.of(
                Asset.builder("a")
                        .image(dir.resolve("collection/images/obj1.png"))
                        .build(),
                Asset.builder("b")
                        .image(dir.resolve("collection/images/obj2.png"))
                        .field("title", "The meadow")
                        .build());
        EngineAgreement.assertSameAnswers(dir.resolve("model"), assets);
    }
}
