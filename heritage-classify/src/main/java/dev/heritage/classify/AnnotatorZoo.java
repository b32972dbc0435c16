package dev.heritage.classify;

import dev.heritage.runtime.ClasspathModelZoo;
import java.util.List;

/**
 * The annotator models shipped inside this module's jar ({@code paintings-multitask}), found by
 * {@code ModelZoos} through {@code META-INF/services}. Thread-safe.
 */
public final class AnnotatorZoo extends ClasspathModelZoo {
    /** The id of the paintings annotator. */
    public static final String PAINTINGS = "paintings-multitask";

    /** Creates the zoo (called by {@link java.util.ServiceLoader}). */
    public AnnotatorZoo() {
        super("heritage-classify", List.of(PAINTINGS));
    }
}
