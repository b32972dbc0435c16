package dev.heritage.classify.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.api.ImageSource;
import dev.heritage.classify.Annotators;
import dev.heritage.zoo.paintings.PaintingsZoo;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * {@code AnnotatorOptions.optTrimBorders} with the zoo model: a painting on a flat mat, trimmed, is
 * answered exactly as the painting alone; untrimmed, the mat changes the answer.
 */
class TrimBordersTest {

    /** The Scream at 160 × 200 px: small enough that the analysis keeps every pixel of it and its mat. */
    private static BufferedImage scream() throws Exception {
        BufferedImage src;
        try (InputStream in = TrimBordersTest.class.getResourceAsStream("/backbone/munch_the_scream.jpg")) {
            src = ImageIO.read(in);
        }
        BufferedImage small = new BufferedImage(160, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, 160, 200, null);
        g.dispose();
        return small;
    }

    private static Asset asset(String id, BufferedImage image) throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return Asset.builder(id)
                .image(ImageSource.of(png.toByteArray(), id + ".png"))
                .build();
    }

    @Test
    void aTrimmedMatIsAnsweredAsThePictureAlone() throws Exception {
        BufferedImage picture = scream();
        BufferedImage matted = new BufferedImage(160 + 2 * 24, 200 + 2 * 12, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = matted.createGraphics();
        g.setColor(new Color(238, 236, 228));
        g.fillRect(0, 0, matted.getWidth(), matted.getHeight());
        g.drawImage(picture, 24, 12, null);
        g.dispose();

        AnnotationResult alone;
        AnnotationResult onMat;
        try (Annotator plain = Annotators.load(
                PaintingsZoo.PAINTINGS,
                AnnotatorOptions.builder().engine("onnxruntime").build())) {
            alone = plain.annotate(asset("scream", picture));
            onMat = plain.annotate(asset("scream", matted));
        }
        AnnotationResult trimmed;
        try (Annotator trimming = Annotators.load(
                PaintingsZoo.PAINTINGS,
                AnnotatorOptions.builder()
                        .engine("onnxruntime")
                        .optTrimBorders(true)
                        .build())) {
            trimmed = trimming.annotate(asset("scream", matted));
        }
        assertEquals(alone, trimmed, "the mat cut away: the same answers, to the last digit");
        assertNotEquals(
                alone.prediction("style").confidence(),
                onMat.prediction("style").confidence(),
                "the mat, left on, changes what the model sees");
    }
}
