package dev.heritage.classify.train;

import dev.heritage.classify.model.HeadShape;

/**
 * How the head network is trained. Defaults are what the zoo model uses.
 *
 * <p>Immutable and thread-safe.
 *
 * @param epochs the most epochs
 * @param batchSize rows per step
 * @param learningRate Adam's learning rate
 * @param weightDecay L2 weight decay
 * @param patience epochs without improvement before stopping early
 * @param imageDropout probability of hiding the image while training (modality dropout)
 * @param fieldDropout probability of hiding each known field while training
 * @param focalGamma focal-loss exponent; 0 for plain cross-entropy
 * @param temporalSigma for decade and century tasks, the standard deviation in bins of a Gaussian that
 *     spreads each label over its neighbouring bins (an ordinal soft target); 0 for one-hot labels
 * @param shape the head's sizes and dropout
 * @param seed the seed of initialisation, shuffling and dropout
 */
public record Hyperparameters(
        int epochs,
        int batchSize,
        float learningRate,
        float weightDecay,
        int patience,
        double imageDropout,
        double fieldDropout,
        double focalGamma,
        double temporalSigma,
        HeadShape shape,
        long seed) {

    /** @return the defaults */
    public static Hyperparameters defaults() {
        return new Hyperparameters(
                60, 128, 1e-3f, 1e-4f, 8, 0.25, 0.5, 0.0, 0.0, new HeadShape(512, 128, 32, 512, 0.4f, false), 42L);
    }

    /**
     * @param newSeed another seed
     * @return these settings with that seed
     */
    public Hyperparameters withSeed(long newSeed) {
        return new Hyperparameters(
                epochs,
                batchSize,
                learningRate,
                weightDecay,
                patience,
                imageDropout,
                fieldDropout,
                focalGamma,
                temporalSigma,
                shape,
                newSeed);
    }
}
