package dev.heritage.classify.train;

import java.util.Map;

/**
 * One training or validation row with its image evidence already computed: the image feature
 * vector (and that of the horizontally flipped image, for augmentation), or {@code null} when the
 * row has no usable image, and all of its raw fields (inputs and truths).
 *
 * <p>Immutable by contract (arrays are not copied); thread-safe to read.
 *
 * @param id the row's id
 * @param image image features, or {@code null}
 * @param flipped features of the mirrored image, or {@code null}
 * @param fields every raw field of the row
 */
public record TrainingExample(String id, float[] image, float[] flipped, Map<String, String> fields) {}
