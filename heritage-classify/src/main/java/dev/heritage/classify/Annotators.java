package dev.heritage.classify;

import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.EngineNotFoundException;
import dev.heritage.api.HeritageException;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.api.engine.Engines;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelZoos;

/**
 * Loads annotators by zoo id or model directory. Thread-safe.
 *
 * <pre>{@code
 * try (Annotator a = Annotators.load("paintings-multitask",
 *         AnnotatorOptions.builder().engine("onnxruntime").build())) {
 *     AnnotationResult r = a.annotate(asset);
 * }
 * }</pre>
 */
public final class Annotators {
    private Annotators() {}

    /**
     * @param idOrDirectory a zoo id or a model directory
     * @param options engine, device, batch size, review precision
     * @return the annotator; the caller closes it
     * @throws HeritageException if the model cannot be found, verified or loaded
     */
    public static Annotator load(String idOrDirectory, AnnotatorOptions options) throws HeritageException {
        return load(ModelZoos.open(idOrDirectory), options);
    }

    /**
     * @param artifact a verified model
     * @param options engine, device, batch size, review precision
     * @return the annotator; the caller closes it
     * @throws HeritageException if the model cannot be loaded
     */
    public static Annotator load(ModelArtifact artifact, AnnotatorOptions options) throws HeritageException {
        return HeritageAnnotator.load(artifact, engine(options.engine()), options);
    }

    /**
     * The engine an annotator loaded with {@link AnnotatorOptions#engine()} {@code == name} runs on.
     *
     * @param name an engine name, or {@code null} for {@link Engines#defaultEngine() the default}
     * @return the engine
     * @throws EngineNotFoundException if the engine is unknown or absent
     */
    public static EngineProvider engine(String name) throws EngineNotFoundException {
        return Engines.resolve(name);
    }
}
