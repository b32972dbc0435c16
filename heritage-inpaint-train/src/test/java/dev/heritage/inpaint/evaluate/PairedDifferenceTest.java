package dev.heritage.inpaint.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairedDifferenceTest {

    @Test
    void theIntervalOfASmallExampleWorkedByHand() {
        // Differences 1, 2, 3, 4: mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, sd = √(5/3)
        // = 1.290994; half-width 1.96 · 1.290994 / √4 = 1.265174.
        PairedDifference d = PairedDifference.of(new double[] {11, 12, 13, 14}, new double[] {10, 10, 10, 10}, true);
        assertEquals(4, d.n());
        assertEquals(2.5, d.mean(), 1e-12);
        assertEquals(1.290994, d.standardDeviation(), 1e-6);
        assertEquals(0.645497, d.standardError(), 1e-6);
        assertEquals(1.234826, d.low(), 1e-6);
        assertEquals(3.765174, d.high(), 1e-6);
        assertEquals(1.0, d.betterShare());
        assertTrue(d.aboveZero());
        Map<String, Object> m = d.toMetrics(3);
        assertEquals(2.5, m.get("meanDifference"));
        assertEquals(List.of(1.235, 3.765), m.get("ci95"));
    }

    @Test
    void forADistanceLowerIsBetterAndTiesAreNotBetter() {
        // a − b = −1, +1, 0: mean 0, sd 1, half-width 1.96 / √3 = 1.131607; better (lower) on 1 of 3.
        PairedDifference d = PairedDifference.of(new double[] {1, 3, 5}, new double[] {2, 2, 5}, false);
        assertEquals(0.0, d.mean(), 1e-12);
        assertEquals(1.0, d.standardDeviation(), 1e-12);
        assertEquals(-1.131607, d.low(), 1e-6);
        assertEquals(1.131607, d.high(), 1e-6);
        assertEquals(1 / 3.0, d.betterShare(), 1e-12);
        assertFalse(d.aboveZero());
        assertEquals(
                2 / 3.0,
                PairedDifference.of(new double[] {1, 3, 5}, new double[] {2, 2, 5}, true)
                                .betterShare()
                        + 1 / 3.0,
                1e-12);
    }

    @Test
    void oneSampleHasNoIntervalAndMismatchedSamplesAreRefused() {
        PairedDifference one = PairedDifference.of(new double[] {3}, new double[] {1}, true);
        assertEquals(2.0, one.mean());
        assertTrue(Double.isNaN(one.low()) && Double.isNaN(one.high()));
        assertNull(one.toMetrics(3).get("ci95"));
        assertThrows(
                IllegalArgumentException.class, () -> PairedDifference.of(new double[] {1}, new double[] {1, 2}, true));
        assertThrows(IllegalArgumentException.class, () -> PairedDifference.of(new double[0], new double[0], true));
    }
}
