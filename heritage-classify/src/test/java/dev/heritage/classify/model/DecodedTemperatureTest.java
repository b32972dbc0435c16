package dev.heritage.classify.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The temperature fitted after joint decoding ignores rows whose true class was ruled out (probability
 * 0, which no temperature changes) and still fits the others.
 */
class DecodedTemperatureTest {

    /** Answers with confidence 0.8 that are right 80 % of the time: calibrated, temperature about 1. */
    private static void calibratedRows(List<double[]> probs, List<Integer> labels, int n) {
        for (int r = 0; r < n; r++) {
            probs.add(new double[] {0.8, 0.1, 0.1});
            labels.add(r % 5 == 0 ? 1 + r % 2 : 0);
        }
    }

    @Test
    void ruledOutRowsDoNotFlattenTheAnswers() {
        List<double[]> probs = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        calibratedRows(probs, labels, 200);
        double clean = Calibration.decodedTemperature(
                probs.toArray(double[][]::new),
                labels.stream().mapToInt(Integer::intValue).toArray());
        // 30 rows whose true class joint decoding ruled out.
        for (int r = 0; r < 30; r++) {
            probs.add(new double[] {0.9, 0.1, 0.0});
            labels.add(2);
        }
        double withRuledOut = Calibration.decodedTemperature(
                probs.toArray(double[][]::new),
                labels.stream().mapToInt(Integer::intValue).toArray());
        assertEquals(1.0, clean, 0.15);
        assertEquals(clean, withRuledOut, 1e-6);
    }

    @Test
    void overConfidentAnswersGetATemperatureAboveOne() {
        List<double[]> probs = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int r = 0; r < 200; r++) {
            probs.add(new double[] {0.99, 0.005, 0.005});
            labels.add(r % 2 == 0 ? 0 : 1); // right half the time
        }
        double t = Calibration.decodedTemperature(
                probs.toArray(double[][]::new),
                labels.stream().mapToInt(Integer::intValue).toArray());
        assertTrue(t > 2, "temperature " + t);
        assertEquals(1.0, Calibration.decodedTemperature(new double[][] {{1, 0}}, new int[] {1}));
    }
}
