package dev.heritage.classify.collection;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One record read by {@link CsvReader}: its cells, or the problem that made it malformed.
 *
 * <p>A malformed record (an unterminated quote, text after a closing quote, more cells than the
 * header, a record over the size limit) still carries the cells that could be read before the
 * problem, so that a caller can name the row's id in its error report; but those cells should not
 * be trusted as data.
 *
 * <p>Immutable and thread-safe.
 *
 * @param row the 1-based number of the record among the data records (the header is not counted;
 *     blank lines are not records)
 * @param line the 1-based physical line on which the record starts (the header is line 1 in a
 *     file without leading blank lines); a record with quoted line breaks spans several lines
 * @param cells the cells as read, unquoted; never {@code null}, never containing {@code null}
 * @param problem why the record is malformed; {@code null} for a well-formed record
 */
public record CsvRow(long row, long line, List<String> cells, String problem) {

    /** Validates and copies. */
    public CsvRow {
        cells = List.copyOf(Objects.requireNonNull(cells, "cells"));
    }

    /** @return {@code true} when the record is well-formed */
    public boolean ok() {
        return problem == null;
    }

    /** @return the problem of a malformed record; empty for a well-formed one */
    public Optional<String> problemMessage() {
        return Optional.ofNullable(problem);
    }

    /**
     * @param index a 0-based column index
     * @return the cell at that index, or {@code ""} when the record is shorter
     */
    public String cell(int index) {
        return index >= 0 && index < cells.size() ? cells.get(index) : "";
    }
}
