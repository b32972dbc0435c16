package dev.heritage.spark;

import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Device;
import java.io.Serializable;
import java.util.Objects;

/**
 * Which annotator an executor loads, and how: the serialisable form of a model id and
 * {@link AnnotatorOptions}, shipped to executors with each task. Two equal configurations share one
 * loaded annotator per JVM ({@link ExecutorAnnotators}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param model a zoo id, or a model directory that every executor can read at the same path
 * @param engine the engine name, or {@code null} for the default (ONNX Runtime when present)
 * @param device the device, as {@link Device#parse} reads it ({@code cpu}, {@code cuda:0})
 * @param batchSize objects per engine call, within a partition
 * @param reviewPrecision the target precision of the review thresholds, or {@code NaN} for the card's
 * @param mirrorAverage whether to answer from the mean of the image's and its mirror image's features
 * @param outsideThreshold the open-set threshold in (0, 1], or {@code NaN} for the card's
 */
public record SparkAnnotatorConfig(String model, String engine, String device, int batchSize, double reviewPrecision,
                                   boolean mirrorAverage, double outsideThreshold) implements Serializable {
    private static final long serialVersionUID = 3L;

    /**
     * With the card's open-set threshold.
     *
     * @param model a zoo id, or a model directory that every executor can read at the same path
     * @param engine the engine name, or {@code null} for the default
     * @param device the device
     * @param batchSize objects per engine call
     * @param reviewPrecision the target precision, or {@code NaN} for the card's
     * @param mirrorAverage whether to answer from the mean of the image's and its mirror image's features
     */
    public SparkAnnotatorConfig(String model, String engine, String device, int batchSize, double reviewPrecision,
                                boolean mirrorAverage) {
        this(model, engine, device, batchSize, reviewPrecision, mirrorAverage, Double.NaN);
    }

    /**
     * Without the test-time flip.
     *
     * @param model a zoo id, or a model directory that every executor can read at the same path
     * @param engine the engine name, or {@code null} for the default
     * @param device the device
     * @param batchSize objects per engine call
     * @param reviewPrecision the target precision, or {@code NaN} for the card's
     */
    public SparkAnnotatorConfig(String model, String engine, String device, int batchSize, double reviewPrecision) {
        this(model, engine, device, batchSize, reviewPrecision, false);
    }

    /** Validates. */
    public SparkAnnotatorConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(device, "device");
        Device.parse(device);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
    }

    /**
     * @param model a zoo id or model directory
     * @return the configuration with the defaults: default engine, CPU, batches of 32, the card's
     *     review precision
     */
    public static SparkAnnotatorConfig of(String model) {
        return new SparkAnnotatorConfig(model, null, "cpu", 32, Double.NaN);
    }

    /** @return the annotator options this configuration stands for */
    public AnnotatorOptions options() {
        AnnotatorOptions.Builder b = AnnotatorOptions.builder().engine(engine).device(Device.parse(device))
                .optBatchSize(batchSize).optMirrorAverage(mirrorAverage);
        if (!Double.isNaN(reviewPrecision)) {
            b.optReviewPrecision(reviewPrecision);
        }
        if (!Double.isNaN(outsideThreshold)) {
            b.optOutsideThreshold(outsideThreshold);
        }
        return b.build();
    }
}
