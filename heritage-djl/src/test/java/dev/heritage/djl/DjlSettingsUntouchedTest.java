package dev.heritage.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.classify.Annotators;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A DJL application loads and runs Heritage's annotator through {@link Criteria}, and DJL's process-wide
 * settings, which the application's own models rely on, are exactly as they were; the answer is
 * {@link Annotators#load}'s on the same image.
 *
 * <p>Alone in its class, and its JVM (surefire's {@code reuseForks=false}): no engine may have been loaded
 * in this JVM before it, since loading one the command line's way sets these properties.
 */
class DjlSettingsUntouchedTest {
    /** DJL's settings an application relies on, and where each engine's natives come from. */
    private static final List<String> DJL_SETTINGS = List.of(
            "ai.djl.offline",
            "DJL_CACHE_DIR",
            "ENGINE_CACHE_DIR",
            "ai.djl.repository.zoo.location",
            "ai.djl.default_engine",
            "ai.djl.pytorch.num_threads",
            "ai.djl.pytorch.num_interop_threads",
            "org.bytedeco.javacpp.cachedir",
            "onnxruntime.native.path",
            "TENSORFLOW_LIBRARY_PATH");

    static Path painting() throws URISyntaxException {
        return Path.of(DjlSettingsUntouchedTest.class
                .getResource("cassatt_summertime.jpg")
                .toURI());
    }

    @Test
    void annotatingThroughCriteriaLeavesDjlSettingsAloneAndAnswersAsAnnotatorsLoad() throws Exception {
        // Unset, as in an application that never set them (surefire sets ai.djl.offline for every module):
        // an unset property is the one that "set if absent" would change.
        for (String key : DJL_SETTINGS) {
            System.clearProperty(key);
        }
        // One the application did set, to a value Heritage's defaults would not choose.
        System.setProperty("ai.djl.pytorch.num_interop_threads", "3");
        Map<String, String> before = snapshot();
        Asset plain = Asset.builder("cassatt").image(painting()).build();
        Asset titled = Asset.builder("cassatt-titled")
                .image(painting())
                .field("title", "Summertime")
                .build();

        AnnotationResult viaDjl;
        List<AnnotationResult> batchViaDjl;
        Criteria<Asset, AnnotationResult> criteria = Criteria.builder()
                .setTypes(Asset.class, AnnotationResult.class)
                .optGroupId("dev.heritage")
                .optArtifactId("paintings-multitask")
                .build();
        try (ZooModel<Asset, AnnotationResult> model = criteria.loadModel();
                Predictor<Asset, AnnotationResult> predictor = model.newPredictor()) {
            viaDjl = predictor.predict(plain);
            batchViaDjl = predictor.batchPredict(List.of(plain, titled));
        }

        assertThat(snapshot())
                .as("DJL's global settings after loading and running a Heritage model")
                .isEqualTo(before);

        try (Annotator annotator = Annotators.load("paintings-multitask", AnnotatorOptions.defaults())) {
            AnnotationResult direct = annotator.annotate(plain);
            assertThat(viaDjl).isEqualTo(direct);
            assertThat(batchViaDjl).containsExactly(direct, annotator.annotate(titled));
        }
        // A real answer: one of the model's styles, with its open-set score, as the zoo card describes.
        assertThat(dev.heritage.api.model.ModelZoos.open("paintings-multitask")
                        .card()
                        .task("style")
                        .labels())
                .contains(viaDjl.prediction("style").value());
        assertThat(viaDjl.prediction("style").hasOutsideScore()).isTrue();
    }

    private static Map<String, String> snapshot() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : DJL_SETTINGS) {
            values.put(key, System.getProperty(key, "<unset>"));
        }
        return values;
    }
}
