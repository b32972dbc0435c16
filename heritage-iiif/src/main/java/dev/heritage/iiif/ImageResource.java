package dev.heritage.iiif;

import java.util.Objects;
import java.util.Optional;

/**
 * The image a canvas paints: the image's own IRI and media type, and the Image API service that
 * serves it at other sizes, if the manifest names one.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the image's IRI (for a static, level-0 hosting the file itself)
 * @param format its media type, e.g. {@code image/jpeg}; empty when the manifest gives none
 * @param service its Image API service, or {@code null}
 */
public record ImageResource(String id, String format, ImageService service) {
    /** Validates. */
    public ImageResource {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(format, "format");
    }

    /** @return the image's Image API service, if the manifest names one */
    public Optional<ImageService> serviceIfAny() {
        return Optional.ofNullable(service);
    }
}
