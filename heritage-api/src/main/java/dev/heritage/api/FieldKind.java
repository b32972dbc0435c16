package dev.heritage.api;

/**
 * How a metadata field is read and encoded.
 *
 * <p>Immutable and thread-safe.
 */
public enum FieldKind {
    /** One value out of a vocabulary (style, artist, medium). Unknown values count as missing. */
    CATEGORICAL,
    /** Free text in any language (title, description). */
    TEXT,
    /** A calendar year; negative for BCE. Predicted as a decade and a century. */
    YEAR,
    /** Any other number (width in cm, say). */
    NUMERIC
}
