package dev.heritage.api;

import java.util.Objects;

/**
 * A candidate value with its confidence, in a {@link Prediction}'s list of runners-up.
 *
 * <p>Immutable and thread-safe.
 *
 * @param value the candidate value
 * @param confidence the calibrated probability, in [0, 1]
 */
public record Alternative(String value, double confidence) {
    /** Validates. */
    public Alternative {
        Objects.requireNonNull(value, "value");
    }
}
