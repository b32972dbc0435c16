package dev.heritage.network.export;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import dev.heritage.api.HeritageVersion;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link NetworkGraph} with its weights as an ONNX model (IR version 8, opset 13), through
 * the ONNX protobuf classes. The one place each layer type is mapped to ONNX operators.
 *
 * <p>Stateless and thread-safe.
 */
public final class OnnxExporter {
    /** The ONNX operator set written. */
    public static final int OPSET = 13;

    private static final int IR_VERSION = 8;

    private OnnxExporter() {}

    /**
     * @param graph the network
     * @param weights its weights
     * @param file the {@code .onnx} file to write
     * @throws IOException if it cannot be written
     */
    public static void write(NetworkGraph graph, NetworkWeights weights, Path file) throws IOException {
        OnnxMl.ModelProto model = toProto(graph, weights);
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
    }

    /**
     * @param graph the network
     * @param weights its weights
     * @return the ONNX model
     */
    public static OnnxMl.ModelProto toProto(NetworkGraph graph, NetworkWeights weights) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName(graph.name());
        Map<String, long[]> shapes = graph.shapes();
        for (NetworkGraph.Input in : graph.inputs()) {
            g.addInput(valueInfo(in.name(), in.type(), in.shape()));
        }
        for (NetworkGraph.Node node : graph.nodes()) {
            addNode(g, node, weights, shapes);
        }
        for (String out : graph.outputs()) {
            g.addOutput(valueInfo(out, Tensor.DataType.FLOAT32, shapes.get(out)));
        }
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("heritage")
                .setProducerVersion(HeritageVersion.get())
                .addOpsetImport(
                        OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(g)
                .build();
    }

