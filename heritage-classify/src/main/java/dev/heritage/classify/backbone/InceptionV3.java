package dev.heritage.classify.backbone;

import dev.heritage.network.Layer;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.weights.QuantizedTensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The second pretrained backbone, Keras InceptionV3 from the npm package {@code nsfwjs@4.4.0}, and the
 * feature graph that runs it beside {@link MobileNetV2} on the same input: the accurate annotators'
 * image evidence.
 *
 * <p>The package's model declares a 299 × 299 input, but InceptionV3 is fully convolutional up to its
 * global average pool, so {@link #combinedFeatureGraph} runs it on the 224 × 224 tensor MobileNetV2
 * already receives (a 5 × 5 final map instead of 8 × 8): one preprocessing, one engine call, and 1.8×
 * fewer InceptionV3 operations than at 299. The paintings the zoo annotators learn from are 224-pixel
 * images, so nothing is lost to the smaller input that upsampling to 299 would have added.
 *
 * <p>The converted backbone (about 22 MB of uint8 weights) is not committed as its own artifact: the
 * accurate zoo model carries the combined graph and weights it needs, like every annotator carries its
 * backbone. {@code scripts/convert-backbone.sh --inception} converts it into {@value #WORK_DIRECTORY}
 * for training.
 *
 * <p>Stateless and thread-safe.
 */
public final class InceptionV3 {
    /** The model id in the card. */
    public static final String MODEL_ID = "inceptionv3-imagenet-nsfwjs";
    /** The network's (and graph's) name. */
    public static final String NETWORK = "inceptionv3";
    /** The side of the square input the source model declares, in pixels. */
    public static final int INPUT_SIZE = 299;
    /** The length of the feature vector. */
    public static final int FEATURE_SIZE = 2048;
    /** Where {@code scripts/convert-backbone.sh --inception} writes the converted backbone, from the root. */
    public static final String WORK_DIRECTORY = "target/backbones/inceptionv3";
    /** The prefix of the InceptionV3 nodes in a {@link #combinedFeatureGraph}. */
    public static final String PREFIX = "inception_";

    private static final String MOBILENET_FEATURES = "mobilenet_features";

    private InceptionV3() {}

    /**
     * The feature graph of an accurate annotator: MobileNetV2's feature graph ({@link
     * MobileNetV2#featureGraph}) and InceptionV3's pooled features computed from the same input
     * {@value MobileNetV2#INPUT}, concatenated into {@value MobileNetV2#FEATURES} (MobileNetV2's values
     * first). InceptionV3's nodes are renamed with {@value #PREFIX} so that no name clashes.
     *
     * @param mobileNet MobileNetV2's feature graph
     * @param inception the InceptionV3 backbone
     * @return the combined graph (input {@code [3, 224, 224]})
     * @throws IllegalArgumentException if the graphs do not have the expected input and output
     */
    public static NetworkGraph combinedFeatureGraph(NetworkGraph mobileNet, Backbone inception) {
        NetworkGraph.Input input = mobileNet.inputs().get(0);
        if (mobileNet.inputs().size() != 1 || !input.name().equals(MobileNetV2.INPUT)) {
            throw new IllegalArgumentException(
                    "expected MobileNetV2's feature graph, got inputs " + mobileNet.inputs());
        }
        NetworkGraph pruned = inception.graph().prune(List.of(MobileNetV2.FEATURES));
        NetworkGraph.Builder b = NetworkGraph.builder(mobileNet.name() + "+" + NETWORK);
        b.input(input.name(), input.type(), input.shape());
        for (NetworkGraph.Node n : mobileNet.nodes()) {
            b.node(
                    n.name().equals(MobileNetV2.FEATURES) ? MOBILENET_FEATURES : n.name(),
                    n.layer(),
                    n.inputs().toArray(String[]::new));
        }
        for (NetworkGraph.Node n : pruned.nodes()) {
            String[] reads = n.inputs().stream()
                    .map(i -> i.equals(MobileNetV2.INPUT) ? i : PREFIX + i)
                    .toArray(String[]::new);
            b.node(PREFIX + n.name(), n.layer(), reads);
        }
        return b.node(MobileNetV2.FEATURES, new Layer.Concat(), MOBILENET_FEATURES, PREFIX + MobileNetV2.FEATURES)
                .output(MobileNetV2.FEATURES)
                .build();
    }

    /**
     * The stored weights of a {@link #combinedFeatureGraph}, keyed by its node names. (The renamed
     * MobileNetV2 output node is a pooling or a concatenation, which has no parameters.)
     *
     * @param combined the combined graph
     * @param mobileNet the MobileNetV2 backbone
     * @param inception the InceptionV3 backbone
     * @return the tensors, uint8-quantised as stored, in the combined graph's parameter order
     */
    public static List<QuantizedTensor> combinedWeights(NetworkGraph combined, Backbone mobileNet, Backbone inception) {
        Map<String, QuantizedTensor> stored = new HashMap<>();
        mobileNet.quantized().forEach(t -> stored.put(t.name(), t));
        inception.quantized().forEach(t -> stored.put(PREFIX + t.name(), t));
        List<QuantizedTensor> out = new ArrayList<>();
        for (String key : combined.parameterKeys()) {
            QuantizedTensor t = stored.get(key);
            if (t == null) {
                throw new IllegalArgumentException("no stored weight for " + key);
            }
            out.add(t.name().equals(key) ? t : t.reshape(key, t.shape()));
        }
        return out;
    }
}
