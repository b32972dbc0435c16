package dev.heritage.classify.train;

import dev.heritage.api.FieldKind;
import dev.heritage.api.HeritageException;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.Tensor;
import dev.heritage.classify.model.AnnotatorModel;
import dev.heritage.classify.model.AnnotatorSpec;
import dev.heritage.classify.model.Calibration;
import dev.heritage.classify.model.InputField;
import dev.heritage.classify.model.TaskEncoder;
import dev.heritage.classify.model.TaskKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Measures an annotator on labelled rows whose image features are known, through the head network
 * as an engine runs it: per task top-1, top-5, macro-F1, n, expected calibration error, coverage at
 * the review precision, the mean absolute error in years for temporal tasks, confusion counts, and
 * ablations (which evidence is visible: image only, categorical fields only, text only, all).
 *
 * <p>Each task is always measured with its own source field hidden. A row whose truth is a value the
 * model has never seen counts as wrong. Artist-like tasks can be restricted to rows whose true value
 * has enough training examples ({@link #restrict}).
 *
 * <p>Not thread-safe; cheap to create.
 */
public final class AnnotatorEvaluator {

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
     * @param model the annotator model (spec and calibrations)
     * @param head the loaded head network
     */
    public AnnotatorEvaluator(AnnotatorModel model, LoadedNetwork head) {
        this.model = model;
        this.head = head;
    }

    /**
     * Counts a task only on rows whose raw truth passes a test (e.g. artists with at least 20 training
     * images).
     *
     * @param task the task
     * @param keep which truths count
     * @return this
     */
    public AnnotatorEvaluator restrict(String task, Predicate<String> keep) {
        restrictions.put(task, keep);
        return this;
    }

    /** Per-task logits and truths of one evaluation pass. */
    public record Pass(Map<String, float[][]> logits, Map<String, int[]> truth, Map<String, String[]> raw) {
    }

    /**
     * Runs the head on every row with the given evidence visible (each task's own source hidden).
     *
     * @param rows labelled rows
     * @param evidence what is visible
     * @return logits and truths per task (truth -1 = unseen value; rows without truth are left out)
     * @throws HeritageException if the engine fails
     */
    public Pass run(List<TrainingExample> rows, Evidence evidence) throws HeritageException {
        AnnotatorSpec spec = model.spec();
        Map<String, List<float[]>> logits = new LinkedHashMap<>();
        Map<String, List<Integer>> truth = new LinkedHashMap<>();
        Map<String, List<String>> raw = new LinkedHashMap<>();
        for (TaskEncoder t : spec.tasks()) {
            logits.put(t.name(), new ArrayList<>());
            truth.put(t.name(), new ArrayList<>());
            raw.put(t.name(), new ArrayList<>());
        }
        Set<String> sources = new java.util.HashSet<>();
        spec.tasks().forEach(t -> sources.add(t.source()));
        for (int start = 0; start < rows.size(); start += 256) {
            List<TrainingExample> batch = rows.subList(start, Math.min(rows.size(), start + 256));
            List<float[]> images = new ArrayList<>();
            List<Map<String, String>> fields = new ArrayList<>();
            for (TrainingExample ex : batch) {
                images.add(evidence == Evidence.IMAGE || evidence == Evidence.ALL ? ex.image() : null);
                Map<String, String> visible = new HashMap<>();
                for (InputField in : spec.inputs()) {
                    boolean kindVisible = evidence == Evidence.ALL
                            || (evidence == Evidence.FIELDS && in.kind() == FieldKind.CATEGORICAL)
                            || (evidence == Evidence.TEXT && in.kind() == FieldKind.TEXT);
                    String v = ex.fields().get(in.name());
                    if (kindVisible && v != null && !sources.contains(in.name())) {
                        visible.put(in.name(), v);
                    }
                }
                fields.add(visible);
            }
            Map<String, Tensor> out = head.forward(spec.encode(images, fields));
            // Tasks whose source is itself an input are run again with everything but that source visible.
            for (TaskEncoder t : spec.tasks()) {
                Tensor l = out.get("logits_" + t.name());
                Map<String, Tensor> own = out;
                if (evidence != Evidence.IMAGE) {
                    own = rerunWithOtherSources(batch, images, evidence, t, sources);
                    l = own.get("logits_" + t.name());
                }
                int c = (int) l.dim(1);
                for (int r = 0; r < batch.size(); r++) {
                    String v = batch.get(r).fields().get(t.source());
                    if (v == null || v.isBlank()) {
                        continue;
                    }
                    if (t.isTemporal() && TaskEncoder.year(v).isEmpty()) {
                        continue;
                    }
                    Predicate<String> keep = restrictions.get(t.name());
                    if (keep != null && !keep.test(v)) {
                        continue;
                    }
                    float[] row = new float[c];
                    System.arraycopy(l.floats(), r * c, row, 0, c);
                    logits.get(t.name()).add(row);
                    truth.get(t.name()).add(t.label(batch.get(r).fields()).orElse(-1));
                    raw.get(t.name()).add(v);
                }
            }
        }
        Map<String, float[][]> l = new LinkedHashMap<>();
        Map<String, int[]> y = new LinkedHashMap<>();
        Map<String, String[]> s = new LinkedHashMap<>();
        for (TaskEncoder t : spec.tasks()) {
            l.put(t.name(), logits.get(t.name()).toArray(float[][]::new));
            y.put(t.name(), truth.get(t.name()).stream().mapToInt(Integer::intValue).toArray());
            s.put(t.name(), raw.get(t.name()).toArray(String[]::new));
        }
        return new Pass(l, y, s);
    }

    /** Other tasks' sources may be visible evidence for this task (e.g. style for artist). */
    private Map<String, Tensor> rerunWithOtherSources(List<TrainingExample> batch, List<float[]> images,
                                                      Evidence evidence, TaskEncoder task, Set<String> sources)
            throws HeritageException {
        AnnotatorSpec spec = model.spec();
        List<Map<String, String>> fields = new ArrayList<>();
        for (TrainingExample ex : batch) {
            Map<String, String> visible = new HashMap<>();
            for (InputField in : spec.inputs()) {
                boolean kindVisible = evidence == Evidence.ALL
                        || (evidence == Evidence.FIELDS && in.kind() == FieldKind.CATEGORICAL)
                        || (evidence == Evidence.TEXT && in.kind() == FieldKind.TEXT);
                String v = ex.fields().get(in.name());
                if (kindVisible && v != null && !in.name().equals(task.source())) {
                    visible.put(in.name(), v);
                }
            }
            fields.add(visible);
        }
        return head.forward(spec.encode(images, fields));
    }

    /**
     * Computes one task's metrics from a pass.
     *
     * @param pass the pass
     * @param task the task
     * @param temperature the temperature to apply
     * @param calibration the calibration (for coverage at the review precision)
     * @return metrics as plain JSON values
     */
    public Map<String, Object> metrics(Pass pass, TaskEncoder task, double temperature, Calibration calibration) {
        float[][] logits = pass.logits().get(task.name());
        int[] truth = pass.truth().get(task.name());
        int n = truth.length;
        int classes = task.classes();
        int top1 = 0;
        int top5 = 0;
        long[][] confusion = new long[classes][classes];
        int[] tp = new int[classes];
        int[] fp = new int[classes];
        int[] fn = new int[classes];
        boolean[] seenTruth = new boolean[classes];
        double absYears = 0;
        int years = 0;
        for (int r = 0; r < n; r++) {
            double[] p = Calibration.softmax(logits[r], temperature);
            int arg = Calibration.argMax(p);
            int y = truth[r];
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
                years++;
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
        int[] safeTruth = new int[n];
        for (int r = 0; r < n; r++) {
            safeTruth[r] = truth[r];
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("top1", n == 0 ? 0 : top1 / (double) n);
        m.put("top5", n == 0 ? 0 : top5 / (double) n);
        m.put("macroF1", f1Classes == 0 ? 0 : f1Sum / f1Classes);
        m.put("n", n);
        m.put("ece", n == 0 ? 0 : eceWithUnseen(logits, safeTruth, temperature));
        Map<String, Object> coverage = new LinkedHashMap<>();
        coverage.put(String.format(Locale.ROOT, "%.2f", model.reviewPrecision()),
                calibration.coverage(model.reviewPrecision()));
        m.put("coverageAtPrecision", coverage);
        if (task.isTemporal()) {
            m.put("maeYears", years == 0 ? 0 : absYears / years);
        }
        m.put("confusion", confusion);
        return m;
    }

    private static double eceWithUnseen(float[][] logits, int[] truth, double t) {
        int[] labels = new int[truth.length];
        for (int i = 0; i < truth.length; i++) {
            labels[i] = truth[i] < 0 ? -1 : truth[i];
        }
        int bins = 15;
        double[] conf = new double[bins];
        double[] acc = new double[bins];
        int[] count = new int[bins];
        for (int r = 0; r < logits.length; r++) {
            double[] p = Calibration.softmax(logits[r], t);
            int arg = Calibration.argMax(p);
            int b = Math.min(bins - 1, (int) (p[arg] * bins));
            conf[b] += p[arg];
            acc[b] += arg == labels[r] ? 1 : 0;
            count[b]++;
        }
        double e = 0;
        for (int b = 0; b < bins; b++) {
            e += Math.abs(acc[b] - conf[b]) / logits.length;
        }
        return e;
    }

    /**
     * Fits each task's calibration on a pass with all evidence visible.
     *
     * @param pass the pass
     * @return calibration per task (rows with unseen truths left out of the fit)
     */
    public Map<String, Calibration> calibrate(Pass pass) {
        Map<String, Calibration> out = new LinkedHashMap<>();
        for (TaskEncoder t : model.spec().tasks()) {
            float[][] l = pass.logits().get(t.name());
            int[] y = pass.truth().get(t.name());
            List<float[]> kl = new ArrayList<>();
            List<Integer> ky = new ArrayList<>();
            for (int r = 0; r < y.length; r++) {
                if (y[r] >= 0) {
                    kl.add(l[r]);
                    ky.add(y[r]);
                }
            }
            out.put(t.name(), Calibration.fit(kl.toArray(float[][]::new), ky.stream().mapToInt(i -> i).toArray()));
        }
        return out;
    }

    /** @return true when a task is categorical */
    static boolean categorical(TaskEncoder t) {
        return t.kind() == TaskKind.CATEGORICAL;
    }
}
