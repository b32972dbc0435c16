package dev.heritage.cli;

import dev.heritage.api.Asset;
import dev.heritage.api.io.AtomicFiles;
import dev.heritage.classify.collection.CsvReader;
import dev.heritage.classify.collection.CsvRow;
import dev.heritage.classify.collection.CsvWriter;
import dev.heritage.classify.collection.RowError;
import dev.heritage.classify.collection.SplitResult;
import dev.heritage.classify.train.AnnotatorTrainer;
import dev.heritage.classify.train.TrainingConfig;
import dev.heritage.classify.train.TrainingListener;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code heritage split}: writes the training and validation rows of a collection exactly as
 * {@code heritage train} would split it with the same configuration (seed, validation fraction,
 * strata, numbered series kept on one side), as two CSV files with the input's header and its rows
 * verbatim, in input order. This is how a model's validation figures are reproduced with
 * {@code heritage evaluate}: the trainer never writes the rows it held out.
 *
 * <p>Rows that training leaves out when it reads the collection (malformed records, duplicate ids,
 * unusable cells) are in neither file; they are counted, and the first ten printed. A row whose image
 * turns out unreadable stays on its side, as in training (which drops it when it computes the image
 * features; {@code heritage evaluate} reports it as an error row). Both files are written atomically.
 */
@Command(
        name = "split",
        mixinStandardHelpOptions = true,
        description = "Writes train.csv and validation.csv: the rows 'heritage train' would train and validate on"
                + " with the same configuration.")
final class SplitCommand implements Callable<Integer> {
    @CommandLine.Mixin
    TrainingInputs inputs;

    @Option(names = "--output", required = true, description = "Folder to write train.csv and validation.csv into.")
    Path output;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TrainingConfig cfg = inputs.read();
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new UsageException("--output " + output + " is a file; give a folder");
        }
        Path input = inputs.input;
        List<RowError> errors = new ArrayList<>();
        SplitResult<Asset> parts = new AnnotatorTrainer(cfg, TrainingListener.NONE).split(input, inputs.images, errors);
        Set<String> train = ids(parts.train());
        Set<String> validation = ids(parts.validation());
        List<String> header;
        List<List<String>> trainRows = new ArrayList<>();
        List<List<String>> validationRows = new ArrayList<>();
        try (CsvReader reader = CsvReader.open(input)) {
            header = reader.header();
            // Without the id column, training names each row by its record number; so does this.
            int idColumn = header.stream().map(String::strip).toList().indexOf(cfg.idColumn());
            Set<String> seen = new HashSet<>();
            for (CsvRow row; (row = reader.next()) != null; ) {
                String id = idColumn >= 0 ? row.cell(idColumn).strip() : Long.toString(row.row());
                if (row.ok() && seen.add(id)) { // the first well-formed record of an id, as training reads it
                    if (train.contains(id)) {
                        trainRows.add(row.cells());
                    } else if (validation.contains(id)) {
                        validationRows.add(row.cells());
                    }
                }
            }
        }
        Files.createDirectories(output);
        writeRows(output.resolve("train.csv"), header, trainRows);
        writeRows(output.resolve("validation.csv"), header, validationRows);
        out.printf(
                "Split %s (seed %d, %s): %d training rows -> %s, %d validation rows -> %s, %d row%s left out%n",
                input,
                parts.seed(),
                parts.mode().name().toLowerCase(Locale.ROOT),
                train.size(),
                output.resolve("train.csv"),
                validation.size(),
                output.resolve("validation.csv"),
                errors.size(),
                errors.size() == 1 ? "" : "s");
        for (RowError e : errors.subList(0, Math.min(10, errors.size()))) {
            out.println("left out: " + e);
        }
        return HeritageCli.OK;
    }

    private static Set<String> ids(List<Asset> assets) {
        Set<String> ids = new HashSet<>();
        for (Asset a : assets) {
            ids.add(a.id());
        }
        return ids;
    }

    private static void writeRows(Path target, List<String> header, List<List<String>> rows) throws IOException {
        AtomicFiles.write(target, stream -> {
            CsvWriter csv = new CsvWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            csv.writeRow(header);
            for (List<String> row : rows) {
                csv.writeRow(row);
            }
            csv.flush();
        });
    }
}
