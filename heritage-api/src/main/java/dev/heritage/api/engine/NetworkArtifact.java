package dev.heritage.api.engine;

import dev.heritage.api.NetworkEntry;
import dev.heritage.api.model.ModelArtifact;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One network of a verified model directory, handed to an {@link EngineProvider} to load.
 *
 * <p>Immutable and thread-safe.
 *
 * @param model the model (its files already checked against the card's SHA-256 digests)
 * @param name the network's name within the model (e.g. {@code main})
 */
public record NetworkArtifact(ModelArtifact model, String name) {
    /** Validates. */
    public NetworkArtifact {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(name, "name");
    }

    /** @return the card's entry for this network */
    public NetworkEntry entry() {
        return model.network(name);
    }

    /**
     * @param format a weight format
     * @return the absolute path of this network's file (or directory) in that format
     * @throws IllegalArgumentException if the network was not exported to that format
     */
    public Path path(WeightFormat format) {
        String relative = entry().formats().get(format.id());
        if (relative == null) {
            throw new IllegalArgumentException(
                    "Network '" + name + "' of model '" + model.card().id() + "' has no " + format.id()
                            + " weights; it has " + entry().formats().keySet());
        }
        return model.resolve(relative);
    }

    /** @return the path of the network's graph description (JSON) */
    public Path graphPath() {
        return model.resolve(entry().graph());
    }
}
