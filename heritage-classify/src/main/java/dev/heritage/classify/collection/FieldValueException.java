package dev.heritage.classify.collection;

/**
 * A cell cannot be read as the kind its field declares (a year that is not a year, a number that is
 * not a number). The message names the value and what was expected, e.g. {@code 'abc' is not a
 * year}; callers that know the row and column prefix them (see {@link RowError}).
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class FieldValueException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the value */
    public FieldValueException(String message) {
        super(message);
    }
}
