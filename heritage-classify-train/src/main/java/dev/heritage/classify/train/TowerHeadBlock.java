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
    /** The head's feature mean and standard deviation at the tower's output positions, in tower order. */
    private final float[] towerMean;

    private final float[] towerStd;
    private final int imageInput;
    private final int presenceInput;

    TowerHeadBlock(BackboneSplit split, NetworkGraph headGraph, AnnotatorSpec spec) {
        super((byte) 1);
        this.split = split;
        this.tower = addChildBlock("tower", new GraphBlock(split.tower()));
        this.head = addChildBlock("head", new GraphBlock(headGraph));
        this.mean = spec.mean();
        this.towerMean = new float[split.towerDimension()];
        this.towerStd = new float[split.towerDimension()];
        int t = 0;
        for (BackboneSplit.Part p : split.parts()) {
            if (p.inTower()) {
                System.arraycopy(spec.mean(), p.offset(), towerMean, t, p.length());
                System.arraycopy(spec.std(), p.offset(), towerStd, t, p.length());
                t += p.length();
            }
        }
        List<String> names =
                headGraph.inputs().stream().map(NetworkGraph.Input::name).toList();
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
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> extra) {
        NDArray towerOut =
                tower.forward(store, new NDList(inputs.get(0)), training, extra).head();
        NDList headInputs = new NDList(inputs.subList(1, inputs.size()));
        NDArray image = headInputs.get(imageInput);
        NDArray present = headInputs.get(presenceInput).get(":, 0:1");
        NDManager m = towerOut.getManager();
        NDArray standardised =
                towerOut.sub(m.create(towerMean)).div(m.create(towerStd)).mul(present);
        List<NDArray> pieces = new ArrayList<>();
        int t = 0;
        for (BackboneSplit.Part p : split.parts()) {
            if (p.inTower()) {
                pieces.add(standardised.get(":, " + t + ":" + (t + p.length())));
                t += p.length();
            } else {
                pieces.add(image.get(":, " + p.offset() + ":" + (p.offset() + p.length())));
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
