package dev.heritage.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.AnnotationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke runs of the cold-start program and the server-concurrency benchmark: each measured path runs
 * once and gives real answers; nothing is timed.
 */
class PerformanceProgramsTest {
    @Test
    void bothServerArrangementsAnswerTheSameImage() throws Exception {
        ServerConcurrencyBenchmark b = new ServerConcurrencyBenchmark();
        ServerConcurrencyBenchmark.Settings s = new ServerConcurrencyBenchmark.Settings();
        ServerConcurrencyBenchmark.Direct direct = new ServerConcurrencyBenchmark.Direct();
        ServerConcurrencyBenchmark.Batched batched = new ServerConcurrencyBenchmark.Batched();
        direct.setup(s);
        batched.setup(s);
        try {
            AnnotationResult d = b.direct2(direct, s);
            AnnotationResult q = b.batched2(batched, s);
            assertFalse(d.predictions().isEmpty());
            assertEquals(d.predictions().keySet(), q.predictions().keySet());
            d.predictions()
                    .forEach((task, p) ->
                            assertEquals(p.value(), q.predictions().get(task).value(), task));
        } finally {
            direct.tearDown(null);
            batched.tearDown(null);
        }
    }

    @Test
    void coldStartMeasuresAFreshJvmOnAnEmptyAndAWarmCache(@TempDir Path out) throws Exception {
        ColdStart.run(List.of("onnxruntime"), 1, out, null);
        List<String> rows = Files.readAllLines(out.resolve("cold-start.csv"));
        assertEquals(3, rows.size(), String.join("\n", rows));
        assertTrue(rows.get(1).startsWith("this,onnxruntime,empty,0,"), rows.get(1));
        assertTrue(rows.get(2).startsWith("this,onnxruntime,warm,1,"), rows.get(2));
        for (String row : rows.subList(1, 3)) {
            String[] f = row.split(",");
            assertEquals(11, f.length, row);
            for (int i = 4; i < f.length; i++) {
                assertTrue(Double.parseDouble(f[i]) > 0, row);
            }
        }
        assertTrue(Files.readString(out.resolve("cold-start.md")).contains("| this | onnxruntime | warm | 1 |"));
    }
}
