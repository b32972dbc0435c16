package dev.heritage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.HeritageException;
import dev.heritage.api.ImageSource;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstruction;
import dev.heritage.api.Reconstructor;
import dev.heritage.api.io.AtomicFiles;
import dev.heritage.classify.collection.CsvFormatException;
import dev.heritage.classify.collection.CsvReader;
import dev.heritage.classify.collection.CsvRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The batch form of {@code heritage reconstruct}: every row of a CSV with the columns
 * {@code id,image,mask} (paths relative to the CSV's folder; other columns ignored) is reconstructed
 * into {@code DIR/<id>.png} with its sidecar {@code DIR/<id>.png.json}. A row that cannot be done (a
 * missing file, an unreadable image, a mask of another size, an id that cannot name a file, a repeated
 * id) becomes an error record and the batch goes on. {@code DIR/batch.jsonl} lists one record per row,
 * written atomically at the end. Used from one thread; does not close the reconstructor.
 */
final class BatchReconstruction {
    /** File-name-safe ids: letters, digits, '.', '_' and '-', not starting with a dot. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_\\-][A-Za-z0-9._\\-]{0,199}");

    private static final ObjectMapper LINES = new ObjectMapper();

    private final Reconstructor reconstructor;
    private final boolean overlays;
    private final boolean resume;

    BatchReconstruction(Reconstructor reconstructor, boolean overlays, boolean resume) {
        this.reconstructor = reconstructor;
        this.overlays = overlays;
        this.resume = resume;
    }

    /**
     * Runs the batch. Says each failed row, and with {@code --verbose} one line per row.
     *
     * @return {@link HeritageCli#OK} when every row succeeded, {@link HeritageCli#PARTIAL} otherwise
     */
    int run(Path csv, Path outputDir, CliLog log) throws IOException {
        if (Files.exists(outputDir) && !Files.isDirectory(outputDir)) {
            throw new UsageException("--output " + outputDir + " is a file: with --input, --output names a folder");
        }
        Files.createDirectories(outputDir);
        Path base = csv.toAbsolutePath().getParent();
        List<Map<String, Object>> records = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        // Every file name the batch writes, by row and kind: ids 'x' and 'x.overlay' would both write
        // x.overlay.png. Compared in lower case, as on case-insensitive file systems.
        Map<String, String> claimed = new HashMap<>();
        claimed.put("batch.jsonl", "the batch log");
        int failed = 0;
        int done = 0;
        try (CsvReader reader = CsvReader.open(csv)) {
            int[] columns = columns(reader.header(), csv);
            CsvRow row;
            while ((row = reader.next()) != null) {
                long start = System.nanoTime();
                Map<String, Object> record = reconstructRow(row, columns, base, outputDir, seen, claimed);
                long millis = Math.round((System.nanoTime() - start) / 1e6);
                records.add(record);
                if (record.containsKey("error")) {
                    failed++;
                    log.say(
                            "row " + row.row() + ": " + record.get("error"),
                            "rowError",
                            Map.of("row", row.row(), "id", record.get("id"), "error", record.get("error")));
                } else {
                    done++;
                }
                fileLine(log, record, millis);
            }
        } catch (CsvFormatException e) {
            throw new UsageException("--input " + csv + ": " + e.getMessage());
        }
        StringBuilder lines = new StringBuilder();
        for (Map<String, Object> r : records) {
            lines.append(LINES.writeValueAsString(r)).append('\n');
        }
        AtomicFiles.writeString(outputDir.resolve("batch.jsonl"), lines.toString());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("output", outputDir.toString());
        summary.put("rows", records.size());
        summary.put("failed", failed);
        log.say(
                String.format(
                        Locale.ROOT,
                        "Reconstructed %d of %d rows into %s (%d failed; see %s)",
                        done,
                        records.size(),
                        outputDir,
                        failed,
                        outputDir.resolve("batch.jsonl")),
                "summary",
                summary);
        return failed == 0 ? HeritageCli.OK : HeritageCli.PARTIAL;
    }

    /** One --verbose line: the row's id, ok or error, the output written (and mask coverage) or the error. */
    private static void fileLine(CliLog log, Map<String, Object> record, long millis) {
        String id = String.valueOf(record.get("id"));
        Object error = record.get("error");
        if (error != null) {
            log.file(id, false, error.toString(), Map.of("error", error.toString()), millis);
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("output", record.get("output"));
        answer.put("status", record.get("status"));
        if (record.containsKey("maskCoverage")) {
            answer.put("maskCoverage", record.get("maskCoverage"));
        }
        log.file(
                id,
                true,
                record.get("output")
                        + (record.containsKey("maskCoverage")
                                ? String.format(
                                        Locale.ROOT, " (mask %.1f %%)", 100 * (double) record.get("maskCoverage"))
                                : " (" + record.get("status") + ")"),
                Map.of("answer", answer),
                millis);
    }

    private static int[] columns(List<String> header, Path csv) {
        int[] idx = {header.indexOf("id"), header.indexOf("image"), header.indexOf("mask")};
        if (idx[0] < 0 || idx[1] < 0 || idx[2] < 0) {
            throw new UsageException("--input " + csv + ": needs the columns id,image,mask; its header is " + header);
        }
        return idx;
    }

    private Map<String, Object> reconstructRow(
            CsvRow row, int[] columns, Path base, Path outputDir, Set<String> seen, Map<String, String> claimed) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("row", row.row());
        String id = row.cell(columns[0]).strip();
        record.put("id", id);
        if (!row.ok()) {
            return error(record, row.problemMessage().orElse("malformed row"));
        }
        if (!SAFE_ID.matcher(id).matches()) {
            return error(
                    record,
                    "id '" + id + "' cannot name an output file: use 1-200 letters, digits, '.', '_'"
                            + " or '-', not starting with '.'");
        }
        if (!seen.add(id)) {
            return error(record, "id '" + id + "' appears twice: each row needs its own id (it names the output)");
        }
        Path image = resolve(base, row.cell(columns[1]));
        Path maskFile = resolve(base, row.cell(columns[2]));
        if (image == null || !Files.isRegularFile(image)) {
            return error(record, "image '" + row.cell(columns[1]) + "': no such file (relative to " + base + ")");
        }
        if (maskFile == null || !Files.isRegularFile(maskFile)) {
            return error(record, "mask '" + row.cell(columns[2]) + "': no such file (relative to " + base + ")");
        }
        Path output = outputDir.resolve(id + ".png");
        Path sidecar = outputDir.resolve(id + ".png.json");
        Path overlay = overlays ? outputDir.resolve(id + ".overlay.png") : null;
        Map<Path, String> writes = new LinkedHashMap<>();
        writes.put(output, "output");
        writes.put(sidecar, "sidecar");
        if (overlay != null) {
            writes.put(overlay, "overlay");
        }
        for (Map.Entry<Path, String> w : writes.entrySet()) {
            String name = w.getKey().getFileName().toString().toLowerCase(Locale.ROOT);
            String owner = claimed.get(name);
            if (owner != null) {
                return error(
                        record,
                        "id '" + id + "' would write its " + w.getValue() + " to "
                                + w.getKey().getFileName() + ", which is " + owner
                                + ": rename the id so that no two outputs share a file name");
            }
            if (SameFile.same(w.getKey(), image) || SameFile.same(w.getKey(), maskFile)) {
                return error(
                        record,
                        "id '" + id + "' would write its " + w.getValue() + " over its own input " + w.getKey()
                                + ": rename the id or choose another --output folder");
            }
        }
        for (Map.Entry<Path, String> w : writes.entrySet()) {
            claimed.put(
                    w.getKey().getFileName().toString().toLowerCase(Locale.ROOT),
                    "the " + w.getValue() + " of row " + row.row() + " (id '" + id + "')");
        }
        record.put("output", output.toString());
        if (resume && Files.isRegularFile(output) && Files.isRegularFile(sidecar)) {
            record.put("status", "done before (--resume)");
            return record;
        }
        try {
            String mismatch = ReconstructCommand.maskSizeMismatch(maskFile, image);
            if (mismatch != null) {
                record.remove("output");
                return error(record, mismatch.substring("--mask ".length()));
            }
            Mask mask = Mask.fromPng(maskFile);
            Reconstruction result = reconstructor.reconstruct(ImageSource.of(image), mask);
            ReconstructCommand.write(result, image, maskFile, output, overlay);
            record.put("status", "ok");
            record.put("maskCoverage", result.coverage());
            record.put("milliseconds", result.elapsed().toNanos() / 1e6);
            return record;
        } catch (HeritageException | IOException | RuntimeException e) {
            record.remove("output");
            return error(record, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Path resolve(Path base, String cell) {
        String s = cell == null ? "" : cell.strip();
        return s.isEmpty() ? null : base.resolve(s).normalize();
    }

    private static Map<String, Object> error(Map<String, Object> record, String message) {
        record.put("error", message);
        return record;
    }
}
