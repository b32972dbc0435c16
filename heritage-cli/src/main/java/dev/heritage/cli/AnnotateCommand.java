package dev.heritage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.api.Device;
import dev.heritage.api.DeviceUnavailableException;
import dev.heritage.api.EngineNotFoundException;
import dev.heritage.api.FieldKind;
import dev.heritage.api.HeritageException;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.ModelNotFoundException;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.api.model.ModelCard;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.api.model.TaskSpec;
import dev.heritage.classify.Annotators;
import dev.heritage.classify.collection.CollectionReader;
import dev.heritage.classify.collection.CollectionRow;
import dev.heritage.classify.collection.CollectionSchema;
import dev.heritage.classify.collection.RowError;
import dev.heritage.classify.output.AnnotationWriter;
import dev.heritage.classify.output.Generator;
import dev.heritage.classify.output.JsonLinesWriter;
import dev.heritage.classify.output.OutputFormat;
import dev.heritage.classify.output.ReviewDecisions;
import dev.heritage.classify.output.WebAnnotationWriter;
import dev.heritage.spark.AnnotationRow;
import dev.heritage.spark.AssetRow;
import dev.heritage.spark.HeritageSpark;
import dev.heritage.spark.RowAnnotation;
import dev.heritage.spark.SparkAnnotatorConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code heritage annotate}: predicts the missing fields of every row of a collection and writes
 * them in one of three formats (a result or an error record for every row, in input order):
 * JSON Lines (default), a W3C Web Annotation page ({@code --format jsonld}) or a review CSV
 * ({@code --format csv}). Output goes to {@code FILE.partial}, renamed to {@code FILE} when every
 * row is done; {@code --resume} (JSON Lines only) continues an interrupted run from the partial
 * file without redoing finished rows. {@code --accepted} reads a reviewed CSV back as known
 * fields; {@code --spark MASTER} runs the same job on Apache Spark.
 */
@Command(name = "annotate", mixinStandardHelpOptions = true,
        description = "Predicts missing metadata for each row of a CSV; writes JSON Lines, W3C Web Annotations or a review CSV.")
