package dev.heritage.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-line summary of which executors did the work. */
class ExecutorTallyTest {
    @Test
    void sameLoadsSayEachAndRowsAreListedInExecutorOrder() {
        assertEquals(
                "3 executors, 1 model load each, rows 120/118/7 (2 on b, 10 on c, driver on a)",
                ExecutorTally.summary(List.of(
                        new ExecutorWork("2", "b", 120, 1),
                        new ExecutorWork("10", "c", 118, 1),
                        new ExecutorWork("driver", "a", 7, 1))));
    }

    @Test
    void differentLoadsAreListedOneByOne() {
        assertEquals(
                "2 executors, model loads 1/2, rows 5/6 (0 on a, 1 on b)",
                ExecutorTally.summary(List.of(new ExecutorWork("0", "a", 5, 1), new ExecutorWork("1", "b", 6, 2))));
        assertEquals("no executor reported work", ExecutorTally.summary(List.of()));
    }
}
