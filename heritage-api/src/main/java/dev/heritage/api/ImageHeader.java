package dev.heritage.api;

/**
 * What an image's header says, read without decoding pixels.
 *
 * <p>Immutable and thread-safe.
 *
 * @param format the format name as the decoder reports it (e.g. {@code JPEG}, {@code png})
 * @param width width in pixels
 * @param height height in pixels
 */
public record ImageHeader(String format, int width, int height) {
    /** @return width × height */
    public long pixels() {
        return (long) width * height;
    }
}
