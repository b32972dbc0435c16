package dev.heritage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code heritage models} and the command line's exit codes, in process. */
class ModelsCommandTest {

    @Test
    void listsTheThreeEnginesWithVersionsAndFormats() {
        CliRun r = CliRun.of("models");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*pytorch\\s+2\\.7\\.1\\s+cpu\\s+djl.*"), r.out());
        assertTrue(r.out().matches("(?s).*onnxruntime\\s+1\\.21\\.1\\s+cpu,cuda\\s+onnx.*"), r.out());
        assertTrue(r.out().matches("(?s).*tensorflow\\s+2\\.16\\.2\\s+cpu\\s+savedmodel.*"), r.out());
        assertTrue(r.out().contains("Zoo models"), r.out());
        assertTrue(r.out().matches("(?s).*paintings-multitask\\s+2\\.1\\.0\\s+annotator.*"), r.out());
        assertTrue(
                r.out().contains("head: 3 heads trained with their own seeds, joined (sum of the heads' logits)"),
                r.out());
    }

    @Test
    void unknownCommandIsExit2WithOneLine() {
        CliRun r = CliRun.of("frobnicate");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("heritage: "), r.err());
    }

    @Test
    void unknownOptionIsExit2() {
        CliRun r = CliRun.of("models", "--colour");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--colour"), r.err());
    }
}
