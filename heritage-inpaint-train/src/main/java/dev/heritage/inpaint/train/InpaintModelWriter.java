package dev.heritage.inpaint.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import dev.heritage.api.HeritageVersion;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelKind;
import dev.heritage.api.NetworkEntry;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelCards;
import dev.heritage.inpaint.Clustering;
import dev.heritage.inpaint.GatedUNet;
import dev.heritage.inpaint.ImageDescriptors;
import dev.heritage.inpaint.LearnedReconstructor;
import dev.heritage.inpaint.NetworkInpainter;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.djl.GraphBlock;
import dev.heritage.network.export.NetworkExporter;
import dev.heritage.runtime.HeritageCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a trained inpainter as a model directory (docs/ARCHITECTURE.md, model artifacts): the network exported in every engine's
 * format at the inference patch size, the cluster centres in {@code extras/} for a clustered model, and
 * a card ({@code kind: reconstructor}) with the architecture, provenance (data, licence, seed, split),
 * training configuration and curves, sealed with the SHA-256 of every file.
 *
 * <p>Exporting builds the network in Deep Java Library, so the PyTorch engine must be on the class path
 * ({@code dev.heritage:heritage-engine-pytorch}). Stateless and thread-safe.
 */
public final class InpaintModelWriter {
    /** The default inference patch side, in pixels. */
    public static final int DEFAULT_PATCH = 256;
    /** The default overlap of neighbouring patches, in pixels. */
    public static final int DEFAULT_OVERLAP = 32;

    private InpaintModelWriter() {}

    /**
     * What the card says about a model besides the trained network. Immutable and thread-safe.
     *
     * @param id the model id
     * @param version the model version
     * @param description a paragraph for people
     * @param provenance training data, licence and split (plain JSON values)
     * @param phases the training configuration of each phase (plain JSON values)
     * @param curves the validation curve of each phase
     */
    public record Description(
            String id,
            String version,
            String description,
            Map<String, Object> provenance,
            List<Map<String, Object>> phases,
            List<List<InpaintTrainer.Point>> curves) {
        /** Validates and copies. */
        public Description {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(description, "description");
            provenance = Map.copyOf(provenance);
            phases = List.copyOf(phases);
            curves = List.copyOf(curves);
        }
    }

    /**
     * Writes a model directory with the default patch size.
     *
     * @param directory the model directory (created; files already there are replaced)
     * @param description the card's text and provenance
     * @param trained the trained network
     * @param clustering the clusters for a clustered model (the network must have one condition channel per
     *     cluster), or {@code null} for a plain learned model
     * @return the sealed, verified model
     * @throws IOException if a file cannot be written
     */
    public static ModelArtifact write(
            Path directory, Description description, InpaintTrainer.Result trained, Clustering clustering)
            throws IOException {
        return write(
                directory,
                description,
                trained.architecture(),
                trained.weights(),
                clustering,
                DEFAULT_PATCH,
                DEFAULT_OVERLAP,
                trainingSection(trained));
    }

