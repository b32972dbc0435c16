package dev.heritage.inpaint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageSource;
import dev.heritage.api.Mask;
import dev.heritage.api.ModelCard;
import dev.heritage.api.Reconstruction;
import dev.heritage.api.Reconstructor;
import dev.heritage.api.model.ModelZoos;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The zoo's refined reconstructors on a bundled public-domain painting (never trained on: see
 * {@code configs/demo-image-ids.txt}) with a seeded 10–20 % mask: the output is pinned pixel for pixel
 * (pure Java float arithmetic, the same on every machine), every pixel outside the mask is the input's,
 * and the model beats Telea on it. Re-record the constants when the zoo weights change.
 */
class RefinedZooGoldenTest {
    static BufferedImage clean;
    static byte[] damagedPng;
    static Mask mask;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in =
                RefinedZooGoldenTest.class.getResourceAsStream("/dev/heritage/inpaint/golden/munch_the_scream.jpg")) {
            clean = ImageDecoder.decode(ImageSource.of(in.readAllBytes(), "munch_the_scream.jpg"));
        }
        mask = MaskGenerator.mixed().generate(2024, clean.getWidth(), clean.getHeight(), 0.10, 0.20);
        BufferedImage damaged = new BufferedImage(clean.getWidth(), clean.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < clean.getHeight(); y++) {
            for (int x = 0; x < clean.getWidth(); x++) {
                damaged.setRGB(x, y, mask.isDamaged(x, y) ? 0 : clean.getRGB(x, y));
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(damaged, "png", png);
        damagedPng = png.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"paintings-inpaint, 20.9549, 0.48416, 6ecb58bedca25aa7ca73b80e4098a57532ff0fdc1ac66c39baa0d21e329db628"
    })
    void theZooModelKeepsItsOutputAndBeatsTelea(String id, double psnr, double ssim, String sha256) throws Exception {
        try (Reconstructor r = Reconstructors.load(id)) {
            assertThat(r).isInstanceOf(RefinedReconstructor.class);
            Reconstruction out = r.reconstruct(ImageSource.of(damagedPng, "damaged.png"), mask);
            assertThat(out.modelId()).isEqualTo(id);
            assertThat(out.method()).isEqualTo(RefinedReconstructor.METHOD);
            BufferedImage img = out.image();
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    if (!mask.isDamaged(x, y)) {
                        assertThat(img.getRGB(x, y) & 0xffffff).isEqualTo(clean.getRGB(x, y) & 0xffffff);
                    }
                }
            }
            double measuredPsnr = ReconstructionMetrics.psnr(clean, img, mask);
            double measuredSsim = ReconstructionMetrics.ssim(clean, img, mask);
            assertThat(measuredPsnr).isCloseTo(psnr, within(1e-3));
            assertThat(measuredSsim).isCloseTo(ssim, within(1e-4));
            assertThat(digest(img)).isEqualTo(sha256);
            BufferedImage telea = new TeleaReconstructor()
                    .inpaint(ImageDecoder.decode(ImageSource.of(damagedPng, "damaged.png")), mask);
            assertThat(measuredPsnr).isGreaterThan(ReconstructionMetrics.psnr(clean, telea, mask));
        }
    }

    @Test
    void theDefaultNeverPicksWeightsACommercialUserMayNotUse() {
        assertThat(card("paintings-inpaint").licence()).contains("non-commercial");
        // No public-domain refiner meets the zoo rule yet, so the default is the classical method.
        assertThat(ModelZoos.models()).noneMatch(c -> c.id().equals(Reconstructors.COMMERCIAL_DEFAULT));
        assertThat(Reconstructors.defaultMethod()).isEqualTo(TeleaReconstructor.METHOD);
    }

    private static ModelCard card(String id) {
        return ModelZoos.models().stream()
                .filter(c -> c.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static String digest(BufferedImage img) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        int[] row = new int[img.getWidth()];
        ByteBuffer bytes = ByteBuffer.allocate(4 * row.length);
        for (int y = 0; y < img.getHeight(); y++) {
            img.getRGB(0, y, row.length, 1, row, 0, row.length);
            bytes.clear();
            for (int v : row) {
                bytes.putInt(v & 0xffffff);
            }
            sha.update(bytes.array());
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
