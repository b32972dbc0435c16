package dev.heritage.api;

import java.util.List;
import java.util.Objects;

/**
 * The declaration of one metadata field: its name, kind and, for categorical fields, its
 * vocabulary (the values a model knows, in index order).
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the field name, as in the CSV header
 * @param kind how the field is read
 * @param vocabulary known values for {@link FieldKind#CATEGORICAL}; empty for the other kinds
 */
public record FieldSpec(String name, FieldKind kind, List<String> vocabulary) {

    /** Validates and copies. */
    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        vocabulary = vocabulary == null ? List.of() : List.copyOf(vocabulary);
    }

    /**
     * @param name the field name
     * @param kind how the field is read
     * @return a field with no vocabulary
     */
    public static FieldSpec of(String name, FieldKind kind) {
        return new FieldSpec(name, kind, List.of());
    }
}
