package dev.heritage.bench;

import dev.heritage.api.Asset;
import dev.heritage.api.HeritageException;
import dev.heritage.api.ImageSource;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.Tensor;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.classify.backbone.MobileNetV2;
import dev.heritage.classify.model.AnnotatorModel;
import dev.heritage.classify.model.ImageEvidence;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One batch of annotator inputs in the two forms the benchmarks compare: assets holding the 224 px
 * JPEG (what a user passes to {@code Annotator.annotate}), and the very tensors the annotator hands
 * its two networks for those assets (what a bare engine call gets).
 *
 * <p>Immutable after construction; the tensors follow {@link Tensor}'s do-not-modify contract, so
 * an instance may be shared between threads.
 *
 * @param assets the assets, no known fields
 * @param backboneInputs the backbone's inputs for the batch
 * @param headInputs the head's inputs for the batch (image features and no fields)
 */
public record AnnotatorInputs(List<Asset> assets, Map<String, Tensor> backboneInputs, Map<String, Tensor> headInputs) {

    /**
     * @param artifact the annotator model
     * @param backbone the model's backbone, loaded on some engine (used once, to make the head's inputs)
     * @param batch the batch size
     * @return the inputs
     * @throws HeritageException if the model cannot be read or the engine fails
     */
    public static AnnotatorInputs of(ModelArtifact artifact, LoadedNetwork backbone, int batch)
            throws HeritageException {
        byte[] jpeg = BenchImages.smallJpeg();
        List<Asset> assets = assets(batch);
        BufferedImage image = ImageEvidence.decode(ImageSource.of(jpeg, "painting-224.jpg"));
        List<BufferedImage> images = Collections.nCopies(batch, image);
        AnnotatorModel model = AnnotatorModel.read(artifact);
        float[][] features = new ImageEvidence(backbone, model.backboneDim(), model.descriptors()).features(images);
        List<float[]> rows = List.of(features);
        List<Map<String, String>> fields = Collections.nCopies(batch, Map.of());
        return new AnnotatorInputs(
                assets,
                Map.of(MobileNetV2.INPUT, MobileNetV2.preprocess(images)),
                model.spec().encode(rows, fields));
    }

    /**
     * @param batch the batch size
     * @return the benchmark's batch of assets: the bundled painting as a 224 px JPEG, no known fields
     */
    public static List<Asset> assets(int batch) {
        byte[] jpeg = BenchImages.smallJpeg();
        List<Asset> assets = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            assets.add(Asset.builder("bench-" + i)
                    .image(ImageSource.of(jpeg, "painting-224.jpg"))
                    .build());
        }
        return List.copyOf(assets);
    }
}
