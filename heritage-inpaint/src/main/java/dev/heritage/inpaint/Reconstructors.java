package dev.heritage.inpaint;

import dev.heritage.api.Reconstructor;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Creates reconstructors by name. Stateless and thread-safe. The caller owns and closes what it
 * creates (for the classical methods closing is a no-op, but code written against
 * {@link Reconstructor} should close it anyway, as learned reconstructors hold native resources).
 */
public final class Reconstructors {
    private static final List<String> CLASSICAL = List.of(TeleaReconstructor.METHOD, NavierStokesReconstructor.METHOD);

    private Reconstructors() {
    }

    /**
     * A classical (model-free) reconstructor with its default settings.
     *
     * @param name {@code telea} or {@code ns} (case-insensitive, surrounding blanks ignored)
     * @return a new reconstructor; it holds no resources, but closing it is harmless
     * @throws IllegalArgumentException if the name is not a known classical method; the message
     *     lists the known names
     */
    public static Reconstructor classical(String name) {
        Objects.requireNonNull(name, "name");
        String key = name.strip().toLowerCase(Locale.ROOT);
        switch (key) {
            case TeleaReconstructor.METHOD:
                return new TeleaReconstructor();
            case NavierStokesReconstructor.METHOD:
                return new NavierStokesReconstructor();
            default:
                throw new IllegalArgumentException("Unknown classical reconstruction method '" + name
                        + "'. Known methods: " + String.join(", ", CLASSICAL) + ".");
        }
    }

    /** @return the names {@link #classical(String)} accepts, in a stable order */
    public static List<String> classicalNames() {
        return CLASSICAL;
    }
}
