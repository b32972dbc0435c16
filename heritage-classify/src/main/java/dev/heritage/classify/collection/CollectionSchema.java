package dev.heritage.classify.collection;

import dev.heritage.api.FieldKind;
import dev.heritage.api.FieldSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which columns of a collection's CSV mean what: the id column, the image-path column, and the
 * metadata fields with their kinds. Columns the schema does not name are ignored.
 *
 * <p>Built with {@link #builder()}; by default the id column is {@code id} and the image column
 * {@code image}. When the CSV lacks the id column, rows are identified by their 1-based row
 * number; when it lacks the image column, assets have no image; a declared field the CSV lacks is
 * missing in every row. {@link CollectionReader#warnings()} reports each of these.
 *
 * <p>Immutable and thread-safe.
 *
 * @param fields the metadata fields, in order; names are unique and differ from the id and image
 *     columns
 * @param idColumn the column holding each object's id; {@code null} to use row numbers
 * @param imageColumn the column holding each object's image path; {@code null} for no images
 */
public record CollectionSchema(List<FieldSpec> fields, String idColumn, String imageColumn) {

    /** Validates and copies. */
    public CollectionSchema {
        fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
        Set<String> names = new HashSet<>();
        for (FieldSpec field : fields) {
            if (!names.add(field.name())) {
                throw new IllegalArgumentException("field '" + field.name() + "' is declared twice");
            }
            if (field.name().equals(idColumn) || field.name().equals(imageColumn)) {
                throw new IllegalArgumentException(
                        "field '" + field.name() + "' is also the id or image column; declare it once");
            }
        }
        if (idColumn != null && idColumn.equals(imageColumn)) {
            throw new IllegalArgumentException("the id and image columns are both '" + idColumn + "'");
        }
    }

    /** @return a builder with id column {@code id}, image column {@code image} and no fields */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param name a field name
     * @return the declared field of that name
     */
    public Optional<FieldSpec> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** @return the id column, if rows have one */
    public Optional<String> idColumnName() {
        return Optional.ofNullable(idColumn);
    }

    /** @return the image column, if rows have one */
    public Optional<String> imageColumnName() {
        return Optional.ofNullable(imageColumn);
    }

    /** A mutable builder of {@link CollectionSchema}; not thread-safe. */
    public static final class Builder {
        private final List<FieldSpec> fields = new ArrayList<>();
        private String idColumn = "id";
        private String imageColumn = "image";

        private Builder() {}

        /**
         * @param column the id column; {@code null} to identify rows by their 1-based row number
         * @return this builder
         */
        public Builder idColumn(String column) {
            this.idColumn = column;
            return this;
        }

        /**
         * @param column the image-path column; {@code null} when the collection has no images
         * @return this builder
         */
        public Builder imageColumn(String column) {
            this.imageColumn = column;
            return this;
        }

        /**
         * @param field a metadata field
         * @return this builder
         */
        public Builder field(FieldSpec field) {
            fields.add(Objects.requireNonNull(field, "field"));
            return this;
        }

        /**
         * @param name a metadata field's column
         * @param kind how it is read
         * @return this builder
         */
        public Builder field(String name, FieldKind kind) {
            return field(FieldSpec.of(name, kind));
        }

        /**
         * @param name a categorical field's column
         * @return this builder
         */
        public Builder categorical(String name) {
            return field(name, FieldKind.CATEGORICAL);
        }

        /**
         * @param name a free-text field's column
         * @return this builder
         */
        public Builder text(String name) {
            return field(name, FieldKind.TEXT);
        }

        /**
         * @param name a year field's column
         * @return this builder
         */
        public Builder year(String name) {
            return field(name, FieldKind.YEAR);
        }

        /**
         * @param name a numeric field's column
         * @return this builder
         */
        public Builder numeric(String name) {
            return field(name, FieldKind.NUMERIC);
        }

        /**
         * @return the schema
         * @throws IllegalArgumentException if a name is declared twice
         */
        public CollectionSchema build() {
            return new CollectionSchema(fields, idColumn, imageColumn);
        }
    }
}
