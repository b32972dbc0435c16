package dev.heritage.classify.encoding;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A categorical field's known values, with two reserved indices: {@value #MISSING} for an empty
 * cell and {@value #UNKNOWN} for a value the model has never seen (which is treated as missing for
 * prediction and reported). Known values start at {@value #FIRST}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Vocabulary {
    /** Index of a missing value. */
    public static final int MISSING = 0;
    /** Index of a value outside the vocabulary. */
    public static final int UNKNOWN = 1;
    /** Index of the first known value. */
    public static final int FIRST = 2;

    private final List<String> values;
    private final Map<String, Integer> index = new HashMap<>();

    /** @param values the known values, in index order (from {@link #FIRST}) */
    public Vocabulary(List<String> values) {
        this.values = List.copyOf(values);
        for (int i = 0; i < this.values.size(); i++) {
            if (index.put(this.values.get(i), FIRST + i) != null) {
                throw new IllegalArgumentException("Duplicate vocabulary value '" + this.values.get(i) + "'");
            }
        }
    }

    /**
     * @param observed values seen in training (any order, repeats allowed)
     * @param minCount keep values seen at least this often
     * @return the vocabulary of the kept values, sorted by decreasing count then name
     */
    public static Vocabulary fromCounts(List<String> observed, int minCount) {
        Map<String, Integer> counts = new HashMap<>();
        for (String v : observed) {
            if (v != null && !v.isBlank()) {
                counts.merge(v, 1, Integer::sum);
            }
        }
        List<String> kept = new ArrayList<>();
        counts.forEach((k, c) -> {
            if (c >= minCount) {
                kept.add(k);
            }
        });
        kept.sort((a, b) -> {
            int c = Integer.compare(counts.get(b), counts.get(a));
            return c != 0 ? c : a.compareTo(b);
        });
        return new Vocabulary(kept);
    }

    /** @return the known values in index order */
    public List<String> values() {
        return Collections.unmodifiableList(values);
    }

    /** @return the number of known values */
    public int size() {
        return values.size();
    }

    /** @return the size of an embedding table over this vocabulary (known values + the two reserved) */
    public int embeddingRows() {
        return values.size() + FIRST;
    }

    /**
     * @param value a raw value, possibly {@code null}
     * @return its index: {@link #MISSING}, {@link #UNKNOWN} or a known index
     */
    public int encode(String value) {
        if (value == null || value.isBlank()) {
            return MISSING;
        }
        return index.getOrDefault(value.strip(), UNKNOWN);
    }

    /**
     * @param value a raw value
     * @return its class index among the known values (0-based), or -1 when missing or unknown
     */
    public int classOf(String value) {
        int i = encode(value);
        return i >= FIRST ? i - FIRST : -1;
    }

    /**
     * @param classIndex a 0-based class index
     * @return the value
     */
    public String value(int classIndex) {
        return values.get(classIndex);
    }
}
