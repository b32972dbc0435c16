package dev.heritage.inpaint.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.ImageSource;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstruction;
import dev.heritage.api.Reconstructor;
import dev.heritage.api.image.ImageDecoder;
import dev.heritage.inpaint.MaskGenerator;
import dev.heritage.inpaint.ReconstructionMetrics;
import dev.heritage.inpaint.Reconstructors;
import dev.heritage.inpaint.TeleaReconstructor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The zoo reconstructor on a bundled public-domain painting (see the README beside the image) with a
 * seeded 10–20 % mask: PSNR and SSIM inside the mask must stay what they were when the models were
 * shipped, on every engine. Re-record the constants when the zoo weights change.
 */
class GoldenOutputTest {
    static final double LEARNED_PSNR = 20.7929;
    static final double LEARNED_SSIM = 0.47878;
    static final double PSNR_TOLERANCE = 0.02;
    static final double SSIM_TOLERANCE = 0.0005;

    static BufferedImage clean;
    static byte[] damagedPng;
    static Mask mask;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = GoldenOutputTest.class.getResourceAsStream("/dev/heritage/inpaint/golden/munch_the_scream.jpg")) {
            clean = ImageDecoder.decode(ImageSource.of(in.readAllBytes(), "munch_the_scream.jpg"));
        }
        mask = MaskGenerator.mixed().generate(2024, clean.getWidth(), clean.getHeight(), 0.10, 0.20);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(ReconstructionEvaluation.damage(clean, mask), "png", png);
        damagedPng = png.toByteArray();
    }

    static double[] score(String model, String engine) throws Exception {
        try (Reconstructor r = Reconstructors.load(model, engine)) {
            Reconstruction out = r.reconstruct(ImageSource.of(damagedPng, "damaged.png"), mask);
            assertInstanceOf(LearnedReconstructor.class, r);
            assertEquals(model, out.modelId());
            BufferedImage img = out.image();
            for (int y = 0; y < img.getHeight(); y += 3) {
                for (int x = 0; x < img.getWidth(); x += 3) {
                    if (!mask.isDamaged(x, y)) {
                        assertEquals(clean.getRGB(x, y) & 0xffffff, img.getRGB(x, y) & 0xffffff);
                    }
                }
            }
            double[] s = {ReconstructionMetrics.psnr(clean, img, mask), ReconstructionMetrics.ssim(clean, img, mask)};
            System.out.printf("golden %s on %s: psnr %.4f ssim %.5f%n", model, engine, s[0], s[1]);
            return s;
        }
    }

    @Test
    void learnedModelKeepsItsScoresOnEveryEngine() throws Exception {
        double[] onnx = score("paintings-inpaint", "onnxruntime");
        assertEquals(LEARNED_PSNR, onnx[0], PSNR_TOLERANCE);
        assertEquals(LEARNED_SSIM, onnx[1], SSIM_TOLERANCE);
        for (String engine : new String[] {"pytorch", "tensorflow"}) {
            double[] other = score("paintings-inpaint", engine);
            assertEquals(onnx[0], other[0], 1e-2, engine);
            assertEquals(onnx[1], other[1], 1e-3, engine);
        }
        // The shipped network refines the Telea fill; it must never do worse than the fill it starts from.
        double telea = ReconstructionMetrics.psnr(clean, new TeleaReconstructor().inpaint(
                ReconstructionEvaluation.damage(clean, mask), mask), mask);
        assertTrue(onnx[0] >= telea - 0.01, "learned " + onnx[0] + " dB vs Telea " + telea + " dB");
    }
}
