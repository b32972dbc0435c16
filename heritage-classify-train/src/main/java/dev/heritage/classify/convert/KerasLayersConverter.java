package dev.heritage.classify.convert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heritage.api.engine.Tensor;
import dev.heritage.network.Layer;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.ParamSpec;
import dev.heritage.network.ParamSpec.Role;
import dev.heritage.network.weights.QuantizedTensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a Keras functional model (the {@code model_config} of a TF.js layers model) built from the
 * layers of MobileNet- and Inception-like networks onto a Heritage {@link NetworkGraph} in NCHW, with its weights
 * moved into PyTorch layouts without touching their quantisation.
 *
 * <p>The mapping, layer by layer:
 * <ul>
 *   <li>{@code InputLayer} (NHWC {@code [null,H,W,C]}) → a graph input {@code [C,H,W]};</li>
 *   <li>{@code ZeroPadding2D} {@code [[top,bottom],[left,right]]} → {@link Layer.Pad};</li>
 *   <li>{@code Conv2D} → {@link Layer.Conv2d} (rectangular kernels too), kernel HWIO → OIHW; {@code DepthwiseConv2D} (kernel
 *       {@code [h,w,in,mult]}) → {@link Layer.Conv2d} with {@code groups = in}, kernel → {@code [in*mult,1,h,w]}
 *       (TF's output channel {@code c*mult+m}); padding {@code valid} → 0; padding {@code same} → TF's
 *       rule ({@code total = max((ceil(H/s)-1)*s + k - H, 0)}, {@code top = total/2}, the rest at the
 *       bottom/right): symmetric → the convolution's padding, asymmetric → a {@link Layer.Pad} first;</li>
 *   <li>{@code BatchNormalization} (channel axis) → {@link Layer.BatchNorm} with the layer's epsilon;</li>
 *   <li>{@code ReLU} with {@code max_value} 6 → {@link Layer.Relu6}, without → {@link Layer.Relu};
 *       {@code activation} relu / relu6 / softmax of Conv2D, Dense and {@code Activation} layers → an extra
 *       node;</li>
 *   <li>{@code Add} → {@link Layer.Add}; {@code Dropout} → {@link Layer.Dropout};</li>
 *   <li>{@code AveragePooling2D} whose valid window covers the whole map, and
 *       {@code GlobalAveragePooling2D} → {@link Layer.GlobalAvgPool}; other valid windows, and "same"
 *       windows of stride 1 (padding left out of the count, as TF does) → {@link Layer.AvgPool};
 *       {@code MaxPooling2D} (valid) → {@link Layer.MaxPool}; {@code Concatenate} along channels →
 *       {@link Layer.Concat}; {@code Flatten} of a vector → nothing,
 *       of a {@code [C,1,1]} map → {@link Layer.Flatten} (both orders agree only then);</li>
 *   <li>{@code Dense} → {@link Layer.Linear}, kernel {@code [in,out]} → {@code [out,in]}.</li>
 * </ul>
 * Anything else (another layer class, dilation, non-square strides, a layer used twice, unused weights)
 * is refused with a message, so an unexpected model cannot be converted silently wrong.
 *
 * <p>Not thread-safe: one instance per conversion.
 */
final class KerasLayersConverter {
    private final Map<String, QuantizedTensor> kerasWeights;
    private final Set<String> usedWeights = new HashSet<>();
    private final List<NetworkGraph.Input> inputs = new ArrayList<>();
    private final List<MutableNode> nodes = new ArrayList<>();
    private final Map<String, long[]> shapes = new HashMap<>();
    /** Keras layer name → name of the graph value holding its output. */
    private final Map<String, String> values = new LinkedHashMap<>();

    private final Map<String, QuantizedTensor> params = new LinkedHashMap<>();

    private static final class MutableNode {
        String name;
        final Layer layer;
        final List<String> inputs;

        MutableNode(String name, Layer layer, List<String> inputs) {
            this.name = name;
            this.layer = layer;
            this.inputs = new ArrayList<>(inputs);
        }
    }

    /** The result: a validated graph and its parameters in Heritage layouts, in graph order. */
    record Result(NetworkGraph graph, List<QuantizedTensor> weights) {}

    /** @param kerasWeights the model's weights by Keras name ({@code layer/kernel}), in Keras layouts */
    KerasLayersConverter(Map<String, QuantizedTensor> kerasWeights) {
        this.kerasWeights = new LinkedHashMap<>(kerasWeights);
    }

    /**
     * @param graphName the name of the resulting network
     * @param modelConfig {@code modelTopology.model_config}
     * @param inputNames Keras input layer → graph input name
     * @param outputNames Keras layer → graph output name, in output order
     * @return the graph and its weights
     * @throws IOException naming the first layer that cannot be mapped
     */
    Result convert(
            String graphName, JsonNode modelConfig, Map<String, String> inputNames, Map<String, String> outputNames)
            throws IOException {
        String cls = modelConfig.path("class_name").asText();
        if (!cls.equals("Model") && !cls.equals("Functional")) {
            throw new IOException("Only functional Keras models are supported, got " + cls);
        }
        JsonNode layers = modelConfig.path("config").path("layers");
        if (!layers.isArray() || layers.isEmpty()) {
            throw new IOException("model_config.config.layers is missing");
        }
        for (JsonNode l : layers) {
            String name = l.path("name").asText();
            try {
                layer(l, inputNames);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new IOException(
                        "Keras layer '" + name + "' (" + l.path("class_name").asText() + "): " + e.getMessage(), e);
            }
        }
        Set<String> unused = new TreeSet<>(kerasWeights.keySet());
        unused.removeAll(usedWeights);
        if (!unused.isEmpty()) {
            throw new IOException("Weights not used by any layer: " + unused);
        }
        // Rename the output values to the requested names.
        List<String> outputs = new ArrayList<>();
        for (Map.Entry<String, String> o : outputNames.entrySet()) {
            String value = values.get(o.getKey());
            if (value == null) {
                throw new IOException("Output layer '" + o.getKey() + "' is not in the model");
            }
            rename(value, o.getValue());
            outputs.add(o.getValue());
        }
        List<NetworkGraph.Node> built = new ArrayList<>();
        for (MutableNode n : nodes) {
            built.add(new NetworkGraph.Node(n.name, n.layer, n.inputs));
        }
        NetworkGraph graph = new NetworkGraph(graphName, inputs, built, outputs);
        List<QuantizedTensor> ordered = new ArrayList<>();
        for (NetworkGraph.Node node : graph.nodes()) {
            for (ParamSpec p : node.layer().parameters()) {
                String key = NetworkWeights.key(node.name(), p.role());
                QuantizedTensor t = params.get(key);
                if (t == null) {
                    throw new IOException("No value for parameter " + key);
                }
                if (!Arrays.equals(t.shape(), p.shape())) {
                    throw new IOException(key + " has shape " + Arrays.toString(t.shape()) + ", the graph needs "
                            + Arrays.toString(p.shape()));
                }
                ordered.add(t);
            }
        }
        if (ordered.size() != params.size()) {
            throw new IOException("Parameters without a node: " + params.keySet());
        }
        return new Result(graph, ordered);
    }

    private void layer(JsonNode l, Map<String, String> inputNames) {
        String name = l.path("name").asText();
        String cls = l.path("class_name").asText();
        JsonNode c = l.path("config");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("layer without a name");
        }
        if (values.containsKey(name)) {
            throw new IllegalArgumentException("duplicate layer name");
        }
        if (c.has("data_format") && !c.path("data_format").asText().equals("channels_last")) {
            throw new IllegalArgumentException("data_format must be channels_last");
        }
        if (cls.equals("InputLayer")) {
            JsonNode s = c.path("batch_input_shape");
            if (s.size() != 4 || !s.get(0).isNull()) {
                throw new IllegalArgumentException("expected batch_input_shape [null,H,W,C], got " + s);
            }
            if (!c.path("dtype").asText("float32").equals("float32")) {
                throw new IllegalArgumentException("only float32 inputs are supported");
            }
            String graphName = inputNames.getOrDefault(name, name);
            long[] shape = {s.get(3).asLong(), s.get(1).asLong(), s.get(2).asLong()};
            inputs.add(new NetworkGraph.Input(graphName, Tensor.DataType.FLOAT32, shape));
            shapes.put(graphName, shape);
            values.put(name, graphName);
            return;
        }
        List<String> in = inbound(l);
        String out;
        switch (cls) {
            case "ZeroPadding2D" -> {
                int[][] p = padding(c.path("padding"));
                out = add(name, new Layer.Pad(p[0][0], p[1][0], p[0][1], p[1][1]), in);
            }
            case "Conv2D" -> {
                int filters = c.path("filters").asInt();
                int[] k = kernel(c.path("kernel_size"));
                int s = square(c.path("strides"), "strides");
                requireNoDilation(c);
                int groups = c.path("groups").asInt(1);
                long[] x = shape(in.get(0));
                String src = samePadding(name, c, in.get(0), k[0], k[1], s);
                int pad = convPadding(c, x, k[0], k[1], s);
                boolean bias = c.path("use_bias").asBoolean();
                out = add(name, new Layer.Conv2d((int) x[0], filters, k[0], s, pad, groups, bias, k[1]), List.of(src));
                // HWIO -> OIHW
                param(out, Role.WEIGHT, weight(name, "kernel").transpose(key(out, Role.WEIGHT), 3, 2, 0, 1));
                if (bias) {
                    param(out, Role.BIAS, weight(name, "bias").reshape(key(out, Role.BIAS), filters));
                }
                out = activation(name, c.path("activation").asText("linear"), out);
            }
            case "DepthwiseConv2D" -> {
                int k = square(c.path("kernel_size"), "kernel_size");
                int s = square(c.path("strides"), "strides");
                requireNoDilation(c);
                int mult = c.path("depth_multiplier").asInt(1);
                long[] x = shape(in.get(0));
                int channels = (int) x[0];
                String src = samePadding(name, c, in.get(0), k, k, s);
                int pad = convPadding(c, x, k, k, s);
                boolean bias = c.path("use_bias").asBoolean();
                out = add(name, new Layer.Conv2d(channels, channels * mult, k, s, pad, channels, bias), List.of(src));
                // [h, w, in, mult] -> [in, mult, h, w] -> [in*mult, 1, h, w]
                QuantizedTensor kt = weight(name, "depthwise_kernel").transpose("tmp", 2, 3, 0, 1);
                param(out, Role.WEIGHT, kt.reshape(key(out, Role.WEIGHT), (long) channels * mult, 1, k, k));
                if (bias) {
                    param(out, Role.BIAS, weight(name, "bias").reshape(key(out, Role.BIAS), (long) channels * mult));
                }
                out = activation(name, c.path("activation").asText("linear"), out);
            }
            case "BatchNormalization" -> {
                long[] x = shape(in.get(0));
                int axis = c.path("axis").isArray()
                        ? c.path("axis").get(0).asInt()
                        : c.path("axis").asInt(-1);
                int kerasRank = x.length + 1;
                if (!(axis == -1 || axis == kerasRank - 1)) {
                    throw new IllegalArgumentException("only the channel axis is supported, got axis " + axis);
                }
                int ch = (int) x[0];
                float eps = (float) c.path("epsilon").asDouble(1e-3);
                out = add(name, new Layer.BatchNorm(ch, eps), in);
                param(
                        out,
                        Role.GAMMA,
                        c.path("scale").asBoolean(true)
                                ? weight(name, "gamma").reshape(key(out, Role.GAMMA), ch)
                                : constant(out, Role.GAMMA, ch, 1f));
                param(
                        out,
                        Role.BETA,
                        c.path("center").asBoolean(true)
                                ? weight(name, "beta").reshape(key(out, Role.BETA), ch)
                                : constant(out, Role.BETA, ch, 0f));
                param(out, Role.RUNNING_MEAN, weight(name, "moving_mean").reshape(key(out, Role.RUNNING_MEAN), ch));
                param(out, Role.RUNNING_VAR, weight(name, "moving_variance").reshape(key(out, Role.RUNNING_VAR), ch));
            }
            case "ReLU" -> {
                JsonNode max = c.path("max_value");
                if (c.path("negative_slope").asDouble(0) != 0
                        || c.path("threshold").asDouble(0) != 0) {
                    throw new IllegalArgumentException("only negative_slope 0 and threshold 0 are supported");
                }
                if (max.isMissingNode() || max.isNull()) {
                    out = add(name, new Layer.Relu(), in);
                } else if (max.asDouble() == 6.0) {
                    out = add(name, new Layer.Relu6(), in);
                } else {
                    throw new IllegalArgumentException("only max_value 6 or none is supported, got " + max);
                }
            }
            case "Activation" -> out = activationNode(name, c.path("activation").asText(), in.get(0), name);
            case "Add" -> {
                if (in.size() != 2) {
                    throw new IllegalArgumentException("only two-input Add is supported");
                }
                out = add(name, new Layer.Add(), in);
            }
            case "Dropout" ->
                out = add(name, new Layer.Dropout((float) c.path("rate").asDouble()), in);
            case "AveragePooling2D" -> {
                long[] x = shape(in.get(0));
                int k = square(c.path("pool_size"), "pool_size");
                int s = square(c.path("strides"), "strides");
                String mode = c.path("padding").asText();
                if (mode.equals("valid") && k == x[1] && k == x[2] && s == k) {
                    out = add(name, new Layer.GlobalAvgPool(), in);
                } else if (mode.equals("valid")) {
                    out = add(name, new Layer.AvgPool(k, s), in);
                } else if (mode.equals("same") && s == 1 && k % 2 == 1) {
                    // TF's "same" average leaves its (here symmetric) padding out of the count, as AvgPool does.
                    out = add(name, new Layer.AvgPool(k, s, (k - 1) / 2), in);
                } else {
                    throw new IllegalArgumentException("average pooling " + k + " stride " + s + " padding " + mode
                            + " is not supported: only 'valid', or 'same' with stride 1 and an odd window");
                }
            }
            case "MaxPooling2D" -> {
                int k = square(c.path("pool_size"), "pool_size");
                int s = square(c.path("strides"), "strides");
                if (!c.path("padding").asText().equals("valid")) {
                    throw new IllegalArgumentException("only 'valid' max pooling is supported, got padding "
                            + c.path("padding").asText());
                }
                out = add(name, new Layer.MaxPool(k, s), in);
            }
            case "Concatenate" -> {
                int axis = c.path("axis").asInt(-1);
                if (!(axis == -1 || axis == shape(in.get(0)).length)) {
                    throw new IllegalArgumentException(
                            "only concatenation along channels is supported, got axis " + axis);
                }
                out = add(name, new Layer.Concat(), in);
            }
            case "GlobalAveragePooling2D" -> out = add(name, new Layer.GlobalAvgPool(), in);
            case "Flatten" -> {
                long[] x = shape(in.get(0));
                if (x.length == 1) {
                    out = in.get(0);
                } else if (x.length == 3 && x[1] == 1 && x[2] == 1) {
                    out = add(name, new Layer.Flatten(), in);
                } else {
                    throw new IllegalArgumentException(
                            "flattening a " + Arrays.toString(x) + " map: NHWC and NCHW orders differ");
                }
            }
            case "Dense" -> {
                long[] x = shape(in.get(0));
                if (x.length != 1) {
                    throw new IllegalArgumentException("Dense on a " + Arrays.toString(x) + " input");
                }
                int units = c.path("units").asInt();
                boolean bias = c.path("use_bias").asBoolean();
                out = add(name, new Layer.Linear((int) x[0], units, bias), in);
                param(out, Role.WEIGHT, weight(name, "kernel").transpose(key(out, Role.WEIGHT), 1, 0));
                if (bias) {
                    param(out, Role.BIAS, weight(name, "bias").reshape(key(out, Role.BIAS), units));
                }
                out = activation(name, c.path("activation").asText("linear"), out);
            }
            default -> throw new IllegalArgumentException("unsupported layer class " + cls);
        }
        values.put(name, out);
    }

    private List<String> inbound(JsonNode l) {
        JsonNode nodesOfLayer = l.path("inbound_nodes");
        if (nodesOfLayer.size() != 1) {
            throw new IllegalArgumentException(
                    "expected one inbound node (layers used once), got " + nodesOfLayer.size());
        }
        List<String> in = new ArrayList<>();
        for (JsonNode ref : nodesOfLayer.get(0)) {
            String from = ref.get(0).asText();
            if (ref.get(1).asInt() != 0 || ref.get(2).asInt() != 0) {
                throw new IllegalArgumentException("input " + ref + ": only node 0, tensor 0 is supported");
            }
            String v = values.get(from);
            if (v == null) {
                throw new IllegalArgumentException("reads '" + from + "', which is not an earlier layer");
            }
            in.add(v);
        }
        if (in.isEmpty()) {
            throw new IllegalArgumentException("no inputs");
        }
        return in;
    }

    /** Inserts a Pad node for TF "same" padding that is asymmetric; returns the value to convolve. */
    private String samePadding(String layer, JsonNode c, String input, int kh, int kw, int s) {
        String mode = c.path("padding").asText();
        if (mode.equals("valid")) {
            return input;
        }
        if (!mode.equals("same")) {
            throw new IllegalArgumentException("unsupported padding '" + mode + "'");
        }
        long[] x = shape(input);
        int[] h = samePads(x[1], kh, s);
        int[] w = samePads(x[2], kw, s);
        if (h[0] == h[1] && w[0] == w[1] && h[0] == w[0]) {
            return input;
        }
        return add(fresh(layer + "_pad"), new Layer.Pad(h[0], w[0], h[1], w[1]), List.of(input));
    }

    /** The convolution's own (symmetric) padding: same-symmetric pads, or 0 when a Pad node was added. */
    private static int convPadding(JsonNode c, long[] x, int kh, int kw, int s) {
        if (!c.path("padding").asText().equals("same")) {
            return 0;
        }
        int[] h = samePads(x[1], kh, s);
        int[] w = samePads(x[2], kw, s);
        return h[0] == h[1] && w[0] == w[1] && h[0] == w[0] ? h[0] : 0;
    }

    /**
     * TensorFlow's "same" padding along one axis.
     *
     * @param size input size
     * @param kernel kernel size
     * @param stride stride
     * @return {before, after}; the extra row or column, if any, goes after (bottom, right)
     */
    static int[] samePads(long size, int kernel, int stride) {
        long out = (size + stride - 1) / stride;
        long total = Math.max((out - 1) * stride + kernel - size, 0);
        long before = total / 2;
        return new int[] {(int) before, (int) (total - before)};
    }

    private String activation(String layer, String activation, String value) {
        if (activation.equals("linear")) {
            return value;
        }
        return activationNode(layer, activation, value, fresh(layer + "_" + activation));
    }

    private String activationNode(String layer, String activation, String value, String nodeName) {
        Layer act = switch (activation) {
            case "relu" -> new Layer.Relu();
            case "relu6" -> new Layer.Relu6();
            case "softmax" -> {
                if (shape(value).length != 1) {
                    throw new IllegalArgumentException("softmax over a map is not supported");
                }
                yield new Layer.Softmax();
            }
            case "linear" -> null;
            default -> throw new IllegalArgumentException("unsupported activation '" + activation + "'");
        };
        if (act == null) {
            return value;
        }
        return add(nodeName, act, List.of(value));
    }

    private String add(String name, Layer layer, List<String> in) {
        if (shapes.containsKey(name)) {
            throw new IllegalArgumentException("duplicate node name " + name);
        }
        List<long[]> ins = new ArrayList<>();
        for (String i : in) {
            ins.add(shape(i));
        }
        int arity = layer.arity();
        if ((arity >= 0 && ins.size() != arity) || (arity < 0 && ins.size() < 2)) {
            throw new IllegalArgumentException(layer + " takes " + arity + " inputs, got " + ins.size());
        }
        shapes.put(name, layer.outputShape(ins));
        nodes.add(new MutableNode(name, layer, in));
        return name;
    }

    private String fresh(String base) {
        String n = base;
        for (int i = 1; shapes.containsKey(n) || values.containsKey(n); i++) {
            n = base + "_" + i;
        }
        return n;
    }

    private long[] shape(String value) {
        long[] s = shapes.get(value);
        if (s == null) {
            throw new IllegalStateException("no value " + value);
        }
        return s;
    }

    private QuantizedTensor weight(String layer, String suffix) {
        String k = layer + "/" + suffix;
        QuantizedTensor t = kerasWeights.get(k);
        if (t == null) {
            throw new IllegalArgumentException("weight " + k + " is missing from the weights manifest");
        }
        if (!usedWeights.add(k)) {
            throw new IllegalArgumentException("weight " + k + " used twice");
        }
        return t;
    }

    private void param(String node, Role role, QuantizedTensor t) {
        String k = key(node, role);
        if (!t.name().equals(k)) {
            t = t.reshape(k, t.shape());
        }
        params.put(k, t);
    }

    private static QuantizedTensor constant(String node, Role role, int n, float v) {
        float[] f = new float[n];
        Arrays.fill(f, v);
        return QuantizedTensor.float32(key(node, role), new long[] {n}, f);
    }

    private static String key(String node, Role role) {
        return NetworkWeights.key(node, role);
    }

    private void rename(String from, String to) {
        if (from.equals(to)) {
            return;
        }
        if (shapes.containsKey(to) || inputs.stream().anyMatch(i -> i.name().equals(to))) {
            throw new IllegalArgumentException("cannot rename " + from + " to " + to + ": name taken");
        }
        MutableNode node = nodes.stream()
                .filter(n -> n.name.equals(from))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(from + " is an input, not a node; cannot rename"));
        node.name = to;
        for (MutableNode n : nodes) {
            n.inputs.replaceAll(i -> i.equals(from) ? to : i);
        }
        shapes.put(to, shapes.remove(from));
        values.replaceAll((k, v) -> v.equals(from) ? to : v);
        Map<String, QuantizedTensor> renamed = new LinkedHashMap<>();
        for (Map.Entry<String, QuantizedTensor> e : params.entrySet()) {
            if (e.getKey().startsWith(from + ".")) {
                String k = to + e.getKey().substring(from.length());
                renamed.put(k, e.getValue().reshape(k, e.getValue().shape()));
            } else {
                renamed.put(e.getKey(), e.getValue());
            }
        }
        params.clear();
        params.putAll(renamed);
    }

    /** @return {height, width} of a Keras kernel_size (an int or a pair) */
    private static int[] kernel(JsonNode pair) {
        if (pair.isInt()) {
            return new int[] {pair.asInt(), pair.asInt()};
        }
        if (pair.size() != 2) {
            throw new IllegalArgumentException("kernel_size must be an int or a pair, got " + pair);
        }
        return new int[] {pair.get(0).asInt(), pair.get(1).asInt()};
    }

    private static int square(JsonNode pair, String what) {
        if (pair.isInt()) {
            return pair.asInt();
        }
        if (pair.size() != 2 || pair.get(0).asInt() != pair.get(1).asInt()) {
            throw new IllegalArgumentException(what + " must be square, got " + pair);
        }
        return pair.get(0).asInt();
    }

    private static void requireNoDilation(JsonNode c) {
        JsonNode d = c.path("dilation_rate");
        if (!d.isMissingNode() && square(d, "dilation_rate") != 1) {
            throw new IllegalArgumentException("dilation is not supported, got " + d);
        }
    }

    /** @return {{top, bottom}, {left, right}} */
    private static int[][] padding(JsonNode p) {
        if (p.isInt()) {
            int v = p.asInt();
            return new int[][] {{v, v}, {v, v}};
        }
        if (p.size() == 2 && p.get(0).isInt() && p.get(1).isInt()) {
            int h = p.get(0).asInt();
            int w = p.get(1).asInt();
            return new int[][] {{h, h}, {w, w}};
        }
        if (p.size() == 2 && p.get(0).size() == 2 && p.get(1).size() == 2) {
            return new int[][] {
                {p.get(0).get(0).asInt(), p.get(0).get(1).asInt()},
                {p.get(1).get(0).asInt(), p.get(1).get(1).asInt()}
            };
        }
        throw new IllegalArgumentException("unsupported padding " + p);
    }
}
