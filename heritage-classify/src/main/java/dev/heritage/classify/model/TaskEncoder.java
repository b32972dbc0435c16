package dev.heritage.classify.model;

import dev.heritage.classify.encoding.Vocabulary;
import dev.heritage.classify.encoding.YearBins;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One prediction task of an annotator: its name, kind, the column it learns from, and the classes
 * of its head (a vocabulary, or year bins).
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the task (and predicted field) name, e.g. {@code decade}
 * @param kind how the label is derived
 * @param source the column holding the truth, e.g. {@code year}
 * @param vocabulary the classes of a categorical task; {@code null} otherwise
 * @param bins the bins of a decade or century task; {@code null} otherwise
 */
public record TaskEncoder(String name, TaskKind kind, String source, Vocabulary vocabulary, YearBins bins) {

    /** @return the class labels in output order */
    public List<String> labels() {
        return kind == TaskKind.CATEGORICAL ? vocabulary.values() : bins.labels();
    }

    /** @return the number of classes */
    public int classes() {
        return kind == TaskKind.CATEGORICAL ? vocabulary.size() : bins.count();
    }

    /**
     * @param fields a row's raw fields
     * @return the class index of the row's truth, or empty when missing, unknown or not a year
     */
    public OptionalInt label(Map<String, String> fields) {
        String raw = fields.get(source);
        if (raw == null || raw.isBlank()) {
            return OptionalInt.empty();
        }
        if (kind == TaskKind.CATEGORICAL) {
            int c = vocabulary.classOf(raw);
            return c < 0 ? OptionalInt.empty() : OptionalInt.of(c);
        }
        OptionalInt year = year(raw);
        return year.isPresent() ? OptionalInt.of(bins.bin(year.getAsInt())) : OptionalInt.empty();
    }

    /**
     * @param raw a year cell ({@code 1889}, {@code -350}, {@code 1889.0})
     * @return the year, or empty when the cell is not a year
     */
    public static OptionalInt year(String raw) {
        String t = raw.strip();
        if (t.endsWith(".0")) {
            t = t.substring(0, t.length() - 2);
        }
        try {
            return OptionalInt.of(Integer.parseInt(t));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** @return true if a prediction's class can be turned into a year (for the mean absolute error) */
    public boolean isTemporal() {
        return kind != TaskKind.CATEGORICAL;
    }
}
