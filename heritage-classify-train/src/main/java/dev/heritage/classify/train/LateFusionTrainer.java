package dev.heritage.classify.train;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.heritage.api.FieldKind;
import dev.heritage.classify.fusion.FieldPriors;
import dev.heritage.classify.fusion.FusionFeatures;
import dev.heritage.classify.model.AnnotatorSpec;
import dev.heritage.classify.model.Calibration;
import dev.heritage.classify.model.HeadShape;
import dev.heritage.classify.model.InputField;
import dev.heritage.classify.model.TaskEncoder;
import dev.heritage.network.djl.DjlTensors;
import dev.heritage.network.djl.GraphBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains the parts of a late-fusion annotator (Rei et al., SILKNOW): an image classifier and a text
 * classifier (head networks that see one modality each, trained in DJL), a known-fields classifier
 * (co-occurrence counts, {@link FieldPriors}), and per task a gradient-boosted model (XGBoost) that
 * scores candidate classes from the three classifiers' probabilities ({@link FusionFeatures}).
 *
 * <p>The fusion models learn from out-of-fold probabilities on the training split (K folds; rows of
 * one numbered series stay in one fold), so they never learn from a classifier's over-confident
 * answers on its own training rows; each training row appears with all of its evidence and with a
 * random subset of it (modality dropout), so the fusion handles any evidence a user gives. The
 * classifiers that are shipped are then retrained on the whole training split.
 *
 * <p>Not thread-safe; one training per instance.
 */
final class LateFusionTrainer {
    /**
     * The trained parts.
     *
     * @param imageSpec the image classifier's spec
     * @param image the image classifier
     * @param textSpec the text classifier's spec, or {@code null} without text inputs
     * @param text the text classifier, or {@code null}
     * @param priors the known-fields classifier
     * @param boosters per task, the fusion model as XGBoost JSON
     * @param candidates per task, the most candidates scored
     * @param report figures of the run, for the card
     */
    record Result(
            AnnotatorSpec imageSpec,
            TrainedHead image,
            AnnotatorSpec textSpec,
            TrainedHead text,
            FieldPriors priors,
            Map<String, byte[]> boosters,
            Map<String, Integer> candidates,
            Map<String, Object> report) {}

    private final AnnotatorSpec spec;
    private final Hyperparameters hp;
    private final TrainingConfig.Fusion settings;
    private final TrainingListener listener;

    LateFusionTrainer(
            AnnotatorSpec spec, Hyperparameters hp, TrainingConfig.Fusion settings, TrainingListener listener) {
        this.spec = spec;
        this.hp = hp;
        this.settings = settings;
        this.listener = listener;
    }

    Result train(List<TrainingExample> train, List<TrainingExample> validation) throws XGBoostError {
        long t0 = System.nanoTime();
        AnnotatorSpec imageSpec = new AnnotatorSpec(spec.imageDim(), spec.mean(), spec.std(), List.of(), spec.tasks());
        List<InputField> texts =
                spec.inputs().stream().filter(i -> i.kind() == FieldKind.TEXT).toList();
        // The text classifier never sees an image: a one-value image input keeps its image branch free.
        AnnotatorSpec textSpec =
                texts.isEmpty() ? null : new AnnotatorSpec(1, new float[1], new float[] {1}, texts, spec.tasks());
        Hyperparameters imageHp = modalityHp(0.0);
        Hyperparameters textHp = modalityHp(1.0);

        int n = train.size();
        Map<String, double[][][]> oof = new LinkedHashMap<>();
        spec.tasks().forEach(t -> oof.put(t.name(), new double[n][3][]));
        int[] fold = new int[n];
        for (int r = 0; r < n; r++) {
            fold[r] = Math.floorMod(seriesKey(train.get(r)).hashCode() * 31 + (int) hp.seed(), settings.folds());
        }
        for (int k = 0; k < settings.folds(); k++) {
            List<TrainingExample> in = new ArrayList<>();
            List<Integer> outIdx = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                if (fold[r] == k) {
                    outIdx.add(r);
                } else {
                    in.add(train.get(r));
                }
            }
            List<TrainingExample> out = outIdx.stream().map(train::get).toList();
            listener.stage(String.format(
                    Locale.ROOT, "late fusion: fold %d/%d (%d rows held out)", k + 1, settings.folds(), out.size()));
            TrainedHead img = new HeadTrainer(imageSpec, imageHp).train(in, validation, listener::epoch);
            fill(oof, outIdx, 0, probabilities(img, imageSpec, out, false));
            if (textSpec != null) {
                TrainedHead txt = new HeadTrainer(textSpec, textHp).train(in, validation, listener::epoch);
                fill(oof, outIdx, 1, probabilities(txt, textSpec, out, true));
            }
            FieldPriors foldPriors = FieldPriors.fit(
                    spec, in.stream().map(TrainingExample::fields).toList());
            fill(oof, outIdx, 2, fieldProbabilities(foldPriors, out));
        }
        listener.stage("late fusion: the image and text classifiers on the whole training split");
        TrainedHead image = new HeadTrainer(imageSpec, imageHp).train(train, validation, listener::epoch);
        TrainedHead text =
                textSpec == null ? null : new HeadTrainer(textSpec, textHp).train(train, validation, listener::epoch);
        FieldPriors priors = FieldPriors.fit(
                spec, train.stream().map(TrainingExample::fields).toList());

