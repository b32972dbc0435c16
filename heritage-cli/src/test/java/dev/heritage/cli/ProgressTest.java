package dev.heritage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress on a terminal (one redrawn line) and elsewhere (plain lines), with a fake clock. */
class ProgressTest {
    private final AtomicLong nanos = new AtomicLong();
    private final StringWriter text = new StringWriter();

    private Progress progress(boolean terminal) {
        return new Progress(new PrintWriter(text, true), terminal, nanos::get);
    }

    @Test
    void plainLinesEveryTenPercentWithRateAndTimeLeft() {
        Progress p = progress(false);
        for (int done = 0; done <= 200; done++) {
            p.step("annotated", done, 200);
            nanos.addAndGet(50_000_000L); // 20 items a second
        }
        p.step("annotated", 200, 200);
        p.line("Wrote out.jsonl");
        String s = text.toString();
        assertFalse(s.contains("\r"), s);
        List<String> lines = s.lines().toList();
        assertEquals(12, lines.size(), s); // 0 %, 10 % ... 100 %, then the message
        assertEquals("annotated: 100/200 (50%), 20/s, 5 s left", lines.get(5));
        assertEquals("annotated: 200/200 (100%), 20/s", lines.get(10));
        assertEquals("Wrote out.jsonl", lines.get(11));
    }

    @Test
    void oneRedrawnLineOnATerminal() {
        Progress p = progress(true);
        for (int done = 0; done <= 1000; done++) {
            p.step("image features", done, 1000);
            nanos.addAndGet(10_000_000L); // 100 a second, a redraw every 10 items
        }
        p.step("image features", 1000, 1000);
        p.line("epoch 1");
        String s = text.toString();
        assertTrue(s.contains("\rimage features [###############---------------]  50% 500/1,000, 100/s, 5 s left"), s);
        assertTrue(s.matches("(?s).*\rimage features \\[#{30}\\] 100% 1,000/1,000, 100/s *\nepoch 1\n"), s);
        long redraws = s.chars().filter(c -> c == '\r').count();
        assertTrue(redraws > 50 && redraws < 200, "redraws are rate-limited: " + redraws);
        assertEquals(2, s.chars().filter(c -> c == '\n').count(), s);
    }

    @Test
    void unknownTotalShowsCountAndRate() {
        Progress p = progress(false);
        p.step("evaluated", 32, 0);
        nanos.addAndGet(31_000_000_000L);
        p.step("evaluated", 96, 0);
        assertEquals(
                List.of("evaluated: 32", "evaluated: 96, 2.1/s"),
                text.toString().lines().toList());
    }

    @Test
    void durations() {
        assertEquals("45 s", Progress.duration(45));
        assertEquals("3:07", Progress.duration(187));
        assertEquals("1:02:03", Progress.duration(3723));
    }

    @Test
    void csvRowsCountsDataRows(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("m.csv");
        Files.writeString(csv, "id,title\na,\"two\nlines\"\nb,x\n");
        assertEquals(2, Progress.csvRows(csv));
        assertEquals(0, Progress.csvRows(dir.resolve("none.csv")));
    }
}
