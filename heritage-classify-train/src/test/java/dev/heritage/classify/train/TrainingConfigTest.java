package dev.heritage.classify.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training configuration's head settings: defaults, new entries, and errors that name the entry. */
class TrainingConfigTest {
    @TempDir
    Path dir;

    private ObjectNode tiny() throws Exception {
        return TinyCollection.configTree(dir);
    }

    private static ObjectNode training(JsonNode root) {
        return (ObjectNode) root.get("training");
    }

    @Test
    void aSingleHeadWithoutTheWidePathByDefault() throws Exception {
        TrainingConfig c = TrainingConfig.parse(tiny());
        assertEquals(1, c.ensemble());
        assertFalse(c.quantizedHead());
        assertFalse(c.hyperparameters().shape().wideText());
        assertEquals(3, c.hyperparameters().seed());
    }

    @Test
    void readsTheWideTextPathAndTheEnsembleSize() throws Exception {
        ObjectNode root = tiny();
        training(root).put("wideText", true).put("ensemble", 3).put("headWeights", "uint8");
        TrainingConfig c = TrainingConfig.parse(root);
        assertEquals(3, c.ensemble());
        assertTrue(c.quantizedHead());
        assertTrue(c.hyperparameters().shape().wideText());
        assertEquals(4, c.hyperparameters().withSeed(4).seed());
        assertEquals(
                c.hyperparameters().shape(), c.hyperparameters().withSeed(4).shape());
    }

    @Test
    void aMisspelledTrainingEntryIsNamed() throws Exception {
        ObjectNode root = tiny();
        training(root).put("wideTexts", true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.parse(root));
        assertTrue(
                e.getMessage().contains("'training.wideTexts'")
                        && e.getMessage().contains("wideText"),
                e.getMessage());
    }

    @Test
    void headWeightsAreFloat32OrUint8() throws Exception {
        ObjectNode root = tiny();
        training(root).put("headWeights", "int4");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.parse(root));
        assertTrue(
                e.getMessage().contains("'training.headWeights' must be float32 or uint8, got 'int4'"), e.getMessage());
    }

    @Test
    void anEnsembleNeedsOneToEightHeadsAndEarlyFusion() throws Exception {
        ObjectNode zero = tiny();
        training(zero).put("ensemble", 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.parse(zero));
        assertTrue(
                e.getMessage().contains("'training.ensemble'") && e.getMessage().contains("got 0"), e.getMessage());
        ObjectNode late = tiny();
        late.put("fusion", "late");
        training(late).put("ensemble", 2);
        e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.parse(late));
        assertTrue(e.getMessage().contains("early fusion only"), e.getMessage());
    }
}
