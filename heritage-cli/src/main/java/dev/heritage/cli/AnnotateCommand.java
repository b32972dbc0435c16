package dev.heritage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Device;
import dev.heritage.api.DeviceUnavailableException;
import dev.heritage.api.EngineNotFoundException;
import dev.heritage.api.HeritageException;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelNotFoundException;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.api.model.Digests;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.classify.Annotators;
import dev.heritage.classify.batch.AnnotationSchema;
import dev.heritage.classify.batch.BatchAnnotation;
import dev.heritage.classify.batch.BatchListener;
import dev.heritage.classify.batch.BatchSummary;
import dev.heritage.classify.batch.ResumeRefusedException;
import dev.heritage.classify.batch.RowOutcome;
import dev.heritage.classify.batch.RunRecord;
import dev.heritage.classify.collection.CollectionReader;
import dev.heritage.classify.collection.CollectionSchema;
import dev.heritage.classify.collection.CsvFormatException;
import dev.heritage.classify.collection.ImageFolder;
import dev.heritage.classify.collection.RowSource;
import dev.heritage.classify.output.Generator;
import dev.heritage.classify.output.JsonLinesWriter;
import dev.heritage.classify.output.OutputFormat;
import dev.heritage.classify.output.ReviewDecisions;
import dev.heritage.iiif.CanvasImages;
import dev.heritage.iiif.IiifFetchOptions;
import dev.heritage.iiif.IiifManifest;
import dev.heritage.iiif.IiifRows;
import dev.heritage.iiif.ManifestException;
import dev.heritage.iiif.ManifestReader;
import dev.heritage.iiif.SafeHttpClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
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
 * fields; {@code --spark MASTER} runs the same job on Apache Spark ({@link SparkAnnotation}); {@code --iiif
 * MANIFEST} annotates the canvases of a IIIF manifest instead of a CSV ({@link IiifRows}). The run
 * itself (chunks, error records, resume, the final rename) is the library's
 * {@link BatchAnnotation}; this class holds the options, usage errors, messages and exit codes.
 */
@Command(
        name = "annotate",
        mixinStandardHelpOptions = true,
        description = "Predicts missing metadata for each row of a CSV, image of a folder or canvas of a IIIF manifest;"
                + " writes JSON Lines, W3C Web Annotations or a review CSV.")
