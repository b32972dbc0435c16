package dev.heritage.classify.collection;

import java.util.Objects;
import java.util.Optional;

/**
 * Why one row of a collection could not be used as it stands: the row and physical line, the row's
 * id where it could be read, what kind of problem, the column concerned, and a message a person can
 * act on (for example {@code row 17 (line 18), column year: 'abc' is not a year ...}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param row the 1-based data row number (the header is not counted)
 * @param line the 1-based physical line on which the row starts
 * @param id the row's id, {@code null} when it could not be read
 * @param type what kind of problem
 * @param column the column concerned; {@code null} when the problem is the whole row
 * @param message the full message, row and column included
 */
public record RowError(long row, long line, String id, Type type, String column, String message) {

    /** The kinds of row problems. */
    public enum Type {
        /** The record is not well-formed CSV (unclosed quote, too many cells, too long). */
        MALFORMED_ROW,
        /** A cell does not hold a value of its field's kind (a year that is not a year). */
        BAD_VALUE,
        /** The id column is empty in this row. */
        MISSING_ID,
        /** An earlier row already has this id. */
        DUPLICATE_ID,
        /** The row's image cannot be used (missing, truncated, not an image, too large). */
        IMAGE,
        /**
         * The row's image could not be fetched from where the row names it (an HTTP error, a refused
         * address, too many bytes or pixels, not an image).
         */
        IMAGE_FETCH
    }

    /** Validates. */
    public RowError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
    }

    /** @return the row's id, if it could be read */
    public Optional<String> idIfKnown() {
        return Optional.ofNullable(id);
    }

    @Override
    public String toString() {
        return type + ": " + message;
    }
}
