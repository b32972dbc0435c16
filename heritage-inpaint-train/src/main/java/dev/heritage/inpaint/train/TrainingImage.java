package dev.heritage.inpaint.train;

import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * An undamaged training image held compactly in memory (3 bytes per pixel), with the cluster it belongs
 * to when a conditioned network is trained.
 *
 * <p>Immutable by contract (the pixel array is not copied; nobody may change it) and thread-safe.
 *
 * @param id the image's id, for messages
 * @param width width in pixels
 * @param height height in pixels
 * @param rgb interleaved R, G, B bytes, row-major, {@code 3 × width × height} long
 * @param condition the cluster index fed to a conditioned network, or -1 for none
 */
public record TrainingImage(String id, int width, int height, byte[] rgb, int condition) {
    /** Validates. */
    public TrainingImage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rgb, "rgb");
        if (width <= 0 || height <= 0 || rgb.length != 3 * width * height) {
            throw new IllegalArgumentException(
                    "Image " + id + ": " + rgb.length + " bytes do not hold " + width + "x" + height + " RGB pixels");
        }
    }

    /**
     * Decodes an image with {@link ImageDecoder} (default limits).
     *
     * @param id the image's id
     * @param source the encoded image
     * @return the image, without a condition
     * @throws InvalidImageException if it cannot be decoded
     */
    public static TrainingImage decode(String id, ImageSource source) throws InvalidImageException {
        return of(id, ImageDecoder.decode(source));
    }

    /**
     * @param id the image's id
     * @param image any image
     * @return its pixels, without a condition
     */
    public static TrainingImage of(String id, BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[3 * w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int o = 3 * (y * w + x);
                rgb[o] = (byte) (p >> 16);
                rgb[o + 1] = (byte) (p >> 8);
                rgb[o + 2] = (byte) p;
            }
        }
        return new TrainingImage(id, w, h, rgb, -1);
    }

    /**
     * @param cluster the cluster index, or -1
     * @return this image with that condition (sharing the pixels)
     */
    public TrainingImage withCondition(int cluster) {
        return new TrainingImage(id, width, height, rgb, cluster);
    }

    /** @return the image as a new {@link BufferedImage#TYPE_INT_RGB} */
    public BufferedImage toImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int o = 3 * (y * width + x);
                row[x] = (rgb[o] & 0xff) << 16 | (rgb[o + 1] & 0xff) << 8 | (rgb[o + 2] & 0xff);
            }
            img.setRGB(0, y, width, 1, row, 0, width);
        }
        return img;
    }

    @Override
    public String toString() {
        return "TrainingImage[" + id + " " + width + "x" + height + (condition >= 0 ? " cluster " + condition : "")
                + "]";
    }
}
