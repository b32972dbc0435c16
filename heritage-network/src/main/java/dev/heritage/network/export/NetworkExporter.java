package dev.heritage.network.export;

import dev.heritage.api.NetworkEntry;
import dev.heritage.api.engine.WeightFormat;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.djl.DjlParams;
import dev.heritage.network.djl.GraphBlock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Exports a trained network into a model directory in every requested weight format, with its
 * graph beside the weights, and returns the card entry that points at them. The single entry point
 * for writing networks; each format has one writer ({@link DjlParams}, {@link OnnxExporter},
 * {@link SavedModelExporter}).
 *
 * <p>Layout, relative to the model directory: {@code weights/NAME.graph.json},
 * {@code weights/NAME.params}, {@code weights/NAME.onnx}, {@code weights/NAME.savedmodel/}.
 *
 * <p>Stateless and thread-safe (the block must not be trained while it is exported).
 */
public final class NetworkExporter {
    private NetworkExporter() {}

    /** @return the engines' own formats: DJL parameters, ONNX and SavedModel */
    public static Set<WeightFormat> allFormats() {
        return EnumSet.of(WeightFormat.DJL_PARAMS, WeightFormat.ONNX, WeightFormat.TF_SAVED_MODEL);
    }

    /**
     * @param block the trained network
     * @param modelDirectory the model directory (created if needed)
     * @param name the network's name within the model
     * @param formats the formats to write
     * @return the card entry for the network
     * @throws IOException if a file cannot be written
     */
    public static NetworkEntry export(GraphBlock block, Path modelDirectory, String name, Set<WeightFormat> formats)
            throws IOException {
        NetworkGraph graph = block.graph();
        Path weightsDir = Files.createDirectories(modelDirectory.resolve("weights"));
        String graphFile = "weights/" + name + ".graph.json";
        Files.writeString(modelDirectory.resolve(graphFile), graph.toJson());
        NetworkWeights weights = block.weights();
        Map<String, String> written = new LinkedHashMap<>();
        for (WeightFormat f : formats) {
            switch (f) {
                case DJL_PARAMS -> {
                    DjlParams.write(block, weightsDir.resolve(name + ".params"));
                    written.put(f.id(), "weights/" + name + ".params");
                }
                case ONNX -> {
                    OnnxExporter.write(graph, weights, weightsDir.resolve(name + ".onnx"));
                    written.put(f.id(), "weights/" + name + ".onnx");
                }
                case TF_SAVED_MODEL -> {
                    SavedModelExporter.write(graph, weights, weightsDir.resolve(name + ".savedmodel"));
                    written.put(f.id(), "weights/" + name + ".savedmodel");
                }
                default -> throw new IllegalArgumentException("Unknown format " + f);
            }
        }
        return new NetworkEntry(graphFile, written);
    }
}
