package dev.heritage.classify.fusion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.Device;
import dev.heritage.api.HeritageException;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.NetworkArtifact;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.classify.model.AnnotatorModel;
import dev.heritage.classify.model.AnnotatorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * How an annotator model fuses its evidence, and the loading of its head accordingly: early fusion
 * (one head network, {@value AnnotatorModel#HEAD}) or late fusion (an image network
 * {@value #IMAGE_HEAD}, a text network {@value #TEXT_HEAD}, the known-fields classifier and one
 * XGBoost model per task, described by {@value #FILE}).
 *
 * <p>Stateless and thread-safe.
 */
public final class LateFusion {
    /** The late-fusion description in a model directory. */
    public static final String FILE = "extras/late-fusion.json";
    /** The image classifier's network. */
    public static final String IMAGE_HEAD = "head_image";
    /** The text classifier's network. */
    public static final String TEXT_HEAD = "head_text";
    /** The fusion library, for cards and listings. */
    public static final String LIBRARY = "XGBoost4J " + xgboostVersion() + " (gradient-boosted trees, in the JVM)";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LateFusion() {}

    /**
     * @param artifact a model
     * @return whether it is a late-fusion annotator
     */
    public static boolean isLate(ModelArtifact artifact) {
        return artifact.card().networks().containsKey(IMAGE_HEAD);
    }

    /**
     * Loads the head of an annotator model: the early-fusion network, or the late-fusion ensemble.
     *
     * @param artifact the model
     * @param model the annotator model read from it
     * @param engine the engine that runs the networks
     * @param device the device
     * @return the head; the caller closes it
     * @throws HeritageException if a network or a fusion model cannot be loaded
     */
    public static LoadedNetwork loadHead(
            ModelArtifact artifact, AnnotatorModel model, EngineProvider engine, Device device)
            throws HeritageException {
        if (!isLate(artifact)) {
            return engine.load(new NetworkArtifact(artifact, AnnotatorModel.HEAD), device);
        }
        JsonNode json;
        try {
            json = JSON.readTree(artifact.resolve(FILE).toFile());
        } catch (IOException | RuntimeException e) {
            throw new MalformedModelException(
                    "Model '" + artifact.card().id() + "': " + FILE + " cannot be read (" + e.getMessage()
                            + "). Re-export the model with 'heritage train'.",
                    e);
        }
        AnnotatorSpec spec = model.spec();
        FieldPriors priors = JSON.convertValue(json.path("priors"), FieldPriors.class);
        Map<String, Integer> candidates = new LinkedHashMap<>();
        json.path("candidates")
                .fields()
                .forEachRemaining(e -> candidates.put(e.getKey(), e.getValue().asInt()));
        Map<String, Booster> boosters = new LinkedHashMap<>();
        LoadedNetwork image = null;
        LoadedNetwork text = null;
        try {
            for (var e : (Iterable<Map.Entry<String, JsonNode>>)
                    () -> json.path("boosters").fields()) {
                Path file = artifact.resolve(e.getValue().asText());
                boosters.put(e.getKey(), XGBoost.loadModel(Files.readAllBytes(file)));
            }
            image = engine.load(new NetworkArtifact(artifact, IMAGE_HEAD), device);
            if (artifact.card().networks().containsKey(TEXT_HEAD)) {
                text = engine.load(new NetworkArtifact(artifact, TEXT_HEAD), device);
            }
            return new LateFusionHead(spec, image, text, priors, boosters, candidates);
        } catch (XGBoostError | IOException e) {
            boosters.values().forEach(Booster::dispose);
            if (image != null) {
                image.close();
            }
            if (text != null) {
                text.close();
            }
            throw new MalformedModelException(
                    "Model '" + artifact.card().id() + "': a late-fusion model cannot be " + "loaded (" + e.getMessage()
                            + ").",
                    e);
        }
    }

    /**
     * Writes the fusion models and the description into a model directory.
     *
     * @param dir the model directory
     * @param priors the known-fields classifier
     * @param boosters per task, the XGBoost model (JSON bytes)
     * @param candidates per task, the most candidates
     * @return the card's description of the fusion
     * @throws IOException if files cannot be written
     */
    public static Map<String, Object> write(
            Path dir, FieldPriors priors, Map<String, byte[]> boosters, Map<String, Integer> candidates)
            throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, String> files = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : boosters.entrySet()) {
            String file = "extras/fusion-" + e.getKey() + ".json";
            Files.createDirectories(dir.resolve(file).getParent());
            Files.write(dir.resolve(file), e.getValue());
            files.put(e.getKey(), file);
        }
        json.put("boosters", files);
        json.put("candidates", candidates);
        json.put("priors", priors);
        json.put("library", LIBRARY);
        Files.writeString(dir.resolve(FILE), JSON.writeValueAsString(json));
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("mode", "late");
        card.put(
                "runsOnEngine",
                "the image and text classifiers (networks " + IMAGE_HEAD + ", " + TEXT_HEAD
                        + ") and the backbone, on every engine");
        card.put(
                "runsInJvm",
                "the known-fields classifier and the per-task fusion models: " + LIBRARY
                        + "; natives for Linux x86_64/aarch64, macOS and Windows x86_64 inside its jar");
        return card;
    }

    private static String xgboostVersion() {
        Package p = XGBoost.class.getPackage();
        return p != null && p.getImplementationVersion() != null ? p.getImplementationVersion() : "3.0.4";
    }
}
