/**
 * Training of the reconstructors that learn in closed form: {@link dev.heritage.inpaint.train.RefinerTrainer}
 * fits the stages of a {@link dev.heritage.inpaint.RefinedReconstructor} on undamaged images with synthetic
 * damage. Nothing here runs at inference time; the runtime classes never depend on this package.
 */
package dev.heritage.inpaint.train;
