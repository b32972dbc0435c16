package dev.heritage.classify.batch;

import dev.heritage.api.AnnotationResult;
import java.util.Objects;

/**
 * What a batch run says about one input row: the annotator's result, or an error record (an image
 * that could not be used, a row the CSV reader rejected). Every row of a batch gets exactly one
 * outcome, in input order, so a failed row is never silently dropped.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the row's id (for a row without a readable id, a description such as {@code row 7})
 * @param result the result, or {@code null} for an error
 * @param errorType a short machine-readable kind of error (e.g. {@code invalid_image},
 *     {@code bad_value}), or {@code null} for a result
 * @param errorMessage what went wrong and what to do, or {@code null} for a result
 */
public record RowOutcome(String id, AnnotationResult result, String errorType, String errorMessage) {

    /** Validates: exactly one of a result and an error. */
    public RowOutcome {
        Objects.requireNonNull(id, "id");
        if ((result == null) == (errorType == null)) {
            throw new IllegalArgumentException("row '" + id + "': give either a result or an error type, not "
                    + (result == null ? "neither" : "both"));
        }
        if (errorType != null) {
            Objects.requireNonNull(errorMessage, "errorMessage");
        }
    }

    /**
     * @param result the annotator's result
     * @return the outcome of the row it answers (its id is the result's asset id)
     */
    public static RowOutcome of(AnnotationResult result) {
        return new RowOutcome(result.assetId(), result, null, null);
    }

    /**
     * @param id the row's id
     * @param type a short machine-readable kind of error
     * @param message what went wrong and what to do
     * @return an error outcome
     */
    public static RowOutcome error(String id, String type, String message) {
        return new RowOutcome(id, null, Objects.requireNonNull(type, "type"), message);
    }

    /** @return whether this row is an error record */
    public boolean isError() {
        return errorType != null;
    }
}
