package dev.heritage.classify.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelKind;
import dev.heritage.api.NetworkEntry;
import dev.heritage.api.engine.Tensor;
import dev.heritage.network.Layer;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.ParamSpec;
import dev.heritage.network.djl.GraphBlock;
import dev.heritage.network.weights.QuantizedTensor;
import dev.heritage.network.weights.QuantizedWeights;
import dev.heritage.runtime.HeritageCache;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The accurate annotators' feature graph: MobileNetV2 and a second backbone on one input, their
 * features side by side, each backbone's weights under its own node names; run on PyTorch (DJL). The
 * second backbone here is a small stand-in with InceptionV3's building blocks (a 1×3 kernel after
 * explicit padding, a "same" average pooling), so the test needs no converted InceptionV3.
 */
class InceptionV3Test {

    @BeforeAll
    static void engine() {
        System.setProperty("ai.djl.pytorch.num_threads", "2");
        HeritageCache.configureDjl();
    }

    /** A 7-feature stand-in for InceptionV3, with seeded uint8 weights. */
    private static Backbone standIn() {
        NetworkGraph g = NetworkGraph.builder("standin")
                .input(MobileNetV2.INPUT, Tensor.DataType.FLOAT32, 3, InceptionV3.INPUT_SIZE, InceptionV3.INPUT_SIZE)
                .node("pad", new Layer.Pad(0, 1, 0, 1), MobileNetV2.INPUT)
                .node("wide", new Layer.Conv2d(3, 7, 1, 2, 0, 1, false, 3), "pad")
                .node("relu", new Layer.Relu(), "wide")
                .node("avg", new Layer.AvgPool(3, 1, 1), "relu")
                .node(MobileNetV2.FEATURES, new Layer.GlobalAvgPool(), "avg")
                .node("head", Layer.Linear.of(7, 2), MobileNetV2.FEATURES)
                .output(MobileNetV2.FEATURES)
                .output("head")
                .build();
        Random r = new Random(7);
        List<QuantizedTensor> tensors = new ArrayList<>();
        for (NetworkGraph.Node node : g.nodes()) {
            for (ParamSpec p : node.layer().parameters()) {
                long[] shape = p.shape();
                int n = 1;
                for (long d : shape) {
                    n *= (int) d;
                }
                byte[] codes = new byte[n];
                r.nextBytes(codes);
                tensors.add(
                        QuantizedTensor.uint8(NetworkWeights.key(node.name(), p.role()), shape, codes, 0.004, -0.5));
            }
        }
        ModelCard card = ModelCard.builder("standin", ModelKind.NETWORK)
                .network("standin", new NetworkEntry("g.json", Map.of("portable", "w.hqw")))
                .build();
        return new Backbone(
                card,
                g,
                NetworkWeights.of(g, QuantizedWeights.dequantize(tensors)),
                Map.of("w.hqw", QuantizedWeights.toBytes(tensors)));
    }

    private static float[] run(NetworkGraph g, List<QuantizedTensor> w, float[] x) throws Exception {
        try (Model m = Model.newInstance(g.name(), Device.cpu(), "PyTorch")) {
            m.setBlock(GraphBlock.of(g, NetworkWeights.of(g, QuantizedWeights.dequantize(w)), m.getNDManager()));
            try (Predictor<NDList, NDList> p = m.newPredictor(new NoopTranslator())) {
                NDList out = p.predict(new NDList(m.getNDManager()
                        .create(FloatBuffer.wrap(x), new Shape(1, 3, MobileNetV2.INPUT_SIZE, MobileNetV2.INPUT_SIZE))));
                return out.get(0).toFloatArray();
            }
        }
    }