final class AnnotateCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper();

    @Option(
            names = "--model",
            defaultValue = "paintings-multitask",
            description = "Zoo id or model directory (default ${DEFAULT-VALUE}).")
    String model;

    @Option(
            names = "--input",
            description = "metadata.csv (an id column, an image column, any known fields), or a folder: every"
                    + " image file below it is a row whose id is its path relative to the folder.")
    Path input;

    @Option(
            names = "--iiif",
            paramLabel = "MANIFEST",
            description = "Instead of --input: a IIIF manifest (Presentation 3 or 2; an http(s) URL or a file)."
                    + " Each canvas is a row whose id is the canvas IRI; its image is fetched through the Image"
                    + " API at most 1024 pixels a side, its known fields come from the manifest's metadata.")
    String iiif;

    @Option(
            names = "--allow-private-network",
            description = "With --iiif: allow fetching from private, loopback and link-local addresses (refused by"
                    + " default, so that a manifest cannot make Heritage reach into your own network).")
    boolean allowPrivateNetwork;

    @Option(
            names = "--images",
            description = "Folder that relative image paths resolve against (default: the CSV's folder).")
    Path images;

    @Option(names = "--output", required = true, description = "The file to write.")
    Path output;

    @Option(
            names = "--engine",
            description =
                    "pytorch, onnxruntime or tensorflow (default: the highest-ranked engine present, onnxruntime in this distribution; -Dheritage.engine=NAME changes the default).")
    String engine;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda:N (default ${DEFAULT-VALUE}).")
    String device;

    @Option(
            names = "--format",
            defaultValue = "jsonl",
            description =
                    "jsonl (default): one JSON object per row; jsonld: a W3C Web Annotation page; csv: a review spreadsheet.")
    String format;

    @Option(
            names = "--target-base",
            description =
                    "jsonld: IRI that object ids are appended to (percent-encoded) for the annotations' targets, e.g. https://collection.example.org/objects/ (default urn:heritage:object:); ids that are http(s) or urn IRIs stay as they are.")
    String targetBase;

    @Option(
            names = "--accepted",
            description =
                    "A review CSV (from --format csv) with decisions in its FIELD_review columns: accepted or corrected values become known fields of this run.")
    Path accepted;

    @Option(
            names = "--precision",
            description = "Target precision of the review thresholds, e.g. 0.95 (default: the card's).")
    Double precision;

    @Option(
            names = "--explain",
            description =
                    "Add to each prediction the evidence of each input: how much its confidence drops when that input is withheld.")
    boolean explain;

    @Option(names = "--batch", defaultValue = "32", description = "Rows per engine call (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--mirror",
            description = "Answer from the mean of each image's and its mirror image's features"
                    + " (test-time flip): more accurate, twice the image work per row.")
    boolean mirror;

    @Option(
            names = "--trim-borders",
            description = "Cut a flat border (a mat, a scanner's margin, a letterbox) from round each image"
                    + " before answering: most of what a mat costs is won back, at a small cost on images"
                    + " without one (docs/STATUS.md).")
    boolean trimBorders;

    @Option(
            names = "--outside-threshold",
            description = "Open-set threshold in (0, 1]: a style whose outside score"
                    + " reaches it is answered \"outside the styles I know\" (default: the card's; higher answers fewer"
                    + " objects outside).")
    Double outsideThreshold;

    @Option(names = "--resume", description = "Continue an interrupted run from OUTPUT.partial (jsonl only).")
    boolean resume;

    @Option(
            names = "--spark",
            paramLabel = "MASTER",
            description =
                    "Run on Apache Spark at this master, e.g. local[4] or spark://host:7077; the model is loaded once per executor.")
    String sparkMaster;

    @Option(
            names = "--spark-chunk",
            defaultValue = "10000",
            description =
                    "With --spark: rows read and sent to Spark per job (bounds the driver's memory; default ${DEFAULT-VALUE}).")
    int sparkChunk;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    private HeritageCli parent;

    /** The manifest of --iiif, read before the model is loaded so that a bad one fails fast. */
    private IiifManifest manifest;

    private SafeHttpClient http;

    @Override
    public Integer call() throws Exception {
        if ((input == null) == (iiif == null)) {
            throw new UsageException("give the rows to annotate with --input (a CSV or a folder) or --iiif (a IIIF"
                    + " manifest), one of the two");
        }
        if (iiif != null) {
            return annotateManifest();
        }
        if (!Files.isDirectory(input)) {
            return annotateCollection();
        }
        // A folder: its images become a metadata CSV beside the partial output (so that --resume finds the
        // same input), removed once the run has finished.
        if (images != null) {
            throw new UsageException(
                    "--images: with a folder as --input its images are read from that folder;" + " leave --images out");
        }
        AtomicOutput.checkTarget(output, "--output");
        Path folder = input;
        Path listing = folderListing(output);
        if (ImageFolder.writeMetadata(folder, listing) == 0) {
            Files.deleteIfExists(listing);
            throw new UsageException("--input " + folder + ": no image files below it ("
                    + String.join(", ", new TreeSet<>(ImageFolder.EXTENSIONS)) + ")");
        }
        input = listing;
        images = folder;
        try {
            return annotateCollection();
        } finally {
            if (!Files.exists(partial())) {
                Files.deleteIfExists(listing);
            }
        }
    }

    /** --iiif: checks what does not apply to a manifest, reads it, and annotates its canvases. */
    private int annotateManifest() throws Exception {
        if (images != null || resume || sparkMaster != null) {
            throw new UsageException("--iiif: " + (images != null ? "--images" : resume ? "--resume" : "--spark")
                    + " does not apply to a manifest (its images are fetched into memory, and a run over it is"
                    + " not resumable); leave it out");
        }
        AtomicOutput.checkTarget(output, "--output");
        if (!ManifestReader.isUrl(iiif)) {
            SameFile.refuse(output, "--output", Path.of(iiif), "--iiif");
            SameFile.refuse(partial(), "--output's partial file", Path.of(iiif), "--iiif");
        }
        http = new SafeHttpClient(IiifFetchOptions.builder()
                .optAllowPrivateNetwork(allowPrivateNetwork)
                .build());
        try {
            manifest = ManifestReader.read(iiif, http);
        } catch (ManifestException e) {
            throw new UsageException("--iiif: " + e.getMessage());
        }
        parent.log()
                .say(
                        "IIIF manifest " + iiif + ": Presentation " + manifest.version() + ", "
                                + manifest.canvases().size() + " canvas(es)",
                        "manifest",
                        Map.of(
                                "manifest",
                                iiif,
                                "version",
                                manifest.version(),
                                "canvases",
                                manifest.canvases().size()));
        return annotateCollection();
    }

    /** @return where the rows of a folder given as --input are listed while a run over it is unfinished */
    static Path folderListing(Path output) {
        return output.resolveSibling(output.getFileName() + ".partial.input.csv");
    }

    private int annotateCollection() throws Exception {
        CliLog log = parent.log();
        if (manifest == null) {
            ReconstructCommand.requireFile(input, "--input");
            SameFile.refuse(output, "--output", input, "--input");
            SameFile.refuse(partial(), "--output's partial file", input, "--input");
        }
        AtomicOutput.checkTarget(output, "--output");
        SameFile.refuse(output, "--output", accepted, "--accepted");
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
            } catch (CsvFormatException e) {
                throw new UsageException("--accepted: " + e.getMessage());
            }
            decisions.problems().forEach(log::warning);
            log.say(
                    "Review decisions from " + accepted + ": " + decisions.accepted() + " accepted, "
                            + decisions.corrected() + " corrected, " + decisions.rejected() + " rejected",
                    "decisions",
                    Map.of(
                            "accepted", decisions.accepted(),
                            "corrected", decisions.corrected(),
                            "rejected", decisions.rejected()));
        }
        AnnotatorOptions.Builder options = AnnotatorOptions.builder()
                .engine(engine)
                .optBatchSize(batch)
                .optExplain(explain)
                .optMirrorAverage(mirror)
                .optTrimBorders(trimBorders);
        try {
            options.device(Device.parse(device));
            if (precision != null) {
                options.optReviewPrecision(precision);
            }
            if (outsideThreshold != null) {
                options.optOutsideThreshold(outsideThreshold);
                options.build();
            }
            if (targetBase != null && !URI.create(targetBase).isAbsolute()) {
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
                try (SparkAnnotation spark = SparkAnnotation.start(
                        sparkMaster,
                        SparkAnnotation.config(
                                model, engine, device, batch, precision, mirror, outsideThreshold, trimBorders),
                        log)) {
                    int code = annotate(
                            BatchAnnotation.builder()
                                    .chunkAnnotator(spark, card)
                                    .optChunkSize(sparkChunk),
                            card,
                            provider,
                            outputFormat,
                            decisions,
                            log);
                    spark.sayExecutors();
                    return code;
                }
            }
            try (Annotator annotator = Annotators.load(model, options.build())) {
                // Several batches per chunk: the annotator prepares each next batch while the engine
                // runs the current one. The output is flushed (and --resume picks up) per chunk.
                return annotate(
                        BatchAnnotation.builder().annotator(annotator).optBatchSize(batch),
                        annotator.card(),
                        provider,
                        outputFormat,
                        decisions,
                        log);
            }
        } catch (ModelNotFoundException
                | MalformedModelException
                | EngineNotFoundException
                | DeviceUnavailableException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Runs the library's batch runner over the input CSV or the manifest's canvases, with progress. */
    private int annotate(
            BatchAnnotation.Builder runner,
            ModelCard card,
            EngineProvider provider,
            OutputFormat outputFormat,
            ReviewDecisions decisions,
            CliLog log)
            throws IOException, HeritageException {
        if (manifest != null) {
            IiifRows rows = new IiifRows(manifest, AnnotationSchema.of(card), new CanvasImages(http));
            // One batch per chunk: the chunk's fetched images are what the run holds in memory.
            runner.optChunkSize(batch);
            return run(runner, rows, rows.size(), card, provider, outputFormat, decisions, log);
        }
        try (CollectionReader reader = CollectionReader.builder(input)
                .schema(AnnotationSchema.of(card))
                .imagesDir(images)
                .open()) {
            requireIdentifyingColumns(reader);
            return run(runner, reader, Progress.csvRows(input), card, provider, outputFormat, decisions, log);
        }
    }

    private int run(
            BatchAnnotation.Builder runner,
            RowSource rows,
            long expectedRows,
            ModelCard card,
            EngineProvider provider,
            OutputFormat outputFormat,
            ReviewDecisions decisions,
            CliLog log)
            throws IOException, HeritageException {
        BatchAnnotation run = runner.output(output)
                .optFormat(outputFormat)
                .optGenerator(Generator.of(card, provider.name(), provider.version()))
                .optTargetBase(targetBase)
                .optResume(resume)
                .optRunOptions(runOptions())
                .optDecisions(decisions)
                .optListener(new BatchListener() {
                    @Override
                    public void resumed(int rowsDone) {
                        log.say(
                                "Resuming: " + rowsDone + " rows already done",
                                "resumed",
                                Map.of("rowsDone", rowsDone));
                    }

                    @Override
                    public void warning(String message) {
                        log.warning(message);
                    }

                    @Override
                    public void written(long rowsRead) {
                        log.step("annotated", rowsRead, expectedRows);
                    }

                    @Override
                    public void annotated(RowOutcome outcome, long nanos) {
                        if (log.verbose()) {
                            fileLine(log, outcome, nanos);
                        }
                    }
                })
                .build();
        BatchSummary done;
        try {
            done = run.run(rows);
        } catch (ResumeRefusedException e) {
            throw new UsageException("--resume: " + e.partial() + " " + e.problem("--images folder") + "; delete "
                    + e.partial() + " (and " + e.runRecord().getFileName() + ") to start over, or run without"
                    + " --resume");
        }
        log.endProgress();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("output", output.toString());
        summary.put("format", outputFormat.cliName());
        summary.put("rows", done.rows());
        summary.put("failed", done.failed());
        log.say(
                "Wrote " + output + " (" + outputFormat.cliName() + "): " + done.rows() + " rows, " + done.failed()
                        + " failed",
                "summary",
                summary);
        return done.failed() == 0 ? HeritageCli.OK : HeritageCli.PARTIAL;
    }

    /** One --verbose line: the row's id, ok or error, each predicted field's value and confidence, or the error. */
    private static void fileLine(CliLog log, RowOutcome outcome, long nanos) {
        long millis = Math.round(nanos / 1e6);
        if (outcome.isError()) {
            log.file(
                    outcome.id(),
                    false,
                    outcome.errorType() + ": " + outcome.errorMessage(),
                    Map.of("error", errorFields(outcome)),
                    millis);
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        StringBuilder said = new StringBuilder();
        outcome.result().predictions().forEach((field, p) -> {
            answer.put(field, p.value());
            said.append(said.length() == 0 ? "" : ", ")
                    .append(field)
                    .append('=')
                    .append(p.value())
                    .append(String.format(Locale.ROOT, " (%.2f)", p.confidence()));
        });
        log.file(outcome.id(), true, said.toString(), Map.of("answer", answer), millis);
    }

    private static Map<String, Object> errorFields(RowOutcome outcome) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", outcome.errorType());
        error.put("message", outcome.errorMessage());
        return error;
    }

    private Path partial() {
        return BatchAnnotation.partialFile(output);
    }

    /** @return the file beside {@code OUTPUT.partial} that records which run the partial belongs to */
    static Path runRecordFile(Path output) {
        return RunRecord.fileFor(output);
    }

    /**
     * The record of this run beside its partial output ({@link RunRecord}): the input CSV's digest,
     * the model, and the options that change answers (not --batch, which only changes speed).
     * --resume refuses a partial of another run.
     *
     * @param card the model's card
     * @return one JSON line
     * @throws IOException if the input cannot be read
     */
    String runRecord(ModelCard card) throws IOException {
        return RunRecord.of(input, images, card, runOptions()).toJson();
    }

    /** The options that change answers, as the run record holds them. */
    private Map<String, Object> runOptions() throws IOException {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("format", format);
        o.put("engine", engine);
        o.put("device", device);
        o.put("precision", precision);
        o.put("explain", explain);
        o.put("mirror", mirror);
        o.put("trimBorders", trimBorders);
        o.put("targetBase", targetBase);
        o.put("acceptedSha256", accepted == null ? null : Digests.sha256(accepted));
        return o;
    }

    /**
     * A CSV whose header has neither the id nor the image column (often a semicolon-separated or
     * UTF-16 file read as one column) would annotate nothing useful: stop, naming the columns seen.
     */
    private void requireIdentifyingColumns(CollectionReader reader) {
        CollectionSchema sc = reader.schema();
        List<String> header = reader.header();
        if (!header.contains(sc.idColumn()) && !header.contains(sc.imageColumn())) {
            String seen = String.join(" | ", header);
            String hint = seen.contains(";")
                    ? " It looks semicolon-separated: save it comma-separated."
                    : seen.indexOf('\t') >= 0
                            ? " It looks tab-separated: save it comma-separated."
                            : seen.indexOf('\u0000') >= 0 || seen.indexOf('\ufffd') >= 0
                                    ? " It does not look like UTF-8 (UTF-16?): save it as UTF-8."
                                    : "";
            throw new UsageException("--input " + input + ": no '" + sc.idColumn() + "' or '" + sc.imageColumn()
                    + "' column; the header has " + header.size() + " column(s): [" + printable(seen) + "]."
                    + hint + " The first row must name the columns, e.g. id,image,style");
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints()
                .limit(200)
                .forEach(c -> b.append(Character.isISOControl(c) || c == 0xFFFD ? "?" : Character.toString(c)));
        return b.toString();
    }

    static String resultLine(AnnotationResult r) throws IOException {
        return JsonLinesWriter.resultLine(r);
    }

    static String errorLine(String id, String type, String message) throws IOException {
        return JsonLinesWriter.errorLine(id, type, message);
    }
}
