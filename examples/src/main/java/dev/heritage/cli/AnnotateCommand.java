package dev.heritage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.api.Device;
import dev.heritage.api.EngineNotFoundException;
import dev.heritage.api.FieldKind;
import dev.heritage.api.HeritageException;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.ModelNotFoundException;
import dev.heritage.api.Prediction;
import dev.heritage.api.model.ModelCard;
import dev.heritage.api.model.TaskSpec;
import dev.heritage.classify.Annotators;
import dev.heritage.classify.collection.CollectionReader;
import dev.heritage.classify.collection.CollectionRow;
import dev.heritage.classify.collection.CollectionSchema;
import dev.heritage.classify.collection.RowError;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code heritage annotate}: predicts the missing fields of every row of a collection and writes
 * one JSON line per row (a result or an error record). Output goes to {@code FILE.partial}, renamed
 * to {@code FILE} when every row is done; {@code --resume} continues an interrupted run from the
 * partial file without redoing finished rows.
 */
@Command(name = "annotate", mixinStandardHelpOptions = true,
        description = "Predicts missing metadata for each row of a CSV; writes JSON Lines.")
final class AnnotateCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--model", defaultValue = "paintings-multitask", description = "Zoo id or model directory (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--input", required = true, description = "metadata.csv: an id column, an image column, any known fields.")
    Path input;

    @Option(names = "--images", description = "Folder that relative image paths resolve against (default: the CSV's folder).")
    Path images;

    @Option(names = "--output", required = true, description = "The JSON Lines file to write.")
    Path output;

    @Option(names = "--engine", description = "pytorch, onnxruntime or tensorflow (default: onnxruntime).")
    String engine;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda:N (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--format", defaultValue = "jsonl", description = "Output format: jsonl (default).")
    String format;

    @Option(names = "--precision", description = "Target precision of the review thresholds, e.g. 0.95 (default: the card's).")
    Double precision;

    @Option(names = "--explain", description = "Add to each prediction the evidence of each input: how much its confidence drops when that input is withheld.")
    boolean explain;

    @Option(names = "--batch", defaultValue = "32", description = "Rows per engine call (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--resume", description = "Continue an interrupted run from OUTPUT.partial.")
    boolean resume;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ReconstructCommand.requireFile(input, "--input");
        if (!format.equals("jsonl")) {
            throw new UsageException("--format " + format + ": this build writes jsonl");
        }
        if (images != null && !Files.isDirectory(images)) {
            throw new UsageException("--images " + images + ": no such folder");
        }
        AnnotatorOptions.Builder options = AnnotatorOptions.builder().engine(engine).optBatchSize(batch)
                .optExplain(explain);
        try {
            options.device(Device.parse(device));
            if (precision != null) {
                options.optReviewPrecision(precision);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Annotator annotator;
        try {
            annotator = Annotators.load(model, options.build());
        } catch (ModelNotFoundException | MalformedModelException | EngineNotFoundException e) {
            throw new UsageException(e.getMessage());
        } catch (dev.heritage.api.DeviceUnavailableException e) {
            throw new UsageException(e.getMessage());
        }
        try (annotator) {
            return run(annotator, out);
        }
    }

    private int run(Annotator annotator, PrintWriter out) throws IOException, HeritageException {
        ModelCard card = annotator.card();
        Path partial = output.resolveSibling(output.getFileName() + ".partial");
        Set<String> done = new HashSet<>();
        int failedBefore = 0;
        if (resume && Files.isRegularFile(partial)) {
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
        String yearSource = "year";
        if (fields.add(yearSource)) {
            schema.field(yearSource, FieldKind.YEAR);
        }
        int failed = failedBefore;
        int total = 0;
        Progress progress = new Progress(out);
        CollectionReader.Builder rb = CollectionReader.builder(input).schema(schema.build());
        if (images != null) {
            rb.imagesDir(images);
        }
        try (CollectionReader reader = rb.open();
             BufferedWriter w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND)) {
            reader.warnings().forEach(m -> spec.commandLine().getErr().println("heritage: warning: " + m));
            List<Asset> pending = new ArrayList<>();
            for (CollectionRow row; (row = reader.next()) != null; ) {
                total++;
                String id = row.asset() != null ? row.asset().id() : row.errors().get(0).idIfKnown().orElse("row " + row.row());
                if (done.contains(id)) {
                    continue;
                }
                if (!row.ok()) {
                    RowError e = row.errors().get(0);
                    w.write(errorLine(id, e.type().name().toLowerCase(), e.message()));
                    failed++;
                    continue;
                }
                pending.add(row.asset());
                if (pending.size() >= batch) {
                    failed += flush(annotator, pending, w);
                    progress.step("annotated", total, total);
                }
            }
            failed += flush(annotator, pending, w);
        }
        Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.println("Wrote " + output + ": " + total + " rows, " + failed + " failed");
        return failed == 0 ? HeritageCli.OK : HeritageCli.PARTIAL;
    }

    /** Annotates a batch; a bad image fails only its own row. @return the number of failed rows */
    private static int flush(Annotator annotator, List<Asset> pending, BufferedWriter w) throws IOException,
            HeritageException {
        if (pending.isEmpty()) {
            return 0;
        }
        int failed = 0;
        List<AnnotationResult> results;
        try {
            results = annotator.annotate(pending);
            for (AnnotationResult r : results) {
                w.write(resultLine(r));
            }
        } catch (InvalidImageException batchFailed) {
            for (Asset a : pending) {
                try {
                    w.write(resultLine(annotator.annotate(a)));
                } catch (InvalidImageException e) {
                    w.write(errorLine(a.id(), "invalid_image", e.getMessage()));
                    failed++;
                }
            }
        }
        w.flush();
        pending.clear();
        return failed;
    }

    static String resultLine(AnnotationResult r) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", r.assetId());
        Map<String, Object> predictions = new LinkedHashMap<>();
        for (Prediction p : r.predictions().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("value", p.value());
            m.put("confidence", round(p.confidence()));
            List<Map<String, Object>> alts = new ArrayList<>();
            p.alternatives().forEach(a -> {
                Map<String, Object> am = new LinkedHashMap<>();
                am.put("value", a.value());
                am.put("confidence", round(a.confidence()));
                alts.add(am);
            });
            m.put("alternatives", alts);
            m.put("needsReview", p.needsReview());
            if (!p.evidence().isEmpty()) {
                Map<String, Object> ev = new LinkedHashMap<>();
                p.evidence().forEach((input, v) -> ev.put(input, round(v)));
                m.put("evidence", ev);
            }
            predictions.put(p.field(), m);
        }
        line.put("predictions", predictions);
        line.put("inputsUsed", r.inputsUsed());
        if (!r.warnings().isEmpty()) {
            line.put("warnings", r.warnings());
        }
        line.put("model", r.modelId());
        return JSON.writeValueAsString(line) + "\n";
    }

    static String errorLine(String id, String type, String message) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", id);
        line.put("error", Map.of("type", type, "message", message));
        return JSON.writeValueAsString(line) + "\n";
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
