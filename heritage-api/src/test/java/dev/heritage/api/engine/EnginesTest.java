package dev.heritage.api.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.EngineNotFoundException;
import org.junit.jupiter.api.Test;

/** The error paths of engine lookup, on a class path with no engine module. */
class EnginesTest {

    @Test
    void knownEngineWhoseModuleIsAbsentNamesTheArtifactToAdd() {
        EngineNotFoundException e = assertThrows(EngineNotFoundException.class, () -> Engines.get("tensorflow"));
        assertTrue(e.getMessage().contains("dev.heritage:heritage-engine-tensorflow:"), e.getMessage());
        assertTrue(e.getMessage().contains("Add the Maven dependency"), e.getMessage());
    }

    @Test
    void unknownEngineListsWhatIsAvailableAndKnown() {
        EngineNotFoundException e = assertThrows(EngineNotFoundException.class, () -> Engines.get("caffe"));
        assertTrue(e.getMessage().startsWith("Unknown engine 'caffe'"), e.getMessage());
        assertTrue(e.getMessage().contains("Engines available now: none"), e.getMessage());
        assertTrue(e.getMessage().contains("pytorch, onnxruntime, tensorflow"), e.getMessage());
    }

    @Test
    void noEngineAtAllNamesTheModules() {
        assertTrue(Engines.available().isEmpty());
        EngineNotFoundException e = assertThrows(EngineNotFoundException.class, Engines::defaultEngine);
        assertTrue(e.getMessage().contains("heritage-engine-pytorch"), e.getMessage());
    }

    @Test
    void weightFormatIdsRoundTrip() {
        for (WeightFormat f : WeightFormat.values()) {
            assertEquals(f, WeightFormat.fromId(f.id()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightFormat.fromId("caffe"));
        assertTrue(e.getMessage().contains("djl, onnx, savedmodel"), e.getMessage());
    }

    @Test
    void tensorChecksItsShape() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.ofFloats(new long[] {2, 3}, new float[5]));
        Tensor t = Tensor.ofLongs(new long[] {2}, new long[] {4, 5});
        assertEquals(Tensor.DataType.INT64, t.type());
        assertThrows(IllegalStateException.class, t::floats);
    }
}
