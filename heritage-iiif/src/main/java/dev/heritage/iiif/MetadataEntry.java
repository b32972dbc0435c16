package dev.heritage.iiif;

import java.util.Objects;

/**
 * One label/value pair of a manifest's or canvas's {@code metadata}, reduced to plain text: of a
 * Presentation 3 language map the English values (else those without a language, else the first
 * language's), of a Presentation 2 value its string or its array's {@code @value}s; several values
 * joined by {@code "; "}, HTML tags removed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param label the label, e.g. {@code Artist}
 * @param value the value, e.g. {@code Vincent van Gogh}
 */
public record MetadataEntry(String label, String value) {
    /** Validates. */
    public MetadataEntry {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(value, "value");
    }
}
