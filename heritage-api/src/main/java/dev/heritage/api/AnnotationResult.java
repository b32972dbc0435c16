package dev.heritage.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link Annotator} says about one {@link Asset}: a prediction for each field the model
 * predicts and the asset lacks, the inputs it used, and warnings (for example a categorical value
 * the model has never seen, which was treated as missing).
 *
 * <p>Immutable and thread-safe.
 *
 * @param assetId the asset's id
 * @param modelId the id of the model that answered
 * @param predictions predictions by field name
 * @param inputsUsed the inputs that contributed (e.g. {@code image}, {@code style}, {@code title})
 * @param warnings human-readable notes about the inputs
 */
public record AnnotationResult(
        String assetId,
        String modelId,
        Map<String, Prediction> predictions,
        List<String> inputsUsed,
        List<String> warnings) {
    /** Validates and copies. */
    public AnnotationResult {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(modelId, "modelId");
        predictions = Collections.unmodifiableMap(new LinkedHashMap<>(predictions));
        inputsUsed = List.copyOf(inputsUsed);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param field a field name
     * @return the prediction for that field
     * @throws IllegalArgumentException if the field was not predicted (it was known, or the model
     *     does not predict it)
     */
    public Prediction prediction(String field) {
        Prediction p = predictions.get(field);
        if (p == null) {
            throw new IllegalArgumentException("No prediction for '" + field + "': predicted fields are "
                    + predictions.keySet() + " (a field the asset already has is not predicted)");
        }
        return p;
    }
}
