/**
 * Late fusion (Rei et al., SILKNOW): per-modality classifiers whose class probabilities, with the
 * known fields, feed a gradient-boosted fusion model per task (XGBoost4J, in the JVM). The image
 * and text classifiers are head networks that run on every engine; {@link
 * dev.heritage.classify.fusion.LateFusionHead} presents the ensemble as the head network an
 * early-fusion model has, so calibration, joint decoding and evaluation are shared.
 */
package dev.heritage.classify.fusion;
