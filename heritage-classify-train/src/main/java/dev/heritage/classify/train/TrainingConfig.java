package dev.heritage.classify.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.classify.model.HeadShape;
import dev.heritage.classify.model.TaskKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A training run's configuration, read from JSON ({@code heritage train --config FILE}). Example:
 *
 * <pre>{@code
 * {
 *   "id": "paintings-multitask", "version": "1.0.0",
 *   "description": "...", "licence": "...", "trainingData": "...",
 *   "idColumn": "id", "imageColumn": "image",
 *   "inputs": [ {"name": "style", "kind": "categorical"}, {"name": "title", "kind": "text"} ],
 *   "tasks": [ {"name": "style", "kind": "categorical", "source": "style"},
 *              {"name": "artist", "kind": "categorical", "source": "artist", "minCount": 5},
 *              {"name": "decade", "kind": "decade", "source": "year"},
 *              {"name": "century", "kind": "century", "source": "year"} ],
 *   "image": {"descriptors": true, "styleStatistics": true, "engine": "onnxruntime",
 *             "inception": "target/backbones/inceptionv3"},
 *   "text": {"buckets": 4096, "minChar": 3, "maxChar": 5},
 *   "split": {"seed": 42, "validation": 0.15, "stratify": "style", "grouped": true,
 *             "artist": "artist_id", "title": "title"},
 *   "training": {"epochs": 60, "batchSize": 128, "learningRate": 0.001, "weightDecay": 0.0001,
 *                "patience": 8, "imageDropout": 0.25, "fieldDropout": 0.5, "focalGamma": 0, "temporalSigma": 0,
 *                "imageHidden": 512, "textHidden": 128, "embedding": 32, "shared": 512,
 *                "dropout": 0.4, "wideText": false, "ensemble": 1, "headWeights": "float32", "seed": 42},
 *   "reviewPrecision": 0.9,
 *   "minArtistImagesForMetrics": 20,
 *   "fusion": "early",
 *   "lateFusion": {"folds": 3, "epochs": 30, "patience": 4, "rounds": 300, "earlyStopping": 20,
 *                  "depth": 5, "eta": 0.1, "candidates": 20, "hidden": 128, "learningRate": 0.003}
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the model id
 * @param version the model version
 * @param description for the card
 * @param licence the licence and terms of the trained weights
 * @param trainingData a description of the data, for the card
 * @param idColumn the id column
 * @param imageColumn the image-path column
 * @param inputs the known fields the model reads
 * @param tasks the tasks it predicts
 * @param descriptors whether hand-crafted descriptors join the backbone features
 * @param engine the engine that computes backbone features while training, or {@code null} for the
 *     default engine ({@link dev.heritage.api.engine.Engines#defaultEngine()}); the card records the one used
 * @param textBuckets hashed text size
 * @param minChar shortest character n-gram
 * @param maxChar longest character n-gram
 * @param splitSeed split seed
 * @param validationFraction share of rows held out for validation
 * @param stratify column to stratify by
 * @param groupedSplit keep numbered series of one artist on one side
 * @param artistColumn artist column for grouping
 * @param titleColumn title column for grouping
 * @param hyperparameters training settings
 * @param reviewPrecision target precision of review thresholds
 * @param minArtistImagesForMetrics artist metrics count artists with at least this many training images
 * @param styleStatistics whether the backbone also returns per-channel moments of intermediate layers
 * @param fusion early fusion (one head network) or late fusion (per-modality classifiers and a
 *     gradient-boosted fusion model), with the late-fusion settings
 * @param fineTune whether and how the backbone's top blocks are fine-tuned after the head is trained
 * @param ensemble how many heads are trained on the final image features, each with its own seed, and
 *     joined into one head network that sums their logits ({@code "training": {"ensemble": 3}}; 1, the
 *     default, is a single head)
 * @param quantizedHead whether the head's larger weight tensors are stored as uint8 with one affine map
 *     per tensor ({@code "training": {"headWeights": "uint8"}}; default {@code "float32"}); every engine
 *     then runs the dequantised values, and calibration and metrics are measured on them
 * @param openSet the open-set answer ({@code "openSet": {"task": "style", "threshold": 0.95, "background": "nonpaintings.csv"}}),
 *     or {@code null} for none (the default)
 * @param inception the directory of the converted InceptionV3 backbone whose pooled features are appended
 *     to MobileNetV2's ({@code "image": {"inception": "target/backbones/inceptionv3"}}, written by
 *     {@code scripts/convert-backbone.sh --inception}; see
 *     {@link dev.heritage.classify.backbone.InceptionV3#combinedFeatureGraph}), or {@code null} for
 *     MobileNetV2 alone (the default)
 */
public record TrainingConfig(
        String id,
        String version,
        String description,
        String licence,
        String trainingData,
        String idColumn,
        String imageColumn,
        List<Input> inputs,
        List<Task> tasks,
        boolean descriptors,
        String engine,
        int textBuckets,
        int minChar,
        int maxChar,
        long splitSeed,
        double validationFraction,
        String stratify,
        boolean groupedSplit,
        String artistColumn,
        String titleColumn,
        Hyperparameters hyperparameters,
        double reviewPrecision,
        int minArtistImagesForMetrics,
        boolean styleStatistics,
        Fusion fusion,
        FineTune fineTune,
        int ensemble,
        boolean quantizedHead,
        OpenSet openSet,
        String inception) {

    /**
     * The open-set answer of one categorical task ({@link dev.heritage.classify.model.OpenSetDetector}:
     * the energy of a linear probe of the task's classes and, with background images, a linear "not a
     * painting" probe), fitted after the head on the same image features.
     *
     * @param task the categorical task whose classes are meant to cover the domain (e.g. {@code style})
     * @param threshold the card's default threshold on the score, in (0, 1] (default 0.95)
     * @param maxRows the most training rows the probes are fitted on, mirror images counted (default 24,000)
     * @param epochs passes of the probes' training over the rows (default 20)
     * @param background a CSV of images that are not paintings, and of paintings photographed elsewhere
     *     (columns {@code id}, {@code image}, {@code painting}: {@code yes} or {@code no}; image paths
     *     relative to the CSV's folder), or null for the novelty test alone
     */
    public record OpenSet(String task, double threshold, int maxRows, int epochs, String background) {}

    /**
     * Fine-tuning of the backbone's top blocks together with the head, after the head has been trained
     * on frozen features ({@code "image": {"fineTune": {"epochs": 8, "learningRate": 0.0001, "patience": 3}}};
     * off when {@code epochs} is 0, the default).
     *
     * @param epochs the most fine-tuning epochs (0: off)
     * @param learningRate Adam's learning rate for the tower and the head
     * @param patience epochs without validation improvement before stopping
     */
    public record FineTune(int epochs, double learningRate, int patience) {
        /** @return whether fine-tuning runs */
        public boolean enabled() {
            return epochs > 0;
        }
    }

    /**
     * How the evidence is fused ({@code "fusion": "early" | "late"}, and {@code "lateFusion": {...}}).
     *
     * @param mode {@code early} or {@code late}
     * @param folds out-of-fold folds for the fusion model's training data
     * @param epochs the most epochs of each per-modality classifier
     * @param patience early-stopping patience of the per-modality classifiers
     * @param rounds the most boosting rounds
     * @param earlyStopping rounds without validation improvement before boosting stops
     * @param depth the trees' maximum depth
     * @param eta the learning rate of boosting
     * @param candidates the most candidate classes scored per task
     * @param hidden the width of the per-modality classifiers' hidden layers
     * @param learningRate the per-modality classifiers' learning rate
     */
    public record Fusion(
            String mode,
            int folds,
            int epochs,
            int patience,
            int rounds,
            int earlyStopping,
            int depth,
            double eta,
            int candidates,
            int hidden,
            double learningRate) {
        /** @return whether this is late fusion */
        public boolean late() {
            return mode.equals("late");
        }
    }

    /**
     * An input field.
     *
     * @param name column
     * @param kind categorical or text
     */
    public record Input(String name, String kind) {}

    /**
     * A task.
     *
     * @param name task name
     * @param kind categorical, decade or century
     * @param source column holding the truth
     * @param minCount for categorical tasks: classes seen fewer times in training are left out
     */
    public record Task(String name, TaskKind kind, String source, int minCount) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param file a JSON configuration
     * @return the configuration
     * @throws IOException if it cannot be read, with the entry at fault
     */
    public static TrainingConfig read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param root the JSON tree
     * @return the configuration
     * @throws IllegalArgumentException naming the entry at fault
     */
    public static TrainingConfig parse(JsonNode root) {
        checkKeys(
                root,
                "",
                List.of(
                        "id",
                        "version",
                        "description",
                        "licence",
                        "trainingData",
                        "idColumn",
                        "imageColumn",
                        "inputs",
                        "tasks",
                        "image",
                        "text",
                        "split",
                        "training",
                        "reviewPrecision",
                        "minArtistImagesForMetrics",
                        "fusion",
                        "lateFusion",
                        "openSet"));
        OpenSet openSet = null;
        JsonNode os = root.path("openSet");
        if (!os.isMissingNode() && !os.isNull()) {
            checkKeys(os, "openSet.", List.of("task", "threshold", "maxRows", "epochs", "background"));
            openSet = new OpenSet(
                    require(os, "task", "openSet"),
                    os.path("threshold").asDouble(0.95),
                    os.path("maxRows").asInt(24000),
                    os.path("epochs").asInt(20),
                    os.hasNonNull("background") ? os.get("background").asText() : null);
            if (!(openSet.threshold() > 0 && openSet.threshold() <= 1)
                    || openSet.maxRows() < 2
                    || openSet.epochs() < 1) {
                throw new IllegalArgumentException("'openSet' needs threshold in (0, 1], maxRows >= 2 and epochs >= 1");
            }
        }
        String mode = root.path("fusion").asText("early").toLowerCase(Locale.ROOT);
        if (!mode.equals("early") && !mode.equals("late")) {
            throw new IllegalArgumentException("'fusion' must be early or late, got '" + mode + "'");
        }
        JsonNode lf = root.path("lateFusion");
        Fusion fusion = new Fusion(
                mode,
                lf.path("folds").asInt(3),
                lf.path("epochs").asInt(30),
                lf.path("patience").asInt(4),
                lf.path("rounds").asInt(300),
                lf.path("earlyStopping").asInt(20),
                lf.path("depth").asInt(5),
                lf.path("eta").asDouble(0.1),
                lf.path("candidates").asInt(20),
                lf.path("hidden").asInt(128),
                lf.path("learningRate").asDouble(0.003));
        if (fusion.folds() < 2) {
            throw new IllegalArgumentException("'lateFusion.folds' must be at least 2");
        }
        List<Input> inputs = new ArrayList<>();
        for (JsonNode n : root.path("inputs")) {
            String kind = n.path("kind").asText("").toLowerCase(Locale.ROOT);
            if (!kind.equals("categorical") && !kind.equals("text")) {
                throw new IllegalArgumentException("inputs[" + n.path("name").asText() + "].kind must be categorical"
                        + " or text, got '" + kind + "'");
            }
            inputs.add(new Input(require(n, "name", "inputs[]"), kind));
        }
        List<Task> tasks = new ArrayList<>();
        for (JsonNode n : root.path("tasks")) {
            String name = require(n, "name", "tasks[]");
            TaskKind kind;
            try {
                kind = TaskKind.valueOf(n.path("kind").asText("").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tasks[" + name + "].kind must be categorical, decade or century");
            }
            tasks.add(new Task(
                    name,
                    kind,
                    n.path("source").asText(name),
                    n.path("minCount").asInt(1)));
        }
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("'tasks' must name at least one task");
        }
        JsonNode image = root.path("image");
        if (!image.isMissingNode()) {
            checkKeys(image, "image.", List.of("descriptors", "styleStatistics", "engine", "fineTune", "inception"));
        }
        JsonNode ft = image.path("fineTune");
        FineTune fineTune = new FineTune(
                ft.path("epochs").asInt(0),
                ft.path("learningRate").asDouble(1e-4),
                ft.path("patience").asInt(3));
        if (fineTune.epochs() < 0 || !(fineTune.learningRate() > 0) || fineTune.patience() < 1) {
            throw new IllegalArgumentException(
                    "'image.fineTune' needs epochs >= 0, learningRate > 0 and patience >= 1");
        }
        JsonNode text = root.path("text");
        JsonNode split = root.path("split");
        JsonNode t = root.path("training");
        if (!t.isMissingNode()) {
            checkKeys(
                    t,
                    "training.",
                    List.of(
                            "epochs",
                            "batchSize",
                            "learningRate",
                            "weightDecay",
                            "patience",
                            "imageDropout",
                            "fieldDropout",
                            "focalGamma",
                            "temporalSigma",
                            "imageHidden",
                            "textHidden",
                            "embedding",
                            "shared",
                            "dropout",
                            "wideText",
                            "seed",
                            "ensemble",
                            "headWeights"));
        }
        String headWeights = t.path("headWeights").asText("float32");
        if (!headWeights.equals("float32") && !headWeights.equals("uint8")) {
            throw new IllegalArgumentException(
                    "'training.headWeights' must be float32 or uint8, got '" + headWeights + "'");
        }
        int ensemble = t.path("ensemble").asInt(1);
        if (ensemble < 1 || ensemble > 8) {
            throw new IllegalArgumentException("'training.ensemble' must be between 1 and 8 heads, got " + ensemble);
        }
        if (ensemble > 1 && mode.equals("late")) {
            throw new IllegalArgumentException("'training.ensemble' works with early fusion only; this configuration"
                    + " asks for late fusion. Remove one of them.");
        }
        Hyperparameters d = Hyperparameters.defaults();
        HeadShape s = d.shape();
        Hyperparameters hp = new Hyperparameters(
                t.path("epochs").asInt(d.epochs()),
                t.path("batchSize").asInt(d.batchSize()),
                (float) t.path("learningRate").asDouble(d.learningRate()),
                (float) t.path("weightDecay").asDouble(d.weightDecay()),
                t.path("patience").asInt(d.patience()),
                t.path("imageDropout").asDouble(d.imageDropout()),
                t.path("fieldDropout").asDouble(d.fieldDropout()),
                t.path("focalGamma").asDouble(d.focalGamma()),
                t.path("temporalSigma").asDouble(d.temporalSigma()),
                new HeadShape(
                        t.path("imageHidden").asInt(s.imageHidden()),
                        t.path("textHidden").asInt(s.textHidden()),
                        t.path("embedding").asInt(s.embedding()),
                        t.path("shared").asInt(s.shared()),
                        (float) t.path("dropout").asDouble(s.dropout()),
                        t.path("wideText").asBoolean(s.wideText())),
                t.path("seed").asLong(d.seed()));
        return new TrainingConfig(
                require(root, "id", ""),
                root.path("version").asText("1.0.0"),
                root.path("description").asText(""),
                root.path("licence").asText(""),
                root.path("trainingData").asText(""),
                root.path("idColumn").asText("id"),
                root.path("imageColumn").asText("image"),
                inputs,
                tasks,
                image.path("descriptors").asBoolean(true),
                image.hasNonNull("engine") ? image.get("engine").asText() : null,
                text.path("buckets").asInt(4096),
                text.path("minChar").asInt(3),
                text.path("maxChar").asInt(5),
                split.path("seed").asLong(42),
                split.path("validation").asDouble(0.15),
                split.path("stratify").asText(tasks.get(0).source()),
                split.path("grouped").asBoolean(true),
                split.path("artist").asText("artist"),
                split.path("title").asText("title"),
                hp,
                root.path("reviewPrecision").asDouble(0.9),
                root.path("minArtistImagesForMetrics").asInt(20),
                image.path("styleStatistics").asBoolean(false),
                fusion,
                fineTune,
                ensemble,
                headWeights.equals("uint8"),
                openSet,
                image.path("inception").isTextual() ? image.path("inception").asText() : null);
    }

    /** @return the column holding the artist whose training-image count restricts artist metrics */
    public String artistColumnForMetrics() {
        return tasks.stream()
                .filter(t -> t.name().equals("artist"))
                .map(Task::source)
                .findFirst()
                .orElse("artist");
    }

    /** @return this configuration as plain JSON values, for the model card's provenance */
    @SuppressWarnings("unchecked")
    public Map<String, Object> toMap() {
        return JSON.convertValue(this, Map.class);
    }

    private static String require(JsonNode n, String key, String where) {
        String v = n.path(key).asText("");
        if (v.isBlank()) {
            throw new IllegalArgumentException(
                    "required entry '" + where + (where.isEmpty() ? "" : ".") + key + "' is missing");
        }
        return v;
    }

    private static void checkKeys(JsonNode root, String where, List<String> known) {
        if (!root.isObject()) {
            throw new IllegalArgumentException("the configuration must be a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown entry '" + where + k + "'; known entries: " + known);
            }
        }
    }
}
