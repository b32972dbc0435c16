package dev.heritage.classify.model;

/**
 * Sizes of the annotator's head network.
 *
 * <p>Immutable and thread-safe.
 *
 * @param imageHidden units after the image features
 * @param textHidden units after each text field
 * @param embedding size of each categorical embedding
 * @param shared units of the shared layer
 * @param dropout dropout rate while training
 */
public record HeadShape(int imageHidden, int textHidden, int embedding, int shared, float dropout) {
}
