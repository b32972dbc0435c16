package dev.heritage.djl;

import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooProvider;

/**
 * Registers {@link HeritageModelZoo} with Deep Java Library: DJL's {@code ModelZoo} finds this class through
 * {@code META-INF/services/ai.djl.repository.zoo.ZooProvider} the first time any DJL application uses its
 * model zoos, so creating the zoo touches nothing (no model, no engine, no system property).
 *
 * <p>Thread-safe and stateless; it owns nothing to close.
 */
public final class HeritageZooProvider implements ZooProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public HeritageZooProvider() {}

    @Override
    public String getName() {
        return "Heritage";
    }

    @Override
    public ModelZoo getModelZoo() {
        return new HeritageModelZoo();
    }
}
