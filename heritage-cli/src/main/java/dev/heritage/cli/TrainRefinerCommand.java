package dev.heritage.cli;

import dev.heritage.api.model.ModelArtifact;
import dev.heritage.inpaint.RefinerStage;
import dev.heritage.inpaint.evaluate.ReconstructionEvaluation;
import dev.heritage.inpaint.train.RefinerModelWriter;
import dev.heritage.inpaint.train.RefinerTrainer;
import dev.heritage.inpaint.train.RefinerTrainingConfig;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code heritage train-refiner}: fits a refined reconstructor (Telea's fill plus stacked, clustered
 * ridge corrections) on folders of undamaged images and writes a sealed model directory that
 * {@code reconstruct}, {@code evaluate-reconstruction} and {@code Reconstructors.load} accept.
 */
@Command(
        name = "train-refiner",
        mixinStandardHelpOptions = true,
        description = "Trains a refined reconstructor (Telea + clustered ridge stages) on undamaged images.")
final class TrainRefinerCommand implements Callable<Integer> {
    @Option(names = "--images", required = true, description = "A folder of undamaged JPEG or PNG images (repeatable).")
    List<Path> images;

    @Option(
            names = "--exclude",
            description = "A text file of image ids (file names without extension) to leave "
                    + "out, one per line, '#' starts a comment: the validation images (repeatable).")
    List<Path> exclude = new ArrayList<>();

    @Option(names = "--limit", description = "Use N images spread evenly over the sorted list.")
    Integer limit;

    @Option(names = "--output", required = true, description = "The model directory to write (new or empty).")
    Path output;

    @Option(names = "--id", required = true, description = "The model id, e.g. paintings-inpaint.")
    String id;

    @Option(
            names = "--model-version",
            defaultValue = "1.0.0",
            description = "The model version (default ${DEFAULT-VALUE}).")
    String version;

    @Option(names = "--licence", required = true, description = "The terms of the weights, for the card.")
    String licence;

    @Option(names = "--dataset", required = true, description = "What the images are and their terms, for the card.")
    String dataset;

    @Option(names = "--stages", defaultValue = "3", description = "Stacked stages (default ${DEFAULT-VALUE}).")
    int stages;

    @Option(
            names = "--sequential-stages",
            defaultValue = "0",
            description = "How many of the first stages refine border inwards, each pixel seeing those refined before"
                    + " it (default ${DEFAULT-VALUE}; measured worse than parallel stages on paintings).")
    int sequentialStages;

    @Option(names = "--clusters", defaultValue = "16", description = "Clusters per stage (default ${DEFAULT-VALUE}).")
    int clusters;

    @Option(names = "--crop", defaultValue = "224", description = "Crop side in pixels (default ${DEFAULT-VALUE}).")
    int crop;

    @Option(
            names = "--crops-per-image",
            defaultValue = "1",
            description = "Crops per image (default ${DEFAULT-VALUE}).")
    int cropsPerImage;

    @Option(
            names = "--pixels-per-crop",
            defaultValue = "2000",
            description = "Damaged pixels sampled per crop (default ${DEFAULT-VALUE}).")
    int pixelsPerCrop;

    @Option(
            names = "--ridge",
            defaultValue = "0.001",
            description = "Relative ridge penalty (default ${DEFAULT-VALUE}).")
    double ridge;

    @Option(
            names = "--seed",
            defaultValue = "7",
            description = "Seed of crops, masks and clusters (default ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RefinerTrainingConfig config;
        try {
            config = RefinerTrainingConfig.builder()
                    .optStages(stages)
                    .optSequentialStages(sequentialStages)
                    .optClusters(clusters)
                    .optCrop(crop)
                    .optCropsPerImage(cropsPerImage)
                    .optPixelsPerCrop(pixelsPerCrop)
                    .optRidge(ridge)
                    .optSeed(seed)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Set<String> excluded = new HashSet<>();
        for (Path file : exclude) {
            if (!Files.isRegularFile(file)) {
                throw new UsageException("--exclude " + file + ": no such file");
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String idLine = line.replaceFirst("#.*", "").strip();
                if (!idLine.isEmpty()) {
                    excluded.add(idLine);
                }
            }
        }
        List<Path> files = new ArrayList<>();
        int left = 0;
        for (Path folder : images) {
            if (!Files.isDirectory(folder)) {
                throw new UsageException("--images " + folder + ": no such folder");
            }
            for (Path f : ReconstructionEvaluation.listImages(folder)) {
                if (excluded.contains(f.getFileName().toString().replaceFirst("\\.[^.]+$", ""))) {
                    left++;
                } else {
                    files.add(f);
                }
            }
        }
        if (limit != null) {
            if (limit < 1) {
                throw new UsageException("--limit must be at least 1, got " + limit);
            }
            files = spread(files, limit);
        }
        if (files.isEmpty()) {
            throw new UsageException("--images: no .jpg, .jpeg or .png files left to train on");
        }
        out.println("Training on " + files.size() + " images (" + left + " excluded)");
        long start = System.nanoTime();
        Progress progress = new Progress(out);
        List<RefinerStage> fitted = new RefinerTrainer(config).train(files, progress::line);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> provenance = new LinkedHashMap<>();
        Map<String, Object> training = new LinkedHashMap<>(config.describe());
        training.put("trainer", RefinerTrainer.class.getName() + " (closed-form ridge regression, CPU)");
        training.put("images", files.size());
        training.put("excludedImages", left);
        training.put("imagesDigest", ReconstructionEvaluation.imagesDigest(files));
        training.put("seconds", Math.round(seconds * 10) / 10.0);
        training.put("processors", Runtime.getRuntime().availableProcessors());
        provenance.put("dataset", dataset);
        provenance.put("training", training);
        ModelArtifact model = RefinerModelWriter.write(
                output,
                fitted,
                new RefinerModelWriter.Description(
                        id,
                        version,
                        "Telea's fill refined by " + stages + " stacked stages of " + clusters
                                + " clustered ridge regressions"
                                + " (Belhi et al. 2023's unsupervised clustering plus per-cluster supervised predictors, at the"
                                + " scale of pixels), trained on " + dataset + ".",
                        licence,
                        provenance));
        out.println(String.format(Locale.ROOT, "Model written to %s in %.1f s", model.directory(), seconds));
        return HeritageCli.OK;
    }

    /** N items spread evenly over the list, so that a subset of a sorted collection covers all of it. */
    static List<Path> spread(List<Path> files, int n) {
        if (n >= files.size()) {
            return files;
        }
        List<Path> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(files.get((int) ((long) i * files.size() / n)));
        }
        return out;
    }
}
