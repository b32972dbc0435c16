package dev.heritage.inpaint.train;

import dev.heritage.inpaint.GatedUNet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link InpaintTrainer} trains: architecture, crops, masks, loss, optimiser schedule and budget.
 *
 * <p>The learning rate warms up linearly for {@code warmupSteps}, then follows a cosine from
 * {@code learningRate} down to {@code finalLearningRate}. Progress along the cosine is the larger of
 * {@code step / steps} and {@code elapsed / maxSeconds}, and training stops when it reaches 1: on an idle
 * machine the run is exactly {@code steps} steps (and repeats exactly), on a busy one it still anneals
 * and ends within the wall-time budget.
 *
 * <p>Immutable and thread-safe.
 *
 * @param architecture the network
 * @param crop the side of the square training crops (a multiple of the network's down-sampling)
 * @param batchSize crops per step
 * @param steps optimiser steps
 * @param maxSeconds the wall-time budget of the whole run (resumed runs included)
 * @param learningRate Adam's peak learning rate
 * @param finalLearningRate the learning rate at the end of the cosine
 * @param warmupSteps steps of linear warm-up
 * @param minCoverage the least damaged share of a training mask (drawn over the whole image)
 * @param maxCoverage the largest damaged share of a training mask
 * @param outsideWeight the weight of the L1 loss outside the mask (inside weighs 1)
 * @param seed the seed of initialisation, crops and masks
 * @param validateEvery steps between validations (and checkpoints)
 * @param validationCrops the number of fixed validation crops
 */
public record InpaintTrainingConfig(
        GatedUNet architecture,
        int crop,
        int batchSize,
        int steps,
        double maxSeconds,
        float learningRate,
        float finalLearningRate,
        int warmupSteps,
        double minCoverage,
        double maxCoverage,
        float outsideWeight,
        long seed,
        int validateEvery,
        int validationCrops) {
    /** Validates. */
    public InpaintTrainingConfig {
        Objects.requireNonNull(architecture, "architecture");
        if (crop <= 0 || crop % architecture.downsampling() != 0) {
            throw new IllegalArgumentException(
                    "crop " + crop + " must be a positive multiple of " + architecture.downsampling());
        }
        if (batchSize < 1
                || steps < 1
                || maxSeconds <= 0
                || learningRate <= 0
                || finalLearningRate < 0
                || warmupSteps < 0
                || validateEvery < 1
                || validationCrops < 1
                || outsideWeight < 0) {
            throw new IllegalArgumentException("Bad training configuration: " + this);
        }
        if (!(minCoverage > 0 && minCoverage <= maxCoverage && maxCoverage < 1)) {
            throw new IllegalArgumentException(
                    "Coverage range must satisfy 0 < min <= max < 1, got [" + minCoverage + ", " + maxCoverage + "]");
        }
    }

    /**
     * The zoo model's settings: 128-pixel crops of 8, masks of 5–40 %, outside weight 0.1, Adam 2e-3 →
     * 5e-5, 100 warm-up steps, seed 42, validation every 250 steps on 96 crops.
     *
     * @param architecture the network
     * @param steps optimiser steps
     * @param maxSeconds wall-time budget
     * @return the configuration
     */
    public static InpaintTrainingConfig defaults(GatedUNet architecture, int steps, double maxSeconds) {
        return new InpaintTrainingConfig(
                architecture, 128, 8, steps, maxSeconds, 2e-3f, 5e-5f, 100, 0.05, 0.40, 0.1f, 42L, 250, 96);
    }

    /**
     * @param newSteps steps
     * @param newMaxSeconds wall-time budget
     * @param newLearningRate peak learning rate
     * @param newWarmup warm-up steps
     * @return a copy with another schedule (for fine-tuning)
     */
    public InpaintTrainingConfig withSchedule(
            int newSteps, double newMaxSeconds, float newLearningRate, int newWarmup) {
        return new InpaintTrainingConfig(
                architecture,
                crop,
                batchSize,
                newSteps,
                newMaxSeconds,
                newLearningRate,
                finalLearningRate,
                newWarmup,
                minCoverage,
                maxCoverage,
                outsideWeight,
                seed,
                validateEvery,
                validationCrops);
    }

    /**
     * @param newArchitecture the network
     * @param newSeed the seed
     * @return a copy with another architecture and seed
     */
    public InpaintTrainingConfig with(GatedUNet newArchitecture, long newSeed) {
        return new InpaintTrainingConfig(
                newArchitecture,
                crop,
                batchSize,
                steps,
                maxSeconds,
                learningRate,
                finalLearningRate,
                warmupSteps,
                minCoverage,
                maxCoverage,
                outsideWeight,
                newSeed,
                validateEvery,
                validationCrops);
    }

    /** @return the configuration as plain JSON values, for model cards */
    public Map<String, Object> toCard() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architecture", architecture.toCard());
        m.put("crop", crop);
        m.put("batchSize", batchSize);
        m.put("steps", steps);
        m.put("maxSeconds", maxSeconds);
        m.put("optimizer", "adam");
        m.put("learningRate", learningRate);
        m.put("finalLearningRate", finalLearningRate);
        m.put("warmupSteps", warmupSteps);
        m.put("schedule", "linear warm-up, then cosine");
        m.put("masks", "MaskGenerator MIXED over the whole image, coverage [" + minCoverage + ", " + maxCoverage + "]");
        m.put("loss", "L1 inside the mask + " + outsideWeight + " x L1 outside");
        m.put("augmentation", "random crop, horizontal flip");
        m.put("seed", seed);
        m.put("validateEvery", validateEvery);
        m.put("validationCrops", validationCrops);
        return m;
    }
}
