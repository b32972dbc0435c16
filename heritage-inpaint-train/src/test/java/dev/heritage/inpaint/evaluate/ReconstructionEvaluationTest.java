package dev.heritage.inpaint.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstructor;
import dev.heritage.inpaint.MaskGenerator;
import dev.heritage.inpaint.NavierStokesReconstructor;
import dev.heritage.inpaint.PerceptualMetric;
import dev.heritage.inpaint.TeleaReconstructor;
import dev.heritage.inpaint.TinyModels;
import java.nio.file.Path;
import java.util.ArrayList;
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
            ImageIO.write(
                    TinyModels.image(48, 40, i),
                    "png",
                    dir.resolve("img" + i + ".png").toFile());
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
        ReconstructionEvaluation.Result r = eval.evaluate(images, twoTeleas, line -> {});
        // Same masks and a deterministic method: identical scores.
        assertEquals(
                r.methods().get("telea").meanPsnr(),
                r.methods().get("telea-again").meanPsnr());
        assertEquals(0.0, (double) r.pairedPsnr("telea", "telea-again").get("meanDifference"));

        ReconstructionEvaluation.Result both =
                eval.evaluate(images, Map.of("ns", new NavierStokesReconstructor()), line -> {});
        Path metrics = dir.resolve("metrics.json");
        both.writeMetrics(metrics);
        JsonNode json = new ObjectMapper().readTree(metrics.toFile());
        JsonNode ns = json.get("ns");
        assertEquals(3, ns.get("n").asInt());
        assertTrue(
                ns.get("psnrMask").asDouble() > 10
                        && ns.get("ssim").asDouble() > 0
                        && ns.get("msPerMegapixel").asDouble() > 0,
                json.toString());
    }

    @Test
    void everyImageGetsAMaskOfEachKindAndTheMixedFiguresAreThoseOfBefore(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 3; i++) {
            ImageIO.write(
                    TinyModels.image(64, 56, i),
                    "png",
                    dir.resolve("img" + i + ".png").toFile());
        }
        List<Path> images = ReconstructionEvaluation.listImages(dir);
        ReconstructionEvaluation mixedOnly = ReconstructionEvaluation.defaults();
        ReconstructionEvaluation byKind = mixedOnly.withKinds(List.of(MaskGenerator.Kind.values()));
        for (MaskGenerator.Kind kind : MaskGenerator.Kind.values()) {
            Mask m = byKind.mask(kind, "img2.png", 64, 56);
            assertEquals(m, byKind.mask(kind, "img2.png", 64, 56));
            assertTrue(m.coverage() >= kind.minCoverage() && m.coverage() <= kind.maxCoverage(), kind + ": " + m);
        }
        assertEquals(mixedOnly.mask("img2.png", 64, 56), byKind.mask(MaskGenerator.Kind.MIXED, "img2.png", 64, 56));
        assertThrows(IllegalArgumentException.class, () -> mixedOnly.withKinds(List.of(MaskGenerator.Kind.CRACKS)));

        Map<String, Reconstructor> methods = new LinkedHashMap<>();
        methods.put("telea", new TeleaReconstructor());
        methods.put("ns", new NavierStokesReconstructor());
        // A stand-in distance (the mean absolute difference of the blue channel in the mask): the real one
        // needs the annotator's backbone, which this module does not depend on.
        PerceptualMetric blue = (original, outs, mask) -> outs.stream()
                .mapToDouble(out -> {
                    double sum = 0;
                    for (int y = 0; y < mask.height(); y++) {
                        for (int x = 0; x < mask.width(); x++) {
                            if (mask.isDamaged(x, y)) {
                                sum += Math.abs((original.getRGB(x, y) & 0xff) - (out.getRGB(x, y) & 0xff));
                            }
                        }
                    }
                    return sum / mask.damagedCount();
                })
                .toArray();
        ReconstructionEvaluation.Result r = byKind.evaluate(images, methods, blue, line -> {});
        assertEquals(12, r.samples().size());
        assertTrue(r.hasPerceptual());
        // The overall (mixed) figures are exactly those of the evaluation before kinds existed.
        ReconstructionEvaluation.Result before = mixedOnly.evaluate(images, methods, line -> {});
        assertArrayEquals(
                before.methods().get("ns").psnr(), r.methods().get("ns").psnr());
        assertArrayEquals(before.coverage(), r.coverage());

        Map<String, Object> kinds = r.byKind("telea");
        assertEquals(List.of("cracks", "strokes", "blotches", "mixed"), List.copyOf(kinds.keySet()));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> cracks = (Map<String, Map<String, Object>>) kinds.get("cracks");
        assertEquals(3, cracks.get("ns").get("n"));
        assertFalse(cracks.get("telea").containsKey("versus"));
        @SuppressWarnings("unchecked")
        Map<String, Object> versus = (Map<String, Object>) cracks.get("ns").get("versus");
        assertEquals("telea", versus.get("method"));
        // The paired PSNR difference is that of the crack samples, image by image.
        List<Integer> crackSamples = new ArrayList<>();
        for (int i = 0; i < r.samples().size(); i++) {
            if (r.samples().get(i).kind() == MaskGenerator.Kind.CRACKS) {
                crackSamples.add(i);
            }
        }
        double[] ns = crackSamples.stream()
                .mapToDouble(i -> r.sampleScores().get("ns").psnr()[i])
                .toArray();
        double[] telea = crackSamples.stream()
                .mapToDouble(i -> r.sampleScores().get("telea").psnr()[i])
                .toArray();
        assertEquals(PairedDifference.of(ns, telea, true).toMetrics(3), versus.get("psnrMask"));
        assertTrue(versus.containsKey("perceptual"));

        int inBuckets = 0;
        for (Object bucket : r.byCoverage("telea").values()) {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> b = (Map<String, Map<String, Object>>) bucket;
            inBuckets += (int) b.get("telea").get("n");
        }
        assertEquals(12, inBuckets);
        String report = r.report("telea");
        assertTrue(report.contains("| blotches | ns | 3 |") && report.contains("ΔPSNR vs telea"), report);
    }
}
