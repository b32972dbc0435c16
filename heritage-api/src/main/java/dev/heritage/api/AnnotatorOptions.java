package dev.heritage.api;

import java.util.Objects;

/**
 * How to load an {@link Annotator}: the engine by name, the device, whether a missing GPU may fall
 * back to the CPU, the batch size of engine calls, an optional review precision overriding the
 * model card's thresholds, explanations, the test-time flip, the open-set threshold, and border
 * trimming.
 *
 * <p>Immutable and thread-safe. Build with {@link #builder()}; unset options take the defaults
 * ({@code onnxruntime} when present else the preferred engine, CPU, no fallback, batch 32, the
 * card's thresholds).
 *
 * @param engine the engine name, or {@code null} for the preferred engine
 * @param device the device
 * @param allowCpuFallback whether to use the CPU when the device is unavailable
 * @param batchSize the most assets per engine call
 * @param reviewPrecision the target precision of the review thresholds, or {@code NaN} for the card's
 * @param explain whether each prediction carries the contribution of each input
 *     ({@link Prediction#evidence()}); costs one extra head evaluation per input used
 * @param mirrorAverage whether to answer from the mean of the image's and its mirror image's
 *     features (test-time flip): more accurate on the zoo model (see its documentation), at twice
 *     the image work per asset
 * @param outsideThreshold the open-set threshold: a prediction whose {@link Prediction#outsideScore()}
 *     reaches it is answered {@link Prediction#outside()}; in (0, 1], or {@code NaN} for the model
 *     card's default * @param trimBorders whether to cut a flat border (a mat, a scanner's margin) from round each image
 *     before it is analysed: wins back most of what a mat costs, at a small cost on images without one
 *     (docs/STATUS.md)
 */
public record AnnotatorOptions(
        String engine,
        Device device,
        boolean allowCpuFallback,
        int batchSize,
        double reviewPrecision,
        boolean explain,
        boolean mirrorAverage,
        double outsideThreshold,
        boolean trimBorders) {

    /** Validates. */
    public AnnotatorOptions {
        Objects.requireNonNull(device, "device");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (!Double.isNaN(reviewPrecision) && (reviewPrecision <= 0 || reviewPrecision > 1)) {
            throw new IllegalArgumentException("reviewPrecision must be in (0, 1], got " + reviewPrecision);
        }
        if (!Double.isNaN(outsideThreshold) && !(outsideThreshold > 0 && outsideThreshold <= 1)) {
            throw new IllegalArgumentException("outsideThreshold must be in (0, 1] (e.g. 0.95: 5 % of objects of"
                    + " known classes answered outside), got " + outsideThreshold);
        }
    }

    /**
     * Options without border trimming, as before {@code trimBorders} existed.
     *
     * @param engine the engine name, or {@code null} for the preferred engine
     * @param device the device
     * @param allowCpuFallback whether to use the CPU when the device is unavailable
     * @param batchSize the most assets per engine call
     * @param reviewPrecision the target precision, or {@code NaN} for the card's
     * @param explain whether each prediction carries the contribution of each input
     * @param mirrorAverage whether to answer from the mean of the image's and its mirror image's features
     * @param outsideThreshold the open-set threshold, or {@code NaN} for the card's
     */
    public AnnotatorOptions(
            String engine,
            Device device,
            boolean allowCpuFallback,
            int batchSize,
            double reviewPrecision,
            boolean explain,
            boolean mirrorAverage,
            double outsideThreshold) {
        this(
                engine,
                device,
                allowCpuFallback,
                batchSize,
                reviewPrecision,
                explain,
                mirrorAverage,
                outsideThreshold,
                false);
    }

    /** @return the defaults */
    public static AnnotatorOptions defaults() {
        return builder().build();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** A mutable builder; not thread-safe. */
    public static final class Builder {
        private String engine;
        private Device device = Device.cpu();
        private boolean allowCpuFallback;
        private int batchSize = 32;
        private double reviewPrecision = Double.NaN;
        private boolean explain;
        private boolean mirrorAverage;
        private double outsideThreshold = Double.NaN;
        private boolean trimBorders;

        private Builder() {}

        /** @param name engine name ({@code pytorch}, {@code onnxruntime}, {@code tensorflow}) @return this */
        public Builder engine(String name) {
            this.engine = name;
            return this;
        }

        /** @param d the device @return this */
        public Builder device(Device d) {
            this.device = d;
            return this;
        }

        /** @param allow whether to fall back to the CPU @return this */
        public Builder optCpuFallback(boolean allow) {
            this.allowCpuFallback = allow;
            return this;
        }

        /** @param n assets per engine call @return this */
        public Builder optBatchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /** @param p target precision for needsReview, in (0, 1] @return this */
        public Builder optReviewPrecision(double p) {
            this.reviewPrecision = p;
            return this;
        }

        /** @param on whether predictions carry each input's contribution @return this */
        public Builder optExplain(boolean on) {
            this.explain = on;
            return this;
        }

        /**
         * @param on whether to answer from the mean of the image's and its mirror image's features
         *     (twice the image work per asset)
         * @return this
         */
        public Builder optMirrorAverage(boolean on) {
            this.mirrorAverage = on;
            return this;
        }

        /**
         * @param t the open-set threshold in (0, 1] overriding the card's: higher answers fewer objects
         *     "outside the classes I know"
         * @return this
         */
        public Builder optOutsideThreshold(double t) {
            this.outsideThreshold = t;
            return this;
        }

        /**
         * @param on whether to cut a flat border (a mat, a scanner's margin) from round each image
         *     before it is analysed
         * @return this
         */
        public Builder optTrimBorders(boolean on) {
            this.trimBorders = on;
            return this;
        }

        /** @return the options */
        public AnnotatorOptions build() {
            return new AnnotatorOptions(
                    engine,
                    device,
                    allowCpuFallback,
                    batchSize,
                    reviewPrecision,
                    explain,
                    mirrorAverage,
                    outsideThreshold,
                    trimBorders);
        }
    }
}
