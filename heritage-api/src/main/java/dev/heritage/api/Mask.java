package dev.heritage.api;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Objects;
import java.util.Optional;

/**
 * Which pixels of an image are damaged. Read from a PNG of the image's size where white (any pixel
 * brighter than mid-grey) marks damage and black marks intact paint. Transparency counts as black
 * (a transparent pixel marks nothing), so white strokes on a transparent layer are a mask too.
 *
 * <p>Immutable and thread-safe.
 */
public final class Mask {
    private final int width;
    private final int height;
    private final BitSet damaged;

    private Mask(int width, int height, BitSet damaged) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("Mask size must be positive, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.damaged = damaged;
    }

    /**
     * @param width width in pixels
     * @param height height in pixels
     * @param damaged row-major flags, {@code width * height} long; copied
     * @return the mask
     */
    public static Mask of(int width, int height, boolean[] damaged) {
        if (damaged.length != width * height) {
            throw new IllegalArgumentException("Expected " + width * height + " flags, got " + damaged.length);
        }
        BitSet bits = new BitSet(damaged.length);
        for (int i = 0; i < damaged.length; i++) {
            if (damaged[i]) {
                bits.set(i);
            }
        }
        return new Mask(width, height, bits);
    }

    /**
     * @param image a mask image: bright = damaged; transparent pixels are seen over black
     * @return the mask
     */
    public static Mask fromImage(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        boolean alpha = image.getColorModel().hasAlpha();
        BitSet bits = new BitSet(w * h);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int lum = (((p >> 16) & 0xff) * 299 + ((p >> 8) & 0xff) * 587 + (p & 0xff) * 114) / 1000;
                if (alpha) {
                    lum = lum * (p >>> 24) / 255; // over black
                }
                if (lum >= 128) {
                    bits.set(y * w + x);
                }
            }
        }
        return new Mask(w, h, bits);
    }

    /**
     * @param png the mask file (PNG or any decodable format)
     * @return the mask
     * @throws InvalidImageException if the file cannot be decoded
     */
    public static Mask fromPng(Path png) throws InvalidImageException {
        return fromImage(ImageDecoder.decodeOver(ImageSource.of(png), DecodeLimits.defaults(), Color.BLACK));
    }

    /** @return width in pixels */
    public int width() {
        return width;
    }

    /** @return height in pixels */
    public int height() {
        return height;
    }

    /**
     * @param x column
     * @param y row
     * @return true if that pixel is damaged
     */
    public boolean isDamaged(int x, int y) {
        return damaged.get(y * width + x);
    }

    /**
     * @param imageWidth the image's width
     * @param imageHeight the image's height
     * @param description the image's name for the message
     * @throws InvalidImageException naming both sizes when the mask is not of the image's size
     */
    public void requireSize(int imageWidth, int imageHeight, String description) throws InvalidImageException {
        if (imageWidth != width || imageHeight != height) {
            throw new InvalidImageException("mask is " + width + "x" + height + " but image is " + imageWidth + "x"
                    + imageHeight + ": " + description + ". Use a mask of the image's size (white = damaged).");
        }
    }

    /** @return the number of damaged pixels */
    public long damagedCount() {
        return damaged.cardinality();
    }

    /** @return the damaged share of the image, in [0, 1] */
    public double coverage() {
        return damaged.cardinality() / (double) ((long) width * height);
    }

    /**
     * @return the smallest rectangle holding every damaged pixel (x, y, width, height), or empty when no
     *     pixel is damaged
     */
    public Optional<Rectangle> damagedBounds() {
        if (damaged.isEmpty()) {
            return Optional.empty();
        }
        int minX = width;
        int maxX = -1;
        int minY = damaged.nextSetBit(0) / width;
        int maxY = damaged.previousSetBit(damaged.length() - 1) / width;
        for (int y = minY; y <= maxY; y++) {
            int first = damaged.nextSetBit(y * width);
            if (first < 0 || first >= (y + 1) * width) {
                continue;
            }
            minX = Math.min(minX, first - y * width);
            maxX = Math.max(maxX, damaged.previousSetBit((y + 1) * width - 1) - y * width);
        }
        return Optional.of(new Rectangle(minX, minY, maxX - minX + 1, maxY - minY + 1));
    }

    /** @return true if no pixel is damaged */
    public boolean isEmpty() {
        return damaged.isEmpty();
    }

    /** @return a black-and-white image of the mask (white = damaged) */
    public BufferedImage toImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = damaged.nextSetBit(0); i >= 0; i = damaged.nextSetBit(i + 1)) {
            img.getRaster().setSample(i % width, i / width, 0, 255);
        }
        return img;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mask m && m.width == width && m.height == height && m.damaged.equals(damaged);
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, damaged);
    }

    @Override
    public String toString() {
        return "Mask[" + width + "x" + height + ", " + String.format("%.1f", 100 * coverage()) + "% damaged]";
    }
}
