package dev.heritage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heritage.api.DecodeLimits;
import dev.heritage.api.FieldKind;
import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.io.AtomicFiles;
import dev.heritage.classify.collection.CollectionReader;
import dev.heritage.classify.collection.CollectionRow;
import dev.heritage.classify.collection.CollectionSchema;
import dev.heritage.classify.collection.CsvFormatException;
import dev.heritage.classify.collection.CsvReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code heritage report}: an HTML page over the JSON Lines output of {@code heritage annotate}, one
 * card per line (results and error records alike), with thumbnails and known fields taken from the
 * collection's CSV when it is given. Rendered by {@link HtmlReport}, like the demo's report.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Writes an HTML page (thumbnails, predictions with confidence bars, review flags, errors) "
                + "over the JSON Lines output of 'heritage annotate'.")
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--annotations", required = true, description = "The JSON Lines file 'heritage annotate' wrote.")
    Path annotations;

    @Option(names = "--input", description = "The metadata.csv that was annotated: adds thumbnails and known fields.")
    Path input;

    @Option(
            names = "--images",
            description = "Folder that relative image paths resolve against (default: the CSV's folder).")
    Path images;

    @Option(names = "--output", required = true, description = "The HTML file to write.")
    Path output;

    @Option(
            names = "--title",
            defaultValue = "Heritage annotations",
            description = "The page's heading (default ${DEFAULT-VALUE}).")
    String title;

    @Option(
            names = "--max-rows",
            defaultValue = "1000",
            description = "Show at most this many rows; the rest are counted (default ${DEFAULT-VALUE}).")
    int maxRows;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** What the CSV says about one object. */
    private record Known(Map<String, String> fields, Path image) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ReconstructCommand.requireFile(annotations, "--annotations");
        if (input != null) {
            ReconstructCommand.requireFile(input, "--input");
        }
        if (images != null && !Files.isDirectory(images)) {
            throw new UsageException("--images " + images + ": no such folder");
        }
        if (maxRows < 1) {
            throw new UsageException("--max-rows " + maxRows + ": must be at least 1");
        }
        AtomicOutput.checkTarget(output, "--output", true);
        SameFile.refuse(output, "--output", annotations, "--annotations");
        SameFile.refuse(output, "--output", input, "--input");
        Map<String, Known> known = input == null ? Map.of() : readCollection();
        List<HtmlReport.Entry> entries = new ArrayList<>();
        int lines = 0;
        int unreadable = 0;
        int errors = 0;
        try (BufferedReader r = Files.newBufferedReader(annotations, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                lines++;
                JsonNode n;
                try {
                    n = AnnotateCommand.JSON.readTree(line);
                } catch (IOException e) {
                    n = null;
                }
                if (n == null || !n.isObject() || !n.path("id").isTextual()) {
                    unreadable++;
                    if (entries.size() < maxRows) {
                        entries.add(HtmlReport.Entry.builder("line " + lines)
                                .error(new HtmlReport.Failure(
                                        "unreadable_line",
                                        "line " + lines + " of " + annotations.getFileName()
                                                + " is not an annotate record (a JSON object with an id); was the file"
                                                + " cut off or edited?"))
                                .build());
                    }
                    continue;
                }
                errors += n.has("error") ? 1 : 0;
                if (entries.size() < maxRows) {
                    entries.add(entry(n, known.get(n.path("id").asText())));
                }
            }
        } catch (CharacterCodingException binary) {
            throw new UsageException("--annotations " + annotations + " is not a text file (not UTF-8); give the JSON"
                    + " Lines file that 'heritage annotate' wrote");
        }
        if (lines > 0 && unreadable == lines) {
            throw new UsageException("--annotations " + annotations + ": none of its " + lines + " lines is an"
                    + " annotate record; give the JSON Lines file that 'heritage annotate' wrote");
        }
        String intro = "Predictions from " + annotations.getFileName()
                + (input != null ? " for " + input.getFileName() : "")
                + ". Bars show calibrated confidence; predictions below the field's review threshold are flagged"
                + " for review. Only fields that were missing are predicted.";
        AtomicFiles.writeString(
                output,
                HtmlReport.render(
                        new HtmlReport.Page(title, List.of(intro), entries, Math.max(0, lines - entries.size()))));
        out.println("Wrote " + output + ": " + lines + " rows (" + errors + " error records"
                + (unreadable > 0 ? ", " + unreadable + " unreadable lines" : "") + ")");
        return unreadable == 0 ? HeritageCli.OK : HeritageCli.PARTIAL;
    }

    /** One card from one annotate record. */
    private static HtmlReport.Entry entry(JsonNode n, Known known) {
        String id = n.path("id").asText();
        HtmlReport.Entry.Builder e = HtmlReport.Entry.builder(id);
        if (known != null) {
            known.fields().forEach(e::known);
            String heading = known.fields().get("title");
            if (heading != null) {
                e.heading(heading);
            }
            thumbnail(e, known.image());
        }
        if (n.has("error")) {
            e.error(new HtmlReport.Failure(
                    n.path("error").path("type").asText("error"),
                    n.path("error").path("message").asText("")));
        }
        JsonNode predictions = n.path("predictions");
        if (predictions.isObject() && predictions.size() > 0) {
            Map<String, HtmlReport.Shown> shown = new LinkedHashMap<>();
            predictions.fields().forEachRemaining(f -> {
                JsonNode p = f.getValue();
                JsonNode alt = p.path("alternatives").path(0);
                shown.put(
                        f.getKey(),
                        new HtmlReport.Shown(
                                p.path("value").asText(),
                                p.path("confidence").asDouble(),
                                p.path("needsReview").asBoolean(),
                                alt.path("value").asText(""),
                                alt.path("confidence").asDouble(),
                                p.path("outside").asBoolean(false),
                                p.has("outsideScore") ? p.path("outsideScore").asDouble() : Double.NaN));
            });
            List<String> used = new ArrayList<>();
            n.path("inputsUsed").forEach(u -> used.add(u.asText()));
            e.column(new HtmlReport.Column(used.isEmpty() ? "prediction" : "from " + String.join(" + ", used), shown));
        }
        n.path("warnings").forEach(w -> e.note("warning: " + w.asText()));
        if (n.hasNonNull("model")) {
            e.note("model: " + n.path("model").asText());
        }
        return e.build();
    }

    private static void thumbnail(HtmlReport.Entry.Builder e, Path image) {
        if (image == null) {
            e.imageProblem("no image");
            return;
        }
        try {
            e.thumbnail(HtmlReport.thumbnail(
                    ImageDecoder.decodeAtLeast(
                            ImageSource.of(image), DecodeLimits.defaults(), HtmlReport.THUMBNAIL_SIDE),
                    image.getFileName().toString(),
                    ""));
        } catch (InvalidImageException | IOException ex) {
            e.imageProblem("image not shown: " + ex.getMessage());
        }
    }

    /** Reads every column of the CSV as text, keyed by id, resolving image paths as annotate did. */
    private Map<String, Known> readCollection() throws IOException {
        List<String> header;
        try (CsvReader csv = CsvReader.open(input)) {
            header = csv.header();
        } catch (CsvFormatException e) {
            throw new UsageException("--input " + e.getMessage());
        }
        CollectionSchema.Builder schema = CollectionSchema.builder();
        Set<String> names = new LinkedHashSet<>(header);
        names.remove("id");
        names.remove("image");
        names.forEach(name -> schema.field(name, FieldKind.TEXT));
        CollectionReader.Builder b = CollectionReader.builder(input).schema(schema.build());
        if (images != null) {
            b.imagesDir(images);
        }
        Map<String, Known> byId = new HashMap<>();
        try (CollectionReader reader = b.open()) {
            for (CollectionRow row; (row = reader.next()) != null; ) {
                if (row.asset() == null) {
                    continue; // annotate wrote this row's error record; it is shown from there
                }
                Map<String, String> fields = new LinkedHashMap<>();
                for (String name : names) {
                    row.asset().field(name).filter(v -> !v.isBlank()).ifPresent(v -> fields.put(name, v));
                }
                byId.put(row.asset().id(), new Known(fields, row.imagePath()));
            }
        } catch (CsvFormatException e) {
            throw new UsageException("--input " + e.getMessage());
        }
        return byId;
    }
}
