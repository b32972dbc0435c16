package dev.heritage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code heritage models} and the command line's exit codes, in process. */
class ModelsCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HeritageCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void listsTheThreeEnginesWithVersionsAndFormats() {
        Run r = run("models");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*pytorch\\s+2\\.7\\.1\\s+cpu\\s+djl.*"), r.out());
        assertTrue(r.out().matches("(?s).*onnxruntime\\s+1\\.21\\.1\\s+cpu,cuda\\s+onnx.*"), r.out());
        assertTrue(r.out().matches("(?s).*tensorflow\\s+2\\.16\\.2\\s+cpu\\s+savedmodel.*"), r.out());
        assertTrue(r.out().contains("Zoo models"), r.out());
    }

    @Test
    void unknownCommandIsExit2WithOneLine() {
        Run r = run("frobnicate");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("heritage: "), r.err());
    }

    @Test
    void unknownOptionIsExit2() {
        Run r = run("models", "--colour");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--colour"), r.err());
    }
}
