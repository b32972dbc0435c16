package dev.heritage.classify.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.FieldKind;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelKind;
import dev.heritage.api.model.CardSection;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.classify.encoding.TextHasher;
import dev.heritage.classify.encoding.Vocabulary;
import dev.heritage.classify.encoding.YearBins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An annotator model as stored in a model directory: its {@link AnnotatorSpec} (in the card's
 * {@code annotator} property, with the feature statistics in {@code extras/feature-stats.json}), the
 * calibration of each task, the default review precision, and the names of its two networks
 * ({@value #BACKBONE} turns an image into features, {@value #HEAD} turns evidence into logits).
 *
 * <p>Immutable and thread-safe.
 *
 * @param spec encoders and tasks
 * @param calibrations calibration per task
 * @param reviewPrecision the precision the stored thresholds aim at
 * @param backboneId id of the image backbone whose features the head reads
 * @param descriptors whether hand-crafted descriptors follow the backbone features
 * @param backboneDim the length of the backbone's feature vector
 * @param decoder makes the answers agree with each other
 * @param openSet answers "outside the classes I know" for one task from the image features, or
 *     {@code null} (models before 2.0.0, and configurations without {@code openSet})
 */
public record AnnotatorModel(
        AnnotatorSpec spec,
        Map<String, Calibration> calibrations,
        double reviewPrecision,
        String backboneId,
        boolean descriptors,
        int backboneDim,
        JointDecoder decoder,
        OpenSetDetector openSet) {

    /**
     * @param detector an open-set detector, or {@code null}
     * @return this model with it
     */
    public AnnotatorModel withOpenSet(OpenSetDetector detector) {
        return new AnnotatorModel(
                spec, calibrations, reviewPrecision, backboneId, descriptors, backboneDim, decoder, detector);
    }
    /** The network turning images into features. */
    public static final String BACKBONE = "backbone";
    /** The network turning evidence into logits. */
    public static final String HEAD = "head";
    /** Where the feature statistics are stored. */
    public static final String FEATURE_STATS = "extras/feature-stats.json";
    /** Where the joint decoder's co-occurrence tables are stored. */
    public static final String JOINT = "extras/joint-decoding.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param task a task name
     * @return its calibration ({@link Calibration#NONE} if none was fitted)
     */
    public Calibration calibration(String task) {
        return calibrations.getOrDefault(task, Calibration.NONE);
    }

    /**
     * Writes the feature statistics file and returns the card properties describing this model.
     *
     * @param modelDirectory the model directory
     * @return the value of the card's {@code annotator} property
     * @throws IOException if the statistics cannot be written
     */
    public Map<String, Object> write(Path modelDirectory) throws IOException {
        Path stats = modelDirectory.resolve(FEATURE_STATS);
        Files.createDirectories(stats.getParent());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("mean", spec.mean());
        s.put("std", spec.std());
        Files.writeString(stats, JSON.writeValueAsString(s));
        Files.writeString(modelDirectory.resolve(JOINT), JSON.writeValueAsString(decoder.toJson()));
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("backbone", backboneId);
        a.put("descriptors", descriptors);
        a.put("backboneDim", backboneDim);
        a.put("imageDim", spec.imageDim());
        a.put("featureStats", FEATURE_STATS);
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (InputField f : spec.inputs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("kind", f.kind().name().toLowerCase(Locale.ROOT));
            if (f.kind() == FieldKind.CATEGORICAL) {
                m.put("vocabulary", f.vocabulary().values());
            } else {
                m.put("buckets", f.hasher().buckets());
                m.put("minChar", f.hasher().minChar());
                m.put("maxChar", f.hasher().maxChar());
            }
            inputs.add(m);
        }
        a.put("inputs", inputs);
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (TaskEncoder t : spec.tasks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("kind", t.kind().name().toLowerCase(Locale.ROOT));
            m.put("source", t.source());
            if (t.kind() == TaskKind.CATEGORICAL) {
                m.put("labels", t.vocabulary().values());
            } else {
                m.put("binWidth", t.bins().width());
                m.put("firstYear", t.bins().first());
                m.put("bins", t.bins().count());
            }
            Calibration c = calibration(t.name());
            Map<String, Object> cal = new LinkedHashMap<>();
            cal.put("temperature", c.temperature());
            cal.put("decodedTemperature", c.decodedTemperature());
            cal.put("thresholds", c.thresholds());
            cal.put("precision", c.precision());
            cal.put("coverage", c.coverage());
            m.put("calibration", cal);
            tasks.add(m);
        }
        a.put("tasks", tasks);
        a.put("reviewPrecision", reviewPrecision);
        if (openSet != null) {
            a.put("openSet", openSet.write(modelDirectory));
        }
        return a;
    }

    /**
     * The precision the review thresholds aim at when the card's {@code annotator.reviewPrecision} is absent:
     * {@value}, the training default (docs/guides/training.md).
     */
    public static final double DEFAULT_REVIEW_PRECISION = 0.9;
    /** Whether hand-crafted descriptors follow the backbone features when the card does not say: {@value} (models before them). */
    public static final boolean DEFAULT_DESCRIPTORS = false;
    /**
     * A task's temperature after joint decoding when its calibration has no {@code decodedTemperature}:
     * {@value} (models before joint decoding was calibrated), which leaves the decoded answer as it is.
     */
    public static final double DEFAULT_DECODED_TEMPERATURE = 1;

    /** Bounds that no real model comes near; above them a card would make the runtime allocate without limit. */
    private static final int MAX_DIM = 1 << 16;

    private static final int MAX_BUCKETS = 1 << 22;
    private static final int MAX_BINS = 10_000;
    private static final double MAX_TEMPERATURE = 1e6;

    /**
     * Reads an annotator model from a verified artifact: every value the annotator reads from its card
     * ({@code properties.annotator}), from {@value #FEATURE_STATS}, {@value #JOINT} and the open-set files is
     * checked here, once, before any of it is used, so that a tampered or hand-edited card is refused with the
     * property's path (instead of answering with confidence 0 for a temperature of 0, or failing with an
     * array error for an empty label list). Absent optional values take the defaults named by this class's
     * {@code DEFAULT_*} constants, {@link JointDecoder#read} and {@link OpenSetDetector#read}.
     *
     * @param artifact the model
     * @return the annotator model
     * @throws MalformedModelException naming the model and the entry at fault
     */
    public static AnnotatorModel read(ModelArtifact artifact) throws MalformedModelException {
        ModelCard card = artifact.card();
        String where = "Model '" + card.id() + "'";
        CardSection properties = CardSection.properties(card);
        if (!properties.has("annotator")) {
            throw new MalformedModelException(where + " is not an annotator: its card has no 'annotator' property.");
        }
        if (card.kind() != ModelKind.ANNOTATOR) {
            throw new MalformedModelException(where + ": 'kind' is '"
                    + card.kind().name().toLowerCase(Locale.ROOT) + "' but the card describes an annotator; an"
                    + " annotator's card says \"kind\": \"annotator\".");
        }
        CardSection a = properties.section("annotator");
        int imageDim = a.wholeNumber("imageDim", 1, MAX_DIM);
        int backboneDim = a.wholeNumber("backboneDim", 1, MAX_DIM);
        double reviewPrecision = a.optNumber("reviewPrecision", 0, 1).orElse(DEFAULT_REVIEW_PRECISION);
        String backbone = a.text("backbone");
        boolean descriptors = a.optBoolean("descriptors").orElse(DEFAULT_DESCRIPTORS);
        List<InputField> inputs = new ArrayList<>();
        for (CardSection f : a.sections("inputs", "name")) {
            inputs.add(inputField(f));
        }
        List<CardSection> taskSections = a.sections("tasks", "name");
        if (taskSections.isEmpty()) {
            throw a.error("tasks", "is empty; expected a non-empty list of tasks");
        }
        List<TaskEncoder> tasks = new ArrayList<>();
        Map<String, Calibration> calibrations = new LinkedHashMap<>();
        for (CardSection t : taskSections) {
            TaskEncoder task = taskEncoder(t);
            tasks.add(task);
            calibrations.put(task.name(), calibration(t.section("calibration")));
        }
        String statsFile = a.optText("featureStats").orElse(FEATURE_STATS);
        CardSection stats = extras(artifact, statsFile);
        AnnotatorSpec spec;
        try {
            spec = new AnnotatorSpec(imageDim, floats(stats, "mean"), floats(stats, "std"), inputs, tasks);
        } catch (IllegalArgumentException e) {
            throw new MalformedModelException(
                    where + ": " + statsFile + " does not fit properties.annotator.imageDim " + imageDim + " ("
                            + e.getMessage() + "). Re-export the model with 'heritage train'.",
                    e);
        }
        JointDecoder decoder = Files.isRegularFile(artifact.resolve(JOINT))
                ? JointDecoder.read(spec, extras(artifact, JOINT))
                : JointDecoder.none(spec);
        Optional<CardSection> openSetSection = a.optSection("openSet");
        OpenSetDetector openSet = null;
        if (openSetSection.isPresent()) {
            try {
                openSet = OpenSetDetector.read(artifact.directory(), openSetSection.get());
            } catch (IOException e) {
                throw new MalformedModelException(
                        where + ": the open-set files are unreadable (" + e.getMessage() + "). Copy the model again.",
                        e);
            }
        }
        try {
            return new AnnotatorModel(
                    spec, calibrations, reviewPrecision, backbone, descriptors, backboneDim, decoder, openSet);
        } catch (RuntimeException e) {
            throw new MalformedModelException(
                    where + ": properties.annotator does not fit together (" + e.getMessage()
                            + "). Re-export the model with 'heritage train'.",
                    e);
        }
    }

    private static InputField inputField(CardSection f) throws MalformedModelException {
        String name = f.text("name");
        FieldKind kind = kind(f, FieldKind.class);
        if (kind == FieldKind.CATEGORICAL) {
            return new InputField(name, kind, new Vocabulary(f.distinctTexts("vocabulary")), null);
        }
        // Every other kind is read through hashed character n-grams.
        int buckets = f.wholeNumber("buckets", 1, MAX_BUCKETS);
        int min = f.wholeNumber("minChar", 1, 64);
        int max = f.wholeNumber("maxChar", 1, 64);
        if (min > max) {
            throw f.error("minChar", min + " is above maxChar " + max);
        }
        try {
            return new InputField(name, kind, null, new TextHasher(buckets, min, max));
        } catch (IllegalArgumentException e) {
            throw f.error("buckets", "is " + buckets + "; " + e.getMessage());
        }
    }

    private static TaskEncoder taskEncoder(CardSection t) throws MalformedModelException {
        String name = t.text("name");
        TaskKind kind = kind(t, TaskKind.class);
        String source = t.text("source");
        if (kind == TaskKind.CATEGORICAL) {
            return new TaskEncoder(name, kind, source, new Vocabulary(t.distinctTexts("labels")), null);
        }
        return new TaskEncoder(
                name,
                kind,
                source,
                null,
                new YearBins(
                        t.wholeNumber("binWidth", 1, 10_000),
                        t.wholeNumber("firstYear", -100_000, 100_000),
                        t.wholeNumber("bins", 1, MAX_BINS)));
    }

    private static <E extends Enum<E>> E kind(CardSection s, Class<E> kinds) throws MalformedModelException {
        String kind = s.text("kind");
        try {
            return Enum.valueOf(kinds, kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw s.error(
                    "kind",
                    "is '" + kind + "'; expected one of "
                            + Arrays.toString(kinds.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }

    /**
     * A task's calibration. Absent review curves ({@code thresholds}, {@code precision}, {@code coverage})
     * are empty: every answer of the task then needs review.
     */
    private static Calibration calibration(CardSection c) throws MalformedModelException {
        double temperature = c.number("temperature", 0, MAX_TEMPERATURE);
        double decoded = c.optNumber("decodedTemperature", 0, MAX_TEMPERATURE).orElse(DEFAULT_DECODED_TEMPERATURE);
        return new Calibration(
                temperature, decoded, curve(c, "thresholds"), curve(c, "precision"), curve(c, "coverage"));
    }

    private static double[] curve(CardSection c, String name) throws MalformedModelException {
        // Confidences and shares lie in [0, 1]; a threshold just above 1 means "never".
        return c.has(name) ? c.numbers(name, 0, 2) : new double[0];
    }

    /** A JSON file of the model, as a section whose messages name the file. */
    private static CardSection extras(ModelArtifact artifact, String file) throws MalformedModelException {
        try {
            Map<?, ?> values = JSON.readValue(artifact.resolve(file).toFile(), Map.class);
            return CardSection.of(artifact.card().id(), file, values);
        } catch (IOException | RuntimeException e) {
            throw new MalformedModelException(
                    "Model '" + artifact.card().id() + "': " + file
                            + " is unreadable or not a JSON object (" + e.getMessage()
                            + "). Re-export the model with 'heritage train'.",
                    e);
        }
    }

    private static float[] floats(CardSection s, String name) throws MalformedModelException {
        double[] d = s.numbers(name, -Float.MAX_VALUE, Float.MAX_VALUE);
        float[] f = new float[d.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
