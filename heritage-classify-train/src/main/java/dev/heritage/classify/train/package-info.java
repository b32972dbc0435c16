/**
 * Training and evaluation of annotators: {@link dev.heritage.classify.train.AnnotatorTrainer} (read, split,
 * cache image features, train the multitask head in DJL, calibrate, seal a model),
 * {@link dev.heritage.classify.train.TrainingConfig}, the late-fusion and fine-tuning stages, the feature and
 * descriptor caches, and {@link dev.heritage.classify.train.ModelEvaluation} behind {@code heritage evaluate}.
 * Public API for researchers who train; not needed to annotate.
 */
package dev.heritage.classify.train;