    /**
     * Writes a model directory.
     *
     * @param directory the model directory (created; files already there are replaced)
     * @param description the card's text and provenance
     * @param architecture the network
     * @param weights its weights (of a graph of any size: they do not depend on it)
     * @param clustering the clusters for a clustered model, or {@code null}
     * @param patch the inference patch side, a multiple of the network's down-sampling
     * @param overlap the overlap of neighbouring patches, in [0, patch / 2]
     * @param training the card's training section (plain JSON values)
     * @return the sealed, verified model
     * @throws IOException if a file cannot be written
     */
    public static ModelArtifact write(
            Path directory,
            Description description,
            GatedUNet architecture,
            NetworkWeights weights,
            Clustering clustering,
            int patch,
            int overlap,
            Map<String, Object> training)
            throws IOException {
        if (clustering != null && clustering.k() != architecture.conditionChannels()) {
            throw new IllegalArgumentException(
                    clustering.k() + " clusters but " + architecture.conditionChannels() + " condition channels");
        }
        if (overlap < 0 || 2 * overlap > patch) {
            throw new IllegalArgumentException("overlap must be in [0, patch/2], got " + overlap);
        }
        Files.createDirectories(directory);
        NetworkGraph graph = architecture.graph(patch, patch);
        NetworkWeights sized = NetworkWeights.of(graph, weights.asMap());
        HeritageCache.configureDjl();
        NetworkEntry entry;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            GraphBlock block = GraphBlock.of(graph, sized, manager);
            entry = NetworkExporter.export(block, directory, NetworkInpainter.NETWORK, NetworkExporter.allFormats());
        }
        Map<String, Object> arch = new LinkedHashMap<>(architecture.toCard());
        arch.put("parameters", graph.parameterCount());
        arch.put("multiplyAccumulatesPer128Tile", GatedUNet.multiplyAccumulates(architecture.graph(128, 128)));
        arch.put("multiplyAccumulatesPerPatch", GatedUNet.multiplyAccumulates(graph));
        arch.put("gating", "relu(conv_f(x)) * sigmoid(conv_g(x)) in every hidden layer");
        Map<String, Object> inference = new LinkedHashMap<>();
        inference.put("input", GatedUNet.INPUT);
        inference.put("inputChannels", List.of("R", "G", "B", "mask"));
        inference.put("conditionChannels", architecture.conditionChannels());
        inference.put("output", GatedUNet.OUTPUT);
        inference.put("range", "[0, 1] in and out; damaged pixels zeroed; mask 1 = damaged");
        inference.put("patch", patch);
        inference.put("overlap", overlap);
        inference.put("padding", "mirror");
        ModelCard.Builder card = ModelCard.builder(description.id(), ModelKind.RECONSTRUCTOR)
                .version(description.version())
                .description(description.description())
                .licence("Weights: research and educational use, following the training data's terms. Training data:"
                        + " WikiArt images are for non-commercial research and educational use only.")
                .network(NetworkInpainter.NETWORK, entry)
                .property("method", clustering == null ? LearnedReconstructor.METHOD : "clustered")
                .property("architecture", arch)
                .property("inference", inference)
                .property("provenance", description.provenance());
        if (clustering != null) {
            Path extras = Files.createDirectories(directory.resolve("extras"));
            clustering.write(extras.resolve(Clustering.FILE_NAME));
            Map<String, Object> clusters = new LinkedHashMap<>();
            clusters.put("k", clustering.k());
            clusters.put("file", "extras/" + Clustering.FILE_NAME);
            clusters.put("algorithm", "k-means++ with Lloyd iterations, standardised descriptors, seeded restarts");
            clusters.put("descriptor", ImageDescriptors.names());
            clusters.put("sizes", Arrays.stream(clustering.sizes()).boxed().toList());
            clusters.put("routing", "nearest centroid of the image's descriptor over intact pixels only");
            card.property("clusters", clusters);
        }
        card.property("libraries", Map.of("heritage", HeritageVersion.get(), "djl", djlVersion()));
        Map<String, Object> t = new LinkedHashMap<>(training);
        t.put("phases", description.phases());
        t.put(
                "curves",
                description.curves().stream()
                        .map(c -> c.stream().map(InpaintTrainer.Point::toCard).toList())
                        .toList());
        card.property("training", t);
        return ModelArtifact.seal(directory, card.build());
    }

    /**
     * Adds (or replaces) a section of a model's card and seals it again.
     *
     * @param directory the model directory
     * @param key the section's name (e.g. {@code metrics})
     * @param value plain JSON values
     * @return the sealed, verified model
     * @throws IOException if the card cannot be written
     * @throws MalformedModelException if the card cannot be read
     */
    public static ModelArtifact putProperty(Path directory, String key, Object value)
            throws IOException, MalformedModelException {
        ModelCard card = ModelCards.read(directory.resolve(ModelCards.FILE_NAME));
        return ModelArtifact.seal(
                directory, card.toBuilder().property(key, value).build());
    }

    private static Map<String, Object> trainingSection(InpaintTrainer.Result trained) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trainer", "dev.heritage.inpaint.train.InpaintTrainer (DJL on PyTorch, CPU)");
        m.put("bestStep", trained.bestStep());
        m.put("stepsDone", trained.stepsDone());
        m.put("secondsLastPhase", Math.round(trained.seconds()));
        return m;
    }

    private static String djlVersion() {
        Package p = Model.class.getPackage();
        return p == null || p.getImplementationVersion() == null ? "unknown" : p.getImplementationVersion();
    }
}
