package dev.heritage.classify.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heritage.api.Device;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelKind;
import dev.heritage.api.engine.Engines;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.NetworkArtifact;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.classify.backbone.MobileNetV2;
import dev.heritage.classify.model.AnnotatorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An engine's cached export of a network is keyed by its graph as well as its weights: the backbone
 * with and without style statistics shares one weights file, and each still runs its own graph however
 * often the two are loaded one after the other.
 */
class DerivedExportKeyTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"onnxruntime", "tensorflow"})
    void twoGraphsOverTheSameWeightsEachRunTheirOwnExport(String engine) throws Exception {
        Path plain = backbone(tmp.resolve(engine + "-plain"), false);
        Path styled = backbone(tmp.resolve(engine + "-styled"), true);
        for (int round = 0; round < 2; round++) {
            assertThat(featureLength(engine, plain)).isEqualTo(MobileNetV2.FEATURE_SIZE);
            assertThat(featureLength(engine, styled)).isGreaterThan(MobileNetV2.FEATURE_SIZE);
        }
    }

    private static Path backbone(Path dir, boolean styleStatistics) throws Exception {
        Files.createDirectories(dir.resolve("weights"));
        AnnotatorTrainer.writeBackbone(dir, styleStatistics, null);
        ModelArtifact.seal(
                dir,
                ModelCard.builder("backbone", ModelKind.NETWORK)
                        .network(AnnotatorModel.BACKBONE, AnnotatorTrainer.backboneEntry())
                        .build());
        return dir;
    }

    private static int featureLength(String engine, Path dir) throws Exception {
        ModelArtifact artifact = ModelArtifact.open(dir);
        try (LoadedNetwork net =
                Engines.get(engine).load(new NetworkArtifact(artifact, AnnotatorModel.BACKBONE), Device.cpu())) {
            float[] input = new float[MobileNetV2.INPUT_VALUES];
            return net.forward(Map.of(MobileNetV2.INPUT, MobileNetV2.tensor(1, input)))
                    .get(MobileNetV2.FEATURES)
                    .floats()
                    .length;
        }
    }
}
