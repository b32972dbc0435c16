package dev.heritage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.heritage.api.Reconstructor;
import dev.heritage.api.engine.Engines;
import dev.heritage.api.io.AtomicFiles;
import dev.heritage.classify.backbone.PerceptualDistance;
import dev.heritage.inpaint.MaskGenerator;
import dev.heritage.inpaint.evaluate.PairedDifference;
import dev.heritage.inpaint.evaluate.ReconstructionEvaluation;
import java.io.IOException;
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
 * {@code heritage evaluate-reconstruction}: damages every image of a folder with seeded masks (the same
 * masks for every method), reconstructs them with each method and writes {@code metrics.json}: per method
 * PSNR and SSIM inside the mixed masks, the perceptual distance, milliseconds per megapixel and the number
 * of images, plus each method's paired PSNR difference against the first method (the baseline); then
 * {@code byKind} and {@code byCoverage}: the same figures per damage kind (thin cracks, brush strokes,
 * large blotches, mixed; every image gets one mask of each) and per coverage bucket, each method with its
 * paired differences against the baseline and their 95 % intervals ({@code versus}); and
 * {@code evaluation}: the mask seed, the kinds and their coverage ranges, the images and their digest,
 * the interval and the perceptual distance's definitions. Beside it: {@code report.md} (the tables, also
 * printed), {@code setup.json}, {@code per-image.csv} (mixed masks) and {@code per-sample.csv} (every
 * image and kind).
 */
@Command(
        name = "evaluate-reconstruction",
        mixinStandardHelpOptions = true,
        description =
                "Compares reconstruction methods on a folder of undamaged images with seeded masks; writes metrics.json.")
