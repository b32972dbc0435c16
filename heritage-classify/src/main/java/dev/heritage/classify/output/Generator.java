package dev.heritage.classify.output;

import dev.heritage.api.HeritageVersion;
import dev.heritage.api.ModelCard;
import java.util.Objects;

/**
 * What produced a set of annotations: the model (id and version), the engine that ran it (name and
 * version) and the Heritage version. Written into every output that has room for provenance (the
 * {@code generator} of a Web Annotation).
 *
 * <p>Immutable and thread-safe.
 *
 * @param modelId the model id, e.g. {@code paintings-multitask}
 * @param modelVersion the model's version, e.g. {@code 1.0.0}
 * @param engine the engine name, e.g. {@code onnxruntime}
 * @param engineVersion the engine's version, e.g. {@code 1.21.1}
 * @param softwareVersion the Heritage version
 */
public record Generator(
        String modelId, String modelVersion, String engine, String engineVersion, String softwareVersion) {
    /** Validates. */
    public Generator {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(engineVersion, "engineVersion");
        Objects.requireNonNull(softwareVersion, "softwareVersion");
    }

    /**
     * @param card the model's card
     * @param engine the engine name
     * @param engineVersion the engine version
     * @return the generator of results of that model on that engine, with this Heritage's version
     */
    public static Generator of(ModelCard card, String engine, String engineVersion) {
        return new Generator(card.id(), card.version(), engine, engineVersion, HeritageVersion.get());
    }

    /** @return one line for people, e.g. {@code paintings-multitask 1.0.0 on onnxruntime 1.21.1 (Heritage 0.1.0)} */
    public String describe() {
        return modelId + " " + modelVersion + " on " + engine + " " + engineVersion + " (Heritage " + softwareVersion
                + ")";
    }
}
