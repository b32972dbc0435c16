package dev.heritage.classify.collection;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A streaming reader of RFC 4180 CSV: comma-separated, fields optionally enclosed in double quotes,
 * a double quote inside a quoted field written twice, and line breaks (CR, LF or CRLF) allowed
 * inside quoted fields. UTF-8 with or without a byte-order mark; undecodable bytes become U+FFFD.
 * The last record may or may not end with a line break. Blank lines are skipped (they are not
 * records). Cells are returned exactly as written (no trimming); a quote inside an unquoted field is
 * kept as a literal character.
 *
 * <p>Malformed input does not stop the file: {@link #next()} returns a {@link CsvRow} whose
 * {@link CsvRow#problem() problem} says what is wrong, and reading goes on with the next record.
 * Malformed records are:
 *
 * <ul>
 *   <li>a quoted field that is never closed;
 *   <li>text after a closing quote ({@code "ab"c}; the text is kept);
 *   <li>more cells than the header has columns (fewer cells are allowed: the missing ones are empty);
 *   <li>a record longer than {@link Options#maxRecordChars()} characters, which bounds the memory a
 *       hostile file can make the reader use.
 * </ul>
 *
 * <p>When a malformed record spans several physical lines, the likely cause is a stray quote that
 * swallowed the records after it; the record is reported as one problem row and reading resumes on
 * the line after the one where it started, so the swallowed records are read again.
 *
 * <p>Only a malformed header row makes the whole file unusable ({@link CsvFormatException}).
 *
 * <p>Not thread-safe: one thread reads a reader. The caller closes it, which closes the underlying
 * {@link Reader}.
 */
public final class CsvReader implements Closeable {

    /** The default bound on the characters of one record: 4 Mi. */
    public static final int DEFAULT_MAX_RECORD_CHARS = 4 * 1024 * 1024;

    /**
     * How a {@link CsvReader} reads. Immutable and thread-safe.
     *
     * @param header whether the first record is a header row (then {@link #header()} returns it and
     *     longer records are reported as malformed)
     * @param maxRecordChars the most characters one record may have, quotes and line breaks included
     */
    public record Options(boolean header, int maxRecordChars) {

        /** Validates. */
        public Options {
            if (maxRecordChars < 16) {
                throw new IllegalArgumentException("maxRecordChars must be at least 16, got " + maxRecordChars);
            }
        }

        /** @return a header row and {@link CsvReader#DEFAULT_MAX_RECORD_CHARS} */
        public static Options defaults() {
            return new Options(true, DEFAULT_MAX_RECORD_CHARS);
        }

        /**
         * @param hasHeader whether the first record is a header row
         * @return a copy with that setting
         */
        public Options withHeader(boolean hasHeader) {
            return new Options(hasHeader, maxRecordChars);
        }

        /**
         * @param chars the most characters one record may have
         * @return a copy with that setting
         */
        public Options withMaxRecordChars(int chars) {
            return new Options(header, chars);
        }
    }

    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;

    private final Reader in;
    private final Options options;
    private final char[] buffer = new char[8192];
    private int bufferPos;
    private int bufferLen;
    private boolean eof;
    private boolean started;
    private String replay = "";
    private int replayPos;
    private long line = 1;
    private boolean previousCr;
    private final StringBuilder raw = new StringBuilder();
    /** Whether the last character of {@link #raw} is the line break that ended the record. */
    private boolean rawTerminated;

    private final StringBuilder field = new StringBuilder();
    private List<String> header;
    private long rows;

    /**
     * @param reader the characters to read; this reader closes it
     * @param options how to read
     */
    public CsvReader(Reader reader, Options options) {
        this.in = Objects.requireNonNull(reader, "reader");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Opens a UTF-8 CSV file that has a header row.
     *
     * @param path the file
     * @return a reader the caller closes
     * @throws IOException if the file cannot be opened
     */
    public static CsvReader open(Path path) throws IOException {
        return open(path, Options.defaults());
    }

    /**
     * Opens a UTF-8 CSV file.
     *
     * @param path the file
     * @param options how to read
     * @return a reader the caller closes
     * @throws IOException if the file cannot be opened
     */
    public static CsvReader open(Path path, Options options) throws IOException {
        return new CsvReader(new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8), options);
    }

    /**
     * The header row, read on first use. Empty when the options say there is no header, or when
     * the input has no records at all.
     *
     * @return the column names exactly as written
     * @throws CsvFormatException if the header row is malformed
     * @throws IOException if reading fails
     */
    public List<String> header() throws IOException {
        if (header == null) {
            if (!options.header()) {
                header = List.of();
            } else {
                Parsed first = parse();
                if (first == null) {
                    header = List.of();
                } else if (first.problem != null) {
                    throw new CsvFormatException("line " + first.line + ": the header row is malformed: "
                            + first.problem + ". Fix the first row of the file.");
                } else {
                    header = List.copyOf(first.cells);
                }
            }
        }
        return header;
    }

    /**
     * Reads the next record.
     *
     * @return the record, well-formed or not; {@code null} at the end of the input
     * @throws CsvFormatException if the header row (read first when needed) is malformed
     * @throws IOException if reading fails
     */
    public CsvRow next() throws IOException {
        List<String> columns = header();
        Parsed parsed = parse();
        if (parsed == null) {
            return null;
        }
        rows++;
        String problem = parsed.problem;
        if (problem == null && options.header() && parsed.cells.size() > columns.size()) {
            problem = parsed.cells.size() + " cells, but the header has " + columns.size()
                    + " columns (an unquoted comma in a value?)";
        }
        if (problem != null && !parsed.resumed && resumeAfterFirstLine(parsed.line)) {
            // A malformed record over several lines most likely swallowed the records after a stray
            // quote: read them again.
            problem += "; reading goes on at line " + (parsed.line + 1);
        }
        return new CsvRow(rows, parsed.line, parsed.cells, problem);
    }

    /**
     * The remaining records as a lazy stream. Reading failures surface as
     * {@link UncheckedIOException}. Closing the stream does not close this reader.
     *
     * @return the records not read yet
     */
    public Stream<CsvRow> stream() {
        Spliterator<CsvRow> spliterator =
                new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
                    @Override
                    public boolean tryAdvance(Consumer<? super CsvRow> action) {
                        try {
                            CsvRow row = next();
                            if (row == null) {
                                return false;
                            }
                            action.accept(row);
                            return true;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                };
        return StreamSupport.stream(spliterator, false);
    }

    /** Closes the underlying reader. */
    @Override
    public void close() throws IOException {
        in.close();
    }

    private record Parsed(long line, List<String> cells, String problem, boolean resumed) {
        Parsed(long line, List<String> cells, String problem) {
            this(line, cells, problem, false);
        }
    }

    private Parsed parse() throws IOException {
        long start;
        int c;
        do {
            start = line;
            c = read();
            if (c < 0) {
                return null;
            }
        } while (c == '\r' || c == '\n');
        raw.setLength(0);
        rawTerminated = false;
        field.setLength(0);
        List<String> cells = new ArrayList<>();
        String problem = null;
        long quoteLine = start;
        int state = FIELD_START;
        while (true) {
            if (c >= 0) {
                raw.append((char) c);
                if (raw.length() > options.maxRecordChars()) {
                    return overflow(start, cells);
                }
            }
            switch (state) {
                case FIELD_START:
                    if (c == '"') {
                        state = QUOTED;
                        quoteLine = line;
                        break;
                    }
                    state = UNQUOTED;
                // the character belongs to an unquoted field: fall through
                case UNQUOTED:
                    if (c == ',') {
                        cells.add(takeField());
                        state = FIELD_START;
                    } else if (c == '\r' || c == '\n' || c < 0) {
                        cells.add(takeField());
                        rawTerminated = c >= 0;
                        return new Parsed(start, cells, problem);
                    } else {
                        field.append((char) c);
                    }
                    break;
                case QUOTED:
                    if (c == '"') {
                        state = QUOTE_IN_QUOTED;
                    } else if (c < 0) {
                        return unterminated(start, quoteLine, cells);
                    } else {
                        field.append((char) c);
                    }
                    break;
                case QUOTE_IN_QUOTED:
                    if (c == '"') {
                        field.append('"');
                        state = QUOTED;
                    } else if (c == ',') {
                        cells.add(takeField());
                        state = FIELD_START;
                    } else if (c == '\r' || c == '\n' || c < 0) {
                        cells.add(takeField());
                        rawTerminated = c >= 0;
                        return new Parsed(start, cells, problem);
                    } else {
                        if (problem == null) {
                            problem = "text after a closing quote on line " + line
                                    + " (a quote inside a quoted value must be doubled: \"\")";
                        }
                        field.append((char) c);
                        state = UNQUOTED;
                    }
                    break;
                default:
                    throw new IllegalStateException("state " + state);
            }
            c = read();
        }
    }

    private String takeField() {
        String value = field.toString();
        field.setLength(0);
        return value;
    }

    /** A quoted field reached the end of the input (the caller reads again after the first line). */
    private static Parsed unterminated(long start, long quoteLine, List<String> cells) {
        return new Parsed(start, cells, "a quoted value opened on line " + quoteLine + " is never closed");
    }

    /** A record exceeded the size bound: report it and skip it, as far as can be told where it ends. */
    private Parsed overflow(long start, List<String> cells) throws IOException {
        String problem = "the record is longer than " + options.maxRecordChars() + " characters";
        boolean resumed = resumeAfterFirstLine(start);
        if (resumed) {
            problem += " (an unclosed quote?); reading goes on at line " + (start + 1);
        } else {
            int c;
            do {
                c = read();
            } while (c >= 0 && c != '\r' && c != '\n');
        }
        field.setLength(0);
        return new Parsed(start, cells, problem, true);
    }

    /**
     * Pushes back what the current record read after its first line break, so that it is read again
     * as new records.
     *
     * @return {@code false} when the record read no line break (nothing to push back)
     */
    private boolean resumeAfterFirstLine(long start) {
        int breakAt = -1;
        int searched = rawTerminated ? raw.length() - 1 : raw.length();
        for (int i = 0; i < searched; i++) {
            char ch = raw.charAt(i);
            if (ch == '\r' || ch == '\n') {
                breakAt = i;
                break;
            }
        }
        if (breakAt < 0) {
            return false;
        }
        int from = breakAt + 1;
        if (raw.charAt(breakAt) == '\r' && from < raw.length() && raw.charAt(from) == '\n') {
            from++;
        }
        String rest = raw.substring(from);
        replay = rest + replay.substring(replayPos);
        replayPos = 0;
        line = start + 1;
        previousCr = rest.isEmpty() && raw.charAt(from - 1) == '\r';
        field.setLength(0);
        return true;
    }

    private int read() throws IOException {
        int c;
        if (replayPos < replay.length()) {
            c = replay.charAt(replayPos++);
        } else {
            if (!replay.isEmpty()) {
                replay = "";
                replayPos = 0;
            }
            if (bufferPos == bufferLen) {
                if (eof) {
                    return -1;
                }
                int n;
                do {
                    n = in.read(buffer, 0, buffer.length);
                } while (n == 0);
                if (n < 0) {
                    eof = true;
                    return -1;
                }
                bufferLen = n;
                bufferPos = 0;
            }
            c = buffer[bufferPos++];
            if (!started) {
                started = true;
                if (c == '\uFEFF') {
                    return read();
                }
            }
        }
        if (c == '\r') {
            line++;
            previousCr = true;
        } else {
            if (c == '\n' && !previousCr) {
                line++;
            }
            previousCr = false;
        }
        return c;
    }
}
