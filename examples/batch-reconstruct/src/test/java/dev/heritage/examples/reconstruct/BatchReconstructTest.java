package dev.heritage.examples.reconstruct;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heritage.api.ImageSource;
import dev.heritage.api.Mask;
import dev.heritage.api.ImageDecoder;
import dev.heritage.inpaint.MaskGenerator;
import dev.heritage.inpaint.Reconstructors;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the batch for real on a public-domain painting and a generated mask, with the default method
 * and with the zoo's {@code paintings-inpaint}.
 */
class BatchReconstructTest {
    private static final String PAINTING = "van_gogh_the_church_at_auvers.jpg";

    @ParameterizedTest
    @ValueSource(strings = {"", "paintings-inpaint"})
    void reconstructsInsideTheMaskAndLeavesEveryOtherPixelAsItWas(String method, @TempDir Path folder)
            throws Exception {
        Path image = copyPainting(folder);
        BufferedImage original = ImageDecoder.decode(ImageSource.of(image));
        Mask mask = MaskGenerator.mixed().generate(7, original.getWidth(), original.getHeight());
        ImageIO.write(mask.toImage(), "png", folder.resolve("van_gogh_the_church_at_auvers.mask.png").toFile());
        Files.copy(image, folder.resolve("no_mask_here.jpg"));
        Path output = folder.resolve("out");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        String[] args = method.isEmpty() ? new String[] {folder.toString(), "--out", output.toString()}
                : new String[] {folder.toString(), "--out", output.toString(), "--method", method};
        int status = BatchReconstruct.run(args, new PrintStream(log, true, StandardCharsets.UTF_8));

        String expectedMethod = method.isEmpty() ? Reconstructors.defaultMethod() : method;
        assertThat(status).as(log.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("1 reconstructed with " + expectedMethod + ", 1 without a mask, 0 failed");
        Path reconstructedFile = output.resolve("van_gogh_the_church_at_auvers." + expectedMethod + ".png");
        Path overlayFile = output.resolve("van_gogh_the_church_at_auvers." + expectedMethod + ".overlay.png");
        try (var files = Files.list(output)) {
            assertThat(files).containsExactlyInAnyOrder(reconstructedFile, overlayFile);
        }

        BufferedImage reconstructed = ImageIO.read(reconstructedFile.toFile());
        BufferedImage overlay = ImageIO.read(overlayFile.toFile());
        assertThat(reconstructed.getWidth()).isEqualTo(original.getWidth());
        assertThat(reconstructed.getHeight()).isEqualTo(original.getHeight());
        assertThat(overlay.getWidth()).isEqualTo(original.getWidth());
        assertThat(overlay.getHeight()).isEqualTo(original.getHeight());
        long changedInside = 0;
        long tintedInside = 0;
        for (int y = 0; y < original.getHeight(); y++) {
            for (int x = 0; x < original.getWidth(); x++) {
                int before = original.getRGB(x, y) & 0xffffff;
                int after = reconstructed.getRGB(x, y) & 0xffffff;
                if (!mask.isDamaged(x, y)) {
                    assertThat(after).as("pixel (%d, %d) outside the mask", x, y).isEqualTo(before);
                } else {
                    changedInside += after != before ? 1 : 0;
                    tintedInside += (overlay.getRGB(x, y) & 0xffffff) != after ? 1 : 0;
                }
            }
        }
        assertThat(changedInside).as("pixels synthesised inside the mask").isGreaterThan(mask.damagedCount() / 2);
        assertThat(tintedInside).as("masked pixels shown tinted in the overlay").isGreaterThan(mask.damagedCount() / 2);
    }

    @Test
    void reportsAMaskOfTheWrongSizeAndGoesOn(@TempDir Path folder) throws Exception {
        copyPainting(folder);
        ImageIO.write(new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY), "png",
                folder.resolve("van_gogh_the_church_at_auvers.mask.png").toFile());
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        int status = BatchReconstruct.run(new String[] {folder.toString()}, new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("Failed: ").contains("10x10")
                .contains("0 reconstructed with ").contains("1 failed");
    }

    @Test
    void saysWhatIsWrongWithTheCommandLine(@TempDir Path folder) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);

        assertThat(BatchReconstruct.run(new String[] {}, out)).isEqualTo(2);
        assertThat(BatchReconstruct.run(new String[] {folder.resolve("missing").toString()}, out)).isEqualTo(2);
        assertThat(BatchReconstruct.run(new String[] {folder.toString(), "--method", "no-such-method"}, out))
                .isEqualTo(1);

        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("name the folder of damaged images")
                .contains("missing is not a folder")
                .contains("no-such-method")
                .contains("Usage: BatchReconstruct FOLDER");
    }

    private static Path copyPainting(Path folder) throws IOException {
        Path target = folder.resolve(PAINTING);
        try (InputStream in = Objects.requireNonNull(BatchReconstructTest.class.getResourceAsStream("/paintings/" + PAINTING),
                PAINTING + " is missing from src/test/resources/paintings")) {
            Files.copy(in, target);
        }
        return target;
    }
}
