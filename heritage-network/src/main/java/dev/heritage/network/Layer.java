package dev.heritage.network;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.heritage.network.ParamSpec.Role;
import java.util.Arrays;
import java.util.List;

/**
 * One layer of a {@link NetworkGraph}: the portable vocabulary from which Heritage's networks are
 * built, trained in Deep Java Library and exported to every engine's format. Each layer type is
 * mapped exactly once per target: {@code dev.heritage.network.djl.LayerBlock} (training and DJL
 * parameters), {@code dev.heritage.network.export.OnnxExporter} and
 * {@code dev.heritage.network.export.SavedModelExporter}.
 *
 * <p>Shapes exclude the batch axis. Image tensors are NCHW.
 *
 * <p>All implementations are immutable records and thread-safe.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Layer.Conv2d.class, name = "conv2d"),
    @JsonSubTypes.Type(value = Layer.BatchNorm.class, name = "batchNorm"),
    @JsonSubTypes.Type(value = Layer.Relu.class, name = "relu"),
    @JsonSubTypes.Type(value = Layer.Relu6.class, name = "relu6"),
    @JsonSubTypes.Type(value = Layer.MaxPool.class, name = "maxPool"),
    @JsonSubTypes.Type(value = Layer.AvgPool.class, name = "avgPool"),
    @JsonSubTypes.Type(value = Layer.GlobalAvgPool.class, name = "globalAvgPool"),
    @JsonSubTypes.Type(value = Layer.Pad.class, name = "pad"),
    @JsonSubTypes.Type(value = Layer.Flatten.class, name = "flatten"),
    @JsonSubTypes.Type(value = Layer.Linear.class, name = "linear"),
    @JsonSubTypes.Type(value = Layer.Embedding.class, name = "embedding"),
    @JsonSubTypes.Type(value = Layer.Concat.class, name = "concat"),
    @JsonSubTypes.Type(value = Layer.Add.class, name = "add"),
    @JsonSubTypes.Type(value = Layer.Dropout.class, name = "dropout"),
    @JsonSubTypes.Type(value = Layer.Softmax.class, name = "softmax"),
    @JsonSubTypes.Type(value = Layer.Sigmoid.class, name = "sigmoid"),
    @JsonSubTypes.Type(value = Layer.Multiply.class, name = "multiply"),
    @JsonSubTypes.Type(value = Layer.Upsample.class, name = "upsample")
})
public sealed interface Layer {

    /**
     * @param inputs the shapes of the inputs, without the batch axis
     * @return the output shape, without the batch axis
     * @throws IllegalArgumentException if the inputs do not fit the layer
     */
    long[] outputShape(List<long[]> inputs);

    /** @return the parameters of the layer, in a fixed order */
    default List<ParamSpec> parameters() {
        return List.of();
    }

    /** @return how many inputs the layer takes; -1 for two or more */
    default int arity() {
        return 1;
    }

    /**
     * 2-D convolution, symmetric zero padding, optional groups (groups = channels is depthwise). The
     * kernel is {@code kernel} rows by {@code kernelWidth} columns: square unless a width is given
     * (InceptionV3's 1×7 and 7×1 convolutions); a serialised graph without {@code kernelWidth} has square
     * kernels.
     *
     * @param in input channels
     * @param out output channels
     * @param kernel kernel height (and width, when square)
     * @param stride stride
     * @param padding zero padding on each side
     * @param groups channel groups
     * @param bias whether there is a bias
     * @param kernelWidth kernel width; 0 means the same as {@code kernel}
     */
    record Conv2d(int in, int out, int kernel, int stride, int padding, int groups, boolean bias, int kernelWidth)
            implements Layer {
        /** Validates; a width of 0 becomes the height (a square kernel). */
        public Conv2d {
            if (kernelWidth == 0) {
                kernelWidth = kernel;
            }
            if (in <= 0
                    || out <= 0
                    || kernel <= 0
                    || kernelWidth <= 0
                    || stride <= 0
                    || padding < 0
                    || groups <= 0
                    || in % groups != 0
                    || out % groups != 0) {
                throw new IllegalArgumentException("Bad conv2d: in=" + in + " out=" + out + " kernel=" + kernel + "x"
                        + kernelWidth + " stride=" + stride + " padding=" + padding + " groups=" + groups);
            }
        }

        /**
         * A convolution with a square kernel.
         *
         * @param in input channels
         * @param out output channels
         * @param kernel square kernel size
         * @param stride stride
         * @param padding zero padding on each side
         * @param groups channel groups
         * @param bias whether there is a bias
         */
        public Conv2d(int in, int out, int kernel, int stride, int padding, int groups, boolean bias) {
            this(in, out, kernel, stride, padding, groups, bias, kernel);
        }

        /**
         * @param in input channels
         * @param out output channels
         * @param kernel kernel size
         * @param stride stride
         * @param padding padding
         * @return a dense convolution with bias
         */
        public static Conv2d of(int in, int out, int kernel, int stride, int padding) {
            return new Conv2d(in, out, kernel, stride, padding, 1, true);
        }

        /** @return the number of kernel taps per input channel of a group (height × width) */
        public int taps() {
            return kernel * kernelWidth;
        }

        @Override
        public long[] outputShape(List<long[]> inputs) {
            long[] s = Shapes.rank(inputs.get(0), 3, "conv2d");
            Shapes.require(s[0] == in, "conv2d expects " + in + " channels, got " + s[0]);
            return new long[] {
                out, Shapes.pooled(s[1], kernel, stride, padding), Shapes.pooled(s[2], kernelWidth, stride, padding)
            };
        }

        @Override
        public List<ParamSpec> parameters() {
            ParamSpec w = new ParamSpec(Role.WEIGHT, new long[] {out, in / groups, kernel, kernelWidth});
            return bias ? List.of(w, new ParamSpec(Role.BIAS, new long[] {out})) : List.of(w);
        }
    }

    /**
     * Batch normalisation over axis 1 (channels of NCHW, or features of NC).
     *
     * @param channels the size of axis 1
     * @param epsilon added to the variance
     */
    record BatchNorm(int channels, float epsilon) implements Layer {
        @Override
        public long[] outputShape(List<long[]> inputs) {
            long[] s = inputs.get(0);
            Shapes.require(
                    s.length >= 1 && s[0] == channels,
                    "batchNorm expects " + channels + " channels, got " + Arrays.toString(s));
            return s.clone();
        }

        @Override
        public List<ParamSpec> parameters() {
            long[] c = {channels};
            return List.of(
                    new ParamSpec(Role.GAMMA, c),
                    new ParamSpec(Role.BETA, c),
                    new ParamSpec(Role.RUNNING_MEAN, c),
                    new ParamSpec(Role.RUNNING_VAR, c));
        }
    }

    /** max(x, 0). */
    record Relu() implements Layer {
        @Override
        public long[] outputShape(List<long[]> inputs) {
            return inputs.get(0).clone();
        }
    }

    /** min(max(x, 0), 6), as in MobileNetV2. */
    record Relu6() implements Layer {
        @Override
        public long[] outputShape(List<long[]> inputs) {
            return inputs.get(0).clone();
        }
    }

    /**
     * 2-D max pooling without padding.
     *
     * @param kernel window size
     * @param stride stride
     */
    record MaxPool(int kernel, int stride) implements Layer {
        @Override
        public long[] outputShape(List<long[]> inputs) {
            long[] s = Shapes.rank(inputs.get(0), 3, "maxPool");
            return new long[] {s[0], Shapes.pooled(s[1], kernel, stride, 0), Shapes.pooled(s[2], kernel, stride, 0)};
        }
    }

    /**
     * 2-D average pooling with symmetric zero padding that is left out of each window's count, as
     * TensorFlow's "same" pooling and ONNX's {@code count_include_pad = 0}: a window that overlaps the
     * border averages only the pixels it covers.
     *
     * @param kernel window size
     * @param stride stride
     * @param padding rows and columns added on each side, not counted
     */
    record AvgPool(int kernel, int stride, int padding) implements Layer {
        /** Validates. */
        public AvgPool {
            if (kernel <= 0 || stride <= 0 || padding < 0 || padding >= kernel) {
                throw new IllegalArgumentException(
                        "Bad avgPool: kernel=" + kernel + " stride=" + stride + " padding=" + padding);
            }
        }

        /**
         * Average pooling without padding.
         *
         * @param kernel window size
         * @param stride stride
         */
        public AvgPool(int kernel, int stride) {
            this(kernel, stride, 0);
        }

        @Override
        public long[] outputShape(List<long[]> inputs) {
            long[] s = Shapes.rank(inputs.get(0), 3, "avgPool");
            return new long[] {
                s[0], Shapes.pooled(s[1], kernel, stride, padding), Shapes.pooled(s[2], kernel, stride, padding)
            };
        }
    }

    /** Mean over height and width: (C, H, W) to (C). */
    record GlobalAvgPool() implements Layer {
        @Override
        public long[] outputShape(List<long[]> inputs) {
            long[] s = Shapes.rank(inputs.get(0), 3, "globalAvgPool");
            return new long[] {s[0]};
        }
    }

    /**
     * Zero padding of height and width, possibly asymmetric (TensorFlow's "same" padding).
     *
     * @param top rows above
     * @param left columns left
     * @param bottom rows below
     * @param right columns right
     */
    record Pad(int top, int left, int bottom, int right) implements Layer {
        @Override
        public long[] outputShape(List<long[]> inputs) {
            long[] s = Shapes.rank(inputs.get(0), 3, "pad");
            return new long[] {s[0], s[1] + top + bottom, s[2] + left + right};
        }
    }

    /** Flattens everything but the batch axis. */
    record Flatten() implements Layer {
        @Override
        public long[] outputShape(List<long[]> inputs) {
            long n = 1;
            for (long d : inputs.get(0)) {
                n *= d;
            }
            return new long[] {n};
        }
    }

    /**
     * Fully connected layer: y = x W^T + b.
     *
     * @param in input features
     * @param out output features
     * @param bias whether there is a bias
     */
    record Linear(int in, int out, boolean bias) implements Layer {
        /**
         * @param in input features
         * @param out output features
         * @return a linear layer with bias
         */
        public static Linear of(int in, int out) {
            return new Linear(in, out, true);
        }

        @Override
        public long[] outputShape(List<long[]> inputs) {
            long[] s = Shapes.rank(inputs.get(0), 1, "linear");
            Shapes.require(s[0] == in, "linear expects " + in + " features, got " + s[0]);
            return new long[] {out};
        }

        @Override
        public List<ParamSpec> parameters() {
            ParamSpec w = new ParamSpec(Role.WEIGHT, new long[] {out, in});
            return bias ? List.of(w, new ParamSpec(Role.BIAS, new long[] {out})) : List.of(w);
        }
    }

    /**
     * Embedding lookup: an INT64 index per row, (batch) to (batch, dim).
     *
     * @param vocabulary number of rows (indices 0..vocabulary-1)
     * @param dim embedding size
     */
    record Embedding(int vocabulary, int dim) implements Layer {
        @Override
        public long[] outputShape(List<long[]> inputs) {
            Shapes.require(
                    inputs.get(0).length == 0,
                    "embedding takes one index per row, got shape " + Arrays.toString(inputs.get(0)));
            return new long[] {dim};
        }

        @Override
        public List<ParamSpec> parameters() {
            return List.of(new ParamSpec(Role.WEIGHT, new long[] {vocabulary, dim}));
        }
    }

    /**
     * Concatenation along axis 1: of feature vectors (N, C), or of images (N, C, H, W) along their
     * channels (U-Net skip connections); all inputs have the same rank and the same other sizes.
     */
    record Concat() implements Layer {
        @Override
        public long[] outputShape(List<long[]> inputs) {
            long[] first = inputs.get(0);
            Shapes.require(
                    first.length == 1 || first.length == 3,
                    "concat takes (C) or (C, H, W) inputs, got " + Arrays.toString(first));
            long n = 0;
            for (long[] s : inputs) {
                Shapes.require(
                        s.length == first.length
                                && Arrays.equals(
                                        Arrays.copyOfRange(s, 1, s.length), Arrays.copyOfRange(first, 1, first.length)),
                        "concat needs equal sizes but for axis 1, got " + Arrays.toString(first) + " and "
                                + Arrays.toString(s));
                n += s[0];
            }
            long[] out = first.clone();
            out[0] = n;
            return out;
        }

        @Override
        public int arity() {
            return -1;
        }
    }

    /** Element-wise sum of two tensors of the same shape (residual connections). */
    record Add() implements Layer {
        @Override
        public long[] outputShape(List<long[]> inputs) {
            Shapes.require(
                    Arrays.equals(inputs.get(0), inputs.get(1)),
                    "add needs equal shapes, got " + Arrays.toString(inputs.get(0)) + " and "
                            + Arrays.toString(inputs.get(1)));
            return inputs.get(0).clone();
        }

        @Override
        public int arity() {
            return 2;
        }
    }

    /**
     * Dropout while training; the identity at inference.
     *
     * @param rate share of units dropped while training
     */
    record Dropout(float rate) implements Layer {
        @Override
        public long[] outputShape(List<long[]> inputs) {
            return inputs.get(0).clone();
        }
    }

    /** Softmax over the last axis. */
    record Softmax() implements Layer {
        @Override
        public long[] outputShape(List<long[]> inputs) {
            return inputs.get(0).clone();
        }
    }

    /** The logistic function 1 / (1 + e^-x), element-wise. */
    record Sigmoid() implements Layer {
        @Override
        public long[] outputShape(List<long[]> inputs) {
            return inputs.get(0).clone();
        }
    }

    /** Element-wise product of two tensors of the same shape (gates, masks). */
    record Multiply() implements Layer {
        @Override
        public long[] outputShape(List<long[]> inputs) {
            Shapes.require(
                    Arrays.equals(inputs.get(0), inputs.get(1)),
                    "multiply needs equal shapes, got " + Arrays.toString(inputs.get(0)) + " and "
                            + Arrays.toString(inputs.get(1)));
            return inputs.get(0).clone();
        }

        @Override
        public int arity() {
            return 2;
        }
    }

    /**
     * Nearest-neighbour up-sampling of an image by an integer factor: each pixel becomes a
     * factor × factor block.
     *
     * @param factor the scale factor (2 doubles height and width)
     */
    record Upsample(int factor) implements Layer {
        @Override
        public long[] outputShape(List<long[]> inputs) {
            long[] s = Shapes.rank(inputs.get(0), 3, "upsample");
            Shapes.require(factor >= 1, "upsample factor must be >= 1, got " + factor);
            return new long[] {s[0], s[1] * factor, s[2] * factor};
        }
    }
}
