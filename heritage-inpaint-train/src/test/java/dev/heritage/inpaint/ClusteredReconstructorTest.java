package dev.heritage.inpaint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.Device;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstructor;
import dev.heritage.api.model.ModelArtifact;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusteredReconstructorTest {

    @Test
    void routesByIntactPixelsAndKeepsIntactPixels(@TempDir Path dir) throws Exception {
        Clustering clustering = TinyModels.clustering();
        ModelArtifact model = TinyModels.clustered(dir.resolve("clustered"), clustering);
        try (ClusteredReconstructor r =
                ClusteredReconstructor.open(model, "onnxruntime", Device.cpu(), LearnedReconstructor.defaultTiling())) {
            BufferedImage img = TinyModels.image(60, 44, 2);
            Mask mask = MaskGenerator.mixed().generate(4, 60, 44, 0.1, 0.3);
            int cluster = r.route(img, mask);
            assertTrue(cluster >= 0 && cluster < clustering.k());
            BufferedImage out = r.inpaint(img, mask);
            for (int y = 0; y < 44; y++) {
                for (int x = 0; x < 60; x++) {
                    if (!mask.isDamaged(x, y)) {
                        assertEquals(img.getRGB(x, y), out.getRGB(x, y));
                    }
                }
            }
            assertEquals(ClusteredReconstructor.METHOD, r.reconstruct(img, mask).method());
        }
        // Reconstructors.load picks the clustered reconstructor from the card.
        try (Reconstructor r = Reconstructors.load(dir.resolve("clustered").toString(), "onnxruntime")) {
            assertInstanceOf(ClusteredReconstructor.class, r);
        }
        // A clustered model is not a plain learned one.
        assertThrows(
                MalformedModelException.class,
                () -> LearnedReconstructor.open(
                        model, "onnxruntime", Device.cpu(), LearnedReconstructor.defaultTiling()));
    }
}
