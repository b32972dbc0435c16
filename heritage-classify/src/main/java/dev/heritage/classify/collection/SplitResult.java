package dev.heritage.classify.collection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a {@link Split}: the training and validation items (each in input order) and the
 * counts per stratum, with what is needed to record the split in a model card.
 *
 * <p>Immutable and thread-safe when the items are.
 *
 * @param <T> the item type
 * @param train the training items, in input order
 * @param validation the validation items, in input order
 * @param strata the counts per stratum (label value), sorted by stratum; items without a label are
 *     counted under {@link Split#MISSING_STRATUM}
 * @param seed the seed used
 * @param validationFraction the fraction asked for
 * @param mode whether near-duplicate titles were grouped
 * @param groups how many groups were placed (equal to the number of items when ungrouped)
 */
public record SplitResult<T>(
        List<T> train,
        List<T> validation,
        List<StratumCount> strata,
        long seed,
        double validationFraction,
        Split.Mode mode,
        int groups) {

    /**
     * The counts of one stratum.
     *
     * @param stratum the label value
     * @param train items of that label in the training part
     * @param validation items of that label in the validation part
     */
    public record StratumCount(String stratum, int train, int validation) {
        /** @return all items of that label */
        public int total() {
            return train + validation;
        }
    }

    /** Validates and copies. */
    public SplitResult {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        strata = List.copyOf(strata);
        Objects.requireNonNull(mode, "mode");
    }

    /**
     * A plain summary for a model card or a log: seed, fraction, mode, sizes and counts per stratum.
     *
     * @return an insertion-ordered map of JSON-friendly values
     */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        m.put("validationFraction", validationFraction);
        m.put("mode", mode.name().toLowerCase(Locale.ROOT));
        m.put("train", train.size());
        m.put("validation", validation.size());
        m.put("groups", groups);
        Map<String, Object> s = new LinkedHashMap<>();
        for (StratumCount c : strata) {
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("train", c.train());
            counts.put("validation", c.validation());
            s.put(c.stratum(), counts);
        }
        m.put("strata", s);
        return m;
    }
}
