package dev.heritage.api;

import java.util.List;
import java.util.Objects;

/**
 * The predicted value of one missing field.
 *
 * <p>Immutable and thread-safe.
 *
 * @param field the field (task) name
 * @param value the most likely value
 * @param confidence its calibrated probability, in [0, 1]
 * @param alternatives the next most likely values, best first
 * @param needsReview true when the confidence is below the field's review threshold
 */
public record Prediction(String field, String value, double confidence, List<Alternative> alternatives,
                         boolean needsReview) {
    /** Validates and copies. */
    public Prediction {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        alternatives = List.copyOf(alternatives);
    }
}
