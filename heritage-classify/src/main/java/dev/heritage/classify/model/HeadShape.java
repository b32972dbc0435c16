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
 * @param wideText whether each text field also feeds every task's logits through its own linear map
 *     from the hashed n-grams ("wide and deep"): the title's word evidence reaches the answer
 *     directly instead of only through the shared layer, where the image dominates it
 */
public record HeadShape(int imageHidden, int textHidden, int embedding, int shared, float dropout, boolean wideText) {}
