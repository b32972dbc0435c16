package dev.heritage.api;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
import java.util.Objects;

/**
 * An image's pixels as packed {@code 0xRRGGBB} ints (the top byte is not to be used): pixel (x, y)
 * is {@code data[base + y * stride + x]}. The one place where pixel loops get at an image's samples
 * without a {@code getRGB} call per pixel or per row.
 *
 * <p>A {@link BufferedImage#TYPE_INT_RGB} image (the type {@link ImageDecoder} returns), including a
 * sub-image, is read in place: {@code data} is the image's own buffer, so whoever writes to the image
 * changes what this view shows, and nobody may write to {@code data}. Every other type is converted
 * once, through {@code getRGB}, into a new array (alpha ignored, as the default colour model gives
 * it).
 *
 * <p>Not thread-safe to mutate (do not); safe to read from several threads while nobody writes the
 * image.
 *
 * @param data the packed pixels
 * @param base the index of pixel (0, 0)
 * @param stride the distance in {@code data} between two rows
 * @param width the image's width
 * @param height the image's height
 */
public record PackedRgb(int[] data, int base, int stride, int width, int height) {

    /** Checks the view against its array. */
    public PackedRgb {
        Objects.requireNonNull(data, "data");
        if (width < 1
                || height < 1
                || stride < width
                || base < 0
                || base + (long) (height - 1) * stride + width > data.length) {
            throw new IllegalArgumentException("a " + width + " x " + height + " view at " + base + " with stride "
                    + stride + " does not fit " + data.length + " ints");
        }
    }

    /**
     * @param image any image
     * @return its pixels, read in place for {@code TYPE_INT_RGB}, converted otherwise
     */
    public static PackedRgb of(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        Raster raster = image.getRaster();
        if (image.getType() == BufferedImage.TYPE_INT_RGB
                && raster.getDataBuffer() instanceof DataBufferInt buffer
                && raster.getSampleModel() instanceof SinglePixelPackedSampleModel model
                && buffer.getNumBanks() == 1) {
            int stride = model.getScanlineStride();
            int base =
                    buffer.getOffset() - raster.getSampleModelTranslateY() * stride - raster.getSampleModelTranslateX();
            return new PackedRgb(buffer.getData(), base, stride, width, height);
        }
        return new PackedRgb(image.getRGB(0, 0, width, height, null, 0, width), 0, width, width, height);
    }

    /**
     * @param y a row
     * @return the index in {@link #data} of the row's first pixel
     */
    public int row(int y) {
        return base + y * stride;
    }
}
