package dev.heritage.cli;

import dev.heritage.classify.collection.RowError;
import dev.heritage.classify.train.AnnotatorTrainer;
import dev.heritage.classify.train.TrainedHead;
import dev.heritage.classify.train.TrainingConfig;
import dev.heritage.classify.train.TrainingListener;
import dev.heritage.classify.train.TrainingReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code heritage train}: trains an annotator and writes its model directory. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Trains an annotator on a collection (metadata.csv + images) and writes a model directory.")
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Mixin
    TrainingInputs inputs;

    @Option(names = "--output", required = true, description = "The model directory to write.")
    Path output;

    @Option(names = "--feature-cache", description = "Folder for cached image features (default: Heritage's cache).")
    Path featureCache;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TrainingConfig cfg = inputs.read();
        Path cache = featureCache != null ? featureCache : AnnotatorTrainer.defaultFeatureCache();
        Progress progress = new Progress(out);
        TrainingReport report = new AnnotatorTrainer(cfg, new TrainingListener() {
                    @Override
                    public void stage(String message) {
                        progress.line(message);
                    }

                    @Override
                    public void features(int done, int total) {
                        progress.step("image features", done, total);
                    }

                    @Override
                    public void epoch(TrainedHead.EpochStats s) {
                        progress.line(String.format(
                                Locale.ROOT,
                                "epoch %3d  train loss %.4f  validation loss %.4f  " + "validation top-1 %.4f  %.1f s",
                                s.epoch(),
                                s.trainLoss(),
                                s.validationLoss(),
                                s.validationTop1(),
                                s.seconds()));
                    }
                })
                .train(inputs.input, inputs.images, output, cache);
        out.println("Model written to " + report.model().directory() + " (best epoch "
                + report.head().bestEpoch() + ")");
        printMetrics(out, report.metrics());
        for (RowError e :
                report.rowErrors().subList(0, Math.min(10, report.rowErrors().size()))) {
            out.println("left out: " + e);
        }
        return HeritageCli.OK;
    }

    @SuppressWarnings("unchecked")
    static void printMetrics(PrintWriter out, Map<String, Object> metrics) {
        Map<String, Object> tasks = (Map<String, Object>) metrics.get("tasks");
        if (tasks == null) {
            return;
        }
        out.printf(
                "%-10s %7s %7s %8s %6s %10s %9s %9s%n",
                "task", "top-1", "top-5", "macroF1", "n", "ECE raw>cal", "MAE years", "auto-acc.");
        tasks.forEach((task, v) -> {
            Map<String, Object> m = (Map<String, Object>) v;
            Object auto = m.get("autoAccepted") instanceof Map<?, ?> a ? a.get("coverage") : null;
            out.printf(
                    Locale.ROOT,
                    "%-10s %7.3f %7.3f %8.3f %6d %4.3f>%4.3f %9s %9s%n",
                    task,
                    num(m.get("top1")),
                    num(m.get("top5")),
                    num(m.get("macroF1")),
                    ((Number) m.get("n")).intValue(),
                    m.containsKey("eceUncalibrated") ? num(m.get("eceUncalibrated")) : Double.NaN,
                    num(m.get("ece")),
                    m.containsKey("maeYears") ? String.format(Locale.ROOT, "%.1f", num(m.get("maeYears"))) : "",
                    auto == null ? "" : String.format(Locale.ROOT, "%.1f %%", 100 * num(auto)));
        });
        if (metrics.get("inconsistentAnswerPairs") != null) {
            out.println("inconsistent answer pairs: " + metrics.get("inconsistentAnswerPairs"));
        }
        Map<String, Object> ablations = (Map<String, Object>) metrics.get("ablations");
        if (ablations != null) {
            out.println("ablations (top-1): " + ablations);
        }
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }
}
