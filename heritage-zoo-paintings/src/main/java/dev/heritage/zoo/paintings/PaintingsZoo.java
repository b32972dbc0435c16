package dev.heritage.zoo.paintings;

import dev.heritage.runtime.ClasspathModelZoo;
import java.util.List;

/**
 * The annotator models of this artifact ({@code paintings-multitask}), found by {@code ModelZoos} through
 * {@code META-INF/services}. Trained on WikiArt images: for non-commercial research and educational use
 * only, as this artifact's licence and each model card say. Thread-safe.
 */
public final class PaintingsZoo extends ClasspathModelZoo {
    /** The id of the paintings annotator. */
    public static final String PAINTINGS = "paintings-multitask";

    /** Creates the zoo (called by {@link java.util.ServiceLoader}). */
    public PaintingsZoo() {
        super("heritage-zoo-paintings", List.of(PAINTINGS));
    }
}
