package dev.heritage.classify.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heritage.network.Layer;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.weights.QuantizedTensor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Keras-to-graph layer mapping on small hand-written models. */
class KerasLayersConverterTest {

    @Test
    void samePaddingFollowsTensorFlow() {
        assertArrayEquals(new int[] {0, 1}, KerasLayersConverter.samePads(224, 3, 2)); // extra at the end
        assertArrayEquals(new int[] {1, 1}, KerasLayersConverter.samePads(224, 3, 1));
        assertArrayEquals(new int[] {1, 1}, KerasLayersConverter.samePads(225, 3, 2));
        assertArrayEquals(new int[] {0, 0}, KerasLayersConverter.samePads(7, 1, 1));
        assertArrayEquals(new int[] {1, 2}, KerasLayersConverter.samePads(8, 5, 2));
        assertArrayEquals(new int[] {2, 2}, KerasLayersConverter.samePads(8, 5, 1));
    }

    private static String layer(String name, String cls, String config, String... inputs) {
        StringBuilder in = new StringBuilder("[");
        if (inputs.length > 0) {
            in.append('[');
            for (int i = 0; i < inputs.length; i++) {
                in.append(i > 0 ? "," : "").append("[\"").append(inputs[i]).append("\",0,0,{}]");
            }
            in.append(']');
        }
        in.append(']');
        return "{name:\"" + name + "\",class_name:\"" + cls + "\",config:{name:\"" + name + "\"," + config
                + "},inbound_nodes:" + in + "}";
    }

    private static JsonNode model(String... layers) {
        return JsLiteral.parse("{class_name:\"Model\",config:{name:\"m\",layers:[" + String.join(",", layers) + "]}}");
    }

