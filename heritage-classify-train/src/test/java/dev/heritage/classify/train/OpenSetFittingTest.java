package dev.heritage.classify.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.classify.model.OpenSetDetector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fitting the open-set probes on Gaussian clouds in 20 dimensions: three classes fitted, a fourth
 * withheld, and a background cloud of "not paintings" of which half is fitted and half measured.
 */
class OpenSetFittingTest {
    private static final int DIM = 20;

    /** Class c's cloud: its mean on axis c (c < 4), background (c = 4) on axis 10. */
    private static float[] sample(int c, Random r) {
        float[] x = new float[DIM];
        for (int j = 0; j < DIM; j++) {
            x[j] = (float) r.nextGaussian();
        }
        x[c == 4 ? 10 : c] += 5;
        return x;
    }

    private static OpenSetDetector fit(Random r, boolean background) {
        List<float[]> rows = new ArrayList<>();
        int[] labels = new int[900];
        for (int i = 0; i < 900; i++) {
            labels[i] = i % 3;
            rows.add(sample(labels[i], r));
        }
        labels[5] = -1; // unlabelled rows are skipped
        OpenSetFitting.BackgroundImages images = OpenSetFitting.BackgroundImages.empty();
        for (int i = 0; background && i < 60; i++) {
            images.add("test", "o" + i, "no", new float[][] {sample(4, r), sample(4, r)});
        }
        float[] mean = new float[DIM];
        float[] std = new float[DIM];
        Arrays.fill(std, 1);
        OpenSetDetector fitted =
                OpenSetFitting.fit("style", rows, labels, 3, mean, std, images, OpenSetFitting.Settings.defaults());
        List<float[]> reference = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            reference.add(sample(i % 3, r));
        }
        return fitted.withReference(reference, 0.95);
    }

    @Test
    void theClassProbeLearnsTheClassesAndAWithheldClassScoresHigh() {
        Random r = new Random(11);
        OpenSetDetector d = fit(r, false);
        assertEquals(3, d.classes());
        int inside = 0;
        int withheld = 0;
        for (int i = 0; i < 300; i++) {
            inside += d.score(sample(i % 3, r)) >= 0.95 ? 1 : 0;
            withheld += d.score(sample(3, r)) >= 0.95 ? 1 : 0;
        }
        assertTrue(inside <= 36, inside + " of 300 known-class points outside (two tests: at most ~10 %)");
        assertTrue(withheld >= 270, withheld + " of 300 points of the withheld class outside");
    }

    @Test
    void theBackgroundProbeAnswersUnseenBackgroundImagesOutside() {
        Random r = new Random(12);
        OpenSetDetector d = fit(r, true);
        assertTrue(d.hasBackgroundTest());
        int background = 0;
        int inside = 0;
        for (int i = 0; i < 300; i++) {
            float[] x = sample(4, r);
            background += d.backgroundScore(x) >= 0.95 ? 1 : 0;
            inside += d.score(sample(i % 3, r)) >= 0.95 ? 1 : 0;
        }
        assertTrue(background >= 285, background + " of 300 unseen background points outside");
        assertTrue(inside <= 54, inside + " of 300 known-class points outside (three tests: at most ~15 %)");
    }

    @Test
    void theProbeOverfitsAFewRows() {
        // six rows, two per class, in general position: the probe must get every one right
        Random r = new Random(13);
        float[][] z = new float[6][];
        int[] y = new int[6];
        double[] w = new double[6];
        for (int i = 0; i < 6; i++) {
            z[i] = new float[DIM];
            for (int j = 0; j < DIM; j++) {
                z[i][j] = (float) r.nextGaussian();
            }
            y[i] = i % 3;
            w[i] = 1;
        }
        OpenSetFitting.LinearProbe p =
                OpenSetFitting.LinearProbe.train(z, y, w, 3, new OpenSetFitting.Settings(300, 1e-2, 0, 100, 1));
        for (int i = 0; i < 6; i++) {
            int best = 0;
            double[] logits = new double[3];
            for (int c = 0; c < 3; c++) {
                for (int j = 0; j < DIM; j++) {
                    logits[c] += p.weights()[c][j] * z[i][j];
                }
                logits[c] += p.bias()[c];
                best = logits[c] > logits[best] ? c : best;
            }
            assertEquals(y[i], best, "row " + i + ": " + Arrays.toString(logits));
        }
    }

    @Test
    void aBackgroundRowMustSayYesOrNo() {
        OpenSetFitting.BackgroundImages images = OpenSetFitting.BackgroundImages.empty();
        images.add("b.csv", "vase", " No ", new float[][] {{1}, {2}});
        images.add("b.csv", "portrait", "yes", new float[][] {{3}, {4}});
        images.add("b.csv", "unreadable", "no", null);
        assertEquals(2, images.notPaintings().size());
        assertEquals(2, images.otherPaintings().size());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> images.add("b.csv", "cup", "maybe", null));
        assertEquals(
                "b.csv: row 'cup' has painting 'maybe'; write yes (a painting photographed elsewhere) or no (not a painting)",
                e.getMessage());
    }

    @Test
    void theSameSeedGivesTheSameDetector() {
        float[] x = sample(3, new Random(99));
        assertEquals(fit(new Random(7), true).score(x), fit(new Random(7), true).score(x), 0);
    }
}
