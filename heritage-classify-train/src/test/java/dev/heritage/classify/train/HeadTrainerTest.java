package dev.heritage.classify.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.classify.model.AnnotatorSpec;
import dev.heritage.classify.model.HeadShape;
import dev.heritage.network.Layer;
import dev.heritage.network.ParamSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Training mechanics on a tiny synthetic collection (seconds). */
class HeadTrainerTest {
    private static final long SEED = 7;

    private static Hyperparameters quick(long seed) {
        return new Hyperparameters(
                12, 32, 3e-3f, 1e-4f, 4, 0.2, 0.5, 0.0, 0.0, new HeadShape(32, 16, 8, 32, 0.1f, false), seed);
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
        assertTrue(
                head.history().get(0).trainLoss()
                        > head.history().get(head.history().size() - 1).trainLoss(),
                "loss falls");
        for (TrainedHead.EpochStats s : head.history()) {
            assertTrue(
                    best.validationTop1() >= s.validationTop1() - 0.002,
                    "the kept epoch is within the" + " early-stopping tolerance of the best");
        }
        assertEquals(spec.headGraph(quick(7).shape()).toJson(), head.graph().toJson());
    }

    @Test
    void theWideTextPathCarriesTheTitlePastANarrowDeepPath() {
        List<TrainingExample> train = SyntheticCollections.examples(400, 1);
        List<TrainingExample> val = SyntheticCollections.examples(120, 2);
        AnnotatorSpec spec = SyntheticCollections.spec(train);
        TrainedHead wide = new HeadTrainer(spec, narrowTitle(true)).train(train, val, s -> {});
        assertEquals(
                spec.headGraph(narrowTitle(true).shape()).toJson(), wide.graph().toJson());
        assertTrue(
                wide.graph().node("text_title_wide_artist").layer() instanceof Layer.Linear l && !l.bias(),
                "one bias-free linear map from the title's n-grams to each task's logits");
        assertEquals(
                List.of("logits_style", "logits_artist", "logits_decade"),
                wide.graph().outputs(),
                "the outputs keep their names");
        // the title names the artist ("painter3"), but the deep path squeezes it through one unit: from
        // the title alone, only the wide path can tell the six artists apart (seeds 7-10 gave 0.85-1.0
        // with it, 0.16-0.38 without)
        TrainedHead deepOnly = new HeadTrainer(spec, narrowTitle(false)).train(train, val, s -> {});
        double withWide = SyntheticCollections.titleOnlyArtistTop1(spec, wide, val);
        double without = SyntheticCollections.titleOnlyArtistTop1(spec, deepOnly, val);
        assertTrue(withWide > 0.75, "title-only artist top-1 with the wide path: " + withWide);
        assertTrue(withWide > without + 0.3, "with the wide path " + withWide + ", without " + without);
    }

    /** One unit after the title on the deep path; the image hidden in 80 % of training rows. */
    private static Hyperparameters narrowTitle(boolean wideText) {
        return new Hyperparameters(
                12, 32, 3e-3f, 1e-4f, 4, 0.8, 0.5, 0.0, 0.0, new HeadShape(32, 1, 8, 32, 0.1f, wideText), SEED);
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
        Hyperparameters hp = new Hyperparameters(
                2, 32, 3e-3f, 1e-4f, 4, 0.2, 0.5, 0.0, 0.0, new HeadShape(16, 8, 4, 16, 0.1f, false), 11);
        TrainedHead a = new HeadTrainer(spec, hp).train(train, val, s -> {});
        TrainedHead b = new HeadTrainer(spec, hp).train(train, val, s -> {});
        float[] wa = a.weights().get("shared", ParamSpec.Role.WEIGHT).floats();
        float[] wb = b.weights().get("shared", ParamSpec.Role.WEIGHT).floats();
        assertTrue(Arrays.equals(wa, wb), "training is repeatable for a seed");
    }
}
