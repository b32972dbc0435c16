package dev.heritage.network.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import dev.heritage.network.Layer;
import dev.heritage.network.ParamSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link Layer} as a Deep Java Library block: the single place where each layer type is mapped
 * to DJL operations, for training and for inference on the PyTorch engine.
 *
 * <p>Not thread-safe while training; DJL predictors over it are used one per thread.
 */
public final class LayerBlock extends AbstractBlock {
    private static final byte VERSION = 1;
    private static final float BATCH_NORM_MOMENTUM = 0.9f;

    private final Layer layer;
    private final Map<ParamSpec.Role, Parameter> params = new EnumMap<>(ParamSpec.Role.class);

    /** @param layer the layer this block computes */
    public LayerBlock(Layer layer) {
        super(VERSION);
        this.layer = layer;
        for (ParamSpec spec : layer.parameters()) {
            Parameter p = addParameter(Parameter.builder()
                    .setName(spec.role().suffix())
                    .setType(djlType(spec.role()))
                    .optShape(new Shape(spec.shape()))
                    .optInitializer(initializer(layer, spec.role()))
                    .optRequiresGrad(
                            spec.role() != ParamSpec.Role.RUNNING_MEAN && spec.role() != ParamSpec.Role.RUNNING_VAR)
                    .build());
            params.put(spec.role(), p);
        }
    }

    /** @return the layer */
    public Layer layer() {
        return layer;
    }

    /**
     * @param role a parameter role of this layer
     * @return the DJL parameter
     */
    public Parameter parameter(ParamSpec.Role role) {
        Parameter p = params.get(role);
        if (p == null) {
            throw new IllegalArgumentException(layer + " has no " + role.suffix());
        }
        return p;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> extra) {
        NDArray x = inputs.head();
        NDArray out;
        if (layer instanceof Layer.Conv2d c) {
            Shape stride = new Shape(c.stride(), c.stride());
            Shape pad = new Shape(c.padding(), c.padding());
            out = Conv2d.conv2d(
                            x,
                            value(store, x, ParamSpec.Role.WEIGHT),
                            c.bias() ? value(store, x, ParamSpec.Role.BIAS) : null,
                            stride,
                            pad,
                            new Shape(1, 1),
                            c.groups())
                    .head();
        } else if (layer instanceof Layer.BatchNorm b) {
            out = BatchNorm.batchNorm(
                            x,
                            value(store, x, ParamSpec.Role.RUNNING_MEAN),
                            value(store, x, ParamSpec.Role.RUNNING_VAR),
                            value(store, x, ParamSpec.Role.GAMMA),
                            value(store, x, ParamSpec.Role.BETA),
                            1,
                            BATCH_NORM_MOMENTUM,
                            b.epsilon(),
                            training)
                    .head();
        } else if (layer instanceof Layer.Relu) {
            out = Activation.relu(x);
        } else if (layer instanceof Layer.Relu6) {
            out = x.clip(0f, 6f);
        } else if (layer instanceof Layer.MaxPool m) {
            out = Pool.maxPool2d(
                    x, new Shape(m.kernel(), m.kernel()), new Shape(m.stride(), m.stride()), new Shape(0, 0), false);
        } else if (layer instanceof Layer.AvgPool a) {
            Shape kernel = new Shape(a.kernel(), a.kernel());
            Shape stride = new Shape(a.stride(), a.stride());
            Shape pad = new Shape(a.padding(), a.padding());
            out = Pool.avgPool2d(x, kernel, stride, pad, false, false);
            if (a.padding() > 0) {
                // DJL 0.35's PyTorch engine counts the padding whatever countIncludePad says: divide by the
                // share of each window that lies inside the map, which leaves sum / (pixels inside).
                Shape map = new Shape(1, 1, x.getShape().get(2), x.getShape().get(3));
                try (NDArray ones = x.getManager().ones(map, x.getDataType())) {
                    out = out.div(Pool.avgPool2d(ones, kernel, stride, pad, false, false));
                }
            }
        } else if (layer instanceof Layer.GlobalAvgPool) {
            out = x.mean(new int[] {3}).mean(new int[] {2});
        } else if (layer instanceof Layer.Pad p) {
            // DJL/PyTorch pad lists the last axis first: (left, right, top, bottom).
            out = x.pad(new Shape(p.left(), p.right(), p.top(), p.bottom()), 0);
        } else if (layer instanceof Layer.Flatten) {
            out = x.reshape(x.getShape().get(0), -1);
        } else if (layer instanceof Layer.Linear l) {
            out = Linear.linear(
                            x,
                            value(store, x, ParamSpec.Role.WEIGHT),
                            l.bias() ? value(store, x, ParamSpec.Role.BIAS) : null)
                    .head();
        } else if (layer instanceof Layer.Embedding) {
            out = Embedding.embedding(x, value(store, x, ParamSpec.Role.WEIGHT), SparseFormat.DENSE)
                    .head();
        } else if (layer instanceof Layer.Concat) {
            out = NDArrays.concat(inputs, 1);
        } else if (layer instanceof Layer.Add) {
            out = x.add(inputs.get(1));
        } else if (layer instanceof Layer.Dropout d) {
            out = training ? Dropout.dropout(x, d.rate(), true).head() : x;
        } else if (layer instanceof Layer.Softmax) {
            out = x.softmax(-1);
        } else if (layer instanceof Layer.Sigmoid) {
            out = Activation.sigmoid(x);
        } else if (layer instanceof Layer.Multiply) {
            out = x.mul(inputs.get(1));
        } else if (layer instanceof Layer.Upsample u) {
            out = u.factor() == 1 ? x : x.repeat(2, u.factor()).repeat(3, u.factor());
        } else {
            throw new UnsupportedOperationException("No DJL mapping for " + layer);
        }
        return new NDList(out);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        List<long[]> ins = new ArrayList<>();
        for (Shape s : inputShapes) {
            ins.add(s.slice(1).getShape());
        }
        long[] out = layer.outputShape(ins);
        long[] withBatch = new long[out.length + 1];
        withBatch[0] = inputShapes[0].get(0);
        System.arraycopy(out, 0, withBatch, 1, out.length);
        return new Shape[] {new Shape(withBatch)};
    }

    private NDArray value(ParameterStore store, NDArray x, ParamSpec.Role role) {
        return store.getValue(params.get(role), x.getDevice(), false);
    }

    private static Parameter.Type djlType(ParamSpec.Role role) {
        return switch (role) {
            case WEIGHT -> Parameter.Type.WEIGHT;
            case BIAS -> Parameter.Type.BIAS;
            case GAMMA -> Parameter.Type.GAMMA;
            case BETA -> Parameter.Type.BETA;
            case RUNNING_MEAN -> Parameter.Type.RUNNING_MEAN;
            case RUNNING_VAR -> Parameter.Type.RUNNING_VAR;
        };
    }

    private static Initializer initializer(Layer layer, ParamSpec.Role role) {
        return switch (role) {
            case WEIGHT -> layer instanceof Layer.Embedding ? new NormalInitializer(0.05f) : new XavierInitializer();
            case BIAS, BETA, RUNNING_MEAN -> Initializer.ZEROS;
            case GAMMA, RUNNING_VAR -> Initializer.ONES;
        };
    }

    @Override
    public String toString() {
        return "LayerBlock[" + layer + "]";
    }
}
