package dev.heritage.classify.output;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Prediction;
import dev.heritage.classify.collection.CsvWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A review spreadsheet (RFC 4180 CSV, through the project's {@link CsvWriter}): one row per
 * object, in the columns {@code id}, then for each field {@code F} of the model
 * {@code F}, {@code F_confidence}, {@code F_needsReview}, for a field with an open-set answer
 * {@code F_outside} ({@code true (0.9731)}: answered "outside the classes I know", with the outside
 * score; {@code F} is then only the nearest known class), {@code F_alternatives} and an empty
 * {@code F_review} for the reviewer's decision, then {@code warnings} and {@code error}.
 *
 * <p>A field the object already had (and so was not predicted) has empty cells. A failed object
 * has only its id and {@code error} ({@code type: message}). Confidences have four decimals;
 * alternatives read {@code value (0.1234); value (0.0567)}. What to write in {@code F_review} and
 * how the decisions come back into a run: {@link ReviewDecisions}.
 *
 * <p>Spreadsheets run a cell that starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a
 * carriage return as a formula (CSV injection), and ids and values come from whoever filled the
 * collection. Every data cell that starts with one of those, or with {@code '}, is written with a
 * leading {@code '} (OWASP's advice; a spreadsheet shows the text as it was), and {@link #restore}
 * removes it again when {@link ReviewDecisions} reads the file back, so values round-trip unchanged.
 *
 * <p>Not thread-safe. Closing it closes the underlying writer.
 */
public final class ReviewCsvWriter implements AnnotationWriter {
    /** The suffix of the reviewer's decision columns. */
    public static final String REVIEW_SUFFIX = "_review";
    /** The suffix of the open-set columns. */
    public static final String OUTSIDE_SUFFIX = "_outside";

    private final CsvWriter out;
    private final List<String> fields;
    private final Set<String> openSetFields;
    private final int width;

    /**
     * Writes the header row.
     *
     * @param writer where to write; this writer closes it
     * @param fields the model's fields (tasks), in column order
     * @throws IOException if the header cannot be written
     */
    public ReviewCsvWriter(Writer writer, List<String> fields) throws IOException {
        this(writer, fields, Set.of());
    }

    /**
     * Writes the header row.
     *
     * @param writer where to write; this writer closes it
     * @param fields the model's fields (tasks), in column order
     * @param openSetFields the fields with an open-set answer (an {@code F_outside} column each)
     * @throws IOException if the header cannot be written
     */
    public ReviewCsvWriter(Writer writer, List<String> fields, Set<String> openSetFields) throws IOException {
        this.out = new CsvWriter(Objects.requireNonNull(writer, "writer"));
        this.fields = List.copyOf(fields);
        this.openSetFields = Set.copyOf(openSetFields);
        List<String> header = header(this.fields, this.openSetFields);
        this.width = header.size();
        out.writeRow(header);
    }

    /**
     * @param fields the model's fields
     * @return the header row for those fields
     */
    public static List<String> header(List<String> fields) {
        return header(fields, Set.of());
    }

    /**
     * @param fields the model's fields
     * @param openSetFields the fields with an open-set answer
     * @return the header row for those fields
     */
    public static List<String> header(List<String> fields, Set<String> openSetFields) {
        List<String> h = new ArrayList<>();
        h.add("id");
        for (String f : fields) {
            h.add(f);
            h.add(f + "_confidence");
            h.add(f + "_needsReview");
            if (openSetFields.contains(f)) {
                h.add(f + OUTSIDE_SUFFIX);
            }
            h.add(f + "_alternatives");
            h.add(f + REVIEW_SUFFIX);
        }
        h.add("warnings");
        h.add("error");
        return h;
    }

    @Override
    public void writeResult(AnnotationResult result) throws IOException {
        List<String> row = new ArrayList<>(width);
        row.add(result.assetId());
        for (String f : fields) {
            Prediction p = result.predictions().get(f);
            boolean openSet = openSetFields.contains(f);
            if (p == null) {
                row.add("");
                row.add("");
                row.add("");
                if (openSet) {
                    row.add("");
                }
                row.add("");
            } else {
                row.add(p.value());
                row.add(decimal(p.confidence()));
                row.add(Boolean.toString(p.needsReview()));
                if (openSet) {
                    row.add(p.hasOutsideScore() ? p.outside() + " (" + decimal(p.outsideScore()) + ")" : "");
                }
                row.add(p.alternatives().stream()
                        .map(a -> a.value() + " (" + decimal(a.confidence()) + ")")
                        .collect(Collectors.joining("; ")));
            }
            row.add("");
        }
        row.add(String.join("; ", result.warnings()));
        row.add("");
        out.writeRow(neutralised(row));
    }

    @Override
    public void writeError(String id, String type, String message) throws IOException {
        List<String> row = new ArrayList<>(width);
        row.add(id);
        while (row.size() < width - 1) {
            row.add("");
        }
        row.add(type + ": " + message);
        out.writeRow(neutralised(row));
    }

    /**
     * @param value a cell's text
     * @return the text safe for a spreadsheet: with a leading {@code '} when it starts with a formula
     *     character or with {@code '} itself (so that {@link #restore} is exact)
     */
    public static String neutralise(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return needsQuote(value.charAt(0)) || value.charAt(0) == '\'' ? "'" + value : value;
    }

    /**
     * The inverse of {@link #neutralise}: removes the leading {@code '} it added. A cell a reviewer
     * typed with one leading {@code '} before ordinary text keeps it.
     *
     * @param cell a cell as read
     * @return the value that was neutralised
     */
    public static String restore(String cell) {
        if (cell != null
                && cell.length() >= 2
                && cell.charAt(0) == '\''
                && (needsQuote(cell.charAt(1)) || cell.charAt(1) == '\'')) {
            return cell.substring(1);
        }
        return cell;
    }

    private static boolean needsQuote(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    private static List<String> neutralised(List<String> row) {
        List<String> out = new ArrayList<>(row.size());
        for (String cell : row) {
            out.add(neutralise(cell));
        }
        return out;
    }

    private static String decimal(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
