package dev.heritage.djl;

import ai.djl.Application;
import ai.djl.MalformedModelException;
import ai.djl.engine.EngineException;
import ai.djl.repository.MRL;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.util.Progress;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.api.Device;
import dev.heritage.api.DeviceUnavailableException;
import dev.heritage.api.EngineNotFoundException;
import dev.heritage.api.HeritageException;
import dev.heritage.api.ModelCard;
import dev.heritage.api.Reconstruction;
import dev.heritage.api.Reconstructor;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.classify.Annotators;
import dev.heritage.inpaint.Reconstructors;
import dev.heritage.runtime.DjlSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads one Heritage model (an annotator or a reconstructor, by its Heritage id) for DJL's {@link Criteria}:
 * checks the criteria's types, maps its engine, device and arguments to Heritage's options, loads the model
 * through Heritage ({@link Annotators}, {@link Reconstructors}) with DJL's global settings left to the
 * application ({@link DjlSettings#leftToApplication}), and wraps it in a {@link ZooModel}.
 *
 * <p>Thread-safe and immutable; each {@code ZooModel} it returns is owned, and closed, by the caller.
 */
final class HeritageModelLoader implements ModelLoader {

    /** The criteria arguments an annotator takes ({@code Criteria.Builder.optArgument}). */
    static final Set<String> ANNOTATOR_ARGUMENTS = Set.of(
            "batchSize",
            "cpuFallback",
            "reviewPrecision",
            "explain",
            "mirrorAverage",
            "outsideThreshold",
            "trimBorders");

    private enum Kind {
        ANNOTATOR(Asset.class, AnnotationResult.class, HeritageModelZoo.ANNOTATION),
        RECONSTRUCTOR(ReconstructionRequest.class, Reconstruction.class, HeritageModelZoo.RECONSTRUCTION);

        final Class<?> input;
        final Class<?> output;
        final Application application;

        Kind(Class<?> input, Class<?> output, Application application) {
            this.input = input;
            this.output = output;
            this.application = application;
        }
    }

    private final Kind kind;
    private final String id;
    private final MRL mrl;

    private HeritageModelLoader(Kind kind, HeritageRepository repository, String id, String version) {
        this.kind = kind;
        this.id = id;
        this.mrl = MRL.model(
                repository, kind.application, HeritageModelZoo.GROUP_ID, id, version == null ? "0" : version, id);
    }

    static HeritageModelLoader annotator(HeritageRepository repository, String id, String version) {
        return new HeritageModelLoader(Kind.ANNOTATOR, repository, id, version);
    }

    static HeritageModelLoader reconstructor(HeritageRepository repository, String id, String version) {
        return new HeritageModelLoader(Kind.RECONSTRUCTOR, repository, id, version);
    }

    @Override
    public String getGroupId() {
        return HeritageModelZoo.GROUP_ID;
    }

    @Override
    public String getArtifactId() {
        return id;
    }

    @Override
    public Application getApplication() {
        return kind.application;
    }

    @Override
    public MRL getMrl() {
        return mrl;
    }

    @Override
    public <I, O> ZooModel<I, O> loadModel(Criteria<I, O> criteria)
            throws IOException, ModelNotFoundException, MalformedModelException {
        // Declined with DJL's ModelNotFoundException, so that criteria meant for another zoo move on to it.
        if (criteria.getInputClass() != kind.input || criteria.getOutputClass() != kind.output) {
            throw new ModelNotFoundException("Heritage's model '" + id + "' takes " + kind.input.getName()
                    + " and gives " + kind.output.getName() + "; the criteria ask for "
                    + criteria.getInputClass().getName() + " -> "
                    + criteria.getOutputClass().getName()
                    + ". Use setTypes(" + kind.input.getSimpleName() + ".class, " + kind.output.getSimpleName()
                    + ".class).");
        }
        HeritageModel<?, ?> model;
        try {
            model = kind == Kind.ANNOTATOR ? annotatorModel(criteria) : reconstructorModel(criteria);
        } catch (dev.heritage.api.ModelNotFoundException e) {
            throw new ModelNotFoundException(e.getMessage(), e);
        } catch (dev.heritage.api.MalformedModelException e) {
            throw new MalformedModelException(e.getMessage(), e);
        } catch (EngineNotFoundException | DeviceUnavailableException e) {
            throw new EngineException(e.getMessage(), e);
        } catch (HeritageException e) {
            throw new IOException("Heritage's model '" + id + "' cannot be loaded: " + e.getMessage(), e);
        }
        @SuppressWarnings("unchecked") // the types were checked above
        ZooModel<I, O> typed = (ZooModel<I, O>) model.toZooModel();
        return typed;
    }

    private HeritageModel<Asset, AnnotationResult> annotatorModel(Criteria<?, ?> criteria) throws HeritageException {
        AnnotatorOptions options = annotatorOptions(criteria);
        Annotator annotator = DjlSettings.leftToApplication(() -> Annotators.load(id, options));
        return new HeritageModel<>(
                id,
                annotator.card(),
                Asset.class,
                AnnotationResult.class,
                new HeritageModel.Inference<>() {
                    @Override
                    public AnnotationResult one(Asset asset) throws HeritageException {
                        return annotator.annotate(asset);
                    }

                    @Override
                    public List<AnnotationResult> many(List<Asset> assets) throws HeritageException {
                        return annotator.annotate(assets);
                    }
                },
                annotator);
    }

    private HeritageModel<ReconstructionRequest, Reconstruction> reconstructorModel(Criteria<?, ?> criteria)
            throws HeritageException {
        if (!arguments(criteria).isEmpty()) {
            throw new IllegalArgumentException("Heritage's reconstructor '" + id + "' takes no criteria arguments; got "
                    + new TreeSet<>(arguments(criteria).keySet()) + ". Remove the optArgument calls.");
        }
        if (criteria.getDevice() != null && !isCpu(criteria.getDevice())) {
            throw new DeviceUnavailableException("Heritage's reconstructors run on the CPU; the criteria ask for "
                    + criteria.getDevice() + ". Leave optDevice out, or pass Device.cpu().");
        }
        String engine = HeritageModelZoo.heritageEngineName(criteria.getEngine());
        Reconstructor reconstructor = DjlSettings.leftToApplication(() -> Reconstructors.load(id, engine));
        ModelCard card = ModelZoos.models().stream()
                .filter(c -> c.id().equals(id))
                .findFirst()
                .orElse(null);
        return new HeritageModel<>(
                id,
                card,
                ReconstructionRequest.class,
                Reconstruction.class,
                new HeritageModel.Inference<>() {
                    @Override
                    public Reconstruction one(ReconstructionRequest request) throws HeritageException {
                        return reconstructor.reconstruct(request.image(), request.mask());
                    }

                    @Override
                    public List<Reconstruction> many(List<ReconstructionRequest> requests) throws HeritageException {
                        List<Reconstruction> out = new ArrayList<>(requests.size());
                        for (ReconstructionRequest request : requests) {
                            out.add(one(request));
                        }
                        return out;
                    }
                },
                reconstructor);
    }

    /** The annotator's options from the criteria's engine, device and arguments. */
    static AnnotatorOptions annotatorOptions(Criteria<?, ?> criteria) {
        AnnotatorOptions.Builder options = AnnotatorOptions.builder()
                .engine(HeritageModelZoo.heritageEngineName(criteria.getEngine()))
                .device(heritageDevice(criteria.getDevice()));
        for (Map.Entry<String, Object> argument : arguments(criteria).entrySet()) {
            String value = String.valueOf(argument.getValue()).strip();
            switch (argument.getKey()) {
                case "batchSize" -> options.optBatchSize(Integer.parseInt(value));
                case "cpuFallback" -> options.optCpuFallback(bool(argument.getKey(), value));
                case "reviewPrecision" -> options.optReviewPrecision(Double.parseDouble(value));
                case "explain" -> options.optExplain(bool(argument.getKey(), value));
                case "mirrorAverage" -> options.optMirrorAverage(bool(argument.getKey(), value));
                case "outsideThreshold" -> options.optOutsideThreshold(Double.parseDouble(value));
                case "trimBorders" -> options.optTrimBorders(bool(argument.getKey(), value));
                default ->
                    throw new IllegalArgumentException("Unknown criteria argument '" + argument.getKey()
                            + "' for a Heritage annotator. Known arguments: " + new TreeSet<>(ANNOTATOR_ARGUMENTS)
                            + ".");
            }
        }
        return options.build();
    }

    /** DJL's criteria have no argument map until optArgument is called. */
    private static Map<String, Object> arguments(Criteria<?, ?> criteria) {
        return criteria.getArguments() == null ? Map.of() : criteria.getArguments();
    }

    private static boolean bool(String name, String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException(
                "Criteria argument '" + name + "' must be true or false, got '" + value + "'.");
    }

    /** DJL's device as Heritage's: DJL's GPU n is CUDA device n; none means the CPU. */
    static Device heritageDevice(ai.djl.Device device) {
        if (device == null || isCpu(device)) {
            return Device.cpu();
        }
        if (device.isGpu()) {
            return Device.cuda(device.getDeviceId());
        }
        throw new IllegalArgumentException("Heritage runs on the CPU or a CUDA GPU; the criteria ask for " + device
                + ". Use Device.cpu() or Device.gpu(n).");
    }

    private static boolean isCpu(ai.djl.Device device) {
        return ai.djl.Device.Type.CPU.equals(device.getDeviceType());
    }

    /** Heritage's models are on the class path or not at all: nothing is downloaded. */
    @Override
    public <I, O> boolean isDownloaded(Criteria<I, O> criteria) {
        return Reconstructors.classicalNames().contains(id)
                || ModelZoos.models().stream().anyMatch(c -> c.id().equals(id));
    }

    /**
     * Downloads nothing: Heritage's models come from jars on the class path.
     *
     * @throws ModelNotFoundException if this model's jar is absent, naming the Maven artifact to add
     */
    @Override
    public <I, O> void downloadModel(Criteria<I, O> criteria, Progress progress) throws ModelNotFoundException {
        if (!isDownloaded(criteria)) {
            try {
                ModelZoos.open(id); // fails, naming the artifact that carries the model
            } catch (HeritageException e) {
                throw new ModelNotFoundException("Heritage downloads no model: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return HeritageModelZoo.GROUP_ID + ":" + id + " (" + kind.input.getSimpleName() + " -> "
                + kind.output.getSimpleName() + ")";
    }
}