    private static void addNode(
            OnnxMl.GraphProto.Builder g, NetworkGraph.Node node, NetworkWeights w, Map<String, long[]> shapes) {
        String n = node.name();
        List<String> in = node.inputs();
        Layer layer = node.layer();
        if (layer instanceof Layer.Conv2d c) {
            NodeProto.Builder b =
                    op("Conv", n, n).addInput(in.get(0)).addInput(init(g, n + ".weight", w.get(n, Role.WEIGHT)));
            if (c.bias()) {
                b.addInput(init(g, n + ".bias", w.get(n, Role.BIAS)));
            }
            b.addAttribute(ints("kernel_shape", c.kernel(), c.kernelWidth()))
                    .addAttribute(ints("strides", c.stride(), c.stride()))
                    .addAttribute(ints("pads", c.padding(), c.padding(), c.padding(), c.padding()))
                    .addAttribute(integer("group", c.groups()));
            g.addNode(b);
        } else if (layer instanceof Layer.BatchNorm bn) {
            FoldedBatchNorm f = FoldedBatchNorm.of(n, bn, w);
            long[] vec = perChannelShape(shapes.get(in.get(0)).length, bn.channels());
            String scale = init(g, n + ".scale", Tensor.ofFloats(vec, f.scale()));
            String shift = init(g, n + ".shift", Tensor.ofFloats(vec, f.shift()));
            g.addNode(op("Mul", n + "/scaled", n).addInput(in.get(0)).addInput(scale));
            g.addNode(op("Add", n, n + "/shift").addInput(n + "/scaled").addInput(shift));
        } else if (layer instanceof Layer.Relu) {
            g.addNode(op("Relu", n, n).addInput(in.get(0)));
        } else if (layer instanceof Layer.Relu6) {
            String lo = init(g, n + ".min", Tensor.ofFloats(new long[0], new float[] {0f}));
            String hi = init(g, n + ".max", Tensor.ofFloats(new long[0], new float[] {6f}));
            g.addNode(op("Clip", n, n).addInput(in.get(0)).addInput(lo).addInput(hi));
        } else if (layer instanceof Layer.MaxPool m) {
            g.addNode(op("MaxPool", n, n)
                    .addInput(in.get(0))
                    .addAttribute(ints("kernel_shape", m.kernel(), m.kernel()))
                    .addAttribute(ints("strides", m.stride(), m.stride())));
        } else if (layer instanceof Layer.AvgPool a) {
            g.addNode(op("AveragePool", n, n)
                    .addInput(in.get(0))
                    .addAttribute(ints("kernel_shape", a.kernel(), a.kernel()))
                    .addAttribute(ints("strides", a.stride(), a.stride()))
                    .addAttribute(ints("pads", a.padding(), a.padding(), a.padding(), a.padding()))
                    .addAttribute(integer("count_include_pad", 0)));
        } else if (layer instanceof Layer.GlobalAvgPool) {
            g.addNode(op("GlobalAveragePool", n + "/pooled", n).addInput(in.get(0)));
            g.addNode(op("Flatten", n, n + "/flatten").addInput(n + "/pooled").addAttribute(integer("axis", 1)));
        } else if (layer instanceof Layer.Pad p) {
            String pads = initLongs(g, n + ".pads", new long[] {0, 0, p.top(), p.left(), 0, 0, p.bottom(), p.right()});
            g.addNode(op("Pad", n, n).addInput(in.get(0)).addInput(pads));
        } else if (layer instanceof Layer.Flatten) {
            g.addNode(op("Flatten", n, n).addInput(in.get(0)).addAttribute(integer("axis", 1)));
        } else if (layer instanceof Layer.Linear l) {
            NodeProto.Builder b = op("Gemm", n, n)
                    .addInput(in.get(0))
                    .addInput(init(g, n + ".weight", w.get(n, Role.WEIGHT)))
                    .addAttribute(integer("transB", 1));
            if (l.bias()) {
                b.addInput(init(g, n + ".bias", w.get(n, Role.BIAS)));
            }
            g.addNode(b);
        } else if (layer instanceof Layer.Embedding) {
            g.addNode(op("Gather", n, n)
                    .addInput(init(g, n + ".weight", w.get(n, Role.WEIGHT)))
                    .addInput(in.get(0))
                    .addAttribute(integer("axis", 0)));
        } else if (layer instanceof Layer.Concat) {
            NodeProto.Builder b = op("Concat", n, n).addAttribute(integer("axis", 1));
            in.forEach(b::addInput);
            g.addNode(b);
        } else if (layer instanceof Layer.Add) {
            g.addNode(op("Add", n, n).addInput(in.get(0)).addInput(in.get(1)));
        } else if (layer instanceof Layer.Dropout) {
            g.addNode(op("Identity", n, n).addInput(in.get(0)));
        } else if (layer instanceof Layer.Softmax) {
            g.addNode(op("Softmax", n, n).addInput(in.get(0)).addAttribute(integer("axis", -1)));
        } else if (layer instanceof Layer.Sigmoid) {
            g.addNode(op("Sigmoid", n, n).addInput(in.get(0)));
        } else if (layer instanceof Layer.Multiply) {
            g.addNode(op("Mul", n, n).addInput(in.get(0)).addInput(in.get(1)));
        } else if (layer instanceof Layer.Upsample u) {
            String scales =
                    init(g, n + ".scales", Tensor.ofFloats(new long[] {4}, new float[] {1, 1, u.factor(), u.factor()}));
            g.addNode(op("Resize", n, n)
                    .addInput(in.get(0))
                    .addInput("")
                    .addInput(scales)
                    .addAttribute(string("mode", "nearest"))
                    .addAttribute(string("coordinate_transformation_mode", "asymmetric"))
                    .addAttribute(string("nearest_mode", "floor")));
        } else {
            throw new UnsupportedOperationException("No ONNX mapping for " + layer);
        }
    }

    /** Shape of a per-channel constant that broadcasts over a (C), or (C, H, W) value. */
    static long[] perChannelShape(int rankWithoutBatch, int channels) {
        long[] s = new long[rankWithoutBatch];
        Arrays.fill(s, 1);
        s[0] = channels;
        return s;
    }

    private static NodeProto.Builder op(String type, String output, String name) {
        return NodeProto.newBuilder().setOpType(type).setName(name).addOutput(output);
    }

    private static String init(OnnxMl.GraphProto.Builder g, String name, Tensor t) {
        ByteBuffer buf = ByteBuffer.allocate(t.floats().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(t.floats());
        TensorProto.Builder tp = TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(buf.array()));
        for (long d : t.shape()) {
            tp.addDims(d);
        }
        g.addInitializer(tp);
        return name;
    }

    private static String initLongs(OnnxMl.GraphProto.Builder g, String name, long[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(values);
        g.addInitializer(TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(values.length)
                .setRawData(ByteString.copyFrom(buf.array())));
        return name;
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value))
                .build();
    }

    private static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, Tensor.DataType type, long[] shape) {
        OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (long d : shape) {
            s.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        int elem = type == Tensor.DataType.INT64
                ? TensorProto.DataType.INT64.getNumber()
                : TensorProto.DataType.FLOAT.getNumber();
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(elem)
                                .setShape(s)))
                .build();
    }
}
