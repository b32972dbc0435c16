package dev.heritage.classify.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.FieldKind;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelCard;
import dev.heritage.classify.encoding.TextHasher;
import dev.heritage.classify.encoding.Vocabulary;
import dev.heritage.classify.encoding.YearBins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
public record AnnotatorModel(AnnotatorSpec spec, Map<String, Calibration> calibrations, double reviewPrecision,
                             String backboneId, boolean descriptors, int backboneDim, JointDecoder decoder,
                             OpenSetDetector openSet) {

    /**
     * @param detector an open-set detector, or {@code null}
     * @return this model with it
     */
    public AnnotatorModel withOpenSet(OpenSetDetector detector) {
        return new AnnotatorModel(spec, calibrations, reviewPrecision, backboneId, descriptors, backboneDim, decoder,
                detector);
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
     * Reads an annotator model from a verified artifact.
     *
     * @param artifact the model
     * @return the annotator model
     * @throws MalformedModelException naming the entry at fault
     */
    public static AnnotatorModel read(ModelArtifact artifact) throws MalformedModelException {
        ModelCard card = artifact.card();
        String where = "Model '" + card.id() + "'";
        Object raw = card.properties().get("annotator");
        if (raw == null) {
            throw new MalformedModelException(where + " is not an annotator: its card has no 'annotator' property.");
        }
        if (card.kind() != dev.heritage.api.model.ModelKind.ANNOTATOR) {
            throw new MalformedModelException(where + ": 'kind' is '"
                    + card.kind().name().toLowerCase(Locale.ROOT) + "' but the card describes an annotator; an"
                    + " annotator's card says \"kind\": \"annotator\".");
        }
        JsonNode a = JSON.valueToTree(raw);
        validate(a, where + ": properties.annotator");
        try {
            JsonNode stats = JSON.readTree(artifact.resolve(a.path("featureStats").asText(FEATURE_STATS)).toFile());
            int dim = a.path("imageDim").asInt(-1);
            float[] mean = floats(stats.path("mean"));
            float[] std = floats(stats.path("std"));
            List<InputField> inputs = new ArrayList<>();
            for (JsonNode f : a.path("inputs")) {
                FieldKind kind = FieldKind.valueOf(f.path("kind").asText().toUpperCase(Locale.ROOT));
                inputs.add(kind == FieldKind.CATEGORICAL
                        ? new InputField(f.path("name").asText(), kind, new Vocabulary(strings(f.path("vocabulary"))), null)
                        : new InputField(f.path("name").asText(), kind, null, new TextHasher(f.path("buckets").asInt(),
                                f.path("minChar").asInt(), f.path("maxChar").asInt())));
            }
            List<TaskEncoder> tasks = new ArrayList<>();
            Map<String, Calibration> calibrations = new LinkedHashMap<>();
            for (JsonNode t : a.path("tasks")) {
                TaskKind kind = TaskKind.valueOf(t.path("kind").asText().toUpperCase(Locale.ROOT));
                String name = t.path("name").asText();
                tasks.add(kind == TaskKind.CATEGORICAL
                        ? new TaskEncoder(name, kind, t.path("source").asText(), new Vocabulary(strings(t.path("labels"))),
                                null)
                        : new TaskEncoder(name, kind, t.path("source").asText(), null, new YearBins(
                                t.path("binWidth").asInt(), t.path("firstYear").asInt(), t.path("bins").asInt())));
                JsonNode c = t.path("calibration");
                calibrations.put(name, new Calibration(c.path("temperature").asDouble(1),
                        c.path("decodedTemperature").asDouble(1), doubles(c.path("thresholds")),
                        doubles(c.path("precision")), doubles(c.path("coverage"))));
            }
            AnnotatorSpec spec = new AnnotatorSpec(dim, mean, std, inputs, tasks);
            JointDecoder decoder = JointDecoder.none(spec);
            java.nio.file.Path joint = artifact.resolve(JOINT);
            if (Files.isRegularFile(joint)) {
                JsonNode j = JSON.readTree(joint.toFile());
                decoder = JointDecoder.read(spec, j);
            }
            OpenSetDetector openSet = a.has("openSet")
                    ? OpenSetDetector.read(artifact.directory(), a.path("openSet")) : null;
            return new AnnotatorModel(spec, calibrations, a.path("reviewPrecision").asDouble(0.9),
                    a.path("backbone").asText(), a.path("descriptors").asBoolean(false),
                    a.path("backboneDim").asInt(1280), decoder, openSet);
        } catch (IOException | RuntimeException e) {
            throw new MalformedModelException(where + ": the 'annotator' property or " + FEATURE_STATS
                    + " is malformed (" + e.getMessage() + "). Re-export the model with 'heritage train'.", e);
        }
    }

    /** Bounds that no real model comes near; above them a card would make the runtime allocate without limit. */
    private static final int MAX_DIM = 1 << 16;
    private static final int MAX_BUCKETS = 1 << 22;
    private static final int MAX_BINS = 10_000;

    /**
     * Checks every value the annotator reads from its card, before any of it is used, so that a
     * tampered or hand-edited card is refused with the field's name (instead of answering with
     * confidence 0 for a temperature of 0, or failing with an array error for an empty label list).
     */
    static void validate(JsonNode a, String where) throws MalformedModelException {
        intIn(a, "imageDim", 1, MAX_DIM, where);
        intIn(a, "backboneDim", 1, MAX_DIM, where);
        if (a.has("reviewPrecision")) {
            number(a, "reviewPrecision", where, 0, 1, false);
        }
        if (!a.path("inputs").isArray() || !a.path("tasks").isArray() || a.path("tasks").isEmpty()) {
            throw new MalformedModelException(where + ": 'inputs' must be an array and 'tasks' a non-empty array");
        }
        for (JsonNode f : a.path("inputs")) {
            String w = where + ".inputs[" + f.path("name").asText("?") + "]";
            text(f, "name", w);
            String kind = text(f, "kind", w).toUpperCase(Locale.ROOT);
            if (kind.equals("CATEGORICAL")) {
                nonEmptyStrings(f, "vocabulary", w);
            } else {
                try {
                    FieldKind.valueOf(kind);
                } catch (IllegalArgumentException e) {
                    throw new MalformedModelException(w + ".kind is '" + f.path("kind").asText() + "'; expected one of "
                            + java.util.Arrays.toString(FieldKind.values()).toLowerCase(Locale.ROOT));
                }
                // Every other kind is read through hashed character n-grams.
                intIn(f, "buckets", 1, MAX_BUCKETS, w);
                int min = intIn(f, "minChar", 1, 64, w);
                int max = intIn(f, "maxChar", 1, 64, w);
                if (min > max) {
                    throw new MalformedModelException(w + ".minChar " + min + " is above maxChar " + max);
                }
            }
        }
        for (JsonNode t : a.path("tasks")) {
            String w = where + ".tasks[" + t.path("name").asText("?") + "]";
            text(t, "name", w);
            String kind = text(t, "kind", w).toUpperCase(Locale.ROOT);
            int classes;
            if (kind.equals("CATEGORICAL")) {
                classes = nonEmptyStrings(t, "labels", w);
            } else if (kind.equals("DECADE") || kind.equals("CENTURY") || kind.equals("YEAR")) {
                intIn(t, "binWidth", 1, 10_000, w);
                intIn(t, "firstYear", -100_000, 100_000, w);
                classes = intIn(t, "bins", 1, MAX_BINS, w);
            } else {
                try {
                    TaskKind.valueOf(kind);
                } catch (IllegalArgumentException e) {
                    throw new MalformedModelException(w + ".kind is '" + t.path("kind").asText() + "'; expected one of "
                            + java.util.Arrays.toString(TaskKind.values()).toLowerCase(Locale.ROOT));
                }
                classes = t.has("labels") ? nonEmptyStrings(t, "labels", w) : intIn(t, "bins", 1, MAX_BINS, w);
            }
            JsonNode c = t.path("calibration");
            String cw = w + ".calibration";
            if (!c.isObject()) {
                throw new MalformedModelException(cw + " is missing");
            }
            number(c, "temperature", cw, 0, 1e6, true);
            if (c.has("decodedTemperature")) {
                number(c, "decodedTemperature", cw, 0, 1e6, true);
            }
            for (String list : List.of("thresholds", "precision", "coverage")) {
                JsonNode l = c.path(list);
                if (!l.isMissingNode() && !l.isArray()) {
                    throw new MalformedModelException(cw + "." + list + " must be an array of numbers");
                }
                for (JsonNode v : l) {
                    if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0 || v.asDouble() > 2) {
                        throw new MalformedModelException(cw + "." + list + " holds '" + v + "'; expected numbers in [0, 1]");
                    }
                }
            }
            if (classes < 1) {
                throw new MalformedModelException(w + " has no classes");
            }
        }
    }

    private static String text(JsonNode n, String field, String where) throws MalformedModelException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new MalformedModelException(where + "." + field + " is " + (v == null ? "missing" : "not a non-empty string"));
        }
        return v.asText();
    }

    private static int intIn(JsonNode n, String field, int min, int max, String where) throws MalformedModelException {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw new MalformedModelException(where + "." + field + " is " + (v == null ? "missing" : "'" + v + "'")
                    + "; expected a whole number from " + min + " to " + max);
        }
        return v.asInt();
    }

    private static double number(JsonNode n, String field, String where, double above, double max, boolean exclusive)
            throws MalformedModelException {
        JsonNode v = n.get(field);
        // NaN and Infinity arrive as text or non-finite numbers; both are refused.
        double d = v != null && v.isNumber() ? v.asDouble() : Double.NaN;
        boolean ok = Double.isFinite(d) && d > above && d <= max;
        if (!ok) {
            throw new MalformedModelException(where + "." + field + " is " + (v == null ? "missing" : "'" + v + "'")
                    + "; expected a finite number above " + above + " and at most " + max);
        }
        return d;
    }

    private static int nonEmptyStrings(JsonNode n, String field, String where) throws MalformedModelException {
        JsonNode v = n.get(field);
        if (v == null || !v.isArray() || v.isEmpty()) {
            throw new MalformedModelException(where + "." + field + " is " + (v == null ? "missing" : "empty or not a list")
                    + "; expected a non-empty list of strings");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode s : v) {
            if (!s.isTextual() || !seen.add(s.asText())) {
                throw new MalformedModelException(where + "." + field + " holds '" + s + "', which is not a string or"
                        + " appears twice");
            }
        }
        return v.size();
    }

    private static float[] floats(JsonNode n) {
        float[] f = new float[n.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) n.get(i).asDouble();
        }
        return f;
    }

    private static double[] doubles(JsonNode n) {
        double[] d = new double[n.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = n.get(i).asDouble();
        }
        return d;
    }

    private static List<String> strings(JsonNode n) {
        List<String> s = new ArrayList<>();
        n.forEach(v -> s.add(v.asText()));
        return s;
    }
}
