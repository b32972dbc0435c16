package dev.heritage.classify.collection;

import dev.heritage.api.Asset;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of a collection as {@link CollectionReader} reads it: the {@link Asset} it describes, or
 * the errors that kept it from being one.
 *
 * <p>A row has an asset unless it has a row-level error; with
 * {@link CollectionReader.BadValuePolicy#DROP_FIELD} a row can have both an asset and
 * {@link RowError.Type#BAD_VALUE} errors for the fields that were dropped from it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param row the 1-based data row number (the header is not counted)
 * @param line the 1-based physical line on which the row starts
 * @param asset the asset, {@code null} when the row could not be used
 * @param imagePath the resolved image path, {@code null} when the row names no image; the file may
 *     not exist (decoding reports that later)
 * @param errors the problems of this row, empty for a clean row
 */
public record CollectionRow(long row, long line, Asset asset, Path imagePath, List<RowError> errors) {

    /** Validates and copies. */
    public CollectionRow {
        errors = List.copyOf(Objects.requireNonNull(errors, "errors"));
        if (asset == null && errors.isEmpty()) {
            throw new IllegalArgumentException("a row without an asset needs an error");
        }
    }

    /** @return {@code true} when the row gave an asset */
    public boolean ok() {
        return asset != null;
    }

    /** @return the asset, if the row gave one */
    public Optional<Asset> assetIfOk() {
        return Optional.ofNullable(asset);
    }

    /** @return the resolved image path, if the row names an image */
    public Optional<Path> image() {
        return Optional.ofNullable(imagePath);
    }
}