        Map<String, double[][][]> val = new LinkedHashMap<>();
        spec.tasks().forEach(t -> val.put(t.name(), new double[validation.size()][3][]));
        List<Integer> all = new ArrayList<>();
        for (int r = 0; r < validation.size(); r++) {
            all.add(r);
        }
        fill(val, all, 0, probabilities(image, imageSpec, validation, false));
        if (text != null) {
            fill(val, all, 1, probabilities(text, textSpec, validation, true));
        }
        fill(val, all, 2, fieldProbabilities(priors, validation));

        Map<String, byte[]> boosters = new LinkedHashMap<>();
        Map<String, Integer> candidates = new LinkedHashMap<>();
        Map<String, Object> report = new LinkedHashMap<>();
        Random random = new Random(hp.seed());
        for (TaskEncoder t : spec.tasks()) {
            int k = Math.min(settings.candidates(), t.classes());
            candidates.put(t.name(), k);
            long b0 = System.nanoTime();
            double[] prior = priors.prior().get(t.name());
            DMatrix dTrain = matrix(t, train, oof.get(t.name()), prior, k, random);
            DMatrix dVal = matrix(t, validation, val.get(t.name()), prior, k, random);
            Map<String, Object> params = new HashMap<>();
            params.put("objective", "binary:logistic");
            params.put("eval_metric", "logloss");
            params.put("eta", settings.eta());
            params.put("max_depth", settings.depth());
            params.put("min_child_weight", 2);
            params.put("subsample", 0.8);
            params.put("colsample_bytree", 0.9);
            params.put("tree_method", "hist");
            params.put("nthread", Math.max(1, Runtime.getRuntime().availableProcessors()));
            params.put("seed", (int) hp.seed());
            Map<String, DMatrix> watches = new LinkedHashMap<>();
            watches.put("train", dTrain);
            watches.put("validation", dVal);
            float[][] metrics = new float[2][settings.rounds()];
            Booster booster = XGBoost.train(
                    dTrain, params, settings.rounds(), watches, metrics, null, null, settings.earlyStopping());
            boosters.put(t.name(), booster.toByteArray("json"));
            double seconds = (System.nanoTime() - b0) / 1e9;
            int rounds = 0;
            float best = Float.MAX_VALUE;
            for (int i = 0; i < metrics[1].length; i++) {
                if (metrics[1][i] > 0 && metrics[1][i] < best) {
                    best = metrics[1][i];
                    rounds = i + 1;
                }
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("candidateRows", dTrain.rowNum());
            r.put("bestRound", rounds);
            r.put("validationLogLoss", best);
            r.put("seconds", seconds);
            report.put(t.name(), r);
            listener.stage(String.format(
                    Locale.ROOT,
                    "late fusion: %s booster, %d candidate rows, best round %d, " + "validation logloss %.4f, %.1f s",
                    t.name(),
                    dTrain.rowNum(),
                    rounds,
                    best,
                    seconds));
            booster.dispose();
            dTrain.dispose();
            dVal.dispose();
        }
        report.put("folds", settings.folds());
        report.put("seconds", (System.nanoTime() - t0) / 1e9);
        return new Result(imageSpec, image, textSpec, text, priors, boosters, candidates, report);
    }

    private Hyperparameters modalityHp(double imageDropout) {
        HeadShape shape = new HeadShape(
                settings.hidden(),
                hp.shape().textHidden(),
                hp.shape().embedding(),
                settings.hidden(),
                hp.shape().dropout(),
                false);
        return new Hyperparameters(
                Math.min(hp.epochs(), settings.epochs()),
                hp.batchSize(),
                (float) settings.learningRate(),
                hp.weightDecay(),
                Math.min(hp.patience(), settings.patience()),
                imageDropout,
                0.0,
                hp.focalGamma(),
                hp.temporalSigma(),
                shape,
                hp.seed());
    }

    /** Rows of one numbered series (same artist, title without its digits) share a key. */
    private static String seriesKey(TrainingExample e) {
        String title = e.fields()
                .getOrDefault("title", e.id())
                .replaceAll("[0-9]+", "#")
                .trim();
        return e.fields().getOrDefault("artist", "") + "|" + title;
    }

