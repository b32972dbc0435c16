package dev.heritage.classify.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.engine.Tensor;
import dev.heritage.classify.model.AnnotatorSpec;
import dev.heritage.classify.model.HeadShape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Joining heads: the joined network computes the sum of its members' logits. */
class HeadEnsembleTest {

    private static Hyperparameters quick(long seed, boolean wide) {
        return new Hyperparameters(
                3, 32, 3e-3f, 1e-4f, 4, 0.2, 0.5, 0.0, 0.0, new HeadShape(16, 8, 4, 16, 0.1f, wide), seed);
    }

    @Test
    void theJoinedHeadComputesTheSumOfItsMembersLogits() {
        List<TrainingExample> train = SyntheticCollections.examples(120, 1);
        List<TrainingExample> val = SyntheticCollections.examples(40, 2);
        AnnotatorSpec spec = SyntheticCollections.spec(train);
        List<TrainedHead> members = new ArrayList<>();
        for (long seed : new long[] {5, 6, 7}) {
            members.add(new HeadTrainer(spec, quick(seed, true)).train(train, val, s -> {}));
        }
        TrainedHead joined = HeadEnsemble.join(members);
        assertEquals(members.get(0).graph().outputs(), joined.graph().outputs(), "outputs keep their names");
        assertEquals(members.get(0).graph().inputs(), joined.graph().inputs(), "inputs are shared");
        assertEquals(3 * members.get(0).graph().parameterCount(), joined.graph().parameterCount());
        assertTrue(joined.graph().node("m3_text_title_wide_artist") != null);
        assertEquals(members.get(0).history(), joined.history());

        List<float[]> images = new ArrayList<>();
        List<Map<String, String>> fields = new ArrayList<>();
        for (TrainingExample ex : val.subList(0, 8)) {
            images.add(ex.image());
            Map<String, String> f = new HashMap<>();
            f.put("title", ex.fields().get("title"));
            fields.add(f);
        }
        Map<String, Tensor> inputs = spec.encode(images, fields);
        Map<String, float[]> sum = new HashMap<>();
        for (TrainedHead m : members) {
            SyntheticCollections.forward(m, inputs)
                    .forEach((name, v) -> sum.merge(name, v, (a, b) -> {
                        float[] s = a.clone();
                        for (int i = 0; i < s.length; i++) {
                            s[i] += b[i];
                        }
                        return s;
                    }));
        }
        Map<String, float[]> out = SyntheticCollections.forward(joined, inputs);
        for (String name : joined.graph().outputs()) {
            float[] want = sum.get(name);
            float[] got = out.get(name);
            assertEquals(want.length, got.length);
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-4f, name + "[" + i + "]");
            }
        }
    }

    @Test
    void membersWithOtherOutputsAreRefused() {
        List<TrainingExample> train = SyntheticCollections.examples(60, 1);
        AnnotatorSpec spec = SyntheticCollections.spec(train);
        TrainedHead plain = new HeadTrainer(spec, quick(5, false)).train(train, train, s -> {});
        TrainedHead other = new TrainedHead(plain.graph().prune(List.of("logits_style")), null, List.of(), 0);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> HeadEnsemble.join(List.of(plain, other)));
        assertTrue(e.getMessage().contains("member 2"), e.getMessage());
    }
}
