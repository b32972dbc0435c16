package dev.heritage.classify.collection;

import dev.heritage.api.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Writes RFC 4180 CSV, the dialect {@link CsvReader} reads: a cell is enclosed in double quotes
 * only when it needs to be (it contains a comma, a double quote, CR or LF, or starts with a
 * byte-order mark, or it is the only, empty cell of its record, which would otherwise be a blank
 * line), and a double quote inside it is doubled. Records end with CRLF by default (RFC 4180), or
 * LF. Whatever this writer writes, {@link CsvReader} reads back cell for cell.
 *
 * <p>Not thread-safe. The caller closes it, which closes the underlying {@link Writer}.
 */
public final class CsvWriter implements Closeable, Flushable {

    /** The line break written after each record. */
    public enum LineEnding {
        /** {@code \r\n}, as RFC 4180 says. */
        CRLF("\r\n"),
        /** {@code \n}, friendlier to line-oriented tools. */
        LF("\n");

        private final String text;

        LineEnding(String text) {
            this.text = text;
        }

        /** @return the characters written */
        public String text() {
            return text;
        }
    }

    private final Writer out;
    private final String lineEnding;

    /**
     * @param writer where to write; this writer closes it
     * @param lineEnding the line break after each record
     */
    public CsvWriter(Writer writer, LineEnding lineEnding) {
        this.out = Objects.requireNonNull(writer, "writer");
        this.lineEnding = Objects.requireNonNull(lineEnding, "lineEnding").text();
    }

    /**
     * @param writer where to write, with CRLF line breaks; this writer closes it
     */
    public CsvWriter(Writer writer) {
        this(writer, LineEnding.CRLF);
    }

    /**
     * Creates (or truncates) a UTF-8 file without a byte-order mark.
     *
     * @param path the file
     * @param lineEnding the line break after each record
     * @return a writer the caller closes
     * @throws IOException if the file cannot be created
     */
    public static CsvWriter create(Path path, LineEnding lineEnding) throws IOException {
        return new CsvWriter(
                new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(path), StandardCharsets.UTF_8)),
                lineEnding);
    }

    /**
     * Writes a whole CSV file atomically (UTF-8, no byte-order mark, CRLF line breaks): complete or not
     * there at all.
     *
     * @param path the file
     * @param rows the records, header first
     * @throws IOException if it cannot be written
     */
    public static void write(Path path, List<List<String>> rows) throws IOException {
        AtomicFiles.write(path, out -> {
            CsvWriter w = new CsvWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            for (List<String> row : rows) {
                w.writeRow(row);
            }
            w.flush();
        });
    }

    /**
     * Writes one record.
     *
     * @param cells the cells; {@code null} cells are written empty
     * @throws IllegalArgumentException if there are no cells (CSV cannot represent an empty record)
     * @throws IOException if writing fails
     */
    public void writeRow(List<String> cells) throws IOException {
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("a CSV record needs at least one cell");
        }
        if (cells.size() == 1 && (cells.get(0) == null || cells.get(0).isEmpty())) {
            out.write("\"\"");
        } else {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                String cell = cells.get(i);
                if (cell != null) {
                    out.write(quote(cell));
                }
            }
        }
        out.write(lineEnding);
    }

    /**
     * Writes one record.
     *
     * @param cells the cells; {@code null} cells are written empty
     * @throws IOException if writing fails
     */
    public void writeRow(String... cells) throws IOException {
        writeRow(Arrays.asList(cells));
    }

    /**
     * @param cell a value
     * @return the value as a CSV cell: unchanged, or quoted with inner quotes doubled when needed
     */
    public static String quote(String cell) {
        boolean needs = !cell.isEmpty() && cell.charAt(0) == '\uFEFF';
        for (int i = 0; i < cell.length() && !needs; i++) {
            char c = cell.charAt(i);
            needs = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        return needs ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Flushes and closes the underlying writer. */
    @Override
    public void close() throws IOException {
        out.close();
    }
}
