/**
 * The evaluation behind {@code heritage evaluate-reconstruction}: seeded damage per image and kind, every
 * method's PSNR, SSIM and perceptual distance in the mask, and paired differences against a baseline with
 * 95 % intervals ({@link dev.heritage.inpaint.evaluate.ReconstructionEvaluation},
 * {@link dev.heritage.inpaint.evaluate.PairedDifference}). Public API for researchers.
 */
package dev.heritage.inpaint.evaluate;
