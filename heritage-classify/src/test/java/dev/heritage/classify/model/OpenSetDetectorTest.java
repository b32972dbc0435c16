package dev.heritage.classify.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.model.CardSection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The detector's arithmetic on hand-made probes in 3 dimensions: two classes along the first axis, a
 * "not a painting" direction along the third. (Fitting the probes is {@code OpenSetFittingTest}'s.)
 */
class OpenSetDetectorTest {
    private static final float[] MEAN = {1, 0, 0};
    private static final float[] STD = {2, 1, 1};

    private static OpenSetDetector detector(boolean background) {
        return OpenSetDetector.of(
                "style",
                MEAN,
                STD,
                new float[][] {{4, 0, 0}, {-4, 0, 0}},
                new float[] {0, 0},
                new float[][] {{2, 0, 0}, {-2, 0, 0}},
                background ? new float[] {0, 0, 3} : null,
                -6);
    }

    private static List<float[]> references(Random r) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            // standardised first coordinate near ±2: each class's probe claims it strongly
            float sign = i % 2 == 0 ? 1 : -1;
            out.add(new float[] {1 + 2 * sign * (2 + (float) r.nextGaussian() * 0.3f), (float) r.nextGaussian(), 0});
        }
        return out;
    }

    @Test
    void theEnergyIsMinusTheLogSumOfTheClassExponentials() {
        OpenSetDetector d = detector(false);
        float[] x = {3, 0, 0}; // standardised: (1, 0, 0); logits 4 and -4
        assertEquals(-Math.log(Math.exp(4) + Math.exp(-4)), d.novelty(x), 1e-9);
        assertTrue(Double.isNaN(d.backgroundLogit(x)), "no background test");
        assertFalse(d.hasBackgroundTest());
        assertEquals(0, d.score(x), 0, "no reference yet: every score is 0");
    }

    @Test
    void scoresAreTheShareOfReferencesBelowAndTheLargerTestWins() throws Exception {
        Random r = new Random(3);
        List<float[]> reference = references(r);
        OpenSetDetector d = detector(true).withReference(reference, 0.95);
        // by construction, the reference's own novelty scores are spread uniformly over [0, 1]
        long above = reference.stream().filter(x -> d.noveltyScore(x) >= 0.95).count();
        assertTrue(above >= 14 && above <= 26, above + " of 400 reference points above 0.95");

        float[] ambiguous = {1, 0, 0}; // on the boundary between the two classes: high energy
        assertEquals(1, d.noveltyScore(ambiguous), 1e-9);
        assertTrue(d.score(ambiguous) >= 0.95);

        float[] object = {9, 0, 5}; // claimed by a class, but far along the background direction
        assertTrue(d.noveltyScore(object) < 0.5, "a class claims it: " + d.noveltyScore(object));
        assertEquals(1, d.backgroundScore(object), 1e-9);
        assertEquals(d.backgroundScore(object), d.score(object), 0);

        float[] typical = {1 + 2 * 2f, 0.2f, 0};
        assertTrue(d.score(typical) < 0.95, "a typical painting: " + d.score(typical));
    }

    @Test
    void roundTripsThroughTheCardAndRefusesDamage() throws Exception {
        Random r = new Random(5);
        OpenSetDetector d = detector(true).withReference(references(r), 0.9);
        Path dir = Files.createTempDirectory("openset-");
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> card = d.write(dir);
        OpenSetDetector read = OpenSetDetector.read(dir, section(json, card));
        for (int i = 0; i < 20; i++) {
            float[] x = {(float) r.nextGaussian() * 5, (float) r.nextGaussian(), (float) r.nextGaussian() * 3};
            assertEquals(d.score(x), read.score(x), 1e-12);
            assertEquals(d.backgroundLogit(x), read.backgroundLogit(x), 1e-6);
        }
        assertEquals(0.9, read.threshold(), 0);
        assertTrue(read.hasBackgroundTest());
        assertEquals(0.5, d.withThreshold(0.5).threshold(), 0);
        assertThrows(IllegalArgumentException.class, () -> d.withThreshold(0));
        assertThrows(IllegalArgumentException.class, () -> d.score(new float[2]));

        Path other = Files.createTempDirectory("openset-other-");
        Map<String, Object> withoutBackground =
                detector(false).withReference(references(r), 0.9).write(other);
        Files.copy(
                other.resolve(OpenSetDetector.FILE),
                dir.resolve(OpenSetDetector.FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThrows(
                IOException.class,
                () -> OpenSetDetector.read(dir, section(json, card)),
                "a file shorter than the card's description is refused");
        assertFalse(OpenSetDetector.read(dir, section(json, withoutBackground)).hasBackgroundTest());

        Map<String, Object> noClasses = new LinkedHashMap<>(card);
        noClasses.remove("classes");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpenSetDetector.read(dir, section(json, noClasses)))
                .isInstanceOf(MalformedModelException.class)
                .hasMessageStartingWith("Model 'test': properties.annotator.openSet.classes is missing");
        Map<String, Object> textThreshold = new LinkedHashMap<>(card);
        textThreshold.put("threshold", "0.9");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> OpenSetDetector.read(dir, section(json, textThreshold)))
                .hasMessageContaining("openSet.threshold is '0.9'; expected a finite number");
        Map<String, Object> shortQuantiles = new LinkedHashMap<>(card);
        shortQuantiles.put("noveltyQuantiles", new double[] {1, 2});
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> OpenSetDetector.read(dir, section(json, shortQuantiles)))
                .isInstanceOf(MalformedModelException.class)
                .hasMessageContaining("noveltyQuantiles");
    }

    /** The description as the card holds it (plain JSON values). */
    static CardSection section(ObjectMapper json, Map<String, Object> description) {
        return CardSection.of("test", "properties.annotator.openSet", json.convertValue(description, Map.class));
    }
}
