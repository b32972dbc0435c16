package dev.heritage.cli;

import dev.heritage.api.EngineNotFoundException;
import dev.heritage.api.HeritageException;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.ModelNotFoundException;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.api.engine.Engines;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.classify.train.ModelEvaluation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code heritage evaluate}: metrics.json, confusion matrices and reliability diagrams of an annotator. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Measures an annotator on a labelled CSV: metrics.json, confusion and reliability PNGs.")
final class EvaluateCommand implements Callable<Integer> {
    @Option(
            names = "--model",
            defaultValue = "paintings-multitask",
            description = "Zoo id or model directory (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--input", required = true, description = "A labelled metadata.csv.")
    Path input;

    @Option(
            names = "--images",
            description = "Folder that relative image paths resolve against (default: the CSV's folder).")
    Path images;

    @Option(names = "--output", required = true, description = "Folder for metrics.json and the plots.")
    Path output;

    @Option(
            names = "--engine",
            description =
                    "pytorch, onnxruntime or tensorflow (default: the highest-ranked engine present, onnxruntime in this distribution; -Dheritage.engine=NAME changes the default).")
    String engine;

    @Option(
            names = "--mirror",
            description = "Answer from the mean of each image's and its mirror image's features"
                    + " (test-time flip: twice the image work), as annotate --mirror does.")
    boolean mirror;

    @Option(
            names = "--trim-borders",
            description = "Cut a flat border (a mat, a scanner's margin) from round each image before"
                    + " answering, as annotate --trim-borders does.")
    boolean trimBorders;

    @Option(
            names = "--outside-threshold",
            description = "Open-set threshold in (0, 1] (default: the card's); the"
                    + " metrics report top-1 on the value and the share answered outside at it.")
    Double outsideThreshold;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    private HeritageCli parent;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ReconstructCommand.requireFile(input, "--input");
        if (images != null && !Files.isDirectory(images)) {
            throw new UsageException("--images " + images + ": no such folder");
        }
        ModelArtifact artifact;
        EngineProvider provider;
        try {
            artifact = ModelZoos.open(model);
            provider = Engines.resolve(engine);
        } catch (ModelNotFoundException | MalformedModelException | EngineNotFoundException e) {
            throw new UsageException(e.getMessage());
        }
        if (outsideThreshold != null && !(outsideThreshold > 0 && outsideThreshold <= 1)) {
            throw new UsageException("--outside-threshold " + outsideThreshold + ": must be in (0, 1], e.g. 0.95");
        }
        CliLog log = parent.log();
        long rows = Progress.csvRows(input);
        Map<String, Object> metrics;
        try {
            metrics = ModelEvaluation.evaluate(
                    artifact,
                    provider,
                    input,
                    images,
                    output,
                    n -> log.step("evaluated", n, rows),
                    mirror,
                    outsideThreshold == null ? Double.NaN : outsideThreshold,
                    trimBorders);
            log.endProgress();
        } catch (MalformedModelException e) {
            throw new UsageException(e.getMessage());
        } catch (HeritageException e) {
            throw e;
        }
        TrainCommand.printMetrics(out, metrics);
        log.say(
                "Wrote " + output.resolve("metrics.json"),
                "summary",
                Map.of("output", output.resolve("metrics.json").toString()));
        return HeritageCli.OK;
    }
}
