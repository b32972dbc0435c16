package dev.heritage.bench;

import dev.heritage.api.DecodeLimits;
import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * The benchmarks' inputs, made in memory from one bundled public-domain painting
 * ({@code painting.jpg}: Munch, The Scream, 352×448; see {@code painting.txt}): JPEGs whose shorter
 * side is 224 px and whose longer side is 2,000 px, and RGB images of any size.
 *
 * <p>Stateless and thread-safe; every call returns new objects.
 */
public final class BenchImages {
    /** The side of the small JPEG (the backbone's input size). */
    public static final int SMALL_SIDE = 224;
    /** The longer side of the large JPEG. */
    public static final int LARGE_SIDE = 2000;

    private BenchImages() {}

    /** @return the bundled painting as 8-bit RGB */
    public static BufferedImage painting() {
        try (InputStream in = BenchImages.class.getResourceAsStream("painting.jpg")) {
            if (in == null) {
                throw new IllegalStateException("The resource dev/heritage/bench/painting.jpg is missing from the jar");
            }
            byte[] bytes = in.readAllBytes();
            return ImageDecoder.decode(ImageSource.of(bytes, "painting.jpg"), DecodeLimits.defaults());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidImageException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * @param width the width
     * @param height the height
     * @return the painting resized (bilinear, aspect ratio not kept) to that size, TYPE_INT_RGB
     */
    public static BufferedImage scaled(int width, int height) {
        BufferedImage src = painting();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** @return a JPEG of the painting, 224 × 285 px */
    public static byte[] smallJpeg() {
        return jpeg(scaled(SMALL_SIDE, Math.round(SMALL_SIDE * 448f / 352f)));
    }

    /** @return a JPEG of the painting, 1,571 × 2,000 px (3.1 MP) */
    public static byte[] largeJpeg() {
        return jpeg(scaled(Math.round(LARGE_SIDE * 352f / 448f), LARGE_SIDE));
    }

    /**
     * @param image an RGB image
     * @return its JPEG encoding (ImageIO's default quality)
     */
    public static byte[] jpeg(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, "jpg", out)) {
                throw new IllegalStateException("No JPEG writer in this JVM");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
