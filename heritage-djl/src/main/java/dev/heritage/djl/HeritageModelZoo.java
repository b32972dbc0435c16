package dev.heritage.djl;

import ai.djl.Application;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelZoo;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelKind;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.api.engine.Engines;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.inpaint.Reconstructors;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Heritage's models as a Deep Java Library model zoo, group id {@value #GROUP_ID}: one model loader per
 * annotator and reconstructor of Heritage's own zoo on the class path ({@link ModelZoos}), plus the
 * classical reconstructors ({@code telea}, {@code ns}, {@code exemplar}), each under its Heritage id as
 * artifact id. The zoo models Heritage publishes ({@code paintings-multitask}, {@code paintings-inpaint}) are
 * listed even when their artifact is absent, so that asking for one says which Maven artifact to add.
 *
 * <p>Annotators take {@link dev.heritage.api.Asset} and give {@link dev.heritage.api.AnnotationResult}
 * (application {@link #ANNOTATION}); reconstructors take {@link ReconstructionRequest} and give
 * {@link dev.heritage.api.Reconstruction} (application {@link #RECONSTRUCTION}). Criteria with other types
 * are declined, so DJL moves on to the other zoos.
 *
 * <p>Thread-safe. The loaders are listed once, on first use, not when DJL creates the zoo (which every DJL
 * application that uses a model zoo does). Owns nothing to close: each {@code ZooModel} it loads is closed
 * by whoever loaded it.
 */
public final class HeritageModelZoo extends ModelZoo {
    /** The group id to name in {@code Criteria.optGroupId}: {@value}. */
    public static final String GROUP_ID = "dev.heritage";
    /** The application of Heritage's annotators: predicting an object's missing metadata. */
    public static final Application ANNOTATION = Application.of("heritage/annotation");
    /** The application of Heritage's reconstructors: filling damaged pixels. */
    public static final Application RECONSTRUCTION = Application.CV.IMAGE_ENHANCEMENT;

    /** Heritage's published zoo models, listed even without their artifact (the message names it). */
    private static final Map<String, ModelKind> PUBLISHED = Map.of(
            "paintings-multitask", ModelKind.ANNOTATOR,
            "paintings-inpaint", ModelKind.RECONSTRUCTOR);

    /** DJL's engine names of Heritage's engines (Heritage's names are these in lower case). */
    private static final Map<String, String> DJL_ENGINE_NAMES =
            Map.of("pytorch", "PyTorch", "onnxruntime", "OnnxRuntime", "tensorflow", "TensorFlow");

    private volatile Map<String, ModelLoader> loaders;

    /** A zoo; what it offers is read from the class path on first use. */
    public HeritageModelZoo() {}

    @Override
    public String getGroupId() {
        return GROUP_ID;
    }

    @Override
    public Collection<ModelLoader> getModelLoaders() {
        return loaders().values();
    }

    @Override
    public ModelLoader getModelLoader(String name) {
        return loaders().get(name);
    }

    /**
     * DJL's names of the Heritage engines on the class path ({@code OnnxRuntime}, {@code PyTorch},
     * {@code TensorFlow}); {@code Criteria.optEngine} with one of them runs Heritage's networks on it.
     */
    @Override
    public Set<String> getSupportedEngines() {
        Set<String> names = new LinkedHashSet<>();
        for (EngineProvider engine : Engines.available()) {
            names.add(DJL_ENGINE_NAMES.getOrDefault(engine.name(), engine.name()));
        }
        return names;
    }

    /**
     * @param djlEngineName an engine as DJL names it ({@code OnnxRuntime}), or {@code null}
     * @return Heritage's name of it ({@code onnxruntime}), or {@code null} for Heritage's default engine
     */
    static String heritageEngineName(String djlEngineName) {
        return djlEngineName == null || djlEngineName.isBlank()
                ? null
                : djlEngineName.strip().toLowerCase(Locale.ROOT);
    }

    private Map<String, ModelLoader> loaders() {
        Map<String, ModelLoader> found = loaders;
        if (found == null) {
            synchronized (this) {
                found = loaders;
                if (found == null) {
                    found = listLoaders();
                    loaders = found;
                }
            }
        }
        return found;
    }

    private static Map<String, ModelLoader> listLoaders() {
        HeritageRepository repository = new HeritageRepository();
        Map<String, ModelLoader> list = new LinkedHashMap<>();
        for (ModelCard card : ModelZoos.models()) {
            if (card.kind() == ModelKind.ANNOTATOR) {
                list.putIfAbsent(card.id(), HeritageModelLoader.annotator(repository, card.id(), card.version()));
            } else if (card.kind() == ModelKind.RECONSTRUCTOR) {
                list.putIfAbsent(card.id(), HeritageModelLoader.reconstructor(repository, card.id(), card.version()));
            }
        }
        PUBLISHED.forEach((id, kind) -> list.computeIfAbsent(
                id,
                absent -> kind == ModelKind.ANNOTATOR
                        ? HeritageModelLoader.annotator(repository, id, null)
                        : HeritageModelLoader.reconstructor(repository, id, null)));
        for (String method : Reconstructors.classicalNames()) {
            list.putIfAbsent(method, HeritageModelLoader.reconstructor(repository, method, null));
        }
        return Collections.unmodifiableMap(list);
    }
}
