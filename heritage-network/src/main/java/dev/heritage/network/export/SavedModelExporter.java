package dev.heritage.network.export;

import com.google.protobuf.ByteString;
import dev.heritage.api.engine.Tensor;
import dev.heritage.network.Layer;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.ParamSpec.Role;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.VersionDef;

/**
 * Writes a {@link NetworkGraph} with its weights as a TensorFlow SavedModel: a frozen graph
 * ({@code saved_model.pb}, weights as constants, no variables) with a {@code serve} tag and a
 * {@code serving_default} signature whose input and output keys are the graph's names. The one
 * place each layer type is mapped to TensorFlow operations.
 *
 * <p>TensorFlow's CPU kernels convolve and pool only channels-last, so image values are carried in
 * NHWC between such operations and turned back to NCHW only where the layout matters (flattening,
 * outputs), which keeps the results identical to the NCHW reference. Grouped convolutions other than
 * depthwise ones are not supported by this exporter.
 *
 * <p>Written straight from TensorFlow's protobuf classes, so exporting needs no TensorFlow native
 * library. Stateless and thread-safe.
 */
public final class SavedModelExporter {
    /** The file name of the graph inside the SavedModel directory. */
    public static final String GRAPH_FILE = "saved_model.pb";
    /** The signature written. */
    public static final String SIGNATURE = "serving_default";
    /** The tag written. */
    public static final String TAG = "serve";

    private static final int GRAPH_PRODUCER = 1645;

    private SavedModelExporter() {}

    /**
     * @param graph the network
     * @param weights its weights
     * @param directory the SavedModel directory to create (or fill)
     * @throws IOException if it cannot be written
     */
    public static void write(NetworkGraph graph, NetworkWeights weights, Path directory) throws IOException {
        Files.createDirectories(directory);
        SavedModel model = toProto(graph, weights);
        try (OutputStream out = Files.newOutputStream(directory.resolve(GRAPH_FILE))) {
            model.writeTo(out);
        }
    }

