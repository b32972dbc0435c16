package dev.heritage.iiif;

import dev.heritage.api.ImageSource;
import java.net.URI;
import java.util.Objects;

/**
 * A canvas's image as fetched: where it came from, its encoded bytes in memory (as an
 * {@link ImageSource} for the one decoder) and its size in pixels, read from its header.
 *
 * <p>Immutable and thread-safe.
 *
 * @param uri the URL the bytes came from (before redirects)
 * @param source the encoded bytes
 * @param width the image's width in pixels
 * @param height the image's height in pixels
 */
public record FetchedImage(URI uri, ImageSource source, int width, int height) {
    /** Validates. */
    public FetchedImage {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(source, "source");
    }
}
