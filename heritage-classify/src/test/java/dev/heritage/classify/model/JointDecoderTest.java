package dev.heritage.classify.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.model.CardSection;
import dev.heritage.classify.encoding.Vocabulary;
import java.util.ArrayList;
import java.util.HashMap;
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
            Map.of("style", "A", "artist", "x"),
            Map.of("style", "A", "artist", "x"),
            Map.of("style", "A", "artist", "x"),
            Map.of("style", "B", "artist", "y"),
            Map.of("style", "B", "artist", "z"));

    private static AnnotatorSpec spec() {
        TaskEncoder style = new TaskEncoder(
                "style",
                TaskKind.CATEGORICAL,
                "style",
                Vocabulary.fromCounts(List.of("A", "A", "A", "B", "B"), 1),
                null);
        // only artist x has two or more rows: y and z are outside the artist task's classes
        TaskEncoder artist = new TaskEncoder(
                "artist",
                TaskKind.CATEGORICAL,
                "artist",
                Vocabulary.fromCounts(List.of("x", "x", "x", "y", "z"), 2),
                null);
        return new AnnotatorSpec(1, new float[] {0}, new float[] {1}, List.of(), List.of(style, artist));
    }

    @Test
    void storesTheShareOfTrainingRowsWithAnArtistOutsideTheClasses() throws Exception {
        JointDecoder d = JointDecoder.fit(spec(), TRAINING, 0);
        assertEquals(0.4, d.otherArtistShare(), 1e-12);
        assertEquals(0.4, JointDecoder.read(spec(), tables(d)).otherArtistShare(), 1e-12);
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
        // every B painting in training is by an artist outside the classes (other share of B = 1), so the
        // artist head's x says nothing against B: p(B) = 0.8 * 1 against p(A) = 0.2 * 1
        assertEquals("B", style.labels().get(Calibration.argMax(decoded)));
        assertEquals(0.8, decoded[style.labels().indexOf("B")], 1e-9);
        JointDecoder global = new JointDecoder(
                fitted.styleTask(),
                fitted.artistTask(),
                null,
                null,
                fitted.artistStyles(),
                fitted.artistDecades(),
                0,
                fitted.artistSpans(),
                0.4,
                1,
                new double[0]);
        // models before 2.0.0 (one share for every style): p(B) = 0.4 * 0.8 against p(A) = 0.6 * 0.2 + 0.4 * 0.2
        assertEquals(
                0.32 / 0.52,
                global.decode(probs, Map.of()).get("style")[style.labels().indexOf("B")],
                1e-9);

        double[] headOnly =
                fitted.withArtistStyleWeight(0).decode(probs, Map.of()).get("style");
        assertEquals(0.8, headOnly[style.labels().indexOf("B")], 1e-12, "weight 0: the style head's own answer");

        JointDecoder without = new JointDecoder(
                fitted.styleTask(),
                fitted.artistTask(),
                null,
                null,
                fitted.artistStyles(),
                fitted.artistDecades(),
                0,
                fitted.artistSpans(),
                0,
                1,
                new double[0]);
        assertEquals(
                "A",
                style.labels()
                        .get(Calibration.argMax(without.decode(probs, Map.of()).get("style"))),
                "without the share, the only known artist's style wins");
    }

    @Test
    void aStyleWhoseArtistsTheModelNeverSawIsNotPenalised() throws Exception {
        List<Map<String, String>> rows = new ArrayList<>(TRAINING);
        rows.add(Map.of("style", "C"));
        rows.add(Map.of("style", "C"));
        TaskEncoder style = new TaskEncoder(
                "style",
                TaskKind.CATEGORICAL,
                "style",
                Vocabulary.fromCounts(List.of("A", "A", "A", "B", "B", "C", "C"), 1),
                null);
        TaskEncoder artist = spec().task("artist");
        AnnotatorSpec spec = new AnnotatorSpec(1, new float[] {0}, new float[] {1}, List.of(), List.of(style, artist));
        JointDecoder fitted = JointDecoder.fit(spec, rows, 0);
        assertEquals(0.4, fitted.otherArtistShare(), 1e-12, "rows without an artist do not count");
        assertEquals(0.0, fitted.otherShare(style.labels().indexOf("A")), 1e-12);
        assertEquals(1.0, fitted.otherShare(style.labels().indexOf("B")), 1e-12);
        assertEquals(1.0, fitted.otherShare(style.labels().indexOf("C")), 1e-12, "no artist-labelled row");
        JointDecoder reread = JointDecoder.read(spec, tables(fitted));
        assertEquals(1.0, reread.otherShare(style.labels().indexOf("C")), 1e-12);

        double[] ps = new double[style.classes()];
        ps[style.labels().indexOf("A")] = 0.45;
        ps[style.labels().indexOf("C")] = 0.55;
        double[] pa = new double[artist.classes()];
        pa[artist.labels().indexOf("x")] = 1.0;
        Map<String, double[]> probs = Map.of("style", ps, "artist", pa);
        double[] decoded = reread.decode(probs, Map.of()).get("style");
        assertEquals("C", style.labels().get(Calibration.argMax(decoded)));
        assertEquals(0.55, decoded[style.labels().indexOf("C")], 1e-9);

        JointDecoder global = new JointDecoder(
                fitted.styleTask(),
                fitted.artistTask(),
                null,
                null,
                fitted.artistStyles(),
                fitted.artistDecades(),
                0,
                fitted.artistSpans(),
                0.4,
                1,
                new double[0]);
        // the old rule multiplied C by the global share: 0.55 * 0.4 = 0.22 against A's 0.45
        assertEquals(
                "A",
                style.labels()
                        .get(Calibration.argMax(global.decode(probs, Map.of()).get("style"))),
                "the 1.x rule penalised C for having no known artists");
    }

    @Test
    void tablesThatDoNotFitTheTasksAreRefusedNamingTheMember() {
        JointDecoder d = JointDecoder.fit(spec(), TRAINING, 0);
        Map<String, Object> missing = new HashMap<>(d.toJson());
        missing.remove("artistDecades");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JointDecoder.read(spec(), section(missing)))
                .isInstanceOf(MalformedModelException.class)
                .hasMessageStartingWith("Model 'test': extras/joint-decoding.json.artistDecades is missing");
        Map<String, Object> shortRow = new HashMap<>(d.toJson());
        shortRow.put("artistStyles", new boolean[][] {{true}});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JointDecoder.read(spec(), section(shortRow)))
                .hasMessageContaining("joint-decoding.json.artistStyles[0] is '[true]'; expected a list of 2 values");
        Map<String, Object> badWeight = new HashMap<>(d.toJson());
        badWeight.put("artistStyleWeight", "strong");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JointDecoder.read(spec(), section(badWeight)))
                .hasMessageContaining("artistStyleWeight is 'strong'; expected a finite number");
    }

    private static CardSection section(Map<String, Object> tables) {
        return CardSection.of("test", "extras/joint-decoding.json", new ObjectMapper().convertValue(tables, Map.class));
    }

    /** The tables as the model's file holds them (plain JSON values). */
    static CardSection tables(JointDecoder d) {
        return section(d.toJson());
    }
}
