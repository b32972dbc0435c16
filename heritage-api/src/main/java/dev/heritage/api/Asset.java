package dev.heritage.api;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One cultural-heritage object to annotate: an id, optionally an image, and the metadata fields
 * that are already known (raw text, as read from a CSV cell or a form; an empty or blank value
 * counts as missing and is dropped).
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder(String)}.
 *
 * @param id the caller's id of the object, echoed in results
 * @param image where the image comes from; {@code null} when the object has no image
 * @param fields known fields by name, in insertion order; never contains blank values
 */
public record Asset(String id, ImageSource image, Map<String, String> fields) {

    /** Validates and copies the fields. */
    public Asset {
        Objects.requireNonNull(id, "id");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
    }

    /**
     * @param id the caller's id of the object
     * @return a builder for an asset of that id
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** @return the image source, if the object has one */
    public Optional<ImageSource> imageSource() {
        return Optional.ofNullable(image);
    }

    /**
     * @param name a field name
     * @return the known value of that field, if present
     */
    public Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** A mutable builder of {@link Asset}; not thread-safe. */
    public static final class Builder {
        private final String id;
        private ImageSource image;
        private final Map<String, String> fields = new LinkedHashMap<>();

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        /**
         * @param path the image file
         * @return this builder
         */
        public Builder image(Path path) {
            this.image = ImageSource.of(path);
            return this;
        }

        /**
         * @param source where the image comes from
         * @return this builder
         */
        public Builder image(ImageSource source) {
            this.image = source;
            return this;
        }

        /**
         * Sets a known field. A {@code null}, empty or blank value means "missing" and removes it.
         *
         * @param name the field name
         * @param value the raw value
         * @return this builder
         */
        public Builder field(String name, String value) {
            Objects.requireNonNull(name, "name");
            if (value == null || value.isBlank()) {
                fields.remove(name);
            } else {
                fields.put(name, value.strip());
            }
            return this;
        }

        /** @return the asset */
        public Asset build() {
            return new Asset(id, image, fields);
        }
    }
}
