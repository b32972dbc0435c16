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
 * @param outside true when the model answers "outside the classes I know" for this field (open set):
 *     {@code value} is then only the nearest known class and {@code needsReview} is true
 * @param outsideScore how far outside the known classes the object lies, in [0, 1] (the share of the
 *     model's validation objects of known classes that lie closer), or {@code NaN} when the model has
 *     no open-set answer for this field or the object has no image
 */
public record Prediction(String field, String value, double confidence, List<Alternative> alternatives,
                         boolean needsReview, Map<String, Double> evidence, boolean outside, double outsideScore) {
    /** Validates and copies. */
    public Prediction {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        alternatives = List.copyOf(alternatives);
        evidence = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
        if (!Double.isNaN(outsideScore) && !(outsideScore >= 0 && outsideScore <= 1)) {
            throw new IllegalArgumentException("outsideScore must be in [0, 1] or NaN, got " + outsideScore);
        }
        if (outside && !needsReview) {
            throw new IllegalArgumentException("an answer outside the known classes always needs review");
        }
    }

    /**
     * A prediction without an open-set answer.
     *
     * @param field the field (task) name
     * @param value the most likely value
     * @param confidence its calibrated probability
     * @param alternatives the next most likely values
     * @param needsReview true when the confidence is below the review threshold
     * @param evidence each input's contribution, or empty
     */
    public Prediction(String field, String value, double confidence, List<Alternative> alternatives,
                      boolean needsReview, Map<String, Double> evidence) {
        this(field, value, confidence, alternatives, needsReview, evidence, false, Double.NaN);
    }

    /** @return whether this prediction carries an open-set score */
    public boolean hasOutsideScore() {
        return !Double.isNaN(outsideScore);
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
