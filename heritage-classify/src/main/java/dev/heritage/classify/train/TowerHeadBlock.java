package dev.heritage.classify.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.heritage.classify.backbone.BackboneSplit;
import dev.heritage.classify.model.AnnotatorSpec;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.djl.GraphBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The backbone's top blocks and the head as one trainable DJL block, for fine-tuning: the tower turns
 * the cached cut activation into its feature parts, which are standardised with the head's feature
 * statistics and put in their places of the image vector (the frozen parts come already encoded in
 * the head's {@code image} input), and the head reads the result.
 *
 * <p>Inputs: the cut activation, then the head graph's inputs in graph order. Outputs: the head's.
 *
 * <p>Not thread-safe; used by one training loop.
 */
final class TowerHeadBlock extends AbstractBlock {
    private final BackboneSplit split;
    private final GraphBlock tower;
    private final GraphBlock head;
    private final float[] mean;
    private final float[] std;
    private final int imageInput;
    private final int presenceInput;

    TowerHeadBlock(BackboneSplit split, NetworkGraph headGraph, AnnotatorSpec spec) {
        super((byte) 1);
        this.split = split;
        this.tower = addChildBlock("tower", new GraphBlock(split.tower()));
        this.head = addChildBlock("head", new GraphBlock(headGraph));
        this.mean = spec.mean();
        this.std = spec.std();
        List<String> names = headGraph.inputs().stream().map(NetworkGraph.Input::name).toList();
        this.imageInput = names.indexOf(AnnotatorSpec.IMAGE);
        this.presenceInput = names.indexOf(AnnotatorSpec.PRESENCE);
    }

    GraphBlock tower() {
        return tower;
    }

    GraphBlock head() {
        return head;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> extra) {
        NDArray towerOut = tower.forward(store, new NDList(inputs.get(0)), training, extra).head();
        NDList headInputs = new NDList(inputs.subList(1, inputs.size()));
        NDArray image = headInputs.get(imageInput);
        NDArray present = headInputs.get(presenceInput).get(":, 0:1");
        NDManager m = towerOut.getManager();
        List<NDArray> pieces = new ArrayList<>();
        int t = 0;
        for (BackboneSplit.Part p : split.parts()) {
            int from = p.offset();
            int to = p.offset() + p.length();
            if (p.inTower()) {
                NDArray mu = m.create(Arrays.copyOfRange(mean, from, to));
                NDArray sd = m.create(Arrays.copyOfRange(std, from, to));
                pieces.add(towerOut.get(":, " + t + ":" + (t + p.length())).sub(mu).div(sd).mul(present));
                t += p.length();
            } else {
                pieces.add(image.get(":, " + from + ":" + to));
            }
        }
        int backboneDim = split.featureDimension();
        if (mean.length > backboneDim) {
            pieces.add(image.get(":, " + backboneDim + ":"));
        }
        headInputs.set(imageInput, NDArrays.concat(new NDList(pieces), 1));
        return head.forward(store, headInputs, training, extra);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        tower.initialize(manager, dataType, inputShapes[0]);
        head.initialize(manager, dataType, Arrays.copyOfRange(inputShapes, 1, inputShapes.length));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return head.getOutputShapes(Arrays.copyOfRange(inputShapes, 1, inputShapes.length));
    }
}