    @Test
    void combinedGraphGivesEachBackbonesFeaturesSideBySideFromOneInput() throws Exception {
        Backbone mobileNet = MobileNetV2.load();
        Backbone second = standIn();
        NetworkGraph mobileFeatures = MobileNetV2.featureGraph(mobileNet, false);
        NetworkGraph combined = InceptionV3.combinedFeatureGraph(mobileFeatures, second);
        assertEquals(
                List.of(MobileNetV2.INPUT),
                combined.inputs().stream().map(NetworkGraph.Input::name).toList());
        assertArrayEquals(
                new long[] {3, MobileNetV2.INPUT_SIZE, MobileNetV2.INPUT_SIZE},
                combined.inputs().get(0).shape());
        assertEquals(MobileNetV2.FEATURE_SIZE + 7, MobileNetV2.featureSize(combined));
        // The second backbone's head is pruned; its nodes are prefixed.
        assertTrue(combined.parameterKeys().contains(InceptionV3.PREFIX + "wide.weight"));
        assertTrue(combined.parameterKeys().stream().noneMatch(k -> k.contains("head")));

        float[] x = new float[3 * MobileNetV2.INPUT_SIZE * MobileNetV2.INPUT_SIZE];
        Random r = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        float[] both = run(combined, InceptionV3.combinedWeights(combined, mobileNet, second), x);
        float[] first = run(mobileFeatures, mobileNet.quantized(mobileFeatures), x);
        NetworkGraph alone = NetworkGraph.builder("alone")
                .input(MobileNetV2.INPUT, Tensor.DataType.FLOAT32, 3, MobileNetV2.INPUT_SIZE, MobileNetV2.INPUT_SIZE)
                .node("pad", second.graph().node("pad").layer(), MobileNetV2.INPUT)
                .node("wide", second.graph().node("wide").layer(), "pad")
                .node("relu", new Layer.Relu(), "wide")
                .node("avg", new Layer.AvgPool(3, 1, 1), "relu")
                .node(MobileNetV2.FEATURES, new Layer.GlobalAvgPool(), "avg")
                .output(MobileNetV2.FEATURES)
                .build();
        float[] secondOnly = run(alone, second.quantized(alone), x);
        assertEquals(MobileNetV2.FEATURE_SIZE + 7, both.length);
        for (int i = 0; i < MobileNetV2.FEATURE_SIZE; i++) {
            assertEquals(first[i], both[i], 1e-5, "MobileNetV2 feature " + i);
        }
        double spread = 0;
        for (int i = 0; i < 7; i++) {
            assertEquals(secondOnly[i], both[MobileNetV2.FEATURE_SIZE + i], 1e-5, "second backbone feature " + i);
            spread += Math.abs(secondOnly[i] - secondOnly[0]);
        }
        assertTrue(spread > 1e-3, "the stand-in's features are not all equal");
    }

    @Test
    void paddedAveragePoolingCountsOnlyThePixelsInsideTheMap() throws Exception {
        // On a constant map every window's mean is the constant, at the border too, only if the padding
        // is left out of the count (DJL's PyTorch engine counts it unless told otherwise by division).
        NetworkGraph g = NetworkGraph.builder("avg")
                .input(MobileNetV2.INPUT, Tensor.DataType.FLOAT32, 3, MobileNetV2.INPUT_SIZE, MobileNetV2.INPUT_SIZE)
                .node("avg", new Layer.AvgPool(3, 1, 1), MobileNetV2.INPUT)
                .output("avg")
                .build();
        float[] x = new float[3 * MobileNetV2.INPUT_SIZE * MobileNetV2.INPUT_SIZE];
        Arrays.fill(x, 0.75f);
        float[] y = run(g, List.of(), x);
        assertEquals(x.length, y.length);
        for (int i = 0; i < y.length; i++) {
            assertEquals(0.75f, y[i], 1e-6, "value " + i);
        }
    }

    @Test
    void refusesAGraphThatIsNotMobileNetV2sFeatureGraph() {
        NetworkGraph other = NetworkGraph.builder("other")
                .input("pixels", Tensor.DataType.FLOAT32, 3, 8, 8)
                .node(MobileNetV2.FEATURES, new Layer.GlobalAvgPool(), "pixels")
                .output(MobileNetV2.FEATURES)
                .build();
        assertThrows(IllegalArgumentException.class, () -> InceptionV3.combinedFeatureGraph(other, standIn()));
    }
}
