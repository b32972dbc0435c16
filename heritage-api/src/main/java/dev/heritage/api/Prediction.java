package dev.heritage.api;

import java.util.List;
import java.util.Map;
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
 * @param evidence when explanations were asked for ({@link AnnotatorOptions#explain()}): per input
 *     used ({@code image} or a field name), how much the confidence in {@code value} drops when that
 *     input alone is withheld (negative: the input argued against it); otherwise empty
 */
public record Prediction(String field, String value, double confidence, List<Alternative> alternatives,
                         boolean needsReview, Map<String, Double> evidence) {
    /** Validates and copies. */
    public Prediction {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        alternatives = List.copyOf(alternatives);
        evidence = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
    }

    /**
     * A prediction without explanation.
     *
     * @param field the field (task) name
     * @param value the most likely value
     * @param confidence its calibrated probability
     * @param alternatives the next most likely values
     * @param needsReview true when the confidence is below the review threshold
     */
    public Prediction(String field, String value, double confidence, List<Alternative> alternatives,
                      boolean needsReview) {
        this(field, value, confidence, alternatives, needsReview, Map.of());
    }
}
