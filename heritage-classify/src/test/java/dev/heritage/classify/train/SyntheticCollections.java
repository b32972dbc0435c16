package dev.heritage.classify.train;

import dev.heritage.api.FieldKind;
import dev.heritage.classify.encoding.TextHasher;
import dev.heritage.classify.encoding.Vocabulary;
import dev.heritage.classify.encoding.YearBins;
import dev.heritage.classify.model.AnnotatorSpec;
import dev.heritage.classify.model.InputField;
import dev.heritage.classify.model.TaskEncoder;
import dev.heritage.classify.model.TaskKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Tiny synthetic collections with known structure: the image features carry the style, the title
 * names the artist, each artist paints in one style and one decade.
 */
final class SyntheticCollections {
    static final int DIM = 24;
    static final List<String> STYLES = List.of("Baroque", "Cubism", "Ukiyo-e");

    private SyntheticCollections() {
    }

    static List<TrainingExample> examples(int n, long seed) {
        Random r = new Random(seed);
        List<TrainingExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int artist = r.nextInt(6);
            int style = artist % 3;
            float[] img = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                img[d] = (float) (r.nextGaussian() * 0.5 + (d % 3 == style ? 2 : 0));
            }
            Map<String, String> f = new HashMap<>();
            f.put("style", STYLES.get(style));
            f.put("artist", "artist" + artist);
            f.put("title", "Painting by painter" + artist + " number " + r.nextInt(100));
            if (r.nextDouble() < 0.7) {
                f.put("year", String.valueOf(1600 + 60 * artist + r.nextInt(10)));
            }
            out.add(new TrainingExample("row" + i, img, img, f));
        }
        return out;
    }

    static AnnotatorSpec spec(List<TrainingExample> train) {
        float[] mean = new float[DIM];
        float[] std = new float[DIM];
        Arrays.fill(std, 1f);
        List<Integer> years = new ArrayList<>();
        List<String> artists = new ArrayList<>();
        for (TrainingExample e : train) {
            artists.add(e.fields().get("artist"));
            TaskEncoder.year(e.fields().getOrDefault("year", "")).ifPresent(years::add);
        }
        Vocabulary styles = new Vocabulary(STYLES);
        return new AnnotatorSpec(DIM, mean, std,
                List.of(new InputField("style", FieldKind.CATEGORICAL, styles, null),
                        new InputField("title", FieldKind.TEXT, null, new TextHasher(256, 3, 4))),
                List.of(new TaskEncoder("style", TaskKind.CATEGORICAL, "style", styles, null),
                        new TaskEncoder("artist", TaskKind.CATEGORICAL, "artist", Vocabulary.fromCounts(artists, 1), null),
                        new TaskEncoder("decade", TaskKind.DECADE, "year", null, YearBins.covering(10, years))));
    }
}
