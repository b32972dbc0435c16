package dev.heritage.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The predicted value of one missing field.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder(String, String, double)}; the optional
 * parts ({@code opt*}) default to no alternatives, no review, no evidence and no open-set answer.
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
public record Prediction(
        String field,
        String value,
        double confidence,
        List<Alternative> alternatives,
        boolean needsReview,
        Map<String, Double> evidence,
        boolean outside,
        double outsideScore) {
    /** Validates and copies. */
    public Prediction {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        alternatives = List.copyOf(alternatives);
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
        if (!Double.isNaN(outsideScore) && !(outsideScore >= 0 && outsideScore <= 1)) {
            throw new IllegalArgumentException("outsideScore must be in [0, 1] or NaN, got " + outsideScore);
        }
        if (outside && !needsReview) {
            throw new IllegalArgumentException("an answer outside the known classes always needs review");
        }
    }

    /** @return whether this prediction carries an open-set score */
    public boolean hasOutsideScore() {
        return !Double.isNaN(outsideScore);
    }

    /**
     * @param field the field (task) name
     * @param value the most likely value
     * @param confidence its calibrated probability, in [0, 1]
     * @return a builder of a prediction of {@code value} for {@code field}
     */
    public static Builder builder(String field, String value, double confidence) {
        return new Builder(field, value, confidence);
    }

    /** Builds a {@link Prediction}. Mutable and not thread-safe; the built prediction is both. */
    public static final class Builder {
        private final String field;
        private final String value;
        private final double confidence;
        private List<Alternative> alternatives = List.of();
        private boolean needsReview;
        private Map<String, Double> evidence = Map.of();
        private boolean outside;
        private double outsideScore = Double.NaN;

        private Builder(String field, String value, double confidence) {
            this.field = field;
            this.value = value;
            this.confidence = confidence;
        }

        /** @param list the next most likely values, best first (default none) @return this */
        public Builder optAlternatives(List<Alternative> list) {
            this.alternatives = Objects.requireNonNull(list, "list");
            return this;
        }

        /** @param review whether the confidence is below the review threshold (default false) @return this */
        public Builder optNeedsReview(boolean review) {
            this.needsReview = review;
            return this;
        }

        /** @param contributions each input's contribution (default none: no explanation) @return this */
        public Builder optEvidence(Map<String, Double> contributions) {
            this.evidence = Objects.requireNonNull(contributions, "contributions");
            return this;
        }

        /**
         * @param isOutside whether the answer is "outside the classes I know" (then it needs review)
         * @param score how far outside the known classes the object lies, in [0, 1]
         * @return this (default: no open-set answer, score {@code NaN})
         */
        public Builder optOutside(boolean isOutside, double score) {
            this.outside = isOutside;
            this.outsideScore = score;
            return this;
        }

        /** @return the prediction @throws IllegalArgumentException as the record's constructor */
        public Prediction build() {
            return new Prediction(field, value, confidence, alternatives, needsReview, evidence, outside, outsideScore);
        }
    }
}
