package dev.heritage.engine.tck;

import dev.heritage.api.engine.Tensor;
import dev.heritage.network.Layer;
import dev.heritage.network.NetworkGraph;

/**
 * The conformance suite's reference network: a small multimodal, multitask network that uses every
 * layer type of {@link Layer} (convolution dense and depthwise, batch norm on images and on
 * features, ReLU, ReLU6, max and average pooling (with uncounted padding), global pooling, rectangular kernels, asymmetric padding, flatten,
 * linear, embedding, concatenation of vectors and of image channels, residual add, dropout,
 * softmax, sigmoid, element-wise product (a gated convolution), nearest up-sampling).
 *
 * <p>Inputs: {@code image} (3×16×16 float), {@code category} (an INT64 index below
 * {@link #CATEGORIES}), {@code text} ({@link #TEXT_FEATURES} floats). Outputs: {@code features} (the
 * shared layer, unbounded values, the strictest check), {@code style} and {@code decade}
 * (probabilities), {@code decoded} (a 4×16×16 gated U-Net-style decoder output). Stateless and
 * thread-safe.
 */
public final class ReferenceNetwork {
    /** Size of the categorical input's vocabulary. */
    public static final int CATEGORIES = 7;
    /** Length of the text feature vector. */
    public static final int TEXT_FEATURES = 20;
    /** Image side in pixels. */
    public static final int IMAGE_SIZE = 16;

    private ReferenceNetwork() {}

    /** @return the reference graph */
    public static NetworkGraph graph() {
        return NetworkGraph.builder("tck-reference")
                .input("image", Tensor.DataType.FLOAT32, 3, IMAGE_SIZE, IMAGE_SIZE)
                .input("category", Tensor.DataType.INT64)
                .input("text", Tensor.DataType.FLOAT32, TEXT_FEATURES)
                .node("conv1", Layer.Conv2d.of(3, 8, 3, 1, 1), "image")
                .node("bn1", new Layer.BatchNorm(8, 1e-5f), "conv1")
                .node("relu1", new Layer.Relu(), "bn1")
                .node("pool1", new Layer.MaxPool(2, 2), "relu1")
                .node("dw2", new Layer.Conv2d(8, 8, 3, 1, 1, 8, false), "pool1")
                .node("relu2", new Layer.Relu6(), "dw2")
                .node("pad3", new Layer.Pad(0, 0, 1, 1), "relu2")
                .node("conv3", Layer.Conv2d.of(8, 12, 3, 2, 0), "pad3")
                .node("pool3", new Layer.AvgPool(2, 2), "conv3")
                .node("gap", new Layer.GlobalAvgPool(), "pool3")
                .node("flat", new Layer.Flatten(), "pool3")
                .node("imgfc", Layer.Linear.of(48, 16), "flat")
                .node("emb", new Layer.Embedding(CATEGORIES, 5), "category")
                .node("textfc", Layer.Linear.of(TEXT_FEATURES, 16), "text")
                .node("textbn", new Layer.BatchNorm(16, 1e-3f), "textfc")
                .node("textrelu", new Layer.Relu(), "textbn")
                .node("textdrop", new Layer.Dropout(0.3f), "textrelu")
                // InceptionV3's building blocks: a 3x1 kernel after explicit padding, and an average
                // pooling whose padding is left out of the count.
                .node("tallPad", new Layer.Pad(1, 0, 1, 0), "pool1")
                .node("tallConv", new Layer.Conv2d(8, 4, 3, 1, 0, 1, false, 1), "tallPad")
                .node("samePool", new Layer.AvgPool(3, 1, 1), "tallConv")
                .node("tallGap", new Layer.GlobalAvgPool(), "samePool")
                .node("concat", new Layer.Concat(), "gap", "imgfc", "emb", "textdrop", "tallGap")
                .node("shared", Layer.Linear.of(53, 32), "concat")
                .node("sharedrelu", new Layer.Relu(), "shared")
                .node("residual", new Layer.Linear(32, 32, false), "sharedrelu")
                .node("features", new Layer.Add(), "sharedrelu", "residual")
                .node("styleLogits", Layer.Linear.of(32, 6), "features")
                .node("style", new Layer.Softmax(), "styleLogits")
                .node("decadeLogits", Layer.Linear.of(32, 4), "features")
                .node("decade", new Layer.Softmax(), "decadeLogits")
                .node("up", new Layer.Upsample(2), "pool1")
                .node("skip", new Layer.Concat(), "up", "relu1")
                .node("gateConv", Layer.Conv2d.of(16, 4, 3, 1, 1), "skip")
                .node("gate", new Layer.Sigmoid(), "gateConv")
                .node("valueConv", Layer.Conv2d.of(16, 4, 3, 1, 1), "skip")
                .node("decoded", new Layer.Multiply(), "valueConv", "gate")
                .output("features")
                .output("style")
                .output("decade")
                .output("decoded")
                .build();
    }
}
