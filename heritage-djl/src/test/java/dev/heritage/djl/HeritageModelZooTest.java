package dev.heritage.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Application;
import ai.djl.inference.Predictor;
import ai.djl.repository.MRL;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Asset;
import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstruction;
import dev.heritage.api.Reconstructor;
import dev.heritage.inpaint.Reconstructors;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DJL finds Heritage's zoo, its reconstructors answer as Heritage's own, and wrong criteria say what to do. */
class HeritageModelZooTest {

    @Test
    void djlFindsTheZooByItsGroupIdAndListsTheAnnotatorAndTheReconstructors() {
        assertThat(ModelZoo.getModelZoo("dev.heritage")).isInstanceOf(HeritageModelZoo.class);

        Map<Application, List<MRL>> models = ModelZoo.listModels(Criteria.builder()
                .setTypes(Asset.class, AnnotationResult.class)
                .optGroupId("dev.heritage")
                .build());

        assertThat(models.get(HeritageModelZoo.ANNOTATION))
                .extracting(MRL::getArtifactId)
                .contains("paintings-multitask");
        assertThat(models.get(HeritageModelZoo.RECONSTRUCTION))
                .extracting(MRL::getArtifactId)
                .contains("paintings-inpaint", "telea", "ns", "exemplar");
        assertThat(ModelZoo.getModelZoo("dev.heritage").getSupportedEngines()).contains("OnnxRuntime");
    }

    @Test
    void teleaAndTheZooReconstructorAnswerThroughDjlAsReconstructorsLoad() throws Exception {
        Path painting = DjlSettingsUntouchedTest.painting();
        BufferedImage image = ImageDecoder.decode(ImageSource.of(painting));
        Mask mask = centralSquare(image.getWidth(), image.getHeight());
        ReconstructionRequest request = new ReconstructionRequest(ImageSource.of(painting), mask);

        for (String method : List.of("telea", "paintings-inpaint")) {
            Criteria<ReconstructionRequest, Reconstruction> criteria = Criteria.builder()
                    .setTypes(ReconstructionRequest.class, Reconstruction.class)
                    .optGroupId("dev.heritage")
                    .optArtifactId(method)
                    .build();
            Reconstruction viaDjl;
            try (ZooModel<ReconstructionRequest, Reconstruction> model = criteria.loadModel();
                    Predictor<ReconstructionRequest, Reconstruction> predictor = model.newPredictor()) {
                viaDjl = predictor.predict(request);
            }
            try (Reconstructor direct = Reconstructors.load(method)) {
                Reconstruction expected = direct.reconstruct(request.image(), mask);
                assertThat(viaDjl.method()).as(method).isEqualTo(expected.method());
                assertThat(pixels(viaDjl.image())).as(method).isEqualTo(pixels(expected.image()));
            }
        }
    }

    @Test
    void criteriaWithOtherTypesAreDeclinedAndSayWhichTypesTheModelTakes() {
        Criteria<String, String> criteria = Criteria.builder()
                .setTypes(String.class, String.class)
                .optGroupId("dev.heritage")
                .optArtifactId("paintings-multitask")
                .build();

        assertThatThrownBy(criteria::loadModel)
                .isInstanceOf(ModelNotFoundException.class)
                .hasRootCauseMessage("Heritage's model 'paintings-multitask' takes dev.heritage.api.Asset and gives"
                        + " dev.heritage.api.AnnotationResult; the criteria ask for java.lang.String ->"
                        + " java.lang.String. Use setTypes(Asset.class, AnnotationResult.class).");
    }

    @Test
    void anUnknownArgumentIsRefusedWithTheKnownOnes() {
        Criteria<Asset, AnnotationResult> criteria = Criteria.builder()
                .setTypes(Asset.class, AnnotationResult.class)
                .optGroupId("dev.heritage")
                .optArtifactId("paintings-multitask")
                .optArgument("batchsize", 8)
                .build();

        assertThatThrownBy(criteria::loadModel)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown criteria argument 'batchsize'")
                .hasMessageContaining("batchSize");
    }

    @Test
    void aFailedReconstructionIsATranslateExceptionWithHeritagesMessage() throws Exception {
        Criteria<ReconstructionRequest, Reconstruction> criteria = Criteria.builder()
                .setTypes(ReconstructionRequest.class, Reconstruction.class)
                .optGroupId("dev.heritage")
                .optArtifactId("telea")
                .build();
        // A mask smaller than the image: Heritage refuses it with InvalidImageException.
        ReconstructionRequest wrongSize =
                new ReconstructionRequest(ImageSource.of(DjlSettingsUntouchedTest.painting()), centralSquare(8, 8));

        try (ZooModel<ReconstructionRequest, Reconstruction> model = criteria.loadModel();
                Predictor<ReconstructionRequest, Reconstruction> predictor = model.newPredictor()) {
            assertThatThrownBy(() -> predictor.predict(wrongSize))
                    .isInstanceOf(TranslateException.class)
                    .hasCauseInstanceOf(InvalidImageException.class)
                    .satisfies(e ->
                            assertThat(e.getMessage()).isEqualTo(e.getCause().getMessage()));
        }
    }

    private static Mask centralSquare(int width, int height) {
        boolean[] damaged = new boolean[width * height];
        for (int y = height / 3; y < 2 * height / 3; y++) {
            for (int x = width / 3; x < 2 * width / 3; x++) {
                damaged[y * width + x] = true;
            }
        }
        return Mask.of(width, height, damaged);
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
