package dev.heritage.classify.output;

import dev.heritage.api.Asset;
import dev.heritage.classify.collection.CsvFormatException;
import dev.heritage.classify.collection.CsvReader;
import dev.heritage.classify.collection.CsvRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The decisions a reviewer wrote into a review CSV ({@link ReviewCsvWriter}), read back so that
 * accepted values become known fields of the next run: an accepted style, for example, is then
 * evidence for the artist and date, and is no longer predicted.
 *
 * <p>In each {@code F_review} cell the reviewer writes
 * <ul>
 *   <li>{@code accept} (or {@code yes}, {@code y}, {@code ok}): the predicted value in column
 *       {@code F} is right and becomes known;
 *   <li>{@code reject} (or {@code no}, {@code n}): it is wrong; the field stays missing (the next
 *       run predicts it again, so write the right value instead when it is known);
 *   <li>any other text: the right value, which becomes known;
 *   <li>nothing: no decision.
 * </ul>
 * Case and surrounding spaces do not matter. Other columns may be edited or added freely; only
 * {@code id}, {@code F} and {@code F_review} are read. {@link #apply(Asset)} adds the known values
 * to an asset that lacks the field; a value the input already has wins.
 *
 * <p>Immutable and thread-safe once read.
 */
public final class ReviewDecisions {
    private static final Set<String> ACCEPT = Set.of("accept", "accepted", "yes", "y", "ok");
    private static final Set<String> REJECT = Set.of("reject", "rejected", "no", "n");

    private final Map<String, Map<String, String>> known;
    private final List<String> problems;
    private final int accepted;
    private final int corrected;
    private final int rejected;

    private ReviewDecisions(
            Map<String, Map<String, String>> known, List<String> problems, int accepted, int corrected, int rejected) {
        this.known = known;
        this.problems = List.copyOf(problems);
        this.accepted = accepted;
        this.corrected = corrected;
        this.rejected = rejected;
    }

    /**
     * Reads a reviewed CSV. Rows without an id, malformed rows and {@code accept} without a
     * predicted value are skipped and listed in {@link #problems()}.
     *
     * @param reviewCsv a review CSV, as written by {@link ReviewCsvWriter} and edited by a reviewer
     * @return the decisions
     * @throws CsvFormatException if the file has no {@code id} column or no {@code *_review} column
     * @throws IOException if the file cannot be read
     */
    public static ReviewDecisions read(Path reviewCsv) throws IOException {
        try (CsvReader r = CsvReader.open(reviewCsv)) {
            List<String> header = r.header().stream().map(String::strip).toList();
            int idColumn = header.indexOf("id");
            if (idColumn < 0) {
                throw new CsvFormatException(reviewCsv + ": no 'id' column; expected a review CSV written by"
                        + " 'heritage annotate --format csv'. Columns: " + header);
            }
            Map<String, Integer> reviewColumn = new LinkedHashMap<>();
            Map<String, Integer> valueColumn = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                String h = header.get(i);
                if (h.endsWith(ReviewCsvWriter.REVIEW_SUFFIX) && h.length() > ReviewCsvWriter.REVIEW_SUFFIX.length()) {
                    String field = h.substring(0, h.length() - ReviewCsvWriter.REVIEW_SUFFIX.length());
                    reviewColumn.put(field, i);
                    valueColumn.put(field, header.indexOf(field));
                }
            }
            if (reviewColumn.isEmpty()) {
                throw new CsvFormatException(reviewCsv + ": no decision column (FIELD" + ReviewCsvWriter.REVIEW_SUFFIX
                        + "); expected a review CSV written by 'heritage annotate --format csv'. Columns: " + header);
            }
            Map<String, Map<String, String>> known = new LinkedHashMap<>();
            List<String> problems = new ArrayList<>();
            int accepted = 0;
            int corrected = 0;
            int rejected = 0;
            for (CsvRow row; (row = r.next()) != null; ) {
                String where = reviewCsv.getFileName() + " row " + row.row() + " (line " + row.line() + ")";
                if (!row.ok()) {
                    problems.add(where + ": " + row.problem() + "; its decisions were skipped");
                    continue;
                }
                String id = ReviewCsvWriter.restore(row.cell(idColumn)).strip();
                if (id.isEmpty()) {
                    problems.add(where + ": no id; its decisions were skipped");
                    continue;
                }
                for (Map.Entry<String, Integer> e : reviewColumn.entrySet()) {
                    String field = e.getKey();
                    String decision =
                            ReviewCsvWriter.restore(row.cell(e.getValue())).strip();
                    String word = decision.toLowerCase(Locale.ROOT);
                    if (decision.isEmpty()) {
                        continue;
                    }
                    if (REJECT.contains(word)) {
                        rejected++;
                    } else if (ACCEPT.contains(word)) {
                        int vc = valueColumn.get(field);
                        String value = vc < 0
                                ? ""
                                : ReviewCsvWriter.restore(row.cell(vc)).strip();
                        if (value.isEmpty()) {
                            problems.add(where + ", column " + field + ReviewCsvWriter.REVIEW_SUFFIX + ": '" + decision
                                    + "' but column " + field + " has no value; write the value itself instead");
                            continue;
                        }
                        known.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(field, value);
                        accepted++;
                    } else {
                        known.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(field, decision);
                        corrected++;
                    }
                }
            }
            known.replaceAll((k, v) -> Collections.unmodifiableMap(v));
            return new ReviewDecisions(Collections.unmodifiableMap(known), problems, accepted, corrected, rejected);
        }
    }

    /**
     * @param id an object's id
     * @return the values the reviewer accepted or corrected for it, by field (empty if none)
     */
    public Map<String, String> knownFields(String id) {
        return known.getOrDefault(id, Map.of());
    }

    /** @return the ids of the objects with at least one accepted or corrected value */
    public Set<String> ids() {
        return known.keySet();
    }

    /**
     * @param asset an object of the next run
     * @return the asset with the reviewed values added as known fields where it lacks them; the
     *     same asset when there is nothing to add
     */
    public Asset apply(Asset asset) {
        Map<String, String> add = knownFields(asset.id());
        if (add.isEmpty() || asset.fields().keySet().containsAll(add.keySet())) {
            return asset;
        }
        Asset.Builder b = Asset.builder(asset.id()).image(asset.image());
        asset.fields().forEach(b::field);
        add.forEach((field, value) -> {
            if (!asset.fields().containsKey(field)) {
                b.field(field, value);
            }
        });
        return b.build();
    }

    /** @return decisions that could not be used, each naming the row and what to do */
    public List<String> problems() {
        return problems;
    }

    /** @return how many predicted values were accepted as they were */
    public int accepted() {
        return accepted;
    }

    /** @return how many values were written in by the reviewer */
    public int corrected() {
        return corrected;
    }

    /** @return how many predictions were rejected without a replacement */
    public int rejected() {
        return rejected;
    }
}
