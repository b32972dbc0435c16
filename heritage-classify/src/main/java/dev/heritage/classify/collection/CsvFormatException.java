package dev.heritage.classify.collection;

import java.io.IOException;

/**
 * A CSV file cannot be used at all: its header row is malformed, or it names a column twice.
 * Problems confined to one data row are not thrown but reported per row ({@link CsvRow#problem()},
 * {@link RowError}).
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class CsvFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the file and line where known, and what to do about it */
    public CsvFormatException(String message) {
        super(message);
    }
}
