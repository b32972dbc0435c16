package dev.heritage.classify.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.FieldKind;
import dev.heritage.classify.encoding.Vocabulary;
import dev.heritage.classify.model.AnnotatorSpec;
import dev.heritage.classify.model.InputField;
import dev.heritage.classify.model.TaskEncoder;
import dev.heritage.classify.model.TaskKind;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FusionFeaturesTest {

    @Test
    void candidatesFollowTheNaiveBayesCombinationOfThePresentModalities() {
        double[] prior = {0.25, 0.25, 0.25, 0.25};
        double[][] mods = {{0.1, 0.6, 0.2, 0.1}, null, {0.1, 0.2, 0.6, 0.1}};
        // 0.6*0.2 = 0.12 for class 1 and 2 alike; class 1 first by index, class 0 and 3 after.
        assertArrayEquals(new int[] {1, 2}, FusionFeatures.candidates(mods, prior, 2));
        assertArrayEquals(new int[] {1, 2, 0, 3}, FusionFeatures.candidates(mods, prior, 10));

        float[] x = new float[2 * FusionFeatures.WIDTH];
        FusionFeatures.rows(mods, prior, new int[] {2, 0}, true, x, 0);
        assertEquals(0.2f, x[0], 1e-6); // image probability of class 2
        assertTrue(Float.isNaN(x[1])); // no text
        assertEquals(0.6f, x[2], 1e-6); // fields probability of class 2
        assertEquals(1f, x[3]); // class 2 ranks second under the image
        assertEquals(1f, x[11]); // one bin from the image's best class
        assertEquals(0.1f, x[FusionFeatures.WIDTH], 1e-6); // second row: class 0
        assertEquals(1f, x[FusionFeatures.WIDTH + 14]); // its candidate position
    }

    @Test
    void fieldPriorsCountCoOccurrenceAndLeaveATasksOwnSourceOut() {
        InputField style = new InputField("style", FieldKind.CATEGORICAL, new Vocabulary(List.of("A", "B")), null);
        TaskEncoder styleTask =
                new TaskEncoder("style", TaskKind.CATEGORICAL, "style", new Vocabulary(List.of("A", "B")), null);
        TaskEncoder artist =
                new TaskEncoder("artist", TaskKind.CATEGORICAL, "artist", new Vocabulary(List.of("x", "y", "z")), null);
        AnnotatorSpec spec =
                new AnnotatorSpec(1, new float[1], new float[] {1}, List.of(style), List.of(styleTask, artist));
        List<Map<String, String>> rows = List.of(
                Map.of("style", "A", "artist", "x"),
                Map.of("style", "A", "artist", "x"),
                Map.of("style", "A", "artist", "y"),
                Map.of("style", "B", "artist", "z"),
                Map.of("style", "B", "artist", "z"));
        FieldPriors p = FieldPriors.fit(spec, rows);
        double[] givenA = p.probabilities("artist", Map.of("style", Vocabulary.FIRST));
        assertEquals(1.0, givenA[0] + givenA[1] + givenA[2], 1e-9);
        assertTrue(givenA[0] > givenA[1] && givenA[1] > givenA[2], Arrays.toString(givenA));
        assertNull(p.probabilities("artist", Map.of("style", Vocabulary.MISSING)));
        assertNull(p.probabilities("style", Map.of("style", Vocabulary.FIRST)), "style never predicts itself");
        assertArrayEquals(new double[] {4 / 7.0, 3 / 7.0}, p.prior().get("style"), 1e-9); // add-one smoothed
    }
}
