package dev.heritage.classify.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heritage.classify.encoding.Vocabulary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Joint style–artist decoding when the artist task leaves rare artists out: a painting by an artist
 * outside the classes may have any style, so the known artists' styles must not overrule a confident
 * style prediction.
 */
class JointDecoderTest {
    private static final List<Map<String, String>> TRAINING = List.of(
            Map.of("style", "A", "artist", "x"), Map.of("style", "A", "artist", "x"),
            Map.of("style", "A", "artist", "x"), Map.of("style", "B", "artist", "y"),
            Map.of("style", "B", "artist", "z"));

    private static AnnotatorSpec spec() {
        TaskEncoder style = new TaskEncoder("style", TaskKind.CATEGORICAL, "style",
                Vocabulary.fromCounts(List.of("A", "A", "A", "B", "B"), 1), null);
        // only artist x has two or more rows: y and z are outside the artist task's classes
        TaskEncoder artist = new TaskEncoder("artist", TaskKind.CATEGORICAL, "artist",
                Vocabulary.fromCounts(List.of("x", "x", "x", "y", "z"), 2), null);
        return new AnnotatorSpec(1, new float[] {0}, new float[] {1}, List.of(), List.of(style, artist));
    }

    @Test
    void storesTheShareOfTrainingRowsWithAnArtistOutsideTheClasses() {
        JointDecoder d = JointDecoder.fit(spec(), TRAINING, 0);
        assertEquals(0.4, d.otherArtistShare(), 1e-12);
        assertEquals(0.4, JointDecoder.read(spec(), new com.fasterxml.jackson.databind.ObjectMapper()
                .valueToTree(d.toJson())).otherArtistShare(), 1e-12);
    }

    @Test
    void aConfidentStyleIsNotOverruledByTheKnownArtistsStyles() {
        AnnotatorSpec spec = spec();
        TaskEncoder style = spec.task("style");
        TaskEncoder artist = spec.task("artist");
        double[] ps = new double[style.classes()];
        ps[style.labels().indexOf("A")] = 0.2;
        ps[style.labels().indexOf("B")] = 0.8;
        double[] pa = new double[artist.classes()];
        pa[artist.labels().indexOf("x")] = 1.0;
        Map<String, double[]> probs = Map.of("style", ps, "artist", pa);

        JointDecoder fitted = JointDecoder.fit(spec, TRAINING, 0);
        double[] decoded = fitted.decode(probs, Map.of()).get("style");
        // p(B) = 0.4 * 0.8 against p(A) = 0.6 * 0.2 + 0.4 * 0.2
        assertEquals("B", style.labels().get(Calibration.argMax(decoded)));
        assertEquals(0.32 / 0.52, decoded[style.labels().indexOf("B")], 1e-9);

        double[] headOnly = fitted.withArtistStyleWeight(0).decode(probs, Map.of()).get("style");
        assertEquals(0.8, headOnly[style.labels().indexOf("B")], 1e-12, "weight 0: the style head's own answer");

        JointDecoder without = new JointDecoder(fitted.styleTask(), fitted.artistTask(), null, null,
                fitted.artistStyles(), fitted.artistDecades(), 0, fitted.artistSpans(), 0, 1);
        assertEquals("A", style.labels().get(Calibration.argMax(without.decode(probs, Map.of()).get("style"))),
                "without the share, the only known artist's style wins");
    }
}
