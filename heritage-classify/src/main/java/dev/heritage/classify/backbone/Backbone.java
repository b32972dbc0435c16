package dev.heritage.classify.backbone;

import ai.djl.ndarray.NDManager;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelIntegrityException;
import dev.heritage.api.NetworkEntry;
import dev.heritage.api.engine.WeightFormat;
import dev.heritage.api.model.Digests;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelCards;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.djl.GraphBlock;
import dev.heritage.network.weights.QuantizedTensor;
import dev.heritage.network.weights.QuantizedWeights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A pretrained network whose files were checked against the SHA-256 digests of its model card: the
 * card, the graph, and the dequantised weights (keyed {@code node.role}, PyTorch layouts).
 *
 * <p>A backbone directory holds {@code model.json} (a card sealed by {@link ModelArtifact#seal}) with one
 * network whose weights are in the {@link QuantizedWeights} format under the format id
 * {@value NsfwjsConverter#FORMAT_ID}, plus any notice and licence files. Both factories read every file
 * the card lists into memory, compare its SHA-256 with the card, and parse only the verified bytes, so a
 * file cannot change between the check and its use. This is also how a backbone inside a jar is loaded:
 * class-path resources have no {@link Path}, and at about 3 MB the files are cheaper to hash from memory
 * than to copy to a cache directory first.
 *
 * <p>Immutable and thread-safe (the weight tensors follow {@link dev.heritage.api.engine.Tensor}'s
 * do-not-modify contract).
 *
 * @param card the verified model card
 * @param graph the network
 * @param weights the network's parameters, dequantised to float32
 * @param files the verified bytes of every file of the backbone, by relative path (do not modify)
 */
public record Backbone(ModelCard card, NetworkGraph graph, NetworkWeights weights, Map<String, byte[]> files) {

    /**
     * Validates.
     *
     * @param card the verified model card
     * @param graph the network
     * @param weights the network's parameters
     * @param files the verified bytes of every file
     */
    public Backbone {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(weights, "weights");
        files = Map.copyOf(files);
    }

    /**
     * @param relative a file's path relative to the backbone directory (e.g. {@code NOTICE})
     * @return its verified bytes (do not modify)
     * @throws IllegalArgumentException if the backbone has no such file
     */
    public byte[] file(String relative) {
        byte[] b = files.get(relative);
        if (b == null) {
            throw new IllegalArgumentException(
                    "Backbone '" + card.id() + "' has no file " + relative + "; it has " + files.keySet());
        }
        return b;
    }

    /** @return the stored (uint8-quantised) tensors, exactly as the weights file holds them */
    public List<QuantizedTensor> quantized() {
        String weightsFile =
                card.networks().values().iterator().next().formats().get(WeightFormat.PORTABLE.id());
        try {
            return QuantizedWeights.read(file(weightsFile), card.id() + "/" + weightsFile);
        } catch (IOException e) {
            throw new IllegalStateException("Verified weights could not be parsed again: " + e.getMessage(), e);
        }
    }

    /**
     * @param subNetwork a network made of this backbone's nodes (for example its feature graph, or part of it)
     * @return the stored tensors of that network's parameters, exactly as the weights file holds them
     */
    public List<QuantizedTensor> quantized(NetworkGraph subNetwork) {
        Set<String> keys = new HashSet<>(subNetwork.parameterKeys());
        return quantized().stream().filter(t -> keys.contains(t.name())).toList();
    }

    /** Reads a file of a backbone by its path relative to the backbone directory. */
    @FunctionalInterface
    interface Source {
        /**
         * @param relative a path relative to the backbone directory, with '/' separators
         * @return the file's bytes, or null if there is no such file
         * @throws IOException if it cannot be read
         */
        byte[] read(String relative) throws IOException;
    }

    /**
     * Loads a backbone from class-path resources.
     *
     * @param loader the class loader to read resources with
     * @param resourceDirectory the resource folder holding {@code model.json}, without leading or trailing '/'
     * @return the verified backbone
     * @throws MalformedModelException if a file is missing or malformed
     * @throws ModelIntegrityException if a file differs from its digest in the card
     */
    public static Backbone fromClassPath(ClassLoader loader, String resourceDirectory) throws MalformedModelException {
        String where = "classpath:" + resourceDirectory;
        return load(
                relative -> {
                    try (InputStream in = loader.getResourceAsStream(resourceDirectory + "/" + relative)) {
                        return in == null ? null : in.readAllBytes();
                    }
                },
                where);
    }

    /**
     * Loads a backbone from a directory, after {@link ModelArtifact#open(Path)} has checked it.
     *
     * @param directory a backbone directory
     * @return the verified backbone
     * @throws MalformedModelException if a file is missing or malformed
     * @throws ModelIntegrityException if a file differs from its digest in the card
     */
    public static Backbone fromDirectory(Path directory) throws MalformedModelException {
        ModelArtifact artifact = ModelArtifact.open(directory);
        return load(
                relative -> {
                    Path p = artifact.resolve(relative);
                    return Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
                },
                artifact.directory().toString());
    }

    /**
     * Reads, verifies and parses a backbone from any source.
     *
     * @param source reads files by relative path
     * @param where a name for messages
     * @return the verified backbone
     * @throws MalformedModelException if a file is missing or malformed
     * @throws ModelIntegrityException if a file differs from its digest in the card
     */
    static Backbone load(Source source, String where) throws MalformedModelException {
        byte[] cardBytes = read(source, ModelCards.FILE_NAME, where);
        ModelCard card =
                ModelCards.parse(new String(cardBytes, StandardCharsets.UTF_8), where + "/" + ModelCards.FILE_NAME);
        if (card.networks().size() != 1) {
            throw new MalformedModelException(where + ": a backbone card names exactly one network, this one names "
                    + card.networks().keySet());
        }
        Map.Entry<String, NetworkEntry> net =
                card.networks().entrySet().iterator().next();
        String graphFile = net.getValue().graph();
        String weightsFile = net.getValue().formats().get(WeightFormat.PORTABLE.id());
        if (weightsFile == null) {
            throw new MalformedModelException(
                    where + ": network '" + net.getKey() + "' has no '" + WeightFormat.PORTABLE.id()
                            + "' weights; it has " + net.getValue().formats().keySet());
        }
        byte[] graphBytes = null;
        byte[] weightBytes = null;
        Map<String, byte[]> verified = new LinkedHashMap<>();
        // Every listed file is verified, including notices, so a tampered directory is refused as a whole.
        for (Map.Entry<String, String> f : card.files().entrySet()) {
            String rel = f.getKey();
            requireSafe(rel, card, where);
            byte[] bytes = read(source, rel, where);
            String actual = Digests.sha256(bytes);
            if (!actual.equals(f.getValue())) {
                throw new ModelIntegrityException("Model '" + card.id() + "': file " + where + "/" + rel
                        + " does not match its SHA-256 in the card (expected " + f.getValue() + ", found " + actual
                        + "). It was changed, truncated or replaced; it is refused. Restore the original file.");
            }
            verified.put(rel, bytes);
            if (rel.equals(graphFile)) {
                graphBytes = bytes;
            }
            if (rel.equals(weightsFile)) {
                weightBytes = bytes;
            }
        }
        if (graphBytes == null || weightBytes == null) {
            throw new ModelIntegrityException("Model '" + card.id() + "' at " + where + ": network '" + net.getKey()
                    + "' uses " + (graphBytes == null ? graphFile : weightsFile)
                    + ", which has no SHA-256 in the card, so it cannot be trusted.");
        }
        try {
            NetworkGraph graph = NetworkGraph.fromJson(new String(graphBytes, StandardCharsets.UTF_8));
            NetworkWeights weights = NetworkWeights.of(
                    graph, QuantizedWeights.dequantize(QuantizedWeights.read(weightBytes, where + "/" + weightsFile)));
            return new Backbone(card, graph, weights, verified);
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedModelException("Model '" + card.id() + "' at " + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * Builds the network as a DJL block holding these weights, for inference or fine-tuning on the PyTorch
     * engine.
     *
     * @param manager the manager that will own the parameters
     * @return an initialised block with the pretrained weights
     */
    public GraphBlock newBlock(NDManager manager) {
        GraphBlock block = new GraphBlock(graph);
        block.initialize(manager);
        block.setWeights(weights.asMap());
        return block;
    }

    private static byte[] read(Source source, String rel, String where) throws MalformedModelException {
        byte[] b;
        try {
            b = source.read(rel);
        } catch (IOException e) {
            throw new MalformedModelException(where + ": cannot read " + rel + ": " + e.getMessage(), e);
        }
        if (b == null) {
            throw new MalformedModelException(where + ": file " + rel + " is missing. Restore the backbone from"
                    + " its source (scripts/convert-backbone.sh).");
        }
        return b;
    }

    private static void requireSafe(String rel, ModelCard card, String where) throws MalformedModelException {
        if (rel.isEmpty()
                || rel.startsWith("/")
                || rel.contains("\\")
                || rel.equals("..")
                || rel.startsWith("../")
                || rel.contains("/../")
                || rel.endsWith("/..")) {
            throw new MalformedModelException("Model '" + card.id() + "' at " + where + ": path '" + rel
                    + "' points outside the model directory; it is refused.");
        }
    }

    @Override
    public String toString() {
        return "Backbone[" + card.id() + " " + card.version() + ", "
                + graph.nodes().size() + " nodes, " + graph.parameterCount() + " parameters]";
    }
}
