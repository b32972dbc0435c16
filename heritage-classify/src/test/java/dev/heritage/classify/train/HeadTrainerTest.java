package dev.heritage.classify.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.classify.model.AnnotatorSpec;
import dev.heritage.classify.model.HeadShape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Training mechanics on a tiny synthetic collection (seconds). */
class HeadTrainerTest {

    private static Hyperparameters quick(long seed) {
        return new Hyperparameters(12, 32, 3e-3f, 1e-4f, 4, 0.2, 0.5, 0.0, 0.0, new HeadShape(32, 16, 8, 32, 0.1f), seed);
    }

    @Test
    void learnsTheSyntheticStructureAndKeepsTheBestEpoch() {
        List<TrainingExample> train = SyntheticCollections.examples(400, 1);
        List<TrainingExample> val = SyntheticCollections.examples(120, 2);
        AnnotatorSpec spec = SyntheticCollections.spec(train);
        List<TrainedHead.EpochStats> seen = new ArrayList<>();
        TrainedHead head = new HeadTrainer(spec, quick(7)).train(train, val, seen::add);
        assertEquals(seen, head.history());
        TrainedHead.EpochStats best = head.history().get(head.bestEpoch() - 1);
        assertTrue(best.validationTop1() > 0.85, "validation top-1 " + best.validationTop1());
        assertTrue(head.history().get(0).trainLoss() > head.history().get(head.history().size() - 1).trainLoss(),
                "loss falls");
        for (TrainedHead.EpochStats s : head.history()) {
            assertTrue(best.validationTop1() >= s.validationTop1() - 0.002, "the kept epoch is within the"
                    + " early-stopping tolerance of the best");
        }
        assertEquals(spec.headGraph(quick(7).shape()).toJson(), head.graph().toJson());
    }

    @Test
    void temporalSoftTargetsPeakAtTheLabelAndFallOffSymmetrically() {
        float[] q = HeadTrainer.softTargets(new long[] {0, 3}, 7, 1.0);
        double first = 0;
        double second = 0;
        for (int k = 0; k < 7; k++) {
            first += q[k];
            second += q[7 + k];
        }
        assertEquals(1.0, first, 1e-6);
        assertEquals(1.0, second, 1e-6);
        assertTrue(q[0] > q[1] && q[1] > q[2], "falls off from the label at the edge");
        assertEquals(q[7 + 2], q[7 + 4], 1e-7, "symmetric around the label");
        assertTrue(q[7 + 3] > q[7 + 2] && q[7 + 2] > q[7 + 1]);
        assertEquals(Math.exp(-0.5) * q[7 + 3], q[7 + 4], 1e-6, "one bin away: exp(-1/2) of the peak");
    }

    @Test
    void sameSeedSameWeights() {
        List<TrainingExample> train = SyntheticCollections.examples(200, 3);
        List<TrainingExample> val = SyntheticCollections.examples(60, 4);
        AnnotatorSpec spec = SyntheticCollections.spec(train);
        Hyperparameters hp = new Hyperparameters(2, 32, 3e-3f, 1e-4f, 4, 0.2, 0.5, 0.0, 0.0,
                new HeadShape(16, 8, 4, 16, 0.1f), 11);
        TrainedHead a = new HeadTrainer(spec, hp).train(train, val, s -> { });
        TrainedHead b = new HeadTrainer(spec, hp).train(train, val, s -> { });
        float[] wa = a.weights().get("shared", dev.heritage.network.ParamSpec.Role.WEIGHT).floats();
        float[] wb = b.weights().get("shared", dev.heritage.network.ParamSpec.Role.WEIGHT).floats();
        assertTrue(java.util.Arrays.equals(wa, wb), "training is repeatable for a seed");
    }
}
