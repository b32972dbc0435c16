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
 * <p>Immutable and thread-safe. Build one with {@link #builder(String)}; unset options take the defaults
 * of {@link #of(String)}.
 *
 * @param model a zoo id, or a model directory that every executor can read at the same path
 * @param engine the engine name, or {@code null} for the default (ONNX Runtime when present)
 * @param device the device, as {@link Device#parse} reads it ({@code cpu}, {@code cuda:0})
 * @param batchSize objects per engine call, within a partition
 * @param reviewPrecision the target precision of the review thresholds, or {@code NaN} for the card's
 * @param mirrorAverage whether to answer from the mean of the image's and its mirror image's features
 * @param outsideThreshold the open-set threshold in (0, 1], or {@code NaN} for the card's
 * @param trimBorders whether to cut a flat border from round each image before it is analysed
 */
public record SparkAnnotatorConfig(
        String model,
        String engine,
        String device,
        int batchSize,
        double reviewPrecision,
        boolean mirrorAverage,
        double outsideThreshold,
        boolean trimBorders)
        implements Serializable {
    private static final long serialVersionUID = 4L;

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
        return builder(model).build();
    }

    /**
     * @param model a zoo id, or a model directory that every executor can read at the same path
     * @return a builder with the defaults of {@link #of(String)}
     */
    public static Builder builder(String model) {
        return new Builder(model);
    }

    /** @return the annotator options this configuration stands for */
    public AnnotatorOptions options() {
        AnnotatorOptions.Builder b = AnnotatorOptions.builder()
                .engine(engine)
                .device(Device.parse(device))
                .optBatchSize(batchSize)
                .optMirrorAverage(mirrorAverage)
                .optTrimBorders(trimBorders);
        if (!Double.isNaN(reviewPrecision)) {
            b.optReviewPrecision(reviewPrecision);
        }
        if (!Double.isNaN(outsideThreshold)) {
            b.optOutsideThreshold(outsideThreshold);
        }
        return b.build();
    }

    /** Builds a {@link SparkAnnotatorConfig}. Mutable and not thread-safe; the built configuration is both. */
    public static final class Builder {
        private final String model;
        private String engine;
        private String device = "cpu";
        private int batchSize = 32;
        private double reviewPrecision = Double.NaN;
        private boolean mirrorAverage;
        private double outsideThreshold = Double.NaN;
        private boolean trimBorders;

        private Builder(String model) {
            this.model = model;
        }

        /** @param name the engine name, or {@code null} for the default @return this */
        public Builder engine(String name) {
            this.engine = name;
            return this;
        }

        /** @param name the device, as {@link Device#parse} reads it (default {@code cpu}) @return this */
        public Builder device(String name) {
            this.device = name;
            return this;
        }

        /** @param n objects per engine call, within a partition (default 32) @return this */
        public Builder optBatchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /** @param p the target precision of the review thresholds, or {@code NaN} for the card's @return this */
        public Builder optReviewPrecision(double p) {
            this.reviewPrecision = p;
            return this;
        }

        /** @param on whether to answer from the mean of the image's and its mirror image's features @return this */
        public Builder optMirrorAverage(boolean on) {
            this.mirrorAverage = on;
            return this;
        }

        /** @param t the open-set threshold in (0, 1], or {@code NaN} for the card's @return this */
        public Builder optOutsideThreshold(double t) {
            this.outsideThreshold = t;
            return this;
        }

        /** @param on whether to cut a flat border from round each image first @return this */
        public Builder optTrimBorders(boolean on) {
            this.trimBorders = on;
            return this;
        }

        /** @return the configuration @throws IllegalArgumentException as the record's constructor */
        public SparkAnnotatorConfig build() {
            return new SparkAnnotatorConfig(
                    model, engine, device, batchSize, reviewPrecision, mirrorAverage, outsideThreshold, trimBorders);
        }
    }
}
