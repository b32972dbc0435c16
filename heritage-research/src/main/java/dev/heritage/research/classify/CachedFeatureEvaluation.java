package dev.heritage.research.classify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.heritage.api.Asset;
import dev.heritage.api.Device;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.api.engine.Engines;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.classify.fusion.LateFusion;
import dev.heritage.classify.model.AnnotatorModel;
import dev.heritage.classify.model.ImageEvidence;
import dev.heritage.classify.train.Evaluation;
import dev.heritage.classify.train.FeatureStore;
import dev.heritage.classify.train.ModelEvaluation;
import dev.heritage.classify.train.TrainingExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Research tool (not a test): evaluates a trained annotator on the validation rows from the training
 * feature cache instead of decoding the images again, with the plain image's features, the
 * mirror image's, or their mean (test-time flip). Prints each variant's metrics. Only for models whose backbone
 * is not fine-tuned (the cache holds the frozen backbone's features).
 *
 * <pre>java -cp &lt;test classpath&gt; dev.heritage.research.classify.CachedFeatureEvaluation MODEL_DIR FEATURES.hfs VALIDATION.csv</pre>
 */
public final class CachedFeatureEvaluation {
    private CachedFeatureEvaluation() {}

    public static void main(String[] args) throws Exception {
        ModelArtifact artifact = ModelArtifact.open(Path.of(args[0]));
        FeatureStore store = FeatureStore.readAnyKey(Path.of(args[1]));
        AnnotatorModel model = AnnotatorModel.read(artifact);
        List<Asset> assets = ModelEvaluation.read(Path.of(args[2]), null, model);
        EngineProvider engine = Engines.get("onnxruntime");
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try (LoadedNetwork head = LateFusion.loadHead(artifact, model, engine, Device.cpu())) {
            for (String variant : List.of("plain", "mirrored", "mean")) {
                List<TrainingExample> rows = new ArrayList<>();
                for (Asset a : assets) {
                    float[][] f = store.get(a.id());
                    float[] image = null;
                    if (f != null) {
                        image = switch (variant) {
                            case "plain" -> f[0];
                            case "mirrored" -> f[1];
                            default -> ImageEvidence.mean(f[0], f[1]);
                        };
                    }
                    rows.add(new TrainingExample(a.id(), image, null, a.fields()));
                }
                Map<String, Object> m = Evaluation.metrics(
                        model,
                        head,
                        rows,
                        ModelEvaluation.artistCounts(artifact),
                        ModelEvaluation.minArtistImages(artifact));
                Map<String, Object> brief = new LinkedHashMap<>();
                brief.put("variant", variant);
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Object>> tasks = (Map<String, Map<String, Object>>) m.get("tasks");
                tasks.forEach((t, v) ->
                        brief.put(t, v.get("top1") + (v.containsKey("maeYears") ? " mae " + v.get("maeYears") : "")));
                brief.put("ablations", m.get("ablations"));
                System.out.println(json.writeValueAsString(brief));
            }
        }
    }
}
