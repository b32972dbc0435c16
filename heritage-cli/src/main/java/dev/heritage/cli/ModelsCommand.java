package dev.heritage.cli;

import dev.heritage.api.Device;
import dev.heritage.api.ModelCard;
import dev.heritage.api.TaskSpec;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.api.engine.Engines;
import dev.heritage.api.engine.WeightFormat;
import dev.heritage.api.model.ModelZoos;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code heritage models}: the engines found and the zoo models on the class path. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "Lists the engines found (name, version, devices, weight formats) and the zoo models.")
final class ModelsCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Engines");
        out.printf("  %-12s %-8s %-10s %-12s %s%n", "NAME", "VERSION", "DEVICES", "FORMATS", "CUDA ON THIS MACHINE");
        List<EngineProvider> engines = Engines.available();
        for (EngineProvider e : engines) {
            Optional<String> cuda = e.unavailableReason(Device.cuda(0));
            out.printf(
                    "  %-12s %-8s %-10s %-12s %s%n",
                    e.name(),
                    e.version(),
                    String.join(",", e.deviceTypes()),
                    e.weightFormats().stream().map(WeightFormat::id).sorted().collect(Collectors.joining(",")),
                    cuda.map(r -> "no: " + r).orElse("yes"));
        }
        for (String known : Engines.knownNames()) {
            if (engines.stream().noneMatch(e -> e.name().equals(known))) {
                out.printf("  %-12s (not on the class path: add dev.heritage:heritage-engine-%s)%n", known, known);
            }
        }
        out.println();
        out.println("Zoo models");
        List<ModelCard> models = ModelZoos.models();
        if (models.isEmpty()) {
            out.println("  (none on the class path)");
        } else {
            out.printf("  %-24s %-8s %-14s %-24s %s%n", "ID", "VERSION", "KIND", "TASKS", "FORMATS");
            for (ModelCard c : models) {
                String formats = c.networks().values().stream()
                        .flatMap(n -> n.formats().keySet().stream())
                        .distinct()
                        .sorted()
                        .collect(Collectors.joining(","));
                out.printf(
                        "  %-24s %-8s %-14s %-24s %s%n",
                        c.id(),
                        c.version(),
                        c.kind().name().toLowerCase(),
                        c.tasks().stream().map(TaskSpec::name).collect(Collectors.joining(",")),
                        formats);
                if (c.properties().get("fusion") instanceof Map<?, ?> f) {
                    out.printf(
                            "  %-24s fusion: %s; on the engine: %s%s%n",
                            "",
                            f.get("mode"),
                            f.get("runsOnEngine"),
                            f.get("runsInJvm") == null ? "" : "; in the JVM: " + f.get("runsInJvm"));
                    if (f.get("backboneFineTuning") instanceof Map<?, ?> ft
                            && "fine-tuned tower".equals(ft.get("kept"))) {
                        out.printf(
                                "  %-24s backbone: top blocks above %s fine-tuned on the training images (epoch %s of that"
                                        + " stage kept)%n",
                                "", ft.get("cut"), ft.get("bestEpoch"));
                    }
                    if (f.get("ensemble") instanceof Map<?, ?> e) {
                        out.printf(
                                "  %-24s head: %s heads trained with their own seeds, joined (%s)%n",
                                "", e.get("heads"), e.get("join"));
                    }
                }
            }
        }
        return HeritageCli.OK;
    }
}
