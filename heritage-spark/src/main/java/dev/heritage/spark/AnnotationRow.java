package dev.heritage.spark;

import dev.heritage.api.Alternative;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Prediction;
import dev.heritage.classify.batch.RowOutcome;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What Spark returns for one object: the serialisable form of an {@link AnnotationResult}, or an
 * error (an image that cannot be decoded fails only its own row). Values and confidences are
 * exactly those of the annotator (no rounding).
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the object's id
 * @param modelId the model that answered ({@code null} for an error)
 * @param predictions the predictions, in the annotator's order (empty for an error)
 * @param inputsUsed the inputs that contributed
 * @param warnings notes about the inputs
 * @param errorType the kind of error (e.g. {@code invalid_image}), or {@code null} for a result
 * @param errorMessage what went wrong, or {@code null} for a result
 */
public record AnnotationRow(
        String id,
        String modelId,
        List<PredictionRow> predictions,
        List<String> inputsUsed,
        List<String> warnings,
        String errorType,
        String errorMessage)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Validates and copies into serialisable lists. */
    public AnnotationRow {
        Objects.requireNonNull(id, "id");
        predictions = new ArrayList<>(predictions);
        inputsUsed = new ArrayList<>(inputsUsed);
        warnings = new ArrayList<>(warnings);
    }

    /**
     * One predicted field. Immutable.
     *
     * @param field the field
     * @param value the most likely value
     * @param confidence its calibrated probability
     * @param alternativeValues the next values, best first
     * @param alternativeConfidences their probabilities
     * @param needsReview whether it is below the review threshold
     * @param outside whether it was answered "outside the classes I know"
     * @param outsideScore the open-set score, or {@code NaN} when the field has none
     */
    public record PredictionRow(
            String field,
            String value,
            double confidence,
            List<String> alternativeValues,
            double[] alternativeConfidences,
            boolean needsReview,
            boolean outside,
            double outsideScore)
            implements Serializable {
        private static final long serialVersionUID = 2L;

        /** Copies into serialisable containers. */
        public PredictionRow {
            alternativeValues = new ArrayList<>(alternativeValues);
            alternativeConfidences = alternativeConfidences.clone();
        }

        Prediction toPrediction() {
            List<Alternative> alts = new ArrayList<>();
            for (int i = 0; i < alternativeValues.size(); i++) {
                alts.add(new Alternative(alternativeValues.get(i), alternativeConfidences[i]));
            }
            return new Prediction(field, value, confidence, alts, needsReview, Map.of(), outside, outsideScore);
        }
    }

    /**
     * @param r a result
     * @return its row
     */
    public static AnnotationRow of(AnnotationResult r) {
        List<PredictionRow> preds = new ArrayList<>();
        for (Prediction p : r.predictions().values()) {
            preds.add(new PredictionRow(
                    p.field(),
                    p.value(),
                    p.confidence(),
                    p.alternatives().stream().map(Alternative::value).toList(),
                    p.alternatives().stream()
                            .mapToDouble(Alternative::confidence)
                            .toArray(),
                    p.needsReview(),
                    p.outside(),
                    p.outsideScore()));
        }
        return new AnnotationRow(r.assetId(), r.modelId(), preds, r.inputsUsed(), r.warnings(), null, null);
    }

    /**
     * @param outcome what the library's row annotation said about one object
     * @return its row
     */
    public static AnnotationRow of(RowOutcome outcome) {
        return outcome.isError()
                ? error(outcome.id(), outcome.errorType(), outcome.errorMessage())
                : of(outcome.result());
    }

    /**
     * @param id the object's id
     * @param type the kind of error
     * @param message what went wrong
     * @return an error row
     */
    public static AnnotationRow error(String id, String type, String message) {
        return new AnnotationRow(
                id,
                null,
                List.of(),
                List.of(),
                List.of(),
                Objects.requireNonNull(type, "type"),
                Objects.requireNonNull(message, "message"));
    }

    /** @return whether this row is an error */
    public boolean isError() {
        return errorType != null;
    }

    /** @return the row as the library's batch runner writes it: its result or its error */
    public RowOutcome toOutcome() {
        return isError() ? RowOutcome.error(id, errorType, errorMessage) : RowOutcome.of(toResult());
    }

    /**
     * @return the result
     * @throws IllegalStateException if this row is an error
     */
    public AnnotationResult toResult() {
        if (isError()) {
            throw new IllegalStateException("Row '" + id + "' is an error (" + errorType + "): " + errorMessage);
        }
        Map<String, Prediction> map = new LinkedHashMap<>();
        for (PredictionRow p : predictions) {
            map.put(p.field(), p.toPrediction());
        }
        return new AnnotationResult(id, modelId, map, inputsUsed, warnings);
    }
}
