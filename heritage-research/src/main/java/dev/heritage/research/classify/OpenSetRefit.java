package dev.heritage.research.classify;

import dev.heritage.api.Device;
import dev.heritage.api.ModelCard;
import dev.heritage.api.engine.Engines;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.classify.fusion.LateFusion;
import dev.heritage.classify.model.AnnotatorModel;
import dev.heritage.classify.model.OpenSetDetector;
import dev.heritage.classify.model.TaskEncoder;
import dev.heritage.classify.train.Evaluation;
import dev.heritage.classify.train.FeatureStore;
import dev.heritage.classify.train.OpenSetFitting;
import dev.heritage.classify.train.TrainingConfig;
import dev.heritage.classify.train.TrainingExample;
import dev.heritage.runtime.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Research tool (not a test): fits the open-set answer of a trained model again (another default
 * threshold, other background images, or a model trained before the current detector), from the
 * training run's cached image features and split
 * ({@code heritage split}'s train.csv and validation.csv), recomputes the card's validation metrics
 * (the tasks' figures do not change; {@code metrics.openSet} does) and seals the result as a new model
 * directory. What {@code heritage train} would have written with that {@code openSet} configuration,
 * without training the head again.
 *
 * <pre>java -cp &lt;test classpath&gt; dev.heritage.research.classify.OpenSetRefit MODEL_DIR CONFIG.json
 *     TRAIN.csv VALIDATION.csv FEATURES.hfs BACKGROUND_FEATURES.hfs THRESHOLD OUTPUT_DIR</pre>
 *
 * <p>The background images are the configuration's {@code openSet.background} CSV; their features are
 * read from {@code BACKGROUND_FEATURES.hfs} (the feature cache a training run wrote for them).
 */
public final class OpenSetRefit {
    private OpenSetRefit() {}

    public static void main(String[] args) throws Exception {
        ModelArtifact source = ModelArtifact.open(Path.of(args[0]));
        TrainingConfig config = TrainingConfig.read(Path.of(args[1]));
        FeatureStore store = FeatureStore.readAnyKey(Path.of(args[4]));
        List<TrainingExample> train = examples(Path.of(args[2]), store, config);
        List<TrainingExample> validation = examples(Path.of(args[3]), store, config);
        FeatureStore backgroundStore = FeatureStore.readAnyKey(Path.of(args[5]));
        double threshold = Double.parseDouble(args[6]);
        Path out = Path.of(args[7]);

        AnnotatorModel model = AnnotatorModel.read(source);
        String taskName = config.openSet().task();
        TaskEncoder task = model.spec().task(taskName);
        OpenSetFitting.LabelledRows rows = OpenSetFitting.LabelledRows.of(train, task);
        OpenSetFitting.BackgroundImages background = OpenSetLeaveOut.backgroundImages(config, backgroundStore);
        OpenSetDetector fitted = OpenSetFitting.fit(
                taskName,
                rows.features(),
                rows.labels(),
                task.classes(),
                model.spec().mean(),
                model.spec().std(),
                background,
                new OpenSetFitting.Settings(
                        config.openSet().epochs(),
                        1e-3,
                        1e-3,
                        config.openSet().maxRows(),
                        config.hyperparameters().seed()));
        List<float[]> reference = new ArrayList<>();
        for (TrainingExample e : validation) {
            if (e.image() != null && task.label(e.fields()).isPresent()) {
                reference.add(e.image());
            }
        }
        AnnotatorModel refitted = model.withOpenSet(fitted.withReference(reference, threshold));

        FileTrees.deleteRecursively(out);
        for (String rel : source.card().files().keySet()) {
            Path dst = out.resolve(rel);
            Files.createDirectories(dst.getParent());
            Files.copy(source.resolve(rel), dst);
        }
        ModelCard card = source.card();
        @SuppressWarnings("unchecked")
        Map<String, Integer> artistCounts =
                new HashMap<>((Map<String, Integer>) card.properties().get("artistTrainingImages"));
        Map<String, Object> metrics;
        try (LoadedNetwork head = LateFusion.loadHead(source, model, Engines.resolve(config.engine()), Device.cpu())) {
            metrics = Evaluation.metrics(refitted, head, validation, artistCounts, config.minArtistImagesForMetrics());
        }
        Map<String, Object> annotator = refitted.write(out);
        ModelArtifact.seal(
                out,
                card.toBuilder()
                        .property("annotator", annotator)
                        .property("metrics", metrics)
                        .build());
        System.out.println("Wrote " + out + ": openSet " + metrics.get("openSet"));
    }

    /** The rows of a split CSV with their cached features and their non-blank fields. */
    private static List<TrainingExample> examples(Path csv, FeatureStore store, TrainingConfig config)
            throws IOException {
        List<TrainingExample> out = new ArrayList<>();
        for (Map<String, String> r : CsvRows.read(csv)) {
            Map<String, String> fields = new LinkedHashMap<>();
            r.forEach((k, v) -> {
                if (v != null && !v.isBlank()) {
                    fields.put(k, v.strip());
                }
            });
            String id = r.get(config.idColumn());
            float[][] f = store.get(id);
            out.add(new TrainingExample(id, f == null ? null : f[0], f == null ? null : f[1], fields));
        }
        return out;
    }
}