    /**
     * @param graph the network
     * @param weights its weights
     * @return the SavedModel protobuf
     */
    public static SavedModel toProto(NetworkGraph graph, NetworkWeights weights) {
        Builder b = new Builder(graph.shapes());
        SignatureDef.Builder sig = SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict");
        for (NetworkGraph.Input in : graph.inputs()) {
            DataType dt = in.type() == Tensor.DataType.INT64 ? DataType.DT_INT64 : DataType.DT_FLOAT;
            b.add(NodeDef.newBuilder()
                    .setName(in.name())
                    .setOp("Placeholder")
                    .putAttr("dtype", type(dt))
                    .putAttr(
                            "shape",
                            AttrValue.newBuilder()
                                    .setShape(shape(in.shape(), true))
                                    .build()));
            b.layout.put(in.name(), Layout.NCHW);
            sig.putInputs(
                    in.name(),
                    TensorInfo.newBuilder()
                            .setName(in.name() + ":0")
                            .setDtype(dt)
                            .setTensorShape(shape(in.shape(), true))
                            .build());
        }
        for (NetworkGraph.Node node : graph.nodes()) {
            b.map(node, weights);
        }
        for (String out : graph.outputs()) {
            String value = b.nchw(out);
            String name = "output_" + out;
            b.add(unary("Identity", name, value));
            sig.putOutputs(
                    out,
                    TensorInfo.newBuilder()
                            .setName(name + ":0")
                            .setDtype(DataType.DT_FLOAT)
                            .setTensorShape(shape(b.shapes.get(out), true))
                            .build());
        }
        GraphDef graphDef = b.graph
                .setVersions(VersionDef.newBuilder().setProducer(GRAPH_PRODUCER))
                .build();
        MetaGraphDef meta = MetaGraphDef.newBuilder()
                .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder()
                        .addTags(TAG)
                        .setTensorflowVersion("2.16.2")
                        .setTensorflowGitVersion("heritage-export"))
                .setGraphDef(graphDef)
                .putSignatureDef(SIGNATURE, sig.build())
                .build();
        return SavedModel.newBuilder()
                .setSavedModelSchemaVersion(1)
                .addMetaGraphs(meta)
                .build();
    }

    private enum Layout {
        NCHW,
        NHWC
    }

    /** Mutable state of one export: nodes written so far and the layout of each rank-4 value. */
    private static final class Builder {
        final GraphDef.Builder graph = GraphDef.newBuilder();
        final Map<String, long[]> shapes;
        final Map<String, Layout> layout = new HashMap<>();
        final Map<String, String> converted = new HashMap<>();

        Builder(Map<String, long[]> shapes) {
            this.shapes = shapes;
        }

        void add(NodeDef.Builder n) {
            graph.addNode(n);
        }

        boolean isImage(String value) {
            long[] s = shapes.get(value);
            return s != null && s.length == 3;
        }

        /** The value in channels-last layout, transposing once if needed. */
        String nhwc(String value) {
            return inLayout(value, Layout.NHWC, new int[] {0, 2, 3, 1});
        }

        /** The value in channels-first layout, transposing once if needed. */
        String nchw(String value) {
            return inLayout(value, Layout.NCHW, new int[] {0, 3, 1, 2});
        }

        private String inLayout(String value, Layout wanted, int[] perm) {
            if (!isImage(value) || layout.getOrDefault(value, Layout.NCHW) == wanted) {
                return value;
            }
            return converted.computeIfAbsent(value + "/" + wanted, k -> {
                String permName = constInts(k + "/perm", perm);
                add(NodeDef.newBuilder()
                        .setName(k)
                        .setOp("Transpose")
                        .addInput(value)
                        .addInput(permName)
                        .putAttr("T", type(DataType.DT_FLOAT))
                        .putAttr("Tperm", type(DataType.DT_INT32)));
                layout.put(k, wanted);
                return k;
            });
        }

        /** Records that node {@code name} holds a value in {@code l}, aliasing it under the node name. */
        void produced(String name, String actual, Layout l) {
            if (!actual.equals(name)) {
                add(unary("Identity", name, actual));
            }
            layout.put(name, l);
        }

        Layout layoutOf(String value) {
            return layout.getOrDefault(value, Layout.NCHW);
        }

        void map(NetworkGraph.Node node, NetworkWeights w) {
            String n = node.name();
            List<String> in = node.inputs();
            Layer layer = node.layer();
            if (layer instanceof Layer.Conv2d c) {
                String x = nhwc(in.get(0));
                if (c.padding() > 0) {
                    x = pad(n + "/pad", x, c.padding(), c.padding(), c.padding(), c.padding());
                }
                float[] oihw = w.get(n, Role.WEIGHT).floats();
                boolean depthwise = c.groups() == c.in() && c.groups() > 1;
                if (c.groups() != 1 && !depthwise) {
                    throw new UnsupportedOperationException("Node " + n + ": grouped convolution with groups="
                            + c.groups() + " cannot be exported to TensorFlow; use groups=1 or depthwise");
                }
                String filter;
                NodeDef.Builder conv;
                if (depthwise) {
                    int mult = c.out() / c.in();
                    filter = constFloats(
                            n + "/filter",
                            depthwiseFilter(oihw, c.in(), mult, c.kernel(), c.kernelWidth()),
                            new long[] {c.kernel(), c.kernelWidth(), c.in(), mult});
                    conv = NodeDef.newBuilder().setOp("DepthwiseConv2dNative");
                } else {
                    filter = constFloats(
                            n + "/filter",
                            hwio(oihw, c.out(), c.in(), c.kernel(), c.kernelWidth()),
                            new long[] {c.kernel(), c.kernelWidth(), c.in(), c.out()});
                    conv = NodeDef.newBuilder().setOp("Conv2D").putAttr("use_cudnn_on_gpu", bool(true));
                }
                String convName = c.bias() ? n + "/conv" : n;
                add(conv.setName(convName)
                        .addInput(x)
                        .addInput(filter)
                        .putAttr("T", type(DataType.DT_FLOAT))
                        .putAttr("strides", ints(1, c.stride(), c.stride(), 1))
                        .putAttr("padding", string("VALID"))
                        .putAttr("data_format", string("NHWC"))
                        .putAttr("dilations", ints(1, 1, 1, 1))
                        .putAttr("explicit_paddings", ints()));
                if (c.bias()) {
                    String bias = constFloats(n + "/bias", w.get(n, Role.BIAS).floats(), new long[] {c.out()});
                    add(NodeDef.newBuilder()
                            .setName(n)
                            .setOp("BiasAdd")
                            .addInput(convName)
                            .addInput(bias)
                            .putAttr("T", type(DataType.DT_FLOAT))
                            .putAttr("data_format", string("NHWC")));
                }
                layout.put(n, Layout.NHWC);
            } else if (layer instanceof Layer.BatchNorm bn) {
                FoldedBatchNorm f = FoldedBatchNorm.of(n, bn, w);
                String x = in.get(0);
                long[] vec = isImage(x) && layoutOf(x) == Layout.NCHW
                        ? new long[] {bn.channels(), 1, 1}
                        : new long[] {bn.channels()};
                String scale = constFloats(n + "/scale", f.scale(), vec);
                String shift = constFloats(n + "/shift", f.shift(), vec);
                add(binary("Mul", n + "/scaled", x, scale));
                add(binary("AddV2", n, n + "/scaled", shift));
                layout.put(n, layoutOf(x));
            } else if (layer instanceof Layer.Relu) {
                add(unary("Relu", n, in.get(0)));
                layout.put(n, layoutOf(in.get(0)));
            } else if (layer instanceof Layer.Relu6) {
                add(unary("Relu6", n, in.get(0)));
                layout.put(n, layoutOf(in.get(0)));
            } else if (layer instanceof Layer.MaxPool m) {
                add(pool("MaxPool", n, nhwc(in.get(0)), m.kernel(), m.stride(), "VALID"));
                layout.put(n, Layout.NHWC);
            } else if (layer instanceof Layer.AvgPool a) {
                add(pool("AvgPool", n, nhwc(in.get(0)), a.kernel(), a.stride(), avgPoolPadding(n, a)));
                layout.put(n, Layout.NHWC);
            } else if (layer instanceof Layer.GlobalAvgPool) {
                String x = in.get(0);
                int[] axes = layoutOf(x) == Layout.NHWC ? new int[] {1, 2} : new int[] {2, 3};
                String axesName = constInts(n + "/axes", axes);
                add(NodeDef.newBuilder()
                        .setName(n)
                        .setOp("Mean")
                        .addInput(x)
                        .addInput(axesName)
                        .putAttr("T", type(DataType.DT_FLOAT))
                        .putAttr("Tidx", type(DataType.DT_INT32))
                        .putAttr("keep_dims", bool(false)));
            } else if (layer instanceof Layer.Pad p) {
                String x = in.get(0);
                Layout l = layoutOf(x);
                produced(n, pad(n + "/pad", x, p.top(), p.left(), p.bottom(), p.right()), l);
            } else if (layer instanceof Layer.Flatten) {
                String x = nchw(in.get(0));
                String shape = constInts(n + "/shape", new int[] {-1, (int) shapes.get(n)[0]});
                add(NodeDef.newBuilder()
                        .setName(n)
                        .setOp("Reshape")
                        .addInput(x)
                        .addInput(shape)
                        .putAttr("T", type(DataType.DT_FLOAT))
                        .putAttr("Tshape", type(DataType.DT_INT32)));
            } else if (layer instanceof Layer.Linear l) {
                float[] w2 = w.get(n, Role.WEIGHT).floats();
                String matrix =
                        constFloats(n + "/weight", transpose(w2, l.out(), l.in()), new long[] {l.in(), l.out()});
                String mm = l.bias() ? n + "/matmul" : n;
                add(NodeDef.newBuilder()
                        .setName(mm)
                        .setOp("MatMul")
                        .addInput(in.get(0))
                        .addInput(matrix)
                        .putAttr("T", type(DataType.DT_FLOAT))
                        .putAttr("transpose_a", bool(false))
                        .putAttr("transpose_b", bool(false)));
                if (l.bias()) {
                    String bias = constFloats(n + "/bias", w.get(n, Role.BIAS).floats(), new long[] {l.out()});
                    add(NodeDef.newBuilder()
                            .setName(n)
                            .setOp("BiasAdd")
                            .addInput(mm)
                            .addInput(bias)
                            .putAttr("T", type(DataType.DT_FLOAT))
                            .putAttr("data_format", string("NHWC")));
                }
            } else if (layer instanceof Layer.Embedding e) {
                String table =
                        constFloats(n + "/table", w.get(n, Role.WEIGHT).floats(), new long[] {e.vocabulary(), e.dim()});
                String axis = constInts(n + "/axis", new int[0], 0);
                add(NodeDef.newBuilder()
                        .setName(n)
                        .setOp("GatherV2")
                        .addInput(table)
                        .addInput(in.get(0))
                        .addInput(axis)
                        .putAttr("Tparams", type(DataType.DT_FLOAT))
                        .putAttr("Tindices", type(DataType.DT_INT64))
                        .putAttr("Taxis", type(DataType.DT_INT32))
                        .putAttr("batch_dims", AttrValue.newBuilder().setI(0).build()));
            } else if (layer instanceof Layer.Concat) {
                boolean channelsLast = isImage(in.get(0)) && layoutOf(in.get(0)) == Layout.NHWC;
                String axis = constInts(n + "/axis", new int[0], channelsLast ? 3 : 1);
                NodeDef.Builder cat = NodeDef.newBuilder().setName(n).setOp("ConcatV2");
                for (String value : in) {
                    cat.addInput(channelsLast ? nhwc(value) : nchw(value));
                }
                layout.put(n, channelsLast ? Layout.NHWC : Layout.NCHW);
                add(cat.addInput(axis)
                        .putAttr("T", type(DataType.DT_FLOAT))
                        .putAttr("N", AttrValue.newBuilder().setI(in.size()).build())
                        .putAttr("Tidx", type(DataType.DT_INT32)));
            } else if (layer instanceof Layer.Add) {
                String a = in.get(0);
                String bValue = layoutOf(a) == Layout.NHWC ? nhwc(in.get(1)) : nchw(in.get(1));
                add(binary("AddV2", n, a, bValue));
                layout.put(n, layoutOf(a));
            } else if (layer instanceof Layer.Dropout) {
                add(unary("Identity", n, in.get(0)));
                layout.put(n, layoutOf(in.get(0)));
            } else if (layer instanceof Layer.Softmax) {
                add(unary("Softmax", n, nchw(in.get(0))));
            } else if (layer instanceof Layer.Sigmoid) {
                add(unary("Sigmoid", n, in.get(0)));
                layout.put(n, layoutOf(in.get(0)));
            } else if (layer instanceof Layer.Multiply) {
                String a = in.get(0);
                String bValue = layoutOf(a) == Layout.NHWC ? nhwc(in.get(1)) : nchw(in.get(1));
                add(binary("Mul", n, a, bValue));
                layout.put(n, layoutOf(a));
            } else if (layer instanceof Layer.Upsample u) {
                long[] s = shapes.get(n);
                String size = constInts(n + "/size", new int[] {(int) s[1], (int) s[2]});
                add(NodeDef.newBuilder()
                        .setName(n)
                        .setOp("ResizeNearestNeighbor")
                        .addInput(nhwc(in.get(0)))
                        .addInput(size)
                        .putAttr("T", type(DataType.DT_FLOAT))
                        .putAttr("align_corners", bool(false))
                        .putAttr("half_pixel_centers", bool(false)));
                layout.put(n, Layout.NHWC);
            } else {
                throw new UnsupportedOperationException("No TensorFlow mapping for " + layer);
            }
        }

        String pad(String name, String x, int top, int left, int bottom, int right) {
            int[] p = layoutOf(x) == Layout.NHWC
                    ? new int[] {0, 0, top, bottom, left, right, 0, 0}
                    : new int[] {0, 0, 0, 0, top, bottom, left, right};
            String paddings = constInts(name + "/paddings", new int[] {4, 2}, p);
            add(NodeDef.newBuilder()
                    .setName(name)
                    .setOp("Pad")
                    .addInput(x)
                    .addInput(paddings)
                    .putAttr("T", type(DataType.DT_FLOAT))
                    .putAttr("Tpaddings", type(DataType.DT_INT32)));
            layout.put(name, layoutOf(x));
            return name;
        }

        String constFloats(String name, float[] values, long[] shape) {
            ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(values);
            TensorProto t = TensorProto.newBuilder()
                    .setDtype(DataType.DT_FLOAT)
                    .setTensorShape(shape(shape, false))
                    .setTensorContent(ByteString.copyFrom(buf.array()))
                    .build();
            add(NodeDef.newBuilder()
                    .setName(name)
                    .setOp("Const")
                    .putAttr("dtype", type(DataType.DT_FLOAT))
                    .putAttr("value", AttrValue.newBuilder().setTensor(t).build()));
            return name;
        }

        String constInts(String name, int[] values) {
            return constInts(name, new int[] {values.length}, values);
        }

        String constInts(String name, int[] shape, int... values) {
            ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.asIntBuffer().put(values);
            long[] s = new long[shape.length];
            for (int i = 0; i < shape.length; i++) {
                s[i] = shape[i];
            }
            TensorProto t = TensorProto.newBuilder()
                    .setDtype(DataType.DT_INT32)
                    .setTensorShape(shape(s, false))
                    .setTensorContent(ByteString.copyFrom(buf.array()))
                    .build();
            add(NodeDef.newBuilder()
                    .setName(name)
                    .setOp("Const")
                    .putAttr("dtype", type(DataType.DT_INT32))
                    .putAttr("value", AttrValue.newBuilder().setTensor(t).build()));
            return name;
        }
    }

    private static NodeDef.Builder unary(String op, String name, String input) {
        return NodeDef.newBuilder().setName(name).setOp(op).addInput(input).putAttr("T", type(DataType.DT_FLOAT));
    }

    private static NodeDef.Builder binary(String op, String name, String a, String b) {
        return NodeDef.newBuilder()
                .setName(name)
                .setOp(op)
                .addInput(a)
                .addInput(b)
                .putAttr("T", type(DataType.DT_FLOAT));
    }

    /**
     * TensorFlow pools without counting padding only in its "SAME" mode, which pads symmetrically when the
     * stride is 1 and the window odd: the one padded average pooling it can express.
     */
    private static String avgPoolPadding(String node, Layer.AvgPool a) {
        if (a.padding() == 0) {
            return "VALID";
        }
        if (a.stride() == 1 && 2 * a.padding() == a.kernel() - 1) {
            return "SAME";
        }
        throw new UnsupportedOperationException("Node " + node + ": average pooling with kernel " + a.kernel()
                + ", stride " + a.stride() + " and padding " + a.padding() + " cannot be exported to TensorFlow;"
                + " use padding 0 or stride 1 with padding (kernel - 1) / 2");
    }

    private static NodeDef.Builder pool(String op, String name, String x, int kernel, int stride, String padding) {
        return NodeDef.newBuilder()
                .setName(name)
                .setOp(op)
                .addInput(x)
                .putAttr("T", type(DataType.DT_FLOAT))
                .putAttr("ksize", ints(1, kernel, kernel, 1))
                .putAttr("strides", ints(1, stride, stride, 1))
                .putAttr("padding", string(padding))
                .putAttr("data_format", string("NHWC"));
    }

    private static float[] hwio(float[] oihw, int out, int in, int kh, int kw) {
        float[] r = new float[oihw.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        r[((y * kw + x) * in + i) * out + o] = oihw[((o * in + i) * kh + y) * kw + x];
                    }
                }
            }
        }
        return r;
    }

    /** OIHW with I = 1 and O = channels × multiplier, to TensorFlow's [H, W, channels, multiplier]. */
    private static float[] depthwiseFilter(float[] oihw, int channels, int mult, int kh, int kw) {
        float[] r = new float[oihw.length];
        for (int c = 0; c < channels; c++) {
            for (int m = 0; m < mult; m++) {
                int o = c * mult + m;
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        r[((y * kw + x) * channels + c) * mult + m] = oihw[(o * kh + y) * kw + x];
                    }
                }
            }
        }
        return r;
    }

    private static float[] transpose(float[] m, int rows, int cols) {
        float[] r = new float[m.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                r[j * rows + i] = m[i * cols + j];
            }
        }
        return r;
    }

    private static TensorShapeProto shape(long[] dims, boolean withBatch) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        if (withBatch) {
            s.addDim(TensorShapeProto.Dim.newBuilder().setSize(-1));
        }
        for (long d : dims) {
            s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        return s.build();
    }

    private static AttrValue type(DataType t) {
        return AttrValue.newBuilder().setType(t).build();
    }

    private static AttrValue bool(boolean b) {
        return AttrValue.newBuilder().setB(b).build();
    }

    private static AttrValue string(String s) {
        return AttrValue.newBuilder().setS(ByteString.copyFromUtf8(s)).build();
    }

    private static AttrValue ints(long... values) {
        AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
        for (long v : values) {
            l.addI(v);
        }
        return AttrValue.newBuilder().setList(l).build();
    }
}
