package dev.heritage.api.model;

import dev.heritage.api.HeritageException;
import dev.heritage.api.ModelCard;
import java.util.List;

/**
 * The service-provider interface of a model zoo: a source of ready-made models looked up by id.
 * A jar contributes a zoo by registering an implementation in
 * {@code META-INF/services/dev.heritage.api.model.ModelZoo}; callers use {@link ModelZoos}.
 *
 * <p>Implementations are thread-safe.
 */
public interface ModelZoo {

    /** @return the zoo's name, for listings */
    String name();

    /** @return the cards of the models this zoo holds */
    List<ModelCard> models();

    /**
     * Makes a model available as a verified directory (unpacking it first if it lives inside a jar).
     *
     * @param id a model id from {@link #models()}
     * @return the verified model
     * @throws HeritageException if the model cannot be unpacked or fails verification
     */
    ModelArtifact open(String id) throws HeritageException;
}
