package dev.heritage.classify.collection;

import dev.heritage.api.FieldKind;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads a raw cell as the {@link FieldKind} its field declares.
 *
 * <ul>
 *   <li>{@link FieldKind#YEAR}: a whole number, optionally signed (negative for BCE: {@code -350}),
 *       optionally written as a decimal with a zero fraction ({@code 1889.0}, as spreadsheets
 *       export it), between {@value #MIN_YEAR} and {@value #MAX_YEAR}. Anything else ({@code circa
 *       1890}, {@code 1889-1890}, {@code abc}) is an error: a year field holds one year, and free
 *       dates belong in a text field.
 *   <li>{@link FieldKind#NUMERIC}: a finite decimal number ({@code 12}, {@code -0.5}, {@code 1e3}); no
 *       thousands separators, decimal commas, {@code NaN} or {@code Infinity}.
 *   <li>{@link FieldKind#CATEGORICAL} and {@link FieldKind#TEXT}: any text, stripped of surrounding
 *       white space.
 * </ul>
 *
 * <p>A blank cell is always "missing", never an error: {@link #normalise} returns {@code null}.
 *
 * <p>Stateless and thread-safe.
 */
public final class FieldKinds {

    /** The earliest year accepted (100,000 BCE). */
    public static final int MIN_YEAR = -100_000;
    /** The latest year accepted. */
    public static final int MAX_YEAR = 9_999;

    private static final Pattern YEAR = Pattern.compile("[+-]?\\d{1,9}(\\.0*)?");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,4})?");
    private static final int MAX_SHOWN = 60;

    private FieldKinds() {}

    /**
     * @param raw a cell
     * @return the year it holds
     * @throws FieldValueException if the cell is blank or not a whole year in range
     */
    public static int parseYear(String raw) throws FieldValueException {
        String s = Objects.requireNonNull(raw, "raw").strip();
        if (s.isEmpty()) {
            throw new FieldValueException("the value is empty, not a year");
        }
        if (!YEAR.matcher(s).matches()) {
            throw new FieldValueException(show(raw) + " is not a year (expected a whole number such as 1889 or -350)");
        }
        int dot = s.indexOf('.');
        long year = Long.parseLong(dot < 0 ? s : s.substring(0, dot));
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new FieldValueException(show(raw) + " is not a year between " + MIN_YEAR + " and " + MAX_YEAR);
        }
        return (int) year;
    }

    /**
     * @param raw a cell
     * @return the number it holds
     * @throws FieldValueException if the cell is blank or not a finite decimal number
     */
    public static double parseNumber(String raw) throws FieldValueException {
        String s = Objects.requireNonNull(raw, "raw").strip();
        if (s.isEmpty()) {
            throw new FieldValueException("the value is empty, not a number");
        }
        if (!NUMBER.matcher(s).matches()) {
            throw new FieldValueException(show(raw) + " is not a number (expected e.g. 12, -0.5 or 1e3)");
        }
        double value = Double.parseDouble(s);
        if (!Double.isFinite(value)) {
            throw new FieldValueException(show(raw) + " is too large a number");
        }
        return value;
    }

    /**
     * Checks a cell against a kind and gives its canonical text: a year as a plain integer
     * ({@code "1889.0"} gives {@code "1889"}, {@code "+350"} gives {@code "350"}); a number, text or
     * category stripped of surrounding white space.
     *
     * @param kind the field's kind
     * @param raw a cell; {@code null} counts as blank
     * @return the canonical text, or {@code null} when the cell is blank (missing)
     * @throws FieldValueException if the cell does not hold a value of that kind
     */
    public static String normalise(FieldKind kind, String raw) throws FieldValueException {
        Objects.requireNonNull(kind, "kind");
        if (raw == null || raw.isBlank()) {
            return null;
        }
        switch (kind) {
            case YEAR:
                return Integer.toString(parseYear(raw));
            case NUMERIC:
                parseNumber(raw);
                return raw.strip();
            case CATEGORICAL:
            case TEXT:
                return raw.strip();
            default:
                throw new IllegalArgumentException("unknown kind " + kind);
        }
    }

    /** Quotes a value for a message, shortening long ones. */
    static String show(String value) {
        String v = value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) + "…" : value;
        return "'" + v + "'";
    }
}
