package dev.heritage.api;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one image decoder of Heritage: bounded, defensive, and normalising.
 *
 * <ul>
 *   <li>The header is read first; an image above {@link DecodeLimits#maxPixels()} is refused with
 *       {@link ImageTooLargeException} before any pixel memory is allocated.
 *   <li>Empty, truncated, garbage or unsupported input gives {@link InvalidImageException} naming
 *       the source and the reason; no other exception escapes for bad bytes.
 *   <li>An image within the limit whose pixels need more heap than the JVM can give now gets
 *       {@link InvalidImageException} too: that {@link OutOfMemoryError} is this decode's own
 *       allocation, released as the error unwinds. Any other {@link VirtualMachineError}
 *       ({@link StackOverflowError}, {@link InternalError}, an {@link OutOfMemoryError} about
 *       Metaspace or native threads) propagates unchanged, even when a plugin wrapped it.
 *   <li>Odd but valid images (CMYK JPEG, 16-bit, grey, palette, alpha, TIFF, BMP, GIF) come out as
 *       8-bit RGB ({@link BufferedImage#TYPE_INT_RGB}); transparency is composited over white
 *       ({@link #decodeOver} chooses another background). A garbage or truncated ICC profile is
 *       ignored (sRGB assumed) and logged as a warning.
 *   <li>A path that is missing, a folder, or not a regular file (a FIFO or device, which could block
 *       forever) gives {@link InvalidImageException} saying which, before anything is read.
 * </ul>
 *
 * <p>JPEG, TIFF and BMP are read through the TwelveMonkeys ImageIO plugins (which read CMYK and
 * YCCK JPEGs the JDK cannot). Stateless and thread-safe.
 */
public final class ImageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);

    static {
        // Make sure plugins on the class path (TwelveMonkeys) are registered, whatever class loader
        // loaded ImageIO first.
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);
    }

    private ImageDecoder() {}

    /**
     * Reads only the header.
     *
     * @param source the encoded image
     * @return format and size
     * @throws InvalidImageException if the bytes are not a readable image
     */
    public static ImageHeader readHeader(ImageSource source) throws InvalidImageException {
        try (InputStream in = open(source);
                ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            ImageReader reader = readerFor(iis, source);
            try {
                return new ImageHeader(reader.getFormatName(), width(reader, source), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (OutOfMemoryError e) {
            throw outOfMemory(source, -1, -1, e);
        } catch (IOException | RuntimeException e) {
            rethrowFatal(e);
            throw new InvalidImageException(
                    source.describe() + ": cannot read the image header (" + reason(e)
                            + "). Check that the file is a complete JPEG, PNG, TIFF, BMP or GIF.",
                    e);
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
        return decode(source, limits, subsampling, Color.WHITE);
    }

    /**
     * Decodes like {@link #decode(ImageSource, DecodeLimits)}, compositing transparency over
     * {@code background} instead of white. Masks use black: a transparent pixel marks nothing.
     *
     * @param source the encoded image
     * @param limits the bounds to enforce
     * @param background what shows through transparent pixels
     * @return the image as 8-bit RGB
     * @throws InvalidImageException if the image cannot be used
     */
    public static BufferedImage decodeOver(ImageSource source, DecodeLimits limits, Color background)
            throws InvalidImageException {
        return decode(source, limits, 1, Objects.requireNonNull(background, "background"));
    }

    private static BufferedImage decode(ImageSource source, DecodeLimits limits, int subsampling, Color background)
            throws InvalidImageException {
        if (subsampling < 1) {
            throw new IllegalArgumentException("subsampling must be >= 1, got " + subsampling);
        }
        return decode(source, limits, (width, height) -> subsampling, background);
    }

    /** Chooses the sub-sampling step from the declared size. */
    private interface Subsampling {
        int step(int width, int height);
    }

    /**
     * Decodes with one reader: the header (size, then the checks on it) and then the pixels, with
     * the sub-sampling {@code subsampling} chooses from the declared size.
     */
    private static BufferedImage decode(
            ImageSource source, DecodeLimits limits, Subsampling subsampling, Color background)
            throws InvalidImageException {
        List<String> warnings = new ArrayList<>();
        BufferedImage raw;
        long width = -1;
        long height = -1;
        try (InputStream in = open(source);
                ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            ImageReader reader = readerFor(iis, source);
            try {
                int declaredWidth = width(reader, source);
                int declaredHeight = reader.getHeight(0);
                width = declaredWidth;
                height = declaredHeight;
                if (width <= 0 || height <= 0) {
                    throw new InvalidImageException(source.describe() + ": the header declares an empty image (" + width
                            + " x " + height + ").");
                }
                if (width * height > limits.maxPixels()) {
                    throw new ImageTooLargeException(source.describe(), width, height, limits.maxPixels());
                }
                reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
                ImageReadParam param = reader.getDefaultReadParam();
                int step = subsampling.step(declaredWidth, declaredHeight);
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                raw = reader.read(0, param);
            } finally {
                reader.dispose();
            }
        } catch (InvalidImageException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw outOfMemory(source, width, height, e);
        } catch (IOException | RuntimeException e) {
            rethrowFatal(e);
            OutOfMemoryError oom = allocationFailureIn(e);
            if (oom != null) { // the PNG reader wraps every Throwable in an IIOException
                throw outOfMemory(source, width, height, oom);
            }
            throw new InvalidImageException(
                    source.describe() + ": the image cannot be decoded (" + reason(e)
                            + "). It may be truncated or corrupt; re-export it as JPEG or PNG.",
                    e);
        }
        for (String w : warnings) {
            String lower = w.toLowerCase(Locale.ROOT);
            if (lower.contains("icc")) {
                // A bad colour profile is metadata, not pixels: the reader ignored it and decoded the
                // image as sRGB. Say so, but do not refuse a complete image for it.
                LOG.warn("{}: {} The image was decoded assuming sRGB colours.", source.describe(), w);
                continue;
            }
            if (lower.contains("truncat")
                    || lower.contains("premature")
                    || lower.contains("corrupt")
                    || lower.contains("missing")) {
                throw new InvalidImageException(source.describe() + ": the image data is incomplete (" + w
                        + "). The file was probably cut off; upload it again.");
            }
        }
        if (raw == null) {
            throw new InvalidImageException(source.describe() + ": the decoder returned no image.");
        }
        try {
            return toRgb(raw, background);
        } catch (OutOfMemoryError e) {
            raw = null; // let the decoded pixels go before reporting
            throw outOfMemory(source, width, height, e);
        }
    }

    /**
     * Decodes an image for analysis at reduced resolution: the decoder skips pixels (decode-time
     * sub-sampling, cheap for large JPEGs) as long as the shorter side stays at least
     * {@code minShorterSide}. The pixel limit applies to the declared, full size. One reader reads
     * the header and then the pixels.
     *
     * @param source the encoded image
     * @param limits the bounds to enforce
     * @param minShorterSide the smallest acceptable shorter side after sub-sampling
     * @return the image as 8-bit RGB
     * @throws InvalidImageException if the image cannot be used
     */
    public static BufferedImage decodeAtLeast(ImageSource source, DecodeLimits limits, int minShorterSide)
            throws InvalidImageException {
        return decode(
                source,
                limits,
                (width, height) -> Math.max(1, Math.min(width, height) / Math.max(1, minShorterSide)),
                Color.WHITE);
    }

    /**
     * Converts any image to 8-bit RGB, compositing transparency over white. Returns the same
     * instance when it already is {@link BufferedImage#TYPE_INT_RGB}.
     *
     * @param image any image
     * @return an RGB image
     */
    public static BufferedImage toRgb(BufferedImage image) {
        return toRgb(image, Color.WHITE);
    }

    private static BufferedImage toRgb(BufferedImage image, Color background) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(background);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    /**
     * Opens the source, turning "there is no readable image file here" into a message that says
     * which (missing, a folder, a FIFO or device, not readable) instead of "corrupt".
     */
    private static InputStream open(ImageSource source) throws IOException, InvalidImageException {
        try {
            return source.open();
        } catch (NoSuchFileException e) {
            throw new InvalidImageException(
                    source.describe() + ": the file does not exist. Check the path"
                            + " (relative paths are resolved against the images folder).",
                    e);
        } catch (ImageSource.NotRegularFileException e) {
            throw new InvalidImageException(
                    source.describe() + ": " + e.getReason() + ". Give an image file (JPEG, PNG, TIFF, BMP or GIF).",
                    e);
        } catch (AccessDeniedException e) {
            throw new InvalidImageException(
                    source.describe() + ": the file cannot be read (permission denied)."
                            + " Make it readable for this user.",
                    e);
        }
    }

    private static ImageReader readerFor(ImageInputStream iis, ImageSource source)
            throws IOException, InvalidImageException {
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
            throw new InvalidImageException(
                    source.describe() + ": not a recognised image format. Use JPEG, PNG, TIFF, BMP or GIF.");
        }
        ImageReader reader = readers.next();
        reader.setInput(iis, true, true);
        return reader;
    }

    /** The width of the first image; a file with no image at all (e.g. a TIFF cut before its IFD) says so. */
    private static int width(ImageReader reader, ImageSource source) throws IOException, InvalidImageException {
        try {
            return reader.getWidth(0);
        } catch (IndexOutOfBoundsException e) {
            throw new InvalidImageException(
                    source.describe() + ": the file contains no image (" + reason(e)
                            + "). It may be truncated or corrupt; re-export it as JPEG or PNG.",
                    e);
        }
    }

    /**
     * The allocation case. An {@link OutOfMemoryError} while decoding means that this decode asked
     * for pixel memory (bounded by the pixel limit, but possibly more than the heap has free now,
     * e.g. a 37-byte GIF that declares 9000 x 9000 in a small heap). Everything that decode
     * allocated was private to it and becomes unreachable as the error unwinds (the reader is
     * disposed), so the JVM is as healthy as before the request: the failure belongs to this image
     * and is reported as {@link InvalidImageException}, so one upload fails its own request rather
     * than the server. An {@link OutOfMemoryError} about a non-heap resource (Metaspace, compressed
     * class space, native threads) is not this image's allocation and is rethrown, as are every other
     * {@link VirtualMachineError} ({@link StackOverflowError}, {@link InternalError},
     * {@link UnknownError}: the JVM itself may be compromised) and every other {@link Error}.
     */
    private static boolean isAllocationFailure(OutOfMemoryError e) {
        String m = e.getMessage();
        if (m == null) {
            return true;
        }
        String lower = m.toLowerCase(Locale.ROOT);
        return !(lower.contains("metaspace") || lower.contains("class space") || lower.contains("native thread"));
    }

    private static InvalidImageException outOfMemory(ImageSource source, long width, long height, OutOfMemoryError e) {
        if (!isAllocationFailure(e)) {
            throw e;
        }
        String size = width > 0 && height > 0
                ? "the " + width + " x " + height + " image (at least " + Math.max(1, width * height * 4 >> 20)
                        + " MiB as 8-bit RGB)"
                : "the image";
        return new InvalidImageException(
                source.describe() + ": decoding " + size
                        + " needs more memory than this JVM can allocate now (" + reason(e) + "). Retry later, give the"
                        + " JVM more heap (-Xmx), or lower the pixel limit (-D" + DecodeLimits.MAX_PIXELS_PROPERTY
                        + "=N).",
                e);
    }

    /** Some ImageIO plugins (the JDK's PNG reader) wrap any Throwable: unwrap and rethrow the fatal ones. */
    private static void rethrowFatal(Throwable e) {
        int depth = 0;
        for (Throwable t = e.getCause(); t != null && depth++ < 16; t = t.getCause()) {
            if (t instanceof OutOfMemoryError oom && isAllocationFailure(oom)) {
                continue;
            }
            if (t instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        }
    }

    private static OutOfMemoryError allocationFailureIn(Throwable e) {
        int depth = 0;
        for (Throwable t = e.getCause(); t != null && depth++ < 16; t = t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return oom;
            }
        }
        return null;
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        String r = e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m.strip());
        Throwable cause = e.getCause();
        if (cause != null
                && cause != e
                && (m == null || !m.contains(cause.getClass().getSimpleName()))) {
            String cm = cause.getMessage();
            r += ", caused by " + cause.getClass().getSimpleName()
                    + (cm == null || cm.isBlank() ? "" : ": " + cm.strip());
        }
        return r.replaceAll("\\s+", " ");
    }
}