final class EvaluateReconstructionCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(
            names = "--model",
            split = ",",
            defaultValue = "telea,ns",
            description = "Methods to compare, comma-separated: telea, ns, zoo ids or model directories; the first is "
                    + "the baseline of the paired differences (default ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--images", required = true, description = "A folder of undamaged JPEG or PNG images.")
    Path images;

    @Option(names = "--output", required = true, description = "Folder for metrics.json, setup.json and per-image.csv.")
    Path output;

    @Option(names = "--limit", description = "Use only the first N images (by file name).")
    Integer limit;

    @Option(
            names = "--seed",
            defaultValue = "" + ReconstructionEvaluation.DEFAULT_SEED,
            description = "Seed of the masks (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--coverage",
            defaultValue = "0.05-0.30",
            description = "Damaged share of each mixed mask, MIN-MAX; the other kinds keep their own ranges "
                    + "(default ${DEFAULT-VALUE}).")
    String coverage;

    @Option(
            names = "--engine",
            description =
                    "Engine for learned models and the perceptual distance (default: the highest-ranked engine present, onnxruntime in this distribution; -Dheritage.engine=NAME changes the default).")
    String engine;

    @Option(
            names = "--kinds",
            split = ",",
            defaultValue = "cracks,strokes,blotches,mixed",
            description = "Damage kinds, comma-separated: cracks (1-4 %% of the image), strokes (5-30 %%), blotches "
                    + "(5-35 %%, each blob >= 2 %%), mixed (--coverage); every image gets one mask of each. mixed is "
                    + "always evaluated: the overall figures are measured on it (default ${DEFAULT-VALUE}).")
    List<String> kinds;

    @Option(
            names = "--perceptual",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Measure the perceptual distance (the bundled MobileNetV2's pooled features over the "
                    + "mask's bounding box); --no-perceptual skips it (default ${DEFAULT-VALUE}).")
    boolean perceptual;

    /** Top-level keys of metrics.json beside the methods; no method may take these names. */
    private static final List<String> RESERVED = List.of("byKind", "byCoverage", "evaluation");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // Resolved once, so the metrics record the engine that ran.
        engine = Engines.resolve(engine).name();
        if (!Files.isDirectory(images)) {
            throw new UsageException("--images " + images + ": no such folder");
        }
        ReconstructionEvaluation evaluation =
                new ReconstructionEvaluation(seed, coverageBound(0), coverageBound(1), kinds());
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
        PerceptualDistance distance = null;
        try {
            for (String m : models) {
                String name = m.strip();
                if (methods.containsKey(name)) {
                    throw new UsageException("--model lists '" + name + "' twice");
                }
                if (RESERVED.contains(name)) {
                    throw new UsageException("--model '" + name + "': that name is a key of metrics.json; copy the"
                            + " model to a directory of another name");
                }
                methods.put(name, ReconstructCommand.open(name, engine));
            }
            if (perceptual) {
                distance = PerceptualDistance.open(engine);
            }
            Progress progress = new Progress(out);
            int[] count = {0};
            int total = files.size();
            ReconstructionEvaluation.Result result = evaluation.evaluate(
                    files,
                    methods,
                    distance == null ? null : distance::distances,
                    line -> progress.step("images", ++count[0], total));
            String report = write(result, evaluation, files);
            print(out, result);
            out.println();
            out.print(report);
        } finally {
            for (Reconstructor r : methods.values()) {
                r.close();
            }
            if (distance != null) {
                distance.close();
            }
        }
        out.println("Wrote " + output.resolve("metrics.json") + " and " + output.resolve("report.md"));
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
            throw new UsageException(
                    "--coverage " + coverage + ": expected MIN-MAX with 0 < MIN <= MAX < 1, e.g. 0.05-0.30");
        }
    }

    private List<MaskGenerator.Kind> kinds() {
        List<MaskGenerator.Kind> out = new ArrayList<>();
        for (String k : kinds) {
            MaskGenerator.Kind kind;
            try {
                kind = MaskGenerator.Kind.parse(k);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--kinds: " + e.getMessage());
            }
            if (out.contains(kind)) {
                throw new UsageException("--kinds lists '" + kind.id() + "' twice");
            }
            out.add(kind);
        }
        if (!out.contains(MaskGenerator.Kind.MIXED)) {
            out.add(MaskGenerator.Kind.MIXED); // the overall figures are measured on it
        }
        return out;
    }

    /** Writes every output file; returns the readable report. */
    private String write(ReconstructionEvaluation.Result result, ReconstructionEvaluation evaluation, List<Path> files)
            throws IOException {
        int n = files.size();
        Files.createDirectories(output);
        Map<String, Object> metrics = new LinkedHashMap<>();
        String baseline = models.get(0).strip();
        Map<String, Object> byKind = result.byKind(baseline);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> mixed =
                (Map<String, Map<String, Object>>) byKind.get(MaskGenerator.Kind.MIXED.id());
        for (Map.Entry<String, Map<String, Object>> e : result.toMetrics().entrySet()) {
            Map<String, Object> m = new LinkedHashMap<>(e.getValue());
            if (!e.getKey().equals(baseline)) {
                m.put("psnrVs" + capitalised(baseline), result.pairedPsnr(e.getKey(), baseline));
            }
            Object p = mixed.get(e.getKey()).get("perceptual");
            if (p != null) {
                m.put("perceptual", p);
            }
            metrics.put(e.getKey(), m);
        }
        metrics.put("byKind", byKind);
        metrics.put("byCoverage", result.byCoverage(baseline));
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("maskSeed", evaluation.seed());
        Map<String, Object> kindRanges = new LinkedHashMap<>();
        for (MaskGenerator.Kind k : evaluation.kinds()) {
            kindRanges.put(
                    k.id(),
                    k == MaskGenerator.Kind.MIXED
                            ? List.of(evaluation.minCoverage(), evaluation.maxCoverage())
                            : List.of(k.minCoverage(), k.maxCoverage()));
        }
        about.put("kinds", kindRanges);
        about.put(
                "masksPerImage",
                "one of each kind; seeds from the mask seed, the file name and the kind"
                        + " (ReconstructionEvaluation.mask)");
        about.put("coverageBuckets", ReconstructionEvaluation.COVERAGE_BUCKETS);
        about.put("baseline", baseline);
        about.put(
                "interval",
                "paired per sample, method minus baseline: mean +/- " + PairedDifference.Z95
                        + " * sd / sqrt(n); betterShare = share of samples strictly better (lower for perceptual)");
        about.put("perceptual", perceptual ? PerceptualDistance.DEFINITION + "; engine " + engine : null);
        about.put("n", n);
        about.put("imagesFolder", images.toAbsolutePath().toString());
        about.put("imagesDigest", ReconstructionEvaluation.imagesDigest(files));
        about.put("images", result.images());
        metrics.put("evaluation", about);
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("images", images.toAbsolutePath().toString());
        setup.put("n", n);
        setup.put("maskSeed", evaluation.seed());
        setup.put("coverage", List.of(evaluation.minCoverage(), evaluation.maxCoverage()));
        setup.put("meanCoverage", result.meanCoverage());
        setup.put("engine", engine);
        setup.put("kinds", kindRanges);
        setup.put("imagesDigest", about.get("imagesDigest"));
        String report = result.report(baseline);
        AtomicFiles.writeString(output.resolve("metrics.json"), JSON.writeValueAsString(metrics) + "\n");
        AtomicFiles.writeString(output.resolve("setup.json"), JSON.writeValueAsString(setup) + "\n");
        AtomicFiles.writeString(
                output.resolve("report.md"),
                "# Reconstruction by damage kind\n\n"
                        + n + " images, mask seed " + evaluation.seed() + ", images digest " + about.get("imagesDigest")
                        + "; differences are method minus " + baseline + ", paired per image, with 95 % intervals"
                        + (perceptual ? "; perceptual: " + PerceptualDistance.DEFINITION : "") + ".\n\n" + report);
        writeSamples(result);
        StringBuilder csv = new StringBuilder("image,coverage");
        List<String> names = new ArrayList<>(result.methods().keySet());
        for (String name : names) {
            csv.append(',')
                    .append(name)
                    .append("_psnr,")
                    .append(name)
                    .append("_ssim,")
                    .append(name)
                    .append("_ms");
        }
        csv.append('\n');
        for (int i = 0; i < result.images().size(); i++) {
            csv.append(result.images().get(i)).append(',').append(fmt(result.coverage()[i]));
            for (String name : names) {
                ReconstructionEvaluation.MethodScores s = result.methods().get(name);
                csv.append(',')
                        .append(fmt(s.psnr()[i]))
                        .append(',')
                        .append(fmt(s.ssim()[i]))
                        .append(',')
                        .append(fmt(s.millis()[i]));
            }
            csv.append('\n');
        }
        AtomicFiles.writeString(output.resolve("per-image.csv"), csv.toString());
        return report;
    }

    private void writeSamples(ReconstructionEvaluation.Result result) throws IOException {
        StringBuilder csv = new StringBuilder("image,kind,coverage,bucket");
        List<String> names = new ArrayList<>(result.sampleScores().keySet());
        for (String name : names) {
            csv.append(',')
                    .append(name)
                    .append("_psnr,")
                    .append(name)
                    .append("_ssim,")
                    .append(name)
                    .append("_perceptual,")
                    .append(name)
                    .append("_ms");
        }
        csv.append('\n');
        for (int k = 0; k < result.samples().size(); k++) {
            ReconstructionEvaluation.Sample s = result.samples().get(k);
            csv.append(result.images().get(s.image()))
                    .append(',')
                    .append(s.kind().id())
                    .append(',')
                    .append(fmt(s.coverage()))
                    .append(',')
                    .append(s.bucket());
            for (String name : names) {
                ReconstructionEvaluation.SampleScores sc = result.sampleScores().get(name);
                csv.append(',')
                        .append(fmt(sc.psnr()[k]))
                        .append(',')
                        .append(fmt(sc.ssim()[k]))
                        .append(',')
                        .append(
                                Double.isNaN(sc.perceptual()[k])
                                        ? ""
                                        : String.format(Locale.ROOT, "%.6f", sc.perceptual()[k]))
                        .append(',')
                        .append(fmt(sc.millis()[k]));
            }
            csv.append('\n');
        }
        AtomicFiles.writeString(output.resolve("per-sample.csv"), csv.toString());
    }

    private static void print(PrintWriter out, ReconstructionEvaluation.Result result) {
        out.println(String.format(Locale.ROOT, "%-24s %10s %8s %10s", "method", "PSNR mask", "SSIM", "ms/MP"));
        result.methods()
                .forEach((name, s) -> out.println(String.format(
                        Locale.ROOT,
                        "%-24s %10.3f %8.4f %10.1f",
                        name,
                        s.meanPsnr(),
                        s.meanSsim(),
                        s.msPerMegapixel())));
    }

    private static String capitalised(String s) {
        String clean = s.replaceAll("[^A-Za-z0-9]", "");
        return clean.isEmpty() ? "Baseline" : Character.toUpperCase(clean.charAt(0)) + clean.substring(1);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
