package dev.heritage.classify.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.Annotator;
import dev.heritage.api.HeritageException;
import dev.heritage.api.ModelCard;
import dev.heritage.api.io.AtomicFiles;
import dev.heritage.classify.collection.CollectionReader;
import dev.heritage.classify.collection.CollectionRow;
import dev.heritage.classify.collection.RowError;
import dev.heritage.classify.collection.RowSource;
import dev.heritage.classify.output.AnnotationWriter;
import dev.heritage.classify.output.Generator;
import dev.heritage.classify.output.OutputFormat;
import dev.heritage.classify.output.ReviewDecisions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Annotates a whole collection into one output file, as {@code heritage annotate} does: rows are
 * read in order from a {@link CollectionReader} (or another {@link RowSource}), annotated in chunks of several batches by a
 * {@link ChunkAnnotator}, and written in input order through the format's {@link AnnotationWriter}
 * into {@code OUTPUT.partial}, which {@link AtomicFiles#commit} renames to {@code OUTPUT} once every
 * row is written. Every row gets one record: a result, or an error record for a row the CSV reader
 * rejected or whose image could not be used; the run goes on past such rows.
 *
 * <pre>{@code
 * try (Annotator annotator = Annotators.load("paintings-multitask", options);
 *      CollectionReader rows = CollectionReader.builder(csv).schema(AnnotationSchema.of(annotator.card())).open()) {
 *     BatchSummary done = BatchAnnotation.builder().annotator(annotator).output(Path.of("out.jsonl"))
 *             .optResume(true).build().run(rows);
 * }
 * }</pre>
 *
 * <p><b>Resume</b> ({@link Builder#optResume}, JSON Lines only): the output is flushed after every
 * chunk, and {@code OUTPUT.partial.run.json} ({@link RunRecord}) records the input, model and
 * settings it belongs to. A resumed run keeps the partial's complete lines (a line cut off by the
 * interruption is dropped), skips the rows they answer, and refuses a partial of another run
 * ({@link ResumeRefusedException}) without touching it. Without resume a partial is started anew.
 *
 * <p><b>Who closes what:</b> the caller owns and closes the annotator (or chunk annotator) and the
 * reader; {@link #run} opens, closes and commits the partial output and removes the run record once
 * the output is committed. The input CSV and images are only read.
 *
 * <p><b>Thread-safety:</b> immutable; {@link #run} may be called from any thread, one run per
 * output file at a time. The listener is called on the running thread.
 *
 * @param chunkAnnotator annotates each chunk of rows
 * @param card the model's card (the run record's model, the review CSV's columns)
 * @param output the file to write
 * @param format the output format (default {@link OutputFormat#JSONL})
 * @param generator what produced the results, named by a Web Annotation page; {@code null} for the
 *     other formats
 * @param targetBase JSON-LD only: the IRI object ids are appended to, or {@code null} for the default
 * @param chunkSize rows with an asset per chunk: per call of the chunk annotator and per flush
 * @param resume whether to continue from an existing {@code OUTPUT.partial}
 * @param runOptions the caller's settings that change answers, recorded for resume
 * @param decisions review decisions whose accepted values become known fields, or {@code null}
 * @param listener hears progress
 */
public record BatchAnnotation(
        ChunkAnnotator chunkAnnotator,
        ModelCard card,
        Path output,
        OutputFormat format,
        Generator generator,
        String targetBase,
        int chunkSize,
        boolean resume,
        Map<String, Object> runOptions,
        ReviewDecisions decisions,
        BatchListener listener) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Validates and copies. */
    public BatchAnnotation {
        Objects.requireNonNull(chunkAnnotator, "chunkAnnotator");
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(listener, "listener");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1, got " + chunkSize);
        }
        if (resume && format != OutputFormat.JSONL) {
            throw new IllegalArgumentException("resuming works with JSON Lines only: a " + format.cliName()
                    + " file is one document, written whole; run without resuming");
        }
        if (targetBase != null && format != OutputFormat.JSONLD) {
            throw new IllegalArgumentException("a target base applies to the jsonld format only");
        }
        if (format == OutputFormat.JSONLD && generator == null) {
            throw new IllegalArgumentException("a Web Annotation page names what generated it: give"
                    + " optGenerator(Generator.of(card, engineName, engineVersion))");
        }
        runOptions = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(runOptions, "runOptions")));
    }

    /** @return a builder; give it {@link Builder#annotator} or {@link Builder#chunkAnnotator}, and an output */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param output an output file
     * @return {@code OUTPUT.partial}, where a run writes until every row is done
     */
    public static Path partialFile(Path output) {
        return output.resolveSibling(output.getFileName() + ".partial");
    }

    /**
     * Annotates every row {@code rows} has left and commits the output.
     *
     * @param rows the input rows (a {@link CollectionReader}, or another {@link RowSource}), read to
     *     the end and not closed here
     * @return what was written
     * @throws ResumeRefusedException if resuming and the partial output belongs to another run
     * @throws IllegalArgumentException if resuming rows that do not come from a local file
     * @throws HeritageException if the engine fails; the chunks written so far stay in the partial
     *     output, for a resumed run
     * @throws IOException if the input cannot be read or the output cannot be written
     */
    public BatchSummary run(RowSource rows) throws IOException, HeritageException {
        Path partial = partialFile(output);
        Path recordFile = RunRecord.fileFor(output);
        Path input = rows.inputFile().orElse(null);
        if (input != null) {
            refuseToOverwrite(input, partial);
        } else if (resume) {
            throw new IllegalArgumentException("resuming needs rows read from a local file, whose digest the run"
                    + " records; run this source without resuming");
        }
        Set<String> done = new HashSet<>();
        int failed = 0;
        if (input == null) {
            // Nothing to record: without a file the run cannot be resumed, and a stale record must not vouch for it.
            Files.deleteIfExists(partial);
            Files.deleteIfExists(recordFile);
        } else {
            RunRecord record = RunRecord.of(input, rows.imagesDir().orElse(null), card, runOptions);
            if (resume && Files.isRegularFile(partial)) {
                record.requireResumable(partial, recordFile);
                failed += keepCompleteLines(partial, done);
                listener.resumed(done.size());
            } else {
                Files.deleteIfExists(partial);
            }
            AtomicFiles.writeString(recordFile, record.toJson());
        }
        long read = 0;
        try (AnnotationWriter writer = openWriter(partial)) {
            rows.warnings().forEach(listener::warning);
            List<CollectionRow> pending = new ArrayList<>();
            int assets = 0;
            for (CollectionRow row; (row = rows.next()) != null; ) {
                read++;
                if (done.contains(idOf(row))) {
                    continue;
                }
                if (!row.ok()) {
                    pending.add(row);
                    continue;
                }
                pending.add(
                        decisions == null
                                ? row
                                : new CollectionRow(
                                        row.row(),
                                        row.line(),
                                        decisions.apply(row.asset()),
                                        row.imagePath(),
                                        row.errors()));
                if (++assets >= chunkSize) {
                    failed += flush(pending, writer);
                    assets = 0;
                    listener.written(read);
                }
            }
            failed += flush(pending, writer);
            listener.written(read);
        }
        AtomicFiles.commit(partial, output);
        Files.deleteIfExists(recordFile);
        return new BatchSummary(output, read, failed, done.size());
    }

    /** The input is only read: an output or partial that is the input CSV is a caller's mistake. */
    private void refuseToOverwrite(Path csv, Path partial) throws IOException {
        for (Path p : List.of(output, partial)) {
            if (Files.exists(p)
                    ? Files.isSameFile(p, csv)
                    : p.toAbsolutePath().normalize().equals(csv)) {
                throw new IllegalArgumentException(
                        p + " is the input CSV " + csv + ": writing it would destroy" + " it; choose another output");
            }
        }
    }

    /**
     * Keeps the complete lines of an interrupted run's partial output (the last one may be cut off).
     *
     * @return how many of them are error records; their ids are added to {@code done}
     */
    private static int keepCompleteLines(Path partial, Set<String> done) throws IOException {
        List<String> kept = new ArrayList<>();
        int failed = 0;
        for (String line : Files.readAllLines(partial, StandardCharsets.UTF_8)) {
            try {
                JsonNode n = JSON.readTree(line);
                done.add(n.path("id").asText());
                failed += n.has("error") ? 1 : 0;
                kept.add(line);
            } catch (IOException torn) {
                break;
            }
        }
        Files.write(partial, kept, StandardCharsets.UTF_8);
        return failed;
    }

    /** The id a row's record carries: its asset's, the id the reader saw, or its row number. */
    private static String idOf(CollectionRow row) {
        return row.ok() ? row.asset().id() : row.errors().get(0).idIfKnown().orElse("row " + row.row());
    }

    private AnnotationWriter openWriter(Path partial) throws IOException {
        BufferedWriter file = Files.newBufferedWriter(
                partial, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        try {
            return format.open(file, card, generator, targetBase);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Annotates the pending rows that have an asset and writes every pending row in input order. @return rows that failed */
    private int flush(List<CollectionRow> pending, AnnotationWriter writer) throws IOException, HeritageException {
        if (pending.isEmpty()) {
            return 0;
        }
        List<CollectionRow> toAnnotate =
                pending.stream().filter(CollectionRow::ok).toList();
        long start = System.nanoTime();
        List<RowOutcome> outcomes = toAnnotate.isEmpty() ? List.of() : chunkAnnotator.annotate(toAnnotate);
        long share = toAnnotate.isEmpty() ? 0 : (System.nanoTime() - start) / toAnnotate.size();
        if (outcomes.size() != toAnnotate.size()) {
            throw new IllegalStateException("The chunk annotator returned " + outcomes.size() + " outcomes for "
                    + toAnnotate.size() + " rows; it must return one per row, in order");
        }
        int failed = 0;
        int next = 0;
        List<RowOutcome> written = new ArrayList<>(pending.size());
        for (CollectionRow row : pending) {
            RowOutcome outcome = row.ok() ? outcomes.get(next++) : rejected(row);
            if (outcome.isError()) {
                writer.writeError(outcome.id(), outcome.errorType(), outcome.errorMessage());
                failed++;
            } else {
                writer.writeResult(outcome.result());
            }
            written.add(outcome);
        }
        writer.flush();
        int i = 0;
        for (CollectionRow row : pending) {
            listener.annotated(written.get(i++), row.ok() ? share : 0);
        }
        pending.clear();
        return failed;
    }

    /** A row the CSV reader rejected, as an error record named after its first problem, e.g. {@code bad_value}. */
    private static RowOutcome rejected(CollectionRow row) {
        RowError e = row.errors().get(0);
        return RowOutcome.error(idOf(row), e.type().name().toLowerCase(Locale.ROOT), e.message());
    }

    /**
     * A mutable builder of {@link BatchAnnotation}, after DJL's {@code Criteria}: required settings by
     * name, optional ones as {@code opt*}. Not thread-safe.
     */
    public static final class Builder {
        private Annotator annotator;
        private ChunkAnnotator chunkAnnotator;
        private ModelCard card;
        private Path output;
        private OutputFormat format = OutputFormat.JSONL;
        private Generator generator;
        private String targetBase;
        private int batchSize = 32;
        private Integer chunkSize;
        private boolean resume;
        private Map<String, ?> runOptions = Map.of();
        private ReviewDecisions decisions;
        private BatchListener listener = BatchListener.NONE;

        private Builder() {}

        /**
         * Annotates in this JVM with {@link RowAnnotation}.
         *
         * @param annotator the annotator, shared and not closed by the run
         * @return this builder
         */
        public Builder annotator(Annotator annotator) {
            this.annotator = Objects.requireNonNull(annotator, "annotator");
            this.chunkAnnotator = null;
            this.card = annotator.card();
            return this;
        }

        /**
         * Annotates each chunk elsewhere, for example on a cluster.
         *
         * @param chunks annotates a chunk of rows, not closed by the run
         * @param card the card of the model it runs
         * @return this builder
         */
        public Builder chunkAnnotator(ChunkAnnotator chunks, ModelCard card) {
            this.chunkAnnotator = Objects.requireNonNull(chunks, "chunks");
            this.annotator = null;
            this.card = Objects.requireNonNull(card, "card");
            return this;
        }

        /**
         * @param file the file to write; {@code FILE.partial} and {@code FILE.partial.run.json} are
         *     written beside it while the run lasts
         * @return this builder
         */
        public Builder output(Path file) {
            this.output = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * @param f the output format (default {@link OutputFormat#JSONL})
         * @return this builder
         */
        public Builder optFormat(OutputFormat f) {
            this.format = Objects.requireNonNull(f, "format");
            return this;
        }

        /**
         * @param g what produced the results (the model and the engine that ran it); required for
         *     {@link OutputFormat#JSONLD}
         * @return this builder
         */
        public Builder optGenerator(Generator g) {
            this.generator = g;
            return this;
        }

        /**
         * @param base JSON-LD only: the IRI object ids are appended to, or {@code null} for the
         *     writer's default
         * @return this builder
         */
        public Builder optTargetBase(String base) {
            this.targetBase = base;
            return this;
        }

        /**
         * @param n the annotator's batch size, the unit in which a chunk with a bad image is tried
         *     again (default 32, as {@code AnnotatorOptions}); give the one the annotator was loaded with
         * @return this builder
         */
        public Builder optBatchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /**
         * @param rows rows with an asset per chunk (default {@link RowAnnotation#BATCHES_PER_CHUNK}
         *     batches): per call of the chunk annotator, and how much a resumed run may redo
         * @return this builder
         */
        public Builder optChunkSize(int rows) {
            this.chunkSize = rows;
            return this;
        }

        /**
         * @param on continue from an existing {@code OUTPUT.partial} written for the same run
         *     (default off: a partial is started anew); JSON Lines only
         * @return this builder
         */
        public Builder optResume(boolean on) {
            this.resume = on;
            return this;
        }

        /**
         * @param settings the settings that change answers (engine, device, precision, ...), by name;
         *     a resumed run must have equal ones. Values are JSON scalars or {@code null}
         * @return this builder
         */
        public Builder optRunOptions(Map<String, ?> settings) {
            this.runOptions = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * @param d review decisions whose accepted and corrected values become known fields of
         *     the rows they name, or {@code null}
         * @return this builder
         */
        public Builder optDecisions(ReviewDecisions d) {
            this.decisions = d;
            return this;
        }

        /**
         * @param l hears progress (default {@link BatchListener#NONE})
         * @return this builder
         */
        public Builder optListener(BatchListener l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /**
         * @return the run
         * @throws IllegalStateException if neither an annotator nor a chunk annotator, or no output,
         *     was given
         * @throws IllegalArgumentException if settings contradict each other (resume without JSON
         *     Lines, a target base without JSON-LD, JSON-LD without a generator, sizes below 1)
         */
        public BatchAnnotation build() {
            if (card == null) {
                throw new IllegalStateException(
                        "No annotator: call annotator(annotator) or" + " chunkAnnotator(chunks, card) before build()");
            }
            if (output == null) {
                throw new IllegalStateException("No output file: call output(path) before build()");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
            }
            ChunkAnnotator chunks = annotator != null ? ChunkAnnotator.of(annotator, batchSize) : chunkAnnotator;
            int chunk = chunkSize != null ? chunkSize : batchSize * RowAnnotation.BATCHES_PER_CHUNK;
            return new BatchAnnotation(
                    chunks,
                    card,
                    output,
                    format,
                    generator,
                    targetBase,
                    chunk,
                    resume,
                    new LinkedHashMap<>(runOptions),
                    decisions,
                    listener);
        }
    }
}
