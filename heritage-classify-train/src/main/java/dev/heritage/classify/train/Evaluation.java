package dev.heritage.classify.train;

import dev.heritage.api.HeritageException;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.classify.model.AnnotatorModel;
import dev.heritage.classify.model.Calibration;
import dev.heritage.classify.model.JointDecoder;
import dev.heritage.classify.model.TaskEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code metrics.json} of an annotator on labelled rows (docs/guides/training.md): per task top-1, top-5,
 * macro-F1, n, ECE (and before temperature scaling and joint decoding), coverage at the review
 * precision, {@code maeYears} for temporal tasks, with all evidence visible; the ablations (image,
 * fields, text, all) as top-1 per task; and the share of inconsistent answer pairs with and without
 * joint decoding. Artist metrics count only rows whose true artist had at least the given number of
 * training images.
 *
 * <p>Stateless and thread-safe (given a thread-safe head).
 */
public final class Evaluation {
    private Evaluation() {}

    /**
     * @param model the calibrated model
     * @param head the loaded head
     * @param rows labelled rows with image features
     * @param trainArtistCounts training images per artist
     * @param minArtistImages the artist threshold
     * @return metrics as plain JSON values; {@code tasks.TASK.confusion} holds the confusion counts
     * @throws HeritageException if the engine fails
     */
    public static Map<String, Object> metrics(
            AnnotatorModel model,
            LoadedNetwork head,
            List<TrainingExample> rows,
            Map<String, Integer> trainArtistCounts,
            int minArtistImages)
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
        Map<String, double[][]> decoded =
                evaluator.probabilities(all, temperatures, model.decoder(), evaluator.decodedTemperatures());
        Map<String, double[][]> raw = evaluator.probabilities(all, ones, none);
        Map<String, double[][]> unsharpened = evaluator.probabilities(all, temperatures, model.decoder());
        Map<String, double[][]> scaledOnly = evaluator.probabilities(all, temperatures, none);
        for (TaskEncoder t : model.spec().tasks()) {
            Calibration cal = model.calibration(t.name());
            Map<String, Object> m = evaluator.metrics(all, decoded.get(t.name()), t, cal);
            m.put(
                    "eceUncalibrated",
                    evaluator.metrics(all, raw.get(t.name()), t, cal).get("ece"));
            Map<String, Object> independent = evaluator.metrics(all, scaledOnly.get(t.name()), t, cal);
            m.put("eceTemperatureOnly", independent.get("ece"));
            m.put("temperature", cal.temperature());
            m.put("decodedTemperature", cal.decodedTemperature());
            m.put(
                    "eceJointlyDecodedBeforeDecodedTemperature",
                    evaluator.metrics(all, unsharpened.get(t.name()), t, cal).get("ece"));
            m.put("top1WithoutJointDecoding", independent.get("top1"));
            m.put("macroF1WithoutJointDecoding", independent.get("macroF1"));
            if (t.isTemporal()) {
                m.put("maeYearsWithoutJointDecoding", independent.get("maeYears"));
            }
            if (t.name().equals("artist")) {
                m.put("restrictedTo", "rows whose true artist has at least " + minArtistImages + " training images");
                m.put(
                        "artistsWithEnoughImages",
                        trainArtistCounts.values().stream()
                                .filter(c -> c >= minArtistImages)
                                .count());
            }
            tasks.put(t.name(), m);
        }
        out.put("tasks", tasks);
        Map<String, Object> ablations = new LinkedHashMap<>();
        for (AnnotatorEvaluator.Evidence e : AnnotatorEvaluator.Evidence.values()) {
            AnnotatorEvaluator.Pass pass = e == AnnotatorEvaluator.Evidence.ALL ? all : evaluator.run(rows, e);
            Map<String, double[][]> probs = e == AnnotatorEvaluator.Evidence.ALL
                    ? decoded
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
        if (model.openSet() != null
                && model.spec().tasks().stream()
                        .anyMatch(t -> t.name().equals(model.openSet().task()))) {
            out.put("openSet", openSet(model, rows, all, decoded));
        }
        return out;
    }

    /**
     * The open-set answer on these rows at the model's threshold: the share answered outside among
     * rows whose true class the task knows and among rows whose labelled class it does not know, the
     * AUROC of the score between the two, and top-1 on {@code value} (every answer) and on the
     * answers left inside.
     */
    static Map<String, Object> openSet(
            AnnotatorModel model,
            List<TrainingExample> rows,
            AnnotatorEvaluator.Pass all,
            Map<String, double[][]> decoded) {
        String task = model.openSet().task();
        double threshold = model.openSet().threshold();
        int[] truth = all.truth().get(task);
        double[][] p = decoded.get(task);
        List<Double> known = new ArrayList<>();
        List<Double> unknown = new ArrayList<>();
        int withImage = 0;
        int outside = 0;
        int knownHit = 0;
        int insideN = 0;
        int insideHit = 0;
        for (int r = 0; r < rows.size(); r++) {
            float[] image = rows.get(r).image();
            if (image == null) {
                continue;
            }
            double score = model.openSet().score(image);
            boolean out = score >= threshold;
            withImage++;
            outside += out ? 1 : 0;
            if (truth[r] >= 0) {
                known.add(score);
                boolean hit = Calibration.argMax(p[r]) == truth[r];
                knownHit += hit ? 1 : 0;
                if (!out) {
                    insideN++;
                    insideHit += hit ? 1 : 0;
                }
            } else if (truth[r] == -1) {
                unknown.add(score);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task);
        m.put("threshold", threshold);
        m.put("rowsWithImage", withImage);
        m.put("shareOutside", withImage == 0 ? 0 : outside / (double) withImage);
        m.put("knownClassRows", known.size());
        m.put("shareOutsideOfKnownClass", share(known, threshold));
        m.put("top1OnValue", known.isEmpty() ? 0 : knownHit / (double) known.size());
        m.put("top1AmongAnsweredInside", insideN == 0 ? 0 : insideHit / (double) insideN);
        m.put("unknownClassRows", unknown.size());
        if (!unknown.isEmpty()) {
            m.put("shareOutsideOfUnknownClass", share(unknown, threshold));
            if (!known.isEmpty()) {
                m.put("auroc", auroc(known, unknown));
            }
        }
        return m;
    }

    private static double share(List<Double> scores, double threshold) {
        return scores.isEmpty()
                ? 0
                : scores.stream().filter(s -> s >= threshold).count() / (double) scores.size();
    }

    /**
     * @param negatives scores of rows that should stay inside
     * @param positives scores of rows that should be answered outside
     * @return the probability that a random positive scores above a random negative (ties count half)
     */
    public static double auroc(List<Double> negatives, List<Double> positives) {
        double[] neg =
                negatives.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double sum = 0;
        for (double x : positives) {
            int below = lowerBound(neg, x);
            int notAbove = upperBound(neg, x);
            sum += below + 0.5 * (notAbove - below);
        }
        return sum / ((double) neg.length * positives.size());
    }

    private static int lowerBound(double[] a, double x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] a, double x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
