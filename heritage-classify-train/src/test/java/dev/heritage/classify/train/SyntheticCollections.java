package dev.heritage.classify.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.heritage.api.FieldKind;
import dev.heritage.api.engine.Tensor;
import dev.heritage.classify.encoding.TextHasher;
import dev.heritage.classify.encoding.Vocabulary;
import dev.heritage.classify.encoding.YearBins;
import dev.heritage.classify.model.AnnotatorSpec;
import dev.heritage.classify.model.InputField;
import dev.heritage.classify.model.TaskEncoder;
import dev.heritage.classify.model.TaskKind;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.djl.DjlTensors;
import dev.heritage.network.djl.GraphBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;

/**
 * Tiny synthetic collections with known structure: the image features carry the style, the title
 * names the artist, each artist paints in one style and one decade.
 */
public final class SyntheticCollections {
    public static final int DIM = 24;
    public static final List<String> STYLES = List.of("Baroque", "Cubism", "Ukiyo-e");

    private SyntheticCollections() {}

    public static List<TrainingExample> examples(int n, long seed) {
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

    public static AnnotatorSpec spec(List<TrainingExample> train) {
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
        return new AnnotatorSpec(
                DIM,
                mean,
                std,
                List.of(
                        new InputField("style", FieldKind.CATEGORICAL, styles, null),
                        new InputField("title", FieldKind.TEXT, null, new TextHasher(256, 3, 4))),
                List.of(
                        new TaskEncoder("style", TaskKind.CATEGORICAL, "style", styles, null),
                        new TaskEncoder(
                                "artist", TaskKind.CATEGORICAL, "artist", Vocabulary.fromCounts(artists, 1), null),
                        new TaskEncoder("decade", TaskKind.DECADE, "year", null, YearBins.covering(10, years))));
    }

    /**
     * Runs a trained head in DJL (PyTorch), as training does.
     *
     * @param head the head
     * @param inputs its inputs by name
     * @return its outputs by name
     */
    public static Map<String, float[]> forward(TrainedHead head, Map<String, Tensor> inputs) {
        NetworkGraph g = head.graph();
        Map<String, float[]> out = new HashMap<>();
        try (Model model = Model.newInstance("head", Device.cpu(), "PyTorch");
                NDManager manager = model.getNDManager().newSubManager()) {
            GraphBlock block = GraphBlock.of(g, head.weights(), manager);
            NDList in = new NDList();
            for (NetworkGraph.Input i : g.inputs()) {
                in.add(DjlTensors.toArray(inputs.get(i.name()), manager));
            }
            NDList y = block.forward(new ParameterStore(manager, false), in, false);
            for (int k = 0; k < g.outputs().size(); k++) {
                out.put(g.outputs().get(k), y.get(k).toFloatArray());
            }
        }
        return out;
    }

    /**
     * @param spec the encoders
     * @param head a trained head
     * @param rows labelled rows
     * @return artist top-1 of the head from the title alone (no image, no style)
     */
    public static double titleOnlyArtistTop1(AnnotatorSpec spec, TrainedHead head, List<TrainingExample> rows) {
        List<float[]> images = new ArrayList<>();
        List<Map<String, String>> fields = new ArrayList<>();
        for (TrainingExample ex : rows) {
            images.add(null);
            fields.add(Map.of("title", ex.fields().get("title")));
        }
        return top1(spec, head, rows, images, fields).get("artist").top1();
    }

    /** How many rows with a label a task got right. */
    public record Score(int right, int n) {
        public double top1() {
            return right / (double) n;
        }
    }

    /**
     * Each task's argmax from the given evidence against the rows' labels; rows without a label for a
     * task do not count for it.
     *
     * @param spec the encoders
     * @param head a trained head
     * @param rows labelled rows
     * @param images per row, the image features shown (or {@code null})
     * @param fields per row, the fields shown
     * @return per task
     */
    public static Map<String, Score> top1(
            AnnotatorSpec spec,
            TrainedHead head,
            List<TrainingExample> rows,
            List<float[]> images,
            List<Map<String, String>> fields) {
        Map<String, float[]> out = forward(head, spec.encode(images, fields));
        Map<String, Score> scores = new LinkedHashMap<>();
        for (TaskEncoder t : spec.tasks()) {
            float[] logits = out.get("logits_" + t.name());
            int classes = t.classes();
            int n = 0;
            int right = 0;
            for (int r = 0; r < rows.size(); r++) {
                OptionalInt label = t.label(rows.get(r).fields());
                if (label.isEmpty()) {
                    continue;
                }
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (logits[r * classes + c] > logits[r * classes + best]) {
                        best = c;
                    }
                }
                n++;
                right += best == label.getAsInt() ? 1 : 0;
            }
            scores.put(t.name(), new Score(right, n));
        }
        return scores;
    }
}
