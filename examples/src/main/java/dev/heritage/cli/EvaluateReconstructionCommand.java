package dev.heritage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.heritage.api.Reconstructor;
import dev.heritage.inpaint.learned.ReconstructionEvaluation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code heritage evaluate-reconstruction}: damages every image of a folder with a seeded mask (the same
 * mask for every method), reconstructs it with each method and writes {@code metrics.json}: per method
 * PSNR and SSIM inside the mask, milliseconds per megapixel and the number of images, plus each
 * method's paired PSNR difference against the first method (the baseline); {@code setup.json} (the
 * images, mask seed and coverage) and {@code per-image.csv} beside it.
 */
@Command(name = "evaluate-reconstruction", mixinStandardHelpOptions = true,
        description = "Compares reconstruction methods on a folder of undamaged images with seeded masks; writes metrics.json.")
final class EvaluateReconstructionCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--model", split = ",", defaultValue = "telea,ns",
            description = "Methods to compare, comma-separated: telea, ns, zoo ids or model directories; the first is "
                    + "the baseline of the paired differences (default ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--images", required = true, description = "A folder of undamaged JPEG or PNG images.")
    Path images;

    @Option(names = "--output", required = true, description = "Folder for metrics.json, setup.json and per-image.csv.")
    Path output;

    @Option(names = "--limit", description = "Use only the first N images (by file name).")
    Integer limit;

    @Option(names = "--seed", defaultValue = "" + ReconstructionEvaluation.DEFAULT_SEED,
            description = "Seed of the masks (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--coverage", defaultValue = "0.05-0.30",
            description = "Damaged share of each mask, MIN-MAX (default ${DEFAULT-VALUE}).")
    String coverage;

    @Option(names = "--engine", defaultValue = "onnxruntime",
            description = "Engine for learned models (default ${DEFAULT-VALUE}).")
    String engine;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(images)) {
            throw new UsageException("--images " + images + ": no such folder");
        }
        ReconstructionEvaluation evaluation = new ReconstructionEvaluation(seed, coverageBound(0), coverageBound(1));
        List<Path> files = ReconstructionEvaluation.listImages(images);
        if (limit != null) {
            if (limit < 1) {
                throw new UsageException("--limit must be at least 1, got " + limit);
            }
            files = files.subList(0, Math.min(limit, files.size()));
        }
        if (files.isEmpty()) {
            throw new UsageException("--images " + images + ": no .jpg, .jpeg or .png files in it");
        }
        Map<String, Reconstructor> methods = new LinkedHashMap<>();
        try {
            for (String m : models) {
                String name = m.strip();
                if (methods.containsKey(name)) {
                    throw new UsageException("--model lists '" + name + "' twice");
                }
                methods.put(name, ReconstructCommand.open(name, engine));
            }
            Progress progress = new Progress(out);
            int[] count = {0};
            int total = files.size();
            ReconstructionEvaluation.Result result = evaluation.evaluate(files, methods,
                    line -> progress.step("images", ++count[0], total));
            write(result, evaluation, files.size());
            print(out, result);
        } finally {
            for (Reconstructor r : methods.values()) {
                r.close();
            }
        }
        out.println("Wrote " + output.resolve("metrics.json"));
        return HeritageCli.OK;
    }

    private double coverageBound(int which) {
        String[] parts = coverage.split("-");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            double min = Double.parseDouble(parts[0].strip());
            double max = Double.parseDouble(parts[1].strip());
            if (!(min > 0 && min <= max && max < 1)) {
                throw new NumberFormatException();
            }
            return which == 0 ? min : max;
        } catch (NumberFormatException e) {
            throw new UsageException("--coverage " + coverage + ": expected MIN-MAX with 0 < MIN <= MAX < 1, e.g. 0.05-0.30");
        }
    }

    private void write(ReconstructionEvaluation.Result result, ReconstructionEvaluation evaluation, int n)
            throws java.io.IOException {
        Files.createDirectories(output);
        Map<String, Object> metrics = new LinkedHashMap<>();
        String baseline = models.get(0).strip();
        for (Map.Entry<String, Map<String, Object>> e : result.toMetrics().entrySet()) {
            Map<String, Object> m = new LinkedHashMap<>(e.getValue());
            if (!e.getKey().equals(baseline)) {
                m.put("psnrVs" + capitalised(baseline), result.pairedPsnr(e.getKey(), baseline));
            }
            metrics.put(e.getKey(), m);
        }
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("images", images.toAbsolutePath().toString());
        setup.put("n", n);
        setup.put("maskSeed", evaluation.seed());
        setup.put("coverage", List.of(evaluation.minCoverage(), evaluation.maxCoverage()));
        setup.put("meanCoverage", result.meanCoverage());
        setup.put("engine", engine);
        AtomicOutput.writeString(output.resolve("metrics.json"), JSON.writeValueAsString(metrics) + "\n");
        AtomicOutput.writeString(output.resolve("setup.json"), JSON.writeValueAsString(setup) + "\n");
        StringBuilder csv = new StringBuilder("image,coverage");
        List<String> names = new ArrayList<>(result.methods().keySet());
        for (String name : names) {
            csv.append(',').append(name).append("_psnr,").append(name).append("_ssim,").append(name).append("_ms");
        }
        csv.append('\n');
        for (int i = 0; i < result.images().size(); i++) {
            csv.append(result.images().get(i)).append(',').append(fmt(result.coverage()[i]));
            for (String name : names) {
                ReconstructionEvaluation.MethodScores s = result.methods().get(name);
                csv.append(',').append(fmt(s.psnr()[i])).append(',').append(fmt(s.ssim()[i])).append(',')
                        .append(fmt(s.millis()[i]));
            }
            csv.append('\n');
        }
        AtomicOutput.writeString(output.resolve("per-image.csv"), csv.toString());
    }

    private static void print(PrintWriter out, ReconstructionEvaluation.Result result) {
        out.println(String.format(Locale.ROOT, "%-24s %10s %8s %10s", "method", "PSNR mask", "SSIM", "ms/MP"));
        result.methods().forEach((name, s) -> out.println(String.format(Locale.ROOT, "%-24s %10.3f %8.4f %10.1f",
                name, s.meanPsnr(), s.meanSsim(), s.msPerMegapixel())));
    }

    private static String capitalised(String s) {
        String clean = s.replaceAll("[^A-Za-z0-9]", "");
        return clean.isEmpty() ? "Baseline" : Character.toUpperCase(clean.charAt(0)) + clean.substring(1);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
