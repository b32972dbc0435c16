package dev.heritage.iiif;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One canvas of a manifest: the view of the object an annotation targets. Its width and height are
 * the canvas's coordinate space, which need not be the image's pixels (regions on the canvas are
 * scaled from image pixels by {@code canvas size / image size}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the canvas's IRI
 * @param label its label as plain text (empty when it has none)
 * @param width the canvas's width in its own coordinates (0 when the manifest gives none)
 * @param height the canvas's height (0 when the manifest gives none)
 * @param image the image painted on it, or {@code null} when it paints none
 * @param metadata the canvas's own {@code metadata}, in order
 */
public record Canvas(
        String id, String label, int width, int height, ImageResource image, List<MetadataEntry> metadata) {
    /** Validates and copies. */
    public Canvas {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("canvas " + id + ": negative size " + width + "x" + height);
        }
        metadata = List.copyOf(Objects.requireNonNull(metadata, "metadata"));
    }

    /** @return the image painted on the canvas, if any */
    public Optional<ImageResource> imageIfAny() {
        return Optional.ofNullable(image);
    }
}
