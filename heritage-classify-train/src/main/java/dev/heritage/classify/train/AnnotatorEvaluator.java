package dev.heritage.classify.train;

import dev.heritage.api.FieldKind;
import dev.heritage.api.HeritageException;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.Tensor;
import dev.heritage.classify.model.AnnotatorModel;
import dev.heritage.classify.model.AnnotatorSpec;
import dev.heritage.classify.model.Calibration;
import dev.heritage.classify.model.InputField;
import dev.heritage.classify.model.JointDecoder;
import dev.heritage.classify.model.TaskEncoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Measures an annotator on labelled rows whose image features are known, through the head network
 * as an engine runs it, the same way the annotator answers: calibrated, then jointly decoded. Per
 * task: top-1, top-5, macro-F1, n, expected calibration error, coverage at the review precision (as
 * fitted on validation, and as measured on these rows with the stored threshold), the
 * mean absolute error in years for temporal tasks, and confusion counts; and ablations by visible
 * evidence (image only, categorical fields only, text only, all).
 *
 * <p>Each task is measured with its own source field hidden. A row whose truth is a value the model
 * has never seen counts as wrong. A task can be restricted to some truths ({@link #restrict}).
 *
 * <p>Not thread-safe; cheap to create.
 */
public final class AnnotatorEvaluator {
    /** Truth code of a row that does not count for a task. */
    static final int EXCLUDED = -2;

    /** The evidence visible in an ablation. */
    public enum Evidence {
        /** The image alone. */
        IMAGE,
        /** The categorical fields alone. */
        FIELDS,
        /** The text fields alone. */
        TEXT,
        /** Everything the row has. */
        ALL;

        /** @return the lower-case name used in metrics.json */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final AnnotatorModel model;
    private final LoadedNetwork head;
    private final Map<String, Predicate<String>> restrictions = new HashMap<>();

    /**
     * @param model the annotator model (spec, calibrations, decoder)
     * @param head the loaded head network
     */
    public AnnotatorEvaluator(AnnotatorModel model, LoadedNetwork head) {
        this.model = model;
        this.head = head;
    }

    /**
     * Counts a task only on rows whose raw truth passes a test.
     *
     * @param task the task
     * @param keep which truths count
     * @return this
     */
    public AnnotatorEvaluator restrict(String task, Predicate<String> keep) {
        restrictions.put(task, keep);
        return this;
    }

    /**
     * Per task, for every row: the logits (task's own source hidden), the truth (class, -1 for a value
     * the model never saw, {@value #EXCLUDED} when the row does not count), the raw truth, and the
     * fields that were visible.
     *
     * @param logits per task, per row
     * @param truth per task, per row
     * @param raw per task, per row
     * @param visible per task, per row
     * @param runs per task: the logits of every task from that task's run (same visible evidence), so
     *     jointly decoding a task never sees evidence the task itself was denied
     */
    public record Pass(
            Map<String, float[][]> logits,
            Map<String, int[]> truth,
            Map<String, String[]> raw,
            Map<String, List<Map<String, String>>> visible,
            Map<String, Map<String, float[][]>> runs) {}

    /**
     * @param rows labelled rows
     * @param evidence what is visible
     * @return the pass
     * @throws HeritageException if the engine fails
     */
    public Pass run(List<TrainingExample> rows, Evidence evidence) throws HeritageException {
        AnnotatorSpec spec = model.spec();
        Map<String, float[][]> logits = new LinkedHashMap<>();
        Map<String, int[]> truth = new LinkedHashMap<>();
        Map<String, String[]> raw = new LinkedHashMap<>();
        Map<String, List<Map<String, String>>> visible = new LinkedHashMap<>();
        Map<String, Map<String, float[][]>> runs = new LinkedHashMap<>();
        int n = rows.size();
        for (TaskEncoder t : spec.tasks()) {
            Map<String, float[][]> run = new LinkedHashMap<>();
            spec.tasks().forEach(u -> run.put(u.name(), new float[n][]));
            runs.put(t.name(), run);
            logits.put(t.name(), run.get(t.name()));
            truth.put(t.name(), new int[n]);
            raw.put(t.name(), new String[n]);
            visible.put(t.name(), new ArrayList<>(n));
        }
        for (int start = 0; start < n; start += 256) {
            List<TrainingExample> batch = rows.subList(start, Math.min(n, start + 256));
            List<float[]> images = new ArrayList<>();
            for (TrainingExample ex : batch) {
                images.add(evidence == Evidence.IMAGE || evidence == Evidence.ALL ? ex.image() : null);
            }
            for (TaskEncoder t : spec.tasks()) {
                List<Map<String, String>> fields = new ArrayList<>();
                for (TrainingExample ex : batch) {
                    Map<String, String> v = new HashMap<>();
                    for (InputField in : spec.inputs()) {
                        boolean kindVisible = evidence == Evidence.ALL
                                || (evidence == Evidence.FIELDS && in.kind() == FieldKind.CATEGORICAL)
                                || (evidence == Evidence.TEXT && in.kind() == FieldKind.TEXT);
                        String value = ex.fields().get(in.name());
                        if (kindVisible && value != null && !in.name().equals(t.source())) {
                            v.put(in.name(), value);
                        }
                    }
                    fields.add(v);
                }
                visible.get(t.name()).addAll(fields);
                Map<String, Tensor> out = head.forward(spec.encode(images, fields));
                for (TaskEncoder u : spec.tasks()) {
                    Tensor l = out.get("logits_" + u.name());
                    int c = (int) l.dim(1);
                    for (int r = 0; r < batch.size(); r++) {
                        float[] lr = new float[c];
                        System.arraycopy(l.floats(), r * c, lr, 0, c);
                        runs.get(t.name()).get(u.name())[start + r] = lr;
                    }
                }
                for (int r = 0; r < batch.size(); r++) {
                    int row = start + r;
                    String v = batch.get(r).fields().get(t.source());
                    raw.get(t.name())[row] = v;
                    Predicate<String> keep = restrictions.get(t.name());
                    boolean counts = v != null
                            && !v.isBlank()
                            && (!t.isTemporal() || TaskEncoder.year(v).isPresent())
                            && (keep == null || keep.test(v));
                    truth.get(t.name())[row] =
                            counts ? t.label(batch.get(r).fields()).orElse(-1) : EXCLUDED;
                }
            }
        }
        return new Pass(logits, truth, raw, visible, runs);
    }

    /**
     * The annotator's final probabilities for every row and task: temperature-scaled, then jointly
     * decoded with the fields visible for that task.
     *
     * @param pass a pass
     * @param temperatures per task
     * @param decoder the joint decoder
     * @return probabilities per task, per row
     */
    public Map<String, double[][]> probabilities(Pass pass, Map<String, Double> temperatures, JointDecoder decoder) {
        return probabilities(pass, temperatures, decoder, Map.of());
    }

    /**
     * As {@link #probabilities(Pass, Map, JointDecoder)}, then each task's distribution sharpened or
     * flattened by its temperature after joint decoding ({@link Calibration#sharpen}).
     *
     * @param pass a pass
     * @param temperatures per task, before decoding
     * @param decoder the joint decoder
     * @param decodedTemperatures per task, after decoding (missing: 1)
     * @return probabilities per task, per row
     */
    public Map<String, double[][]> probabilities(
            Pass pass,
            Map<String, Double> temperatures,
            JointDecoder decoder,
            Map<String, Double> decodedTemperatures) {
        AnnotatorSpec spec = model.spec();
        int n = pass.truth().values().iterator().next().length;
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (TaskEncoder t : spec.tasks()) {
            out.put(t.name(), new double[n][]);
        }
        for (int r = 0; r < n; r++) {
            for (TaskEncoder t : spec.tasks()) {
                Map<String, String> known = pass.visible().get(t.name()).get(r);
                Map<String, double[]> probs = new LinkedHashMap<>();
                for (TaskEncoder u : spec.tasks()) {
                    if (!known.containsKey(u.source())) {
                        probs.put(
                                u.name(),
                                Calibration.softmax(
                                        pass.runs().get(t.name()).get(u.name())[r],
                                        temperatures.getOrDefault(u.name(), 1.0)));
                    }
                }
                out.get(t.name())[r] = Calibration.sharpen(
                        decoder.decode(probs, known).get(t.name()), decodedTemperatures.getOrDefault(t.name(), 1.0));
            }
        }
        return out;
    }

    /** @return the model's temperatures after joint decoding, by task */
    public Map<String, Double> decodedTemperatures() {
        Map<String, Double> t = new HashMap<>();
        model.spec()
                .tasks()
                .forEach(task ->
                        t.put(task.name(), model.calibration(task.name()).decodedTemperature()));
        return t;
    }

    /** @return the model's temperatures by task */
    public Map<String, Double> temperatures() {
        Map<String, Double> t = new HashMap<>();
        model.spec()
                .tasks()
                .forEach(task ->
                        t.put(task.name(), model.calibration(task.name()).temperature()));
        return t;
    }

    /**
     * One task's metrics.
     *
     * @param pass the pass (truths)
     * @param probs final probabilities of the task, per row
     * @param task the task
     * @param calibration the task's calibration (coverage at the review precision)
     * @return metrics as plain JSON values, {@code confusion} included
     */
    public Map<String, Object> metrics(Pass pass, double[][] probs, TaskEncoder task, Calibration calibration) {
        int[] truthAll = pass.truth().get(task.name());
        int classes = task.classes();
        int n = 0;
        int top1 = 0;
        int top5 = 0;
        long[][] confusion = new long[classes][classes];
        int[] tp = new int[classes];
        int[] fp = new int[classes];
        int[] fn = new int[classes];
        boolean[] seenTruth = new boolean[classes];
        double absYears = 0;
        double threshold = calibration.threshold(model.reviewPrecision());
        int accepted = 0;
        int acceptedCorrect = 0;
        List<double[]> kept = new ArrayList<>();
        List<Integer> keptTruth = new ArrayList<>();
        for (int r = 0; r < truthAll.length; r++) {
            int y = truthAll[r];
            if (y == EXCLUDED) {
                continue;
            }
            n++;
            double[] p = probs[r];
            kept.add(p);
            keptTruth.add(y);
            int arg = Calibration.argMax(p);
            if (p[arg] >= threshold) {
                accepted++;
                acceptedCorrect += arg == y ? 1 : 0;
            }
            if (y >= 0) {
                seenTruth[y] = true;
                confusion[y][arg]++;
                if (arg == y) {
                    top1++;
                    tp[y]++;
                } else {
                    fp[arg]++;
                    fn[y]++;
                }
                int rank = 0;
                for (double v : p) {
                    rank += v > p[y] ? 1 : 0;
                }
                top5 += rank < 5 ? 1 : 0;
            } else {
                fp[arg]++;
            }
            if (task.isTemporal()) {
                int year = TaskEncoder.year(pass.raw().get(task.name())[r]).orElseThrow();
                absYears += Math.abs(task.bins().centre(arg) - year);
            }
        }
        double f1Sum = 0;
        int f1Classes = 0;
        for (int c = 0; c < classes; c++) {
            if (seenTruth[c]) {
                double prec = tp[c] + fp[c] == 0 ? 0 : tp[c] / (double) (tp[c] + fp[c]);
                double rec = tp[c] / (double) (tp[c] + fn[c]);
                f1Sum += prec + rec == 0 ? 0 : 2 * prec * rec / (prec + rec);
                f1Classes++;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("top1", n == 0 ? 0 : top1 / (double) n);
        m.put("top5", n == 0 ? 0 : top5 / (double) n);
        m.put("macroF1", f1Classes == 0 ? 0 : f1Sum / f1Classes);
        m.put("n", n);
        m.put("ece", ece(kept, keptTruth));
        Map<String, Object> coverage = new LinkedHashMap<>();
        coverage.put(
                String.format(Locale.ROOT, "%.2f", model.reviewPrecision()),
                calibration.coverage(model.reviewPrecision()));
        m.put("coverageAtPrecision", coverage);
        Map<String, Object> auto = new LinkedHashMap<>();
        auto.put("targetPrecision", model.reviewPrecision());
        auto.put("threshold", threshold);
        auto.put("coverage", n == 0 ? 0 : accepted / (double) n);
        auto.put("precision", accepted == 0 ? 0 : acceptedCorrect / (double) accepted);
        m.put("autoAccepted", auto);
        if (task.isTemporal()) {
            m.put("maeYears", n == 0 ? 0 : absYears / n);
        }
        m.put("confusion", confusion);
        return m;
    }

    /**
     * @param pass a pass
     * @param probs final probabilities per task
     * @return the rows of each task that count, with their truths: {probabilities, labels}
     */
    static Map<String, Object[]> labelled(Pass pass, Map<String, double[][]> probs) {
        Map<String, Object[]> out = new LinkedHashMap<>();
        probs.forEach((task, p) -> {
            int[] y = pass.truth().get(task);
            List<double[]> rows = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (int r = 0; r < y.length; r++) {
                if (y[r] != EXCLUDED) {
                    rows.add(p[r]);
                    labels.add(y[r]);
                }
            }
            out.put(task, new Object[] {
                rows.toArray(double[][]::new), labels.stream().mapToInt(i -> i).toArray()
            });
        });
        return out;
    }

    static double ece(List<double[]> probs, List<Integer> truth) {
        int bins = 15;
        double[] conf = new double[bins];
        double[] acc = new double[bins];
        for (int r = 0; r < probs.size(); r++) {
            double[] p = probs.get(r);
            int arg = Calibration.argMax(p);
            int b = Math.min(bins - 1, (int) (p[arg] * bins));
            conf[b] += p[arg];
            acc[b] += arg == truth.get(r) ? 1 : 0;
        }
        double e = 0;
        for (int b = 0; b < bins; b++) {
            e += Math.abs(acc[b] - conf[b]) / Math.max(1, probs.size());
        }
        return e;
    }
}