final class AnnotateCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--model", defaultValue = "paintings-multitask", description = "Zoo id or model directory (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--input", required = true, description = "metadata.csv: an id column, an image column, any known fields.")
    Path input;

    @Option(names = "--images", description = "Folder that relative image paths resolve against (default: the CSV's folder).")
    Path images;

    @Option(names = "--output", required = true, description = "The file to write.")
    Path output;

    @Option(names = "--engine", description = "pytorch, onnxruntime or tensorflow (default: the highest-ranked engine present, onnxruntime in this distribution; -Dheritage.engine=NAME changes the default).")
    String engine;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda:N (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--format", defaultValue = "jsonl",
            description = "jsonl (default): one JSON object per row; jsonld: a W3C Web Annotation page; csv: a review spreadsheet.")
    String format;

    @Option(names = "--target-base", description = "jsonld: IRI that object ids are appended to (percent-encoded) for the annotations' targets, e.g. https://collection.example.org/objects/ (default urn:heritage:object:); ids that are http(s) or urn IRIs stay as they are.")
    String targetBase;

    @Option(names = "--accepted", description = "A review CSV (from --format csv) with decisions in its FIELD_review columns: accepted or corrected values become known fields of this run.")
    Path accepted;

    @Option(names = "--precision", description = "Target precision of the review thresholds, e.g. 0.95 (default: the card's).")
    Double precision;

    @Option(names = "--explain", description = "Add to each prediction the evidence of each input: how much its confidence drops when that input is withheld.")
    boolean explain;

    @Option(names = "--batch", defaultValue = "32", description = "Rows per engine call (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--mirror", description = "Answer from the mean of each image's and its mirror image's features"
            + " (test-time flip): more accurate, twice the image work per row.")
    boolean mirror;

    @Option(names = "--outside-threshold", description = "Open-set threshold in (0, 1]: a style whose outside score"
            + " reaches it is answered \"outside the styles I know\" (default: the card's; higher answers fewer"
            + " objects outside).")
    Double outsideThreshold;

    @Option(names = "--resume", description = "Continue an interrupted run from OUTPUT.partial (jsonl only).")
    boolean resume;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Run on Apache Spark at this master, e.g. local[4] or spark://host:7077; the model is loaded once per executor.")
    String sparkMaster;

    @Option(names = "--spark-chunk", defaultValue = "10000", description = "With --spark: rows read and sent to Spark per job (bounds the driver's memory; default ${DEFAULT-VALUE}).")
    int sparkChunk;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** One input row in order: an asset to annotate (with its image path) or a row that already failed. */
    private record Entry(String id, Asset asset, Path imagePath, String errorType, String errorMessage) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ReconstructCommand.requireFile(input, "--input");
        AtomicOutput.checkTarget(output, "--output");
        SameFile.refuse(output, "--output", input, "--input");
        SameFile.refuse(output, "--output", accepted, "--accepted");
        SameFile.refuse(partial(), "--output's partial file", input, "--input");
        if (precision != null && !(precision > 0 && precision <= 1)) {
            throw new UsageException("--precision " + precision + ": give the target precision of the review"
                    + " thresholds as a number in (0, 1], e.g. 0.95");
        }
        OutputFormat outputFormat;
        try {
            outputFormat = OutputFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format " + format + ": " + e.getMessage());
        }
        if (resume && outputFormat != OutputFormat.JSONL) {
            throw new UsageException("--resume works with --format jsonl only: a " + outputFormat.cliName()
                    + " file is one document, written whole; run again without --resume");
        }
        if (targetBase != null && outputFormat != OutputFormat.JSONLD) {
            throw new UsageException("--target-base applies to --format jsonld only");
        }
        if (images != null && !Files.isDirectory(images)) {
            throw new UsageException("--images " + images + ": no such folder");
        }
        if (batch < 1 || sparkChunk < 1) {
            throw new UsageException("--batch and --spark-chunk must be at least 1");
        }
        ReviewDecisions decisions = null;
        if (accepted != null) {
            ReconstructCommand.requireFile(accepted, "--accepted");
            try {
                decisions = ReviewDecisions.read(accepted);
            } catch (dev.heritage.classify.collection.CsvFormatException e) {
                throw new UsageException("--accepted: " + e.getMessage());
            }
            decisions.problems().forEach(m -> spec.commandLine().getErr().println("heritage: warning: " + m));
            out.println("Review decisions from " + accepted + ": " + decisions.accepted() + " accepted, "
                    + decisions.corrected() + " corrected, " + decisions.rejected() + " rejected");
        }
        AnnotatorOptions.Builder options = AnnotatorOptions.builder().engine(engine).optBatchSize(batch)
                .optExplain(explain).optMirrorAverage(mirror);
        try {
            options.device(Device.parse(device));
            if (precision != null) {
                options.optReviewPrecision(precision);
            }
            if (outsideThreshold != null) {
                options.optOutsideThreshold(outsideThreshold);
                options.build();
            }
            if (targetBase != null && !java.net.URI.create(targetBase).isAbsolute()) {
                throw new IllegalArgumentException("--target-base " + targetBase + ": not an absolute IRI; write e.g."
                        + " https://collection.example.org/objects/");
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try {
            EngineProvider provider = Annotators.engine(engine);
            if (sparkMaster != null) {
                ModelCard card = ModelZoos.open(model).card();
                Generator generator = Generator.of(card, provider.name(), provider.version());
                SparkAnnotatorConfig config = new SparkAnnotatorConfig(modelForExecutors(), engine, device, batch,
                        precision == null ? Double.NaN : precision, mirror,
                        outsideThreshold == null ? Double.NaN : outsideThreshold);
                try (JavaSparkContext spark = HeritageSpark.context(sparkMaster)) {
                    out.println("Spark " + spark.version() + " at " + sparkMaster + ", " + spark.defaultParallelism()
                            + " task slots");
                    int partitions = Math.max(1, 2 * spark.defaultParallelism());
                    return run(card, generator, outputFormat, decisions, out, sparkChunk,
                            pending -> HeritageSpark.annotate(spark, pending, config, partitions));
                }
            }
            try (Annotator annotator = Annotators.load(model, options.build())) {
                Generator generator = Generator.of(annotator.card(), provider.name(), provider.version());
                // Several batches per call: the annotator prepares each next batch while the engine
                // runs the current one. The output is flushed (and --resume picks up) per chunk.
                return run(annotator.card(), generator, outputFormat, decisions, out, batch * RowAnnotation.BATCHES_PER_CHUNK,
                        pending -> annotateLocally(annotator, pending, batch));
            }
        } catch (ModelNotFoundException | MalformedModelException | EngineNotFoundException
                 | DeviceUnavailableException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** A model directory travels to executors as an absolute path; a zoo id as it is. */
    private String modelForExecutors() {
        Path p = Path.of(model);
        return Files.isDirectory(p) ? p.toAbsolutePath().normalize().toString() : model;
    }

    /** Annotates a list of rows; returns one row per input, in order. */
    private interface Backend {
        List<AnnotationRow> annotate(List<AssetRow> rows) throws HeritageException;
    }

    private int run(ModelCard card, Generator generator, OutputFormat outputFormat, ReviewDecisions decisions,
                    PrintWriter out, int flushEvery, Backend backend) throws IOException, HeritageException {
        Path partial = partial();
        Path record = runRecordFile(output);
        requireIdentifyingColumns(card);
        String runRecord = runRecord(card);
        Set<String> done = new HashSet<>();
        int failedBefore = 0;
        if (resume && Files.isRegularFile(partial)) {
            checkRunRecord(record, runRecord, partial);
            List<String> kept = new ArrayList<>();
            for (String line : Files.readAllLines(partial, StandardCharsets.UTF_8)) {
                try {
                    JsonNode n = JSON.readTree(line);
                    done.add(n.path("id").asText());
                    failedBefore += n.has("error") ? 1 : 0;
                    kept.add(line);
                } catch (IOException torn) {
                    break; // the last line of an interrupted run may be cut off
                }
            }
            Files.write(partial, kept, StandardCharsets.UTF_8);
            out.println("Resuming: " + done.size() + " rows already done");
        } else {
            Files.deleteIfExists(partial);
        }
        // What this partial belongs to, so that --resume never mixes rows of another input, model or options.
        AtomicOutput.writeString(record, runRecord);
        int failed = failedBefore;
        int total = 0;
        Progress progress = new Progress(out);
        long rows = Progress.csvRows(input);
        CollectionReader.Builder rb = CollectionReader.builder(input).schema(schema(card));
        if (images != null) {
            rb.imagesDir(images);
        }
        BufferedWriter file = Files.newBufferedWriter(partial, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        try (CollectionReader reader = rb.open();
             AnnotationWriter w = open(outputFormat, file, card, generator)) {
            reader.warnings().forEach(m -> spec.commandLine().getErr().println("heritage: warning: " + m));
            List<Entry> pending = new ArrayList<>();
            int assets = 0;
            for (CollectionRow row; (row = reader.next()) != null; ) {
                total++;
                String id = row.asset() != null ? row.asset().id() : row.errors().get(0).idIfKnown().orElse("row " + row.row());
                if (done.contains(id)) {
                    continue;
                }
                if (!row.ok()) {
                    RowError e = row.errors().get(0);
                    pending.add(new Entry(id, null, null, e.type().name().toLowerCase(), e.message()));
                    continue;
                }
                Asset asset = decisions == null ? row.asset() : decisions.apply(row.asset());
                pending.add(new Entry(id, asset, row.imagePath(), null, null));
                if (++assets >= flushEvery) {
                    failed += flush(pending, backend, w);
                    assets = 0;
                    progress.step("annotated", total, rows);
                }
            }
            failed += flush(pending, backend, w);
            progress.step("annotated", total, rows);
            progress.end();
        }
        AtomicOutput.commit(partial, output);
        Files.deleteIfExists(record);
        out.println("Wrote " + output + " (" + outputFormat.cliName() + "): " + total + " rows, " + failed + " failed");
        return failed == 0 ? HeritageCli.OK : HeritageCli.PARTIAL;
    }

    private Path partial() {
        return output.resolveSibling(output.getFileName() + ".partial");
    }

    /** @return the file beside {@code OUTPUT.partial} that records which run the partial belongs to */
    static Path runRecordFile(Path output) {
        return output.resolveSibling(output.getFileName() + ".partial.run.json");
    }

    /**
     * What the results depend on: the input CSV's digest, the model, and the options that change
     * answers (not --batch, which only changes speed). --resume refuses a partial of another run.
     *
     * @param card the model's card
     * @return one JSON line
     * @throws IOException if the input cannot be read
     */
    String runRecord(ModelCard card) throws IOException {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("input", input.toAbsolutePath().normalize().toString());
        m.put("inputSha256", dev.heritage.api.model.Digests.sha256(input));
        m.put("images", images == null ? null : images.toAbsolutePath().normalize().toString());
        m.put("model", card.id() + " " + card.version());
        java.util.Map<String, Object> o = new java.util.LinkedHashMap<>();
        o.put("format", format);
        o.put("engine", engine);
        o.put("device", device);
        o.put("precision", precision);
        o.put("explain", explain);
        o.put("mirror", mirror);
        o.put("targetBase", targetBase);
        o.put("acceptedSha256", accepted == null ? null : dev.heritage.api.model.Digests.sha256(accepted));
        m.put("options", o);
        return JSON.writeValueAsString(m) + "\n";
    }

    private static void checkRunRecord(Path record, String expected, Path partial) throws IOException {
        String hint = "; delete " + partial + " (and " + record.getFileName() + ") to start over, or run"
                + " without --resume";
        if (!Files.isRegularFile(record)) {
            throw new UsageException("--resume: " + partial + " has no record of the run that wrote it ("
                    + record.getFileName() + " is missing), so it may belong to another input" + hint);
        }
        JsonNode was = JSON.readTree(Files.readString(record, StandardCharsets.UTF_8));
        JsonNode now = JSON.readTree(expected);
        for (String key : List.of("inputSha256", "input", "images", "model", "options")) {
            if (!now.path(key).equals(was.path(key))) {
                String what = switch (key) {
                    case "inputSha256" -> "a different input CSV (its contents changed)";
                    case "input" -> "a different input CSV (" + was.path("input").asText() + ")";
                    case "images" -> "a different --images folder";
                    case "model" -> "a different model (" + was.path("model").asText() + ")";
                    default -> "different options (" + was.path("options") + ")";
                };
                throw new UsageException("--resume: " + partial + " was written for " + what + hint);
            }
        }
    }

    /**
     * A CSV whose header has neither the id nor the image column (often a semicolon-separated or
     * UTF-16 file read as one column) would annotate nothing useful: stop, naming the columns seen.
     */
    private void requireIdentifyingColumns(ModelCard card) throws IOException {
        CollectionReader.Builder rb = CollectionReader.builder(input).schema(schema(card));
        try (CollectionReader reader = rb.open()) {
            CollectionSchema sc = reader.schema();
            List<String> header = reader.header();
            if (!header.contains(sc.idColumn()) && !header.contains(sc.imageColumn())) {
                String seen = String.join(" | ", header);
                String hint = seen.contains(";") ? " It looks semicolon-separated: save it comma-separated."
                        : seen.indexOf('\t') >= 0 ? " It looks tab-separated: save it comma-separated."
                        : seen.indexOf('\u0000') >= 0 || seen.indexOf('\ufffd') >= 0
                        ? " It does not look like UTF-8 (UTF-16?): save it as UTF-8." : "";
                throw new UsageException("--input " + input + ": no '" + sc.idColumn() + "' or '" + sc.imageColumn()
                        + "' column; the header has " + header.size() + " column(s): [" + printable(seen) + "]."
                        + hint + " The first row must name the columns, e.g. id,image,style");
            }
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> b.append(Character.isISOControl(c) || c == 0xFFFD ? "?" : Character.toString(c)));
        return b.toString();
    }

    private AnnotationWriter open(OutputFormat outputFormat, BufferedWriter file, ModelCard card, Generator generator)
            throws IOException {
        if (outputFormat == OutputFormat.JSONLD) {
            return WebAnnotationWriter.builder(generator).optTargetBase(targetBase).open(file);
        }
        return outputFormat.open(file, card, generator);
    }

    /** The columns read: the model's inputs, its tasks (a known value is not predicted) and the year. */
    private static CollectionSchema schema(ModelCard card) {
        CollectionSchema.Builder schema = CollectionSchema.builder();
        Set<String> fields = new HashSet<>();
        card.inputs().stream().filter(f -> !f.name().equals("image")).forEach(f -> {
            if (fields.add(f.name())) {
                schema.field(f.name(), f.kind());
            }
        });
        for (TaskSpec t : card.tasks()) {
            if (fields.add(t.name())) {
                schema.field(t.name(), FieldKind.TEXT);
            }
        }
        if (fields.add("year")) {
            schema.field("year", FieldKind.YEAR);
        }
        return schema.build();
    }

    /** Annotates the pending assets and writes every pending entry in input order. @return rows that failed */
    private static int flush(List<Entry> pending, Backend backend, AnnotationWriter w) throws IOException,
            HeritageException {
        if (pending.isEmpty()) {
            return 0;
        }
        List<AssetRow> rows = new ArrayList<>();
        for (Entry e : pending) {
            if (e.asset() != null) {
                rows.add(AssetRow.of(e.asset(), e.asset().image() == null ? null : e.imagePath()));
            }
        }
        List<AnnotationRow> results = rows.isEmpty() ? List.of() : backend.annotate(rows);
        int failed = 0;
        int next = 0;
        for (Entry e : pending) {
            if (e.asset() == null) {
                w.writeError(e.id(), e.errorType(), e.errorMessage());
                failed++;
                continue;
            }
            AnnotationRow r = results.get(next++);
            if (r.isError()) {
                w.writeError(r.id(), r.errorType(), r.errorMessage());
                failed++;
            } else {
                w.writeResult(r.toResult());
            }
        }
        w.flush();
        pending.clear();
        return failed;
    }

    /** The plain path: a chunk of several batches through the shared annotator; a bad image fails only its row. */
    private static List<AnnotationRow> annotateLocally(Annotator annotator, List<AssetRow> rows, int batch)
            throws HeritageException {
        return RowAnnotation.annotate(annotator, rows.stream().map(AssetRow::toAsset).toList(), batch);
    }

    static String resultLine(AnnotationResult r) throws IOException {
        return JsonLinesWriter.resultLine(r);
    }

    static String errorLine(String id, String type, String message) throws IOException {
        return JsonLinesWriter.errorLine(id, type, message);
    }
}
