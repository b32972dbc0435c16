package dev.heritage.classify.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.model.CardSection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Mahalanobis open-set score on Gaussian clouds: four classes in 40 dimensions with a shared,
 * strongly anisotropic covariance; the detector is fitted on three, the fourth is "outside".
 */
class OpenSetDetectorTest {
    private static final int DIM = 40;

    private static float[] sample(int cls, Random r) {
        float[] x = new float[DIM];
        for (int j = 0; j < DIM; j++) {
            // the class means differ along low-variance directions only, as styles do in a few features
            double scale = j < 5 ? 10 : 1;
            x[j] = (float) (scale * r.nextGaussian() + (j >= 5 && j < 9 ? 4 * Math.cos(cls * 1.7 + j) : 0));
        }
        return x;
    }

    @Test
    void aClassItWasNotFittedOnScoresHighAndTheScoreIsTheShareOfCloserReferences() throws Exception {
        Random r = new Random(1);
        List<float[]> train = new ArrayList<>();
        int[] labels = new int[600];
        for (int i = 0; i < 600; i++) {
            labels[i] = i % 3;
            train.add(sample(labels[i], r));
        }
        float[] mean = new float[DIM];
        float[] std = new float[DIM];
        Arrays.fill(std, 1f);
        OpenSetDetector fitted = OpenSetDetector.fit("style", train, labels, 3, mean, std, 8, 10_000, 7);
        List<float[]> reference = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            reference.add(sample(i % 3, r));
        }
        OpenSetDetector d = fitted.withReference(reference, 0.95);
        // by construction, the reference's own scores are spread uniformly over [0, 1]
        long above = reference.stream().filter(x -> d.score(x) >= 0.95).count();
        assertTrue(above >= 10 && above <= 20, above + " of 300 reference points above 0.95");

        int inside = 0;
        int outside = 0;
        for (int i = 0; i < 300; i++) {
            inside += d.score(sample(i % 3, r)) >= 0.95 ? 1 : 0;
            outside += d.score(sample(3, r)) >= 0.95 ? 1 : 0;
        }
        assertTrue(inside <= 30, inside + " of 300 known-class points outside");
        assertTrue(outside >= 270, outside + " of 300 points of the withheld class outside");

        Path dir = Files.createTempDirectory("openset-");
        ObjectMapper json = new ObjectMapper();
        OpenSetDetector read = OpenSetDetector.read(dir, section(json, d.write(dir)));
        for (int i = 0; i < 20; i++) {
            float[] x = sample(i % 4, r);
            assertEquals(d.score(x), read.score(x), 1e-12);
            assertEquals(d.distance(x), read.distance(x), 1e-9);
        }
        assertEquals(0.5, d.withThreshold(0.5).threshold(), 0);
        assertThrows(IllegalArgumentException.class, () -> d.withThreshold(0));
        Files.write(dir.resolve(OpenSetDetector.FILE), new byte[12]);
        assertThrows(
                IOException.class,
                () -> OpenSetDetector.read(dir, section(json, d.write(Files.createTempDirectory("openset-other-")))));
        Map<String, Object> noRank = new LinkedHashMap<>(d.write(dir));
        noRank.remove("rank");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpenSetDetector.read(dir, section(json, noRank)))
                .isInstanceOf(MalformedModelException.class)
                .hasMessageStartingWith("Model 'test': properties.annotator.openSet.rank is missing");
        Map<String, Object> textThreshold = new LinkedHashMap<>(d.write(dir));
        textThreshold.put("threshold", "0.9");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> OpenSetDetector.read(dir, section(json, textThreshold)))
                .hasMessageContaining("openSet.threshold is '0.9'; expected a finite number");
    }

    @Test
    void jacobiFindsTheEigenvaluesOfASymmetricMatrix() {
        double[][] a = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}};
        double[][] v = new double[3][3];
        double[] e = OpenSetDetector.jacobi(new double[][] {a[0].clone(), a[1].clone(), a[2].clone()}, v);
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 3; i++) {
                double av = 0;
                for (int j = 0; j < 3; j++) {
                    av += a[i][j] * v[j][k];
                }
                assertEquals(e[k] * v[i][k], av, 1e-9);
            }
        }
        assertEquals(9, e[0] + e[1] + e[2], 1e-9);
    }

    /** The description as the card holds it (plain JSON values). */
    static CardSection section(ObjectMapper json, Map<String, Object> description) {
        return CardSection.of("test", "properties.annotator.openSet", json.convertValue(description, Map.class));
    }
}
