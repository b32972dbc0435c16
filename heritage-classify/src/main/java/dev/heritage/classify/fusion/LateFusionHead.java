package dev.heritage.classify.fusion;

import dev.heritage.api.Device;
import dev.heritage.api.FieldKind;
import dev.heritage.api.HeritageException;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.Tensor;
import dev.heritage.api.engine.WeightFormat;
import dev.heritage.classify.encoding.Vocabulary;
import dev.heritage.classify.model.AnnotatorSpec;
import dev.heritage.classify.model.Calibration;
import dev.heritage.classify.model.InputField;
import dev.heritage.classify.model.TaskEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A late-fusion annotator head that looks, to its callers, like the early-fusion head network: the
 * same inputs, one {@code logits_TASK} output per task. Inside, the image classifier and the text
 * classifier (networks run by the engine) and the known-fields classifier ({@link FieldPriors})
 * each give class probabilities; a gradient-boosted model per task (XGBoost, in the JVM) scores each
 * candidate class from them; the scores are returned as logits (classes that are not candidates get
 * the lowest candidate score minus {@value #OUTSIDE_MARGIN}).
 *
 * <p>Thread-safe (the boosters are called one thread at a time each). Owns its two networks and its
 * boosters: {@link #close()} releases them.
 */
public final class LateFusionHead implements LoadedNetwork {
    /** The text classifier's image input width (it never sees an image). */
    public static final int TEXT_IMAGE_DIM = 1;
    /** How far below the weakest candidate a non-candidate class scores. */
    public static final double OUTSIDE_MARGIN = 10;

    private final AnnotatorSpec spec;
    private final LoadedNetwork imageNet;
    private final LoadedNetwork textNet;
    private final FieldPriors priors;
    private final Map<String, Booster> boosters;
    private final Map<String, Integer> candidates;

    /**
     * @param spec the annotator's spec (all inputs)
     * @param imageNet the image classifier (inputs image, presence of the image)
     * @param textNet the text classifier (inputs image, presence, the text fields), or {@code null}
     * @param priors the known-fields classifier
     * @param boosters per task, the fusion model (taken over: closed with this head)
     * @param candidates per task, the most candidates scored
     */
    public LateFusionHead(
            AnnotatorSpec spec,
            LoadedNetwork imageNet,
            LoadedNetwork textNet,
            FieldPriors priors,
            Map<String, Booster> boosters,
            Map<String, Integer> candidates) {
        this.spec = spec;
        this.imageNet = imageNet;
        this.textNet = textNet;
        this.priors = priors;
        this.boosters = Map.copyOf(boosters);
        this.candidates = Map.copyOf(candidates);
    }

    /** Per task, per row, the probabilities of each modality (image, text, fields; {@code null} if absent). */
    public Map<String, double[][][]> modalities(Map<String, Tensor> inputs) throws HeritageException {
        Tensor image = inputs.get(AnnotatorSpec.IMAGE);
        Tensor presence = inputs.get(AnnotatorSpec.PRESENCE);
        int n = (int) image.dim(0);
        int pw = spec.presenceDim();
        float[] pres = presence.floats();
        Map<String, Tensor> imageIn = new LinkedHashMap<>();
        imageIn.put(AnnotatorSpec.IMAGE, image);
        float[] imagePresence = new float[n];
        for (int r = 0; r < n; r++) {
            imagePresence[r] = pres[r * pw];
        }
        imageIn.put(AnnotatorSpec.PRESENCE, Tensor.ofFloats(new long[] {n, 1}, imagePresence));
        Map<String, Tensor> imageOut = imageNet.forward(imageIn);
        List<InputField> texts = new ArrayList<>();
        List<Integer> textCols = new ArrayList<>();
        List<InputField> cats = new ArrayList<>();
        for (int k = 0; k < spec.inputs().size(); k++) {
            InputField in = spec.inputs().get(k);
            if (in.kind() == FieldKind.TEXT) {
                texts.add(in);
                textCols.add(1 + k);
            } else {
                cats.add(in);
            }
        }
        Map<String, Tensor> textOut = null;
        boolean[] hasText = new boolean[n];
        if (textNet != null && !texts.isEmpty()) {
            Map<String, Tensor> textIn = new LinkedHashMap<>();
            textIn.put(
                    AnnotatorSpec.IMAGE,
                    Tensor.ofFloats(new long[] {n, TEXT_IMAGE_DIM}, new float[n * TEXT_IMAGE_DIM]));
            float[] tp = new float[n * (1 + texts.size())];
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < texts.size(); j++) {
                    tp[r * (1 + texts.size()) + 1 + j] = pres[r * pw + textCols.get(j)];
                    hasText[r] |= pres[r * pw + textCols.get(j)] > 0;
                }
            }
            textIn.put(AnnotatorSpec.PRESENCE, Tensor.ofFloats(new long[] {n, 1 + texts.size()}, tp));
            for (InputField t : texts) {
                textIn.put(t.tensorName(), inputs.get(t.tensorName()));
            }
            textOut = textNet.forward(textIn);
        }
        Map<String, double[][][]> out = new LinkedHashMap<>();
        for (TaskEncoder t : spec.tasks()) {
            double[][][] rows = new double[n][3][];
            float[] il = imageOut.get("logits_" + t.name()).floats();
            float[] tl =
                    textOut == null ? null : textOut.get("logits_" + t.name()).floats();
            int c = t.classes();
            for (int r = 0; r < n; r++) {
                if (imagePresence[r] > 0) {
                    rows[r][0] = Calibration.softmax(Arrays.copyOfRange(il, r * c, (r + 1) * c), 1);
                }
                if (tl != null && hasText[r]) {
                    rows[r][1] = Calibration.softmax(Arrays.copyOfRange(tl, r * c, (r + 1) * c), 1);
                }
                Map<String, Integer> known = new HashMap<>();
                for (InputField in : cats) {
                    known.put(in.name(), (int) inputs.get(in.tensorName()).longs()[r]);
                }
                if (known.values().stream().anyMatch(v -> v >= Vocabulary.FIRST)) {
                    rows[r][2] = priors.probabilities(t.name(), known);
                }
            }
            out.put(t.name(), rows);
        }
        return out;
    }

    @Override
    public Map<String, Tensor> forward(Map<String, Tensor> inputs) throws HeritageException {
        Map<String, double[][][]> mods = modalities(inputs);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (TaskEncoder t : spec.tasks()) {
            double[][][] rows = mods.get(t.name());
            int n = rows.length;
            double[] prior = priors.prior().get(t.name());
            int k = Math.min(candidates.get(t.name()), t.classes());
            int[][] cand = new int[n][];
            float[] x = new float[n * k * FusionFeatures.WIDTH];
            for (int r = 0; r < n; r++) {
                cand[r] = FusionFeatures.candidates(rows[r], prior, k);
                FusionFeatures.rows(rows[r], prior, cand[r], t.isTemporal(), x, r * k * FusionFeatures.WIDTH);
            }
            float[][] margins = predict(boosters.get(t.name()), x, n * k);
            float[] logits = new float[n * t.classes()];
            for (int r = 0; r < n; r++) {
                float min = Float.POSITIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    min = Math.min(min, margins[r * k + j][0]);
                }
                Arrays.fill(logits, r * t.classes(), (r + 1) * t.classes(), (float) (min - OUTSIDE_MARGIN));
                for (int j = 0; j < k; j++) {
                    logits[r * t.classes() + cand[r][j]] = margins[r * k + j][0];
                }
            }
            out.put("logits_" + t.name(), Tensor.ofFloats(new long[] {n, t.classes()}, logits));
        }
        return out;
    }

    /**
     * @param booster a fusion model
     * @param x candidate rows
     * @param rows how many
     * @return the margin of each row
     * @throws HeritageException if XGBoost fails
     */
    static float[][] predict(Booster booster, float[] x, int rows) throws HeritageException {
        if (rows == 0) {
            return new float[0][1];
        }
        synchronized (booster) {
            DMatrix d = null;
            try {
                d = new DMatrix(x, rows, FusionFeatures.WIDTH, FusionFeatures.MISSING);
                return booster.predict(d, true);
            } catch (XGBoostError e) {
                throw new HeritageException("The late-fusion model failed: " + e.getMessage(), e);
            } finally {
                if (d != null) {
                    d.dispose();
                }
            }
        }
    }

    @Override
    public String engine() {
        return imageNet.engine();
    }

    @Override
    public Device device() {
        return imageNet.device();
    }

    @Override
    public WeightFormat format() {
        return imageNet.format();
    }

    @Override
    public List<String> inputNames() {
        List<String> names = new ArrayList<>(List.of(AnnotatorSpec.IMAGE, AnnotatorSpec.PRESENCE));
        spec.inputs().forEach(i -> names.add(i.tensorName()));
        return names;
    }

    @Override
    public List<String> outputNames() {
        return spec.tasks().stream().map(t -> "logits_" + t.name()).toList();
    }

    @Override
    public void close() {
        imageNet.close();
        if (textNet != null) {
            textNet.close();
        }
        boosters.values().forEach(Booster::dispose);
    }
}
