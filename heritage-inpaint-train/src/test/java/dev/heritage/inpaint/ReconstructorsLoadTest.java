package dev.heritage.inpaint;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.EngineNotFoundException;
import dev.heritage.api.ModelNotFoundException;
import dev.heritage.api.Reconstructor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconstructorsLoadTest {

    @Test
    void classicalNamesGiveClassicalReconstructors() throws Exception {
        try (Reconstructor r = Reconstructors.load(" Telea ", "onnxruntime")) {
            assertInstanceOf(TeleaReconstructor.class, r);
        }
        try (Reconstructor r = Reconstructors.load("ns")) {
            assertInstanceOf(NavierStokesReconstructor.class, r);
        }
    }

    @Test
    void modelDirectoriesGiveLearnedReconstructors(@TempDir Path dir) throws Exception {
        TinyModels.learned(dir.resolve("tiny"));
        try (Reconstructor r = Reconstructors.load(dir.resolve("tiny").toString(), "onnxruntime")) {
            assertInstanceOf(LearnedReconstructor.class, r);
        }
        assertThrows(
                EngineNotFoundException.class,
                () -> Reconstructors.load(dir.resolve("tiny").toString(), "mxnet"));
    }

    @Test
    void unknownNamesListTheZooModels() {
        ModelNotFoundException e =
                assertThrows(ModelNotFoundException.class, () -> Reconstructors.load("no-such-model", "onnxruntime"));
        assertTrue(e.getMessage().contains("paintings-inpaint"), e.getMessage());
    }
}
