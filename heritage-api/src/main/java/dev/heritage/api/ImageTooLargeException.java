package dev.heritage.api;

/**
 * An image whose header declares more pixels than the configured limit. It is refused after
 * reading the header only, before any pixel memory is allocated (a defence against
 * decompression bombs).
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class ImageTooLargeException extends InvalidImageException {
    private static final long serialVersionUID = 1L;
    private final long width;
    private final long height;
    private final long limit;

    /**
     * @param source a description of the image (usually its path)
     * @param width the width the header declares
     * @param height the height the header declares
     * @param limit the pixel limit that was exceeded
     */
    public ImageTooLargeException(String source, long width, long height, long limit) {
        super(source + ": the image header declares " + width + " x " + height + " = " + (width * height)
                + " pixels, more than the limit of " + limit
                + ". Downscale the image, or raise the limit with DecodeLimits.maxPixels(...)"
                + " (command line: -Dheritage.image.maxPixels=N) if you trust the source.");
        this.width = width;
        this.height = height;
        this.limit = limit;
    }

    /** @return the width declared by the image header */
    public long width() {
        return width;
    }

    /** @return the height declared by the image header */
    public long height() {
        return height;
    }

    /** @return the pixel limit that was exceeded */
    public long limit() {
        return limit;
    }
}
