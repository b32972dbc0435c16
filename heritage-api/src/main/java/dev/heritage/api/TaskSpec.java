package dev.heritage.api;

import java.util.List;
import java.util.Objects;

/**
 * One prediction task of a model: a field name and the labels its head chooses from, in the order
 * of the network's output.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the field the task predicts (e.g. {@code style}, {@code decade})
 * @param labels the classes, in output order
 */
public record TaskSpec(String name, List<String> labels) {
    /** Validates and copies. */
    public TaskSpec {
        Objects.requireNonNull(name, "name");
        labels = List.copyOf(labels);
    }
}
