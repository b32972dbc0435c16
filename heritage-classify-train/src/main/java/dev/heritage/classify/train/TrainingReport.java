package dev.heritage.classify.train;

import dev.heritage.api.model.ModelArtifact;
import dev.heritage.classify.collection.RowError;
import java.util.List;
import java.util.Map;

/**
 * What a training run produced: the sealed model, the head's training history, the validation
 * metrics (as in {@code metrics.json}), and the rows that could not be used.
 *
 * <p>Immutable and thread-safe.
 *
 * @param model the written model
 * @param head the trained head and its history
 * @param metrics validation metrics
 * @param rowErrors rows (or images) left out, with reasons
 */
public record TrainingReport(
        ModelArtifact model, TrainedHead head, Map<String, Object> metrics, List<RowError> rowErrors) {}