    private static QuantizedTensor seq(String name, long... shape) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return QuantizedTensor.float32(name, shape, v);
    }

    private static Map<String, QuantizedTensor> weights(QuantizedTensor... ts) {
        Map<String, QuantizedTensor> m = new LinkedHashMap<>();
        for (QuantizedTensor t : ts) {
            m.put(t.name(), t);
        }
        return m;
    }

    private static final String INPUT = layer("in", "InputLayer", "batch_input_shape:[null,6,6,2],dtype:\"float32\"");

    @Test
    void mapsAStrideTwoDepthwiseBlockWithTheRightPaddingGroupsAndLayouts() throws IOException {
        JsonNode m = model(
                INPUT,
                layer(
                        "dw",
                        "DepthwiseConv2D",
                        "kernel_size:[3,3],strides:[2,2],padding:\"same\","
                                + "depth_multiplier:2,use_bias:!1,activation:\"linear\",dilation_rate:[1,1]",
                        "in"),
                layer("bn", "BatchNormalization", "axis:-1,epsilon:.001,center:!0,scale:!1", "dw"),
                layer("act", "ReLU", "max_value:6,negative_slope:0,threshold:0", "bn"),
                layer(
                        "pw",
                        "Conv2D",
                        "filters:3,kernel_size:[1,1],strides:[1,1],padding:\"same\",use_bias:!0,"
                                + "activation:\"relu\",dilation_rate:[1,1]",
                        "act"),
                layer("gap", "GlobalAveragePooling2D", "", "pw"),
                layer("fc", "Dense", "units:2,use_bias:!0,activation:\"softmax\"", "gap"));
        KerasLayersConverter.Result r = new KerasLayersConverter(weights(
                        seq("dw/depthwise_kernel", 3, 3, 2, 2),
                        seq("bn/beta", 4),
                        seq("bn/moving_mean", 4),
                        seq("bn/moving_variance", 4),
                        seq("pw/kernel", 1, 1, 4, 3),
                        seq("pw/bias", 3),
                        seq("fc/kernel", 3, 2),
                        seq("fc/bias", 2)))
                .convert("t", m, Map.of("in", "image"), new LinkedHashMap<>(Map.of("fc", "probs")));
        NetworkGraph g = r.graph();
        assertEquals(
                List.of("dw_pad", "dw", "bn", "act", "pw", "pw_relu", "gap", "fc", "probs"),
                g.nodes().stream().map(NetworkGraph.Node::name).toList());
        assertEquals(new Layer.Pad(0, 0, 1, 1), g.node("dw_pad").layer());
        assertEquals(new Layer.Conv2d(2, 4, 3, 2, 0, 2, false), g.node("dw").layer());
        assertEquals(new Layer.BatchNorm(4, 0.001f), g.node("bn").layer());
        assertEquals(new Layer.Relu6(), g.node("act").layer());
        assertEquals(new Layer.Conv2d(4, 3, 1, 1, 0, 1, true), g.node("pw").layer());
        assertEquals(new Layer.Relu(), g.node("pw_relu").layer());
        assertEquals(new Layer.GlobalAvgPool(), g.node("gap").layer());
        assertEquals(new Layer.Linear(3, 2, true), g.node("fc").layer());
        assertEquals(new Layer.Softmax(), g.node("probs").layer());
        assertEquals(List.of("probs"), g.outputs());
        assertArrayEquals(new long[] {4, 3, 3}, g.shapes().get("dw"));

        Map<String, QuantizedTensor> w = new LinkedHashMap<>();
        r.weights().forEach(t -> w.put(t.name(), t));
        // Depthwise [h, w, c, m] -> [c*2 + m, 1, h, w].
        float[] dw = w.get("dw.weight").floats();
        assertArrayEquals(new long[] {4, 1, 3, 3}, w.get("dw.weight").shape());
        for (int c = 0; c < 2; c++) {
            for (int mult = 0; mult < 2; mult++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 3; x++) {
                        assertEquals(((y * 3 + x) * 2 + c) * 2 + mult, dw[((c * 2 + mult) * 3 + y) * 3 + x], 0f);
                    }
                }
            }
        }
        // scale: false gives gamma = 1.
        assertArrayEquals(new float[] {1, 1, 1, 1}, w.get("bn.gamma").floats());
        // Dense [in, out] -> [out, in].
        assertArrayEquals(new float[] {0, 2, 4, 1, 3, 5}, w.get("fc.weight").floats());
        assertEquals(
                List.of(
                        "dw.weight",
                        "bn.gamma",
                        "bn.beta",
                        "bn.running_mean",
                        "bn.running_var",
                        "pw.weight",
                        "pw.bias",
                        "fc.weight",
                        "fc.bias"),
                r.weights().stream().map(QuantizedTensor::name).toList());
    }

    @Test
    void symmetricSamePaddingStaysInTheConvolution() throws IOException {
        JsonNode m = model(
                INPUT,
                layer(
                        "c",
                        "Conv2D",
                        "filters:1,kernel_size:[3,3],strides:[1,1],padding:\"same\","
                                + "use_bias:!1,activation:\"linear\"",
                        "in"));
        KerasLayersConverter.Result r = new KerasLayersConverter(weights(seq("c/kernel", 3, 3, 2, 1)))
                .convert("t", m, Map.of(), new LinkedHashMap<>(Map.of("c", "out")));
        assertEquals(1, r.graph().nodes().size());
        assertEquals(
                new Layer.Conv2d(2, 1, 3, 1, 1, 1, false), r.graph().node("out").layer());
        assertEquals("out.weight", r.weights().get(0).name());
    }

    @Test
    void mapsAnInceptionBlockRectangularKernelsPaddedAveragesMaxPoolingAndConcatenation() throws IOException {
        JsonNode m = model(
                INPUT,
                layer(
                        "wide",
                        "Conv2D",
                        "filters:3,kernel_size:[1,3],strides:[1,1],padding:\"same\",use_bias:!1,"
                                + "activation:\"linear\"",
                        "in"),
                layer("avg", "AveragePooling2D", "pool_size:[3,3],strides:[1,1],padding:\"same\"", "in"),
                layer("max", "MaxPooling2D", "pool_size:[3,3],strides:[1,1],padding:\"valid\"", "in"),
                layer("cat", "Concatenate", "axis:-1", "wide", "avg"),
                layer("tail", "AveragePooling2D", "pool_size:[2,2],strides:[2,2],padding:\"valid\"", "cat"));
        KerasLayersConverter.Result r = new KerasLayersConverter(weights(seq("wide/kernel", 1, 3, 2, 3)))
                .convert("t", m, Map.of("in", "image"), new LinkedHashMap<>(Map.of("tail", "pooled", "max", "maxed")));
        NetworkGraph g = r.graph();
        // 1x3 "same": no rows, one column each side, so an explicit pad and an unpadded 1x3 kernel.
        assertEquals(new Layer.Pad(0, 1, 0, 1), g.node("wide_pad").layer());
        assertEquals(
                new Layer.Conv2d(2, 3, 1, 1, 0, 1, false, 3), g.node("wide").layer());
        assertArrayEquals(new long[] {3, 6, 6}, g.shapes().get("wide"));
        assertArrayEquals(new long[] {3, 2, 1, 3}, r.weights().get(0).shape()); // HWIO [1,3,2,3] -> OIHW
        assertEquals(new Layer.AvgPool(3, 1, 1), g.node("avg").layer());
        assertArrayEquals(new long[] {2, 6, 6}, g.shapes().get("avg"));
        assertEquals(new Layer.MaxPool(3, 1), g.node("maxed").layer());
        assertArrayEquals(new long[] {2, 4, 4}, g.shapes().get("maxed"));
        assertEquals(new Layer.Concat(), g.node("cat").layer());
        assertEquals(List.of("wide", "avg"), g.node("cat").inputs());
        assertArrayEquals(new long[] {5, 6, 6}, g.shapes().get("cat"));
        // A valid window smaller than the map is an ordinary average pooling.
        assertEquals(new Layer.AvgPool(2, 2), g.node("pooled").layer());
        assertArrayEquals(new long[] {5, 3, 3}, g.shapes().get("pooled"));
        // OIHW keeps the kernel's columns: out 0, in 1, column x holds HWIO ((0*3 + x)*2 + 1)*3 + 0.
        float[] w = r.weights().get(0).floats();
        for (int x = 0; x < 3; x++) {
            assertEquals((x * 2 + 1) * 3, w[(0 * 2 + 1) * 3 + x], 0f);
        }
    }

    @Test
    void refusesAveragePoolingWhosePaddingItCannotMatch() {
        JsonNode strided =
                model(INPUT, layer("a", "AveragePooling2D", "pool_size:[3,3],strides:[2,2],padding:\"same\"", "in"));
        IOException e = assertThrows(
                IOException.class,
                () -> new KerasLayersConverter(Map.of())
                        .convert("t", strided, Map.of(), new LinkedHashMap<>(Map.of("a", "o"))));
        assertTrue(e.getMessage().contains("stride 2"), e.getMessage());
        JsonNode sameMax =
                model(INPUT, layer("p", "MaxPooling2D", "pool_size:[3,3],strides:[1,1],padding:\"same\"", "in"));
        assertThrows(
                IOException.class,
                () -> new KerasLayersConverter(Map.of())
                        .convert("t", sameMax, Map.of(), new LinkedHashMap<>(Map.of("p", "o"))));
    }

    @Test
    void refusesWhatItCannotMapFaithfully() {
        // An unknown layer class.
        JsonNode lstm = model(INPUT, layer("l", "LSTM", "units:3", "in"));
        IOException e = assertThrows(
                IOException.class,
                () -> new KerasLayersConverter(Map.of())
                        .convert("t", lstm, Map.of(), new LinkedHashMap<>(Map.of("l", "o"))));
        assertTrue(e.getMessage().contains("LSTM"), e.getMessage());
        // Weights no layer uses.
        JsonNode relu = model(INPUT, layer("r", "ReLU", "max_value:null", "in"));
        e = assertThrows(
                IOException.class,
                () -> new KerasLayersConverter(weights(seq("x/kernel", 2)))
                        .convert("t", relu, Map.of(), new LinkedHashMap<>(Map.of("r", "o"))));
        assertTrue(e.getMessage().contains("x/kernel"), e.getMessage());
        // Flattening a spatial map (NHWC and NCHW orders differ).
        JsonNode flat = model(INPUT, layer("f", "Flatten", "", "in"));
        assertThrows(
                IOException.class,
                () -> new KerasLayersConverter(Map.of())
                        .convert("t", flat, Map.of(), new LinkedHashMap<>(Map.of("f", "o"))));
        // Dilation.
        JsonNode dil = model(
                INPUT,
                layer(
                        "c",
                        "Conv2D",
                        "filters:1,kernel_size:[3,3],strides:[1,1],"
                                + "padding:\"valid\",use_bias:!1,activation:\"linear\",dilation_rate:[2,2]",
                        "in"));
        assertThrows(
                IOException.class,
                () -> new KerasLayersConverter(weights(seq("c/kernel", 3, 3, 2, 1)))
                        .convert("t", dil, Map.of(), new LinkedHashMap<>(Map.of("c", "o"))));
        // A missing weight.
        JsonNode conv = model(
                INPUT,
                layer(
                        "c",
                        "Conv2D",
                        "filters:1,kernel_size:[3,3],strides:[1,1],"
                                + "padding:\"valid\",use_bias:!0,activation:\"linear\"",
                        "in"));
        e = assertThrows(
                IOException.class,
                () -> new KerasLayersConverter(weights(seq("c/kernel", 3, 3, 2, 1)))
                        .convert("t", conv, Map.of(), new LinkedHashMap<>(Map.of("c", "o"))));
        assertTrue(e.getMessage().contains("c/bias"), e.getMessage());
    }
}
