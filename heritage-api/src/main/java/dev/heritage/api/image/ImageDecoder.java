package dev.heritage.api.image;

import dev.heritage.api.ImageSource;
import dev.heritage.api.ImageTooLargeException;
import dev.heritage.api.InvalidImageException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The one image decoder of Heritage: bounded, defensive, and normalising.
 *
 * <ul>
 *   <li>The header is read first; an image above {@link DecodeLimits#maxPixels()} is refused with
 *       {@link ImageTooLargeException} before any pixel memory is allocated.
 *   <li>Empty, truncated, garbage or unsupported input gives {@link InvalidImageException} naming
 *       the source and the reason; no other exception escapes for bad bytes.
 *   <li>Odd but valid images (CMYK JPEG, 16-bit, grey, palette, alpha, TIFF, BMP, GIF) come out as
 *       8-bit RGB ({@link BufferedImage#TYPE_INT_RGB}); transparency is composited over white.
 * </ul>
 *
 * <p>JPEG, TIFF and BMP are read through the TwelveMonkeys ImageIO plugins (which read CMYK and
 * YCCK JPEGs the JDK cannot). Stateless and thread-safe.
 */
public final class ImageDecoder {

    static {
        // Make sure plugins on the class path (TwelveMonkeys) are registered, whatever class loader
        // loaded ImageIO first.
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);
    }

    private ImageDecoder() {
    }

    /**
     * Reads only the header.
     *
     * @param source the encoded image
     * @return format and size
     * @throws InvalidImageException if the bytes are not a readable image
     */
    public static ImageHeader readHeader(ImageSource source) throws InvalidImageException {
        try (InputStream in = source.open(); ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            ImageReader reader = readerFor(iis, source);
            try {
                return new ImageHeader(reader.getFormatName(), reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidImageException(source.describe() + ": cannot read the image header (" + reason(e)
                    + "). Check that the file is a complete JPEG, PNG, TIFF, BMP or GIF.", e);
        }
    }

    /**
     * Decodes with the {@linkplain DecodeLimits#defaults() default limits}.
     *
     * @param source the encoded image
     * @return the image as 8-bit RGB
     * @throws InvalidImageException if the image cannot be used
     */
    public static BufferedImage decode(ImageSource source) throws InvalidImageException {
        return decode(source, DecodeLimits.defaults());
    }

    /**
     * Decodes an image, refusing it from the header when it is too large.
     *
     * @param source the encoded image
     * @param limits the bounds to enforce
     * @return the image as 8-bit RGB ({@link BufferedImage#TYPE_INT_RGB})
     * @throws ImageTooLargeException if the header declares more pixels than allowed
     * @throws InvalidImageException if the image is empty, truncated, corrupt or of an unknown format
     */
    public static BufferedImage decode(ImageSource source, DecodeLimits limits) throws InvalidImageException {
        return decode(source, limits, 1);
    }

    /**
     * Decodes an image, reading only every {@code subsampling}-th pixel in each direction (cheap
     * decode-time down-scaling for previews and models with small inputs).
     *
     * @param source the encoded image
     * @param limits the bounds to enforce (on the full, declared size)
     * @param subsampling 1 for every pixel, 2 for every other pixel, …
     * @return the image as 8-bit RGB
     * @throws InvalidImageException if the image cannot be used
     */
    public static BufferedImage decode(ImageSource source, DecodeLimits limits, int subsampling)
            throws InvalidImageException {
        if (subsampling < 1) {
            throw new IllegalArgumentException("subsampling must be >= 1, got " + subsampling);
        }
        List<String> warnings = new ArrayList<>();
        BufferedImage raw;
        try (InputStream in = source.open(); ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            ImageReader reader = readerFor(iis, source);
            try {
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new InvalidImageException(source.describe() + ": the header declares an empty image ("
                            + width + " x " + height + ").");
                }
                if (width * height > limits.maxPixels()) {
                    throw new ImageTooLargeException(source.describe(), width, height, limits.maxPixels());
                }
                reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
                ImageReadParam param = reader.getDefaultReadParam();
                if (subsampling > 1) {
                    param.setSourceSubsampling(subsampling, subsampling, 0, 0);
                }
                raw = reader.read(0, param);
            } finally {
                reader.dispose();
            }
        } catch (InvalidImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidImageException(source.describe() + ": the image cannot be decoded (" + reason(e)
                    + "). It may be truncated or corrupt; re-export it as JPEG or PNG.", e);
        }
        for (String w : warnings) {
            String lower = w.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("truncat") || lower.contains("premature") || lower.contains("corrupt")
                    || lower.contains("missing")) {
                throw new InvalidImageException(source.describe() + ": the image data is incomplete (" + w
                        + "). The file was probably cut off; upload it again.");
            }
        }
        if (raw == null) {
            throw new InvalidImageException(source.describe() + ": the decoder returned no image.");
        }
        return toRgb(raw);
    }

    /**
     * Decodes an image for analysis at reduced resolution: the decoder skips pixels (decode-time
     * sub-sampling, cheap for large JPEGs) as long as the shorter side stays at least
     * {@code minShorterSide}. The pixel limit applies to the declared, full size.
     *
     * @param source the encoded image
     * @param limits the bounds to enforce
     * @param minShorterSide the smallest acceptable shorter side after sub-sampling
     * @return the image as 8-bit RGB
     * @throws InvalidImageException if the image cannot be used
     */
    public static BufferedImage decodeAtLeast(ImageSource source, DecodeLimits limits, int minShorterSide)
            throws InvalidImageException {
        ImageHeader header = readHeader(source);
        int shorter = Math.min(header.width(), header.height());
        return decode(source, limits, Math.max(1, shorter / Math.max(1, minShorterSide)));
    }

    /**
     * Converts any image to 8-bit RGB, compositing transparency over white. Returns the same
     * instance when it already is {@link BufferedImage#TYPE_INT_RGB}.
     *
     * @param image any image
     * @return an RGB image
     */
    public static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    private static ImageReader readerFor(ImageInputStream iis, ImageSource source) throws IOException,
            InvalidImageException {
        if (iis == null) {
            throw new InvalidImageException(source.describe() + ": cannot open the image bytes.");
        }
        iis.mark();
        int first = iis.read();
        iis.reset();
        if (first < 0) {
            throw new InvalidImageException(source.describe() + ": the file is empty (0 bytes).");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
        if (!readers.hasNext()) {
            throw new InvalidImageException(source.describe()
                    + ": not a recognised image format. Use JPEG, PNG, TIFF, BMP or GIF.");
        }
        ImageReader reader = readers.next();
        reader.setInput(iis, true, true);
        return reader;
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
