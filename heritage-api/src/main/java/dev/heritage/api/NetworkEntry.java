package dev.heritage.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A network inside a model directory: the file holding its graph (layers and how they connect) and,
 * per weight format id ({@code djl}, {@code onnx}, {@code savedmodel}), the file or directory of its
 * exported weights. Paths are relative to the model directory.
 *
 * <p>Immutable and thread-safe.
 *
 * @param graph relative path of the graph description (JSON)
 * @param formats relative path of the weights per format id
 */
public record NetworkEntry(String graph, Map<String, String> formats) {
    /** Validates and copies. */
    public NetworkEntry {
        Objects.requireNonNull(graph, "graph");
        formats = Collections.unmodifiableMap(new LinkedHashMap<>(formats));
    }
}
