package dev.heritage.classify.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.heritage.api.Asset;
import dev.heritage.api.Device;
import dev.heritage.api.ImageSource;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelKind;
import dev.heritage.api.engine.Engines;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.NetworkArtifact;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.classify.model.AnnotatorModel;
import dev.heritage.classify.model.ImageEvidence;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipelined feature pass (each next batch decoded and preprocessed in the background) gives the
 * sequential pass's features bit for bit, keeps the same rows and reports the same bad images, across
 * batches, with rows without an image and batches holding a bad image.
 */
class ImageBatchesTest {
    @TempDir
    Path dir;

    @Test
    void thePipelinedPassGivesTheSequentialFeaturesBitForBitAndTheSameErrors() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("weights"));
        int backboneDim = AnnotatorTrainer.writeBackbone(dir, false, null);
        ModelArtifact backbone = ModelArtifact.seal(
                dir,
                ModelCard.builder("backbone", ModelKind.NETWORK)
                        .network(AnnotatorModel.BACKBONE, AnnotatorTrainer.backboneEntry())
                        .build());
        List<Asset> assets = assets(75);
        try (LoadedNetwork net =
                Engines.get("onnxruntime").load(new NetworkArtifact(backbone, AnnotatorModel.BACKBONE), Device.cpu())) {
            ImageEvidence evidence = new ImageEvidence(net, backboneDim, true);

            Map<String, float[][]> sequential = new LinkedHashMap<>();
            List<String> sequentialFailed = new ArrayList<>();
            ImageBatches.forEach(assets, (a, e) -> sequentialFailed.add(a.id()), (ok, images, done, total) -> {
                float[][] plain = evidence.features(images);
                float[][] mirrored = evidence.features(
                        images.stream().map(ImageEvidence::mirror).toList());
                for (int i = 0; i < ok.size(); i++) {
                    sequential.put(ok.get(i).id(), new float[][] {plain[i], mirrored[i]});
                }
            });

            Map<String, float[][]> pipelined = new LinkedHashMap<>();
            List<String> pipelinedFailed = new ArrayList<>();
            List<Integer> progress = new ArrayList<>();
            ImageBatches.forEach(assets, evidence, (a, e) -> pipelinedFailed.add(a.id()), (batch, done, total) -> {
                float[][] plain = evidence.features(batch.prepared());
                float[][] mirrored = evidence.features(
                        batch.decoded().stream().map(ImageEvidence::mirror).toList());
                for (int i = 0; i < batch.rows().size(); i++) {
                    pipelined.put(batch.rows().get(i).id(), new float[][] {plain[i], mirrored[i]});
                }
                progress.add(done);
            });

            assertThat(sequentialFailed).containsExactly("row-5", "row-40");
            assertThat(pipelinedFailed).isEqualTo(sequentialFailed);
            assertThat(pipelined.keySet()).containsExactlyElementsOf(sequential.keySet());
            assertThat(pipelined).hasSize(71);
            assertThat(progress).containsExactly(32, 64, 73);
            for (String id : sequential.keySet()) {
                assertArrayEquals(sequential.get(id)[0], pipelined.get(id)[0], id);
                assertArrayEquals(sequential.get(id)[1], pipelined.get(id)[1], id + " mirrored");
            }
        }
    }

    /** Rows of small PNGs in three styles; rows 5 and 40 are not images, rows 10 and 50 have none. */
    private static List<Asset> assets(int n) throws Exception {
        Random r = new Random(11);
        List<Asset> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Asset.Builder b = Asset.builder("row-" + i).field("title", "Row " + i);
            if (i == 5 || i == 40) {
                b.image(ImageSource.of(new byte[] {1, 2, 3, 4}, "broken.png"));
            } else if (i != 10 && i != 50) {
                ByteArrayOutputStream png = new ByteArrayOutputStream();
                ImageIO.write(TinyCollection.image(i % 3, r), "png", png);
                b.image(ImageSource.of(png.toByteArray(), "row-" + i + ".png"));
            }
            out.add(b.build());
        }
        return out;
    }
}
