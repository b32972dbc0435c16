package dev.heritage.api.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The on-disk formats a network is exported to. The identifier is what the model card stores.
 *
 * <p>Immutable and thread-safe.
 */
public enum WeightFormat {
    /** Deep Java Library parameters ({@code .params}) plus the network graph, run by PyTorch. */
    DJL_PARAMS("djl"),
    /** An ONNX model ({@code .onnx}). */
    ONNX("onnx"),
    /** A TensorFlow SavedModel directory. */
    TF_SAVED_MODEL("savedmodel"),
    /**
     * Heritage's portable weights ({@code .hqw}: float32, or uint8 with a per-tensor affine map) plus
     * the network graph. Every engine can run it: an engine without its own format in a model derives
     * it from these weights, with the same exporters, into Heritage's cache on first load.
     */
    PORTABLE("portable");

    private final String id;

    WeightFormat(String id) {
        this.id = id;
    }

    /** @return the identifier stored in model cards */
    public String id() {
        return id;
    }

    /**
     * @param id an identifier as stored in model cards
     * @return the format
     * @throws IllegalArgumentException naming the known identifiers
     */
    public static WeightFormat fromId(String id) {
        String t = id.trim().toLowerCase(Locale.ROOT);
        for (WeightFormat f : values()) {
            if (f.id.equals(t)) {
                return f;
            }
        }
        throw new IllegalArgumentException("Unknown weight format '" + id + "': known formats are "
                + Arrays.stream(values()).map(WeightFormat::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