    private void fill(Map<String, double[][][]> target, List<Integer> rows, int modality, Map<String, double[][]> p) {
        for (TaskEncoder t : spec.tasks()) {
            double[][] tp = p.get(t.name());
            for (int i = 0; i < rows.size(); i++) {
                target.get(t.name())[rows.get(i)][modality] = tp[i];
            }
        }
    }

    /** One modality's class probabilities per task, per row ({@code null} where the row lacks it). */
    private static Map<String, double[][]> probabilities(
            TrainedHead head, AnnotatorSpec s, List<TrainingExample> rows, boolean text) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        s.tasks().forEach(t -> out.put(t.name(), new double[rows.size()][]));
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            GraphBlock block = GraphBlock.of(head.graph(), head.weights(), m);
            ParameterStore ps = new ParameterStore(m, false);
            for (int start = 0; start < rows.size(); start += 256) {
                List<TrainingExample> batch = rows.subList(start, Math.min(rows.size(), start + 256));
                List<float[]> images = new ArrayList<>();
                List<Map<String, String>> fields = new ArrayList<>();
                for (TrainingExample e : batch) {
                    images.add(text ? null : e.image());
                    Map<String, String> f = new HashMap<>();
                    for (InputField in : s.inputs()) {
                        String v = e.fields().get(in.name());
                        if (v != null && !v.isBlank()) {
                            f.put(in.name(), v);
                        }
                    }
                    fields.add(f);
                }
                try (NDManager sub = m.newSubManager()) {
                    NDList res =
                            block.forward(ps, DjlTensors.inputs(head.graph(), s.encode(images, fields), sub), false);
                    for (int ti = 0; ti < s.tasks().size(); ti++) {
                        TaskEncoder t = s.tasks().get(ti);
                        float[] l = res.get(ti).toFloatArray();
                        int c = t.classes();
                        for (int r = 0; r < batch.size(); r++) {
                            boolean present = text ? !fields.get(r).isEmpty() : images.get(r) != null;
                            if (present) {
                                out.get(t.name())[start + r] =
                                        Calibration.softmax(Arrays.copyOfRange(l, r * c, (r + 1) * c), 1);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private Map<String, double[][]> fieldProbabilities(FieldPriors priors, List<TrainingExample> rows) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (TaskEncoder t : spec.tasks()) {
            double[][] p = new double[rows.size()][];
            for (int r = 0; r < rows.size(); r++) {
                p[r] = priors.probabilities(t.name(), knownIndices(rows.get(r).fields()));
            }
            out.put(t.name(), p);
        }
        return out;
    }

    private Map<String, Integer> knownIndices(Map<String, String> fields) {
        Map<String, Integer> known = new HashMap<>();
        for (InputField in : spec.inputs()) {
            if (in.kind() == FieldKind.CATEGORICAL) {
                known.put(in.name(), in.vocabulary().encode(fields.get(in.name())));
            }
        }
        return known;
    }

    /**
     * Candidate rows of one task: every row with a known class, once with all its evidence and once
     * with a random subset (image kept with probability 1 - imageDropout, each field 1 - fieldDropout).
     */
    private DMatrix matrix(
            TaskEncoder t, List<TrainingExample> rows, double[][][] probs, double[] prior, int k, Random random)
            throws XGBoostError {
        List<float[]> parts = new ArrayList<>();
        List<float[]> labels = new ArrayList<>();
        int total = 0;
        for (int r = 0; r < rows.size(); r++) {
            int y = t.label(rows.get(r).fields()).orElse(-1);
            if (y < 0) {
                continue;
            }
            for (int variant = 0; variant < 2; variant++) {
                double[][] mods = probs[r].clone();
                if (variant == 1) {
                    if (random.nextDouble() < hp.imageDropout()) {
                        mods[0] = null;
                    }
                    if (random.nextDouble() < hp.fieldDropout()) {
                        mods[1] = null;
                    }
                    if (random.nextDouble() < hp.fieldDropout()) {
                        mods[2] = null;
                    }
                }
                int[] cand = FusionFeatures.candidates(mods, prior, k);
                float[] x = new float[k * FusionFeatures.WIDTH];
                FusionFeatures.rows(mods, prior, cand, t.isTemporal(), x, 0);
                float[] lab = new float[k];
                for (int j = 0; j < k; j++) {
                    lab[j] = cand[j] == y ? 1 : 0;
                }
                parts.add(x);
                labels.add(lab);
                total += k;
            }
        }
        float[] data = new float[total * FusionFeatures.WIDTH];
        float[] label = new float[total];
        int o = 0;
        for (int i = 0; i < parts.size(); i++) {
            System.arraycopy(parts.get(i), 0, data, o * FusionFeatures.WIDTH, parts.get(i).length);
            System.arraycopy(labels.get(i), 0, label, o, labels.get(i).length);
            o += labels.get(i).length;
        }
        DMatrix d = new DMatrix(data, total, FusionFeatures.WIDTH, FusionFeatures.MISSING);
        d.setLabel(label);
        return d;
    }
}
