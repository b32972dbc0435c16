package dev.heritage.api;

/**
 * Bounds on what {@link ImageDecoder} will decode.
 *
 * <p>The default pixel limit is 89,478,485 (the bound Pillow uses against decompression bombs),
 * overridable for a whole JVM with the system property {@code heritage.image.maxPixels}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxPixels the largest width × height accepted
 */
public record DecodeLimits(long maxPixels) {
    /** Pillow's default bound: 89,478,485 pixels (about 0.25 GiB of 24-bit pixels). */
    public static final long DEFAULT_MAX_PIXELS = 89_478_485L;
    /** The system property that overrides {@link #DEFAULT_MAX_PIXELS}. */
    public static final String MAX_PIXELS_PROPERTY = "heritage.image.maxPixels";

    /** Validates. */
    public DecodeLimits {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
    }

    /** @return the default limits, honouring {@value #MAX_PIXELS_PROPERTY} when set */
    public static DecodeLimits defaults() {
        String configured = System.getProperty(MAX_PIXELS_PROPERTY);
        if (configured == null || configured.isBlank()) {
            return new DecodeLimits(DEFAULT_MAX_PIXELS);
        }
        try {
            return new DecodeLimits(Long.parseLong(configured.trim().replace("_", "")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "System property " + MAX_PIXELS_PROPERTY + "='" + configured + "' is not a whole number of pixels",
                    e);
        }
    }

    /**
     * @param pixels the largest width × height accepted
     * @return limits with that pixel bound
     */
    public static DecodeLimits maxPixels(long pixels) {
        return new DecodeLimits(pixels);
    }
}
