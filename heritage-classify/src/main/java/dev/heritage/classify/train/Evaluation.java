package dev.heritage.classify.train;

import dev.heritage.api.HeritageException;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.classify.model.AnnotatorModel;
import dev.heritage.classify.model.Calibration;
import dev.heritage.classify.model.JointDecoder;
import dev.heritage.classify.model.TaskEncoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code metrics.json} of an annotator on labelled rows (DESIGN §6): per task top-1, top-5,
 * macro-F1, n, ECE (and before temperature scaling and joint decoding), coverage at the review
 * precision, {@code maeYears} for temporal tasks, with all evidence visible; the ablations (image,
 * fields, text, all) as top-1 per task; and the share of inconsistent answer pairs with and without
 * joint decoding. Artist metrics count only rows whose true artist had at least the given number of
 * training images.
 *
 * <p>Stateless and thread-safe (given a thread-safe head).
 */
public final class Evaluation {
    private Evaluation() {
    }

    /**
     * @param model the calibrated model
     * @param head the loaded head
     * @param rows labelled rows with image features
     * @param trainArtistCounts training images per artist
     * @param minArtistImages the artist threshold
     * @return metrics as plain JSON values; {@code tasks.TASK.confusion} holds the confusion counts
     * @throws HeritageException if the engine fails
     */
    public static Map<String, Object> metrics(AnnotatorModel model, LoadedNetwork head, List<TrainingExample> rows,
                                              Map<String, Integer> trainArtistCounts, int minArtistImages)
            throws HeritageException {
        AnnotatorEvaluator evaluator = new AnnotatorEvaluator(model, head);
        for (TaskEncoder t : model.spec().tasks()) {
            if (t.name().equals("artist")) {
                evaluator.restrict(t.name(), v -> trainArtistCounts.getOrDefault(v, 0) >= minArtistImages);
            }
        }
        Map<String, Double> temperatures = evaluator.temperatures();
        Map<String, Double> ones = new LinkedHashMap<>();
        temperatures.keySet().forEach(k -> ones.put(k, 1.0));
        JointDecoder none = JointDecoder.none(model.spec());
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> tasks = new LinkedHashMap<>();
        AnnotatorEvaluator.Pass all = evaluator.run(rows, AnnotatorEvaluator.Evidence.ALL);
        Map<String, double[][]> decoded = evaluator.probabilities(all, temperatures, model.decoder(),
                evaluator.decodedTemperatures());
        Map<String, double[][]> raw = evaluator.probabilities(all, ones, none);
        Map<String, double[][]> unsharpened = evaluator.probabilities(all, temperatures, model.decoder());
        Map<String, double[][]> scaledOnly = evaluator.probabilities(all, temperatures, none);
        for (TaskEncoder t : model.spec().tasks()) {
            Calibration cal = model.calibration(t.name());
            Map<String, Object> m = evaluator.metrics(all, decoded.get(t.name()), t, cal);
            m.put("eceUncalibrated", evaluator.metrics(all, raw.get(t.name()), t, cal).get("ece"));
            Map<String, Object> independent = evaluator.metrics(all, scaledOnly.get(t.name()), t, cal);
            m.put("eceTemperatureOnly", independent.get("ece"));
            m.put("temperature", cal.temperature());
            m.put("decodedTemperature", cal.decodedTemperature());
            m.put("eceJointlyDecodedBeforeDecodedTemperature", evaluator.metrics(all, unsharpened.get(t.name()), t, cal)
                    .get("ece"));
            m.put("top1WithoutJointDecoding", independent.get("top1"));
            m.put("macroF1WithoutJointDecoding", independent.get("macroF1"));
            if (t.isTemporal()) {
                m.put("maeYearsWithoutJointDecoding", independent.get("maeYears"));
            }
            if (t.name().equals("artist")) {
                m.put("restrictedTo", "rows whose true artist has at least " + minArtistImages + " training images");
                m.put("artistsWithEnoughImages", trainArtistCounts.values().stream()
                        .filter(c -> c >= minArtistImages).count());
            }
            tasks.put(t.name(), m);
        }
        out.put("tasks", tasks);
        Map<String, Object> ablations = new LinkedHashMap<>();
        for (AnnotatorEvaluator.Evidence e : AnnotatorEvaluator.Evidence.values()) {
            AnnotatorEvaluator.Pass pass = e == AnnotatorEvaluator.Evidence.ALL ? all : evaluator.run(rows, e);
            Map<String, double[][]> probs = e == AnnotatorEvaluator.Evidence.ALL ? decoded
                    : evaluator.probabilities(pass, temperatures, model.decoder(), evaluator.decodedTemperatures());
            Map<String, Object> top1 = new LinkedHashMap<>();
            for (TaskEncoder t : model.spec().tasks()) {
                Map<String, Object> m = evaluator.metrics(pass, probs.get(t.name()), t, model.calibration(t.name()));
                top1.put(t.name(), m.get("top1"));
                if (t.isTemporal()) {
                    top1.put(t.name() + ".maeYears", m.get("maeYears"));
                }
            }
            ablations.put(e.key(), top1);
        }
        out.put("ablations", ablations);
        Map<String, Object> consistency = new LinkedHashMap<>();
        consistency.put("withoutJointDecoding", Consistency.inconsistentShare(model, all, scaledOnly));
        consistency.put("withJointDecoding", Consistency.inconsistentShare(model, all, decoded));
        out.put("inconsistentAnswerPairs", consistency);
        return out;
    }
}
