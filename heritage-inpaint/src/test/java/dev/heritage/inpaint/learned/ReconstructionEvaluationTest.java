package dev.heritage.inpaint.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.Mask;
import dev.heritage.inpaint.NavierStokesReconstructor;
import dev.heritage.inpaint.TeleaReconstructor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconstructionEvaluationTest {

    @Test
    void everyMethodGetsTheSameMasksAndMetricsAreReported(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 3; i++) {
            ImageIO.write(TinyModels.image(48, 40, i), "png", dir.resolve("img" + i + ".png").toFile());
        }
        List<Path> images = ReconstructionEvaluation.listImages(dir);
        assertEquals(3, images.size());
        ReconstructionEvaluation eval = ReconstructionEvaluation.defaults();
        Mask m = eval.mask("img1.png", 48, 40);
        assertEquals(m, eval.mask("img1.png", 48, 40));
        assertTrue(m.coverage() >= 0.05 && m.coverage() <= 0.30);
        Map<String, TeleaReconstructor> twoTeleas = new LinkedHashMap<>();
        twoTeleas.put("telea", new TeleaReconstructor());
        twoTeleas.put("telea-again", new TeleaReconstructor());
        ReconstructionEvaluation.Result r = eval.evaluate(images, twoTeleas, line -> { });
        // Same masks and a deterministic method: identical scores.
        assertEquals(r.methods().get("telea").meanPsnr(), r.methods().get("telea-again").meanPsnr());
        assertEquals(0.0, (double) r.pairedPsnr("telea", "telea-again").get("meanDifference"));

        ReconstructionEvaluation.Result both = eval.evaluate(images,
                Map.of("ns", new NavierStokesReconstructor()), line -> { });
        Path metrics = dir.resolve("metrics.json");
        both.writeMetrics(metrics);
        JsonNode json = new ObjectMapper().readTree(metrics.toFile());
        JsonNode ns = json.get("ns");
        assertEquals(3, ns.get("n").asInt());
        assertTrue(ns.get("psnrMask").asDouble() > 10 && ns.get("ssim").asDouble() > 0
                && ns.get("msPerMegapixel").asDouble() > 0, json.toString());
    }
}
