package dev.heritage.cli;

import dev.heritage.api.MalformedModelException;
import dev.heritage.api.model.ModelArtifact;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code heritage copy-model}: copies a model directory keeping only some weight formats, e.g. only
 * the portable weights (the smallest copy; every engine derives its own format from them) or only
 * ONNX for a deployment. The copy is verified first and sealed with fresh digests.
 */
@Command(
        name = "copy-model",
        mixinStandardHelpOptions = true,
        description = "Copies a model directory keeping only the given weight formats (e.g. portable, onnx).")
final class CopyModelCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "The model directory.")
    Path model;

    @Option(names = "--output", required = true, description = "The new model directory (must not exist).")
    Path output;

    @Option(
            names = "--formats",
            split = ",",
            defaultValue = "portable",
            description = "Formats to keep: djl, onnx, savedmodel, portable (default ${DEFAULT-VALUE}).")
    List<String> formats;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (Files.exists(output)) {
            throw new UsageException("--output " + output + " already exists; choose a new folder");
        }
        ModelArtifact source;
        try {
            source = ModelArtifact.open(model);
        } catch (MalformedModelException e) {
            throw new UsageException(e.getMessage());
        }
        ModelArtifact copy;
        try {
            copy = source.copyWithFormats(output, new LinkedHashSet<>(formats));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        long bytes = 0;
        for (String f : copy.card().files().keySet()) {
            bytes += Files.size(copy.resolve(f));
        }
        out.printf(
                "Copied %s to %s: %d files, %.1f MB%n",
                copy.card().id(), copy.directory(), copy.card().files().size(), bytes / 1e6);
        return HeritageCli.OK;
    }
}
