package dev.heritage.classify.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.heritage.network.Layer;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.djl.GraphBlock;
import dev.heritage.network.export.FoldedBatchNorm;
import dev.heritage.runtime.HeritageCache;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The backbone cut for fine-tuning: the lower part, the folded tower and the reassembled feature
 * vector compute what the whole feature graph computes, and the merged graph with untrained tower
 * weights is the original network.
 */
class BackboneSplitTest {
    private static NetworkGraph features;
    private static NetworkWeights weights;
    private static BackboneSplit split;

    @BeforeAll
    static void setUp() throws Exception {
        System.setProperty("ai.djl.pytorch.num_threads", "2");
        HeritageCache.configureDjl();
        Backbone backbone = MobileNetV2.load();
        features = MobileNetV2.featureGraph(backbone, true);
        weights = NetworkWeights.select(features, backbone.weights().asMap());
        split = BackboneSplit.of(features, weights, BackboneSplit.MOBILENETV2_CUT);
    }

    @Test
    void partsCoverTheFeatureVectorInOrder() {
        assertEquals(MobileNetV2.featureSize(features), split.featureDimension());
        int offset = 0;
        for (BackboneSplit.Part p : split.parts()) {
            assertEquals(offset, p.offset(), p.node());
            offset += p.length();
        }
        // pooled features and the two top style statistics come from the tower; blocks 2-12 do not
        assertEquals(1280 + 2 * 160 + 2 * 320, split.towerDimension());
        assertTrue(split.parts().get(0).inTower());
        assertFalse(split.parts().stream()
                .filter(p -> p.node().startsWith("block_12"))
                .anyMatch(BackboneSplit.Part::inTower));
        assertEquals(List.of(BackboneSplit.MOBILENETV2_CUT), split.lower().outputs());
        assertTrue(
                split.tower().nodes().stream().noneMatch(n -> n.layer() instanceof Layer.BatchNorm),
                "the tower's batch norms are folded");
    }

    @Test
    void lowerThenTowerEqualsTheWholeGraph() {
        float[] image = new float[3 * 224 * 224];
        Random random = new Random(7);
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextFloat();
        }
        float[] whole = run(features, weights, image, new Shape(1, 3, 224, 224));
        NetworkWeights lowerWeights = NetworkWeights.select(split.lower(), weights.asMap());
        float[] cut = run(split.lower(), lowerWeights, image, new Shape(1, 3, 224, 224));
        assertEquals(160 * 7 * 7, cut.length);
        float[] tower = run(split.tower(), split.towerWeights(), cut, new Shape(1, 160, 7, 7));
        // the tower's parts replaced by what the tower computed; the rest is the whole graph's
        assertClose(whole, split.withTowerOutput(tower, whole), 1e-3);

        FoldedBatchNorm.Folded merged = split.merge(weights, split.towerWeights());
        assertClose(whole, run(merged.graph(), merged.weights(), image, new Shape(1, 3, 224, 224)), 1e-3);
    }

    private static void assertClose(float[] expected, float[] actual, double relative) {
        assertEquals(expected.length, actual.length);
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(scale > 0, "features are all zero");
        assertTrue(worst <= relative * scale, "max difference " + worst + " for values up to " + scale);
    }

    private static float[] run(NetworkGraph graph, NetworkWeights w, float[] input, Shape shape) {
        try (Model model = Model.newInstance("t", Device.cpu(), "PyTorch");
                NDManager m = model.getNDManager().newSubManager()) {
            GraphBlock block = GraphBlock.of(graph, w, m);
            return block.forward(new ParameterStore(m, false), new NDList(m.create(input, shape)), false)
                    .head()
                    .toFloatArray();
        }
    }
}
