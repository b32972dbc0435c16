package dev.heritage.research.classify;

import dev.heritage.classify.descriptors.HandcraftedDescriptors;
import dev.heritage.classify.model.AnnotatorSpec;
import dev.heritage.classify.train.AnnotatorTrainer;
import dev.heritage.classify.train.FeatureStore;
import dev.heritage.classify.train.HeadTrainer;
import dev.heritage.classify.train.SyntheticCollections;
import dev.heritage.classify.train.TrainedHead;
import dev.heritage.classify.train.TrainingConfig;
import dev.heritage.classify.train.TrainingExample;
import dev.heritage.classify.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Research tool (not a test): which image evidence carries the annotator — the pretrained backbone's
 * features (MobileNetV2's pooled features and its style statistics), the hand-crafted descriptors,
 * or both. For each, one head is trained exactly as {@code heritage train} trains the first head of
 * a configuration (same encoders, hyperparameters, seed, training rows, field and modality dropout),
 * on the matching columns of the cached image features, and measured from the image alone on the
 * validation rows: the argmax of each task's logits (no calibration, no joint decoding, one head),
 * artists counted when among the artist classes, decades when the row has a year.
 *
 * <pre>java -cp &lt;test classpath&gt; dev.heritage.research.classify.ImageEvidenceAblation CONFIG.json
 *     METADATA.csv VALIDATION.csv FEATURES.hfs</pre>
 */
public final class ImageEvidenceAblation {
    private ImageEvidenceAblation() {}

    public static void main(String[] args) throws Exception {
        TrainingConfig config = TrainingConfig.read(Path.of(args[0]));
        Set<String> validationIds = new HashSet<>();
        for (Map<String, String> r : CsvRows.read(Path.of(args[2]))) {
            validationIds.add(r.get(config.idColumn()));
        }
        FeatureStore store = FeatureStore.readAnyKey(Path.of(args[3]));
        int all = store.dimension();
        int descriptors = HandcraftedDescriptors.DIMENSION;
        int backbone = all - descriptors;
        Map<String, int[]> variants = new LinkedHashMap<>();
        variants.put("backbone only (" + backbone + " values)", new int[] {0, backbone});
        variants.put("descriptors only (" + descriptors + " values)", new int[] {backbone, all});
        variants.put("both (" + all + " values)", new int[] {0, all});
        List<Map<String, String>> rows = CsvRows.read(Path.of(args[1]));
        for (Map.Entry<String, int[]> v : variants.entrySet()) {
            int from = v.getValue()[0];
            int to = v.getValue()[1];
            List<TrainingExample> train = new ArrayList<>();
            List<TrainingExample> validation = new ArrayList<>();
            for (Map<String, String> r : rows) {
                String id = r.get(config.idColumn());
                float[][] f = store.get(id);
                if (f == null) {
                    continue;
                }
                TrainingExample ex = new TrainingExample(
                        id, Arrays.copyOfRange(f[0], from, to), Arrays.copyOfRange(f[1], from, to), r);
                (validationIds.contains(id) ? validation : train).add(ex);
            }
            long t0 = System.nanoTime();
            AnnotatorSpec spec = new AnnotatorTrainer(config, TrainingListener.NONE).spec(train);
            TrainedHead head = new HeadTrainer(spec, config.hyperparameters()).train(train, validation, s -> {});
            System.out.printf(
                    Locale.ROOT,
                    "%-32s %s  (best epoch %d, %.0f s)%n",
                    v.getKey(),
                    imageOnlyTop1(spec, head, validation),
                    head.bestEpoch(),
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Per task, top-1 from the image alone: argmax of the logits against the row's label. */
    private static Map<String, String> imageOnlyTop1(AnnotatorSpec spec, TrainedHead head, List<TrainingExample> rows) {
        List<float[]> images = new ArrayList<>();
        List<Map<String, String>> none = new ArrayList<>();
        for (TrainingExample ex : rows) {
            images.add(ex.image());
            none.add(Map.of());
        }
        Map<String, String> result = new LinkedHashMap<>();
        SyntheticCollections.top1(spec, head, rows, images, none)
                .forEach((task, score) ->
                        result.put(task, String.format(Locale.ROOT, "%.3f (n %d)", score.top1(), score.n())));
        return result;
    }
}
