package dev.heritage.classify.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.heritage.api.Asset;
import dev.heritage.api.Device;
import dev.heritage.api.FieldKind;
import dev.heritage.api.HeritageException;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.NetworkArtifact;
import dev.heritage.api.io.AtomicFiles;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.classify.collection.CollectionReader;
import dev.heritage.classify.collection.CollectionRow;
import dev.heritage.classify.collection.CollectionSchema;
import dev.heritage.classify.fusion.LateFusion;
import dev.heritage.classify.model.AnnotatorModel;
import dev.heritage.classify.model.Calibration;
import dev.heritage.classify.model.ImageEvidence;
import dev.heritage.classify.model.InputField;
import dev.heritage.classify.model.JointDecoder;
import dev.heritage.classify.model.TaskEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * {@code heritage evaluate}: measures a trained annotator on a labelled collection through an
 * engine, and writes {@code metrics.json} (docs/guides/training.md), a confusion-matrix PNG and a reliability
 * diagram PNG per task.
 *
 * <p>Stateless and thread-safe.
 */
public final class ModelEvaluation {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelEvaluation() {}

    /**
     * @param artifact the model
     * @param engine the engine to run it on
     * @param csv a labelled collection
     * @param imagesDir where relative image paths resolve ({@code null}: the CSV's folder)
     * @param output folder for metrics.json and the plots
     * @param progress receives the number of images processed
     * @return the metrics
     * @throws IOException if files cannot be read or written
     * @throws HeritageException if the engine fails
     */
    public static Map<String, Object> evaluate(
            ModelArtifact artifact, EngineProvider engine, Path csv, Path imagesDir, Path output, IntConsumer progress)
            throws IOException, HeritageException {
        return evaluate(artifact, engine, csv, imagesDir, output, progress, false);
    }

    /**
     * @param artifact the model
     * @param engine the engine to run it on
     * @param csv a labelled collection
     * @param imagesDir where relative image paths resolve ({@code null}: the CSV's folder)
     * @param output folder for metrics.json and the plots
     * @param progress receives the number of images processed
     * @param mirrorAverage whether to answer from the mean of each image's and its mirror image's
     *     features, as {@code AnnotatorOptions.mirrorAverage} does
     * @return the metrics
     * @throws IOException if files cannot be read or written
     * @throws HeritageException if the engine fails
     */
    public static Map<String, Object> evaluate(
            ModelArtifact artifact,
            EngineProvider engine,
            Path csv,
            Path imagesDir,
            Path output,
            IntConsumer progress,
            boolean mirrorAverage)
            throws IOException, HeritageException {
        return evaluate(artifact, engine, csv, imagesDir, output, progress, mirrorAverage, Double.NaN, false);
    }

    /**
     * {@link #evaluate(ModelArtifact, EngineProvider, Path, Path, Path, IntConsumer, boolean)} with an
     * open-set threshold of the caller's, optionally cutting a flat border from round each image first, as
     * {@code AnnotatorOptions.trimBorders} does.
     *
     * @param artifact the model
     * @param engine the engine to run it on
     * @param csv a labelled collection
     * @param imagesDir where relative image paths resolve ({@code null}: the CSV's folder)
     * @param output folder for metrics.json and the plots
     * @param progress receives the number of images processed
     * @param mirrorAverage whether to answer from the mean of each image's and its mirror image's features
     * @param outsideThreshold the open-set threshold in (0, 1], or {@code NaN} for the card's
     * @param trimBorders whether to cut a flat border from round each image ({@code BorderTrim})
     * @return the metrics
     * @throws IOException if files cannot be read or written
     * @throws HeritageException if the engine fails
     */
    public static Map<String, Object> evaluate(
            ModelArtifact artifact,
            EngineProvider engine,
            Path csv,
            Path imagesDir,
            Path output,
            IntConsumer progress,
            boolean mirrorAverage,
            double outsideThreshold,
            boolean trimBorders)
            throws IOException, HeritageException {
        AnnotatorModel model = AnnotatorModel.read(artifact);
        if (!Double.isNaN(outsideThreshold) && model.openSet() != null) {
            model = model.withOpenSet(model.openSet().withThreshold(outsideThreshold));
        }
        List<Asset> assets = read(csv, imagesDir, model);
        List<TrainingExample> rows = new ArrayList<>();
        int imageErrors = 0;
        try (LoadedNetwork backbone =
                        engine.load(new NetworkArtifact(artifact, AnnotatorModel.BACKBONE), Device.cpu());
                LoadedNetwork head = LateFusion.loadHead(artifact, model, engine, Device.cpu())) {
            ImageEvidence evidence = new ImageEvidence(backbone, model.backboneDim(), model.descriptors(), trimBorders);
            // Each next batch is decoded and preprocessed in the background while the engine runs
            // the current one (ImageBatches.Ahead); the batches and their features are those of a
            // sequential pass.
            int[] failures = {0};
            ImageBatches.Ahead ahead =
                    assets.isEmpty() ? null : ImageBatches.Ahead.start(evidence, withImages(assets, 0));
            for (int start = 0; start < assets.size(); start += ImageBatches.SIZE) {
                List<Asset> batch = assets.subList(start, Math.min(assets.size(), start + ImageBatches.SIZE));
                int[] imageRows = imageRows(batch);
                ImageBatches.Ready ready = ahead.await((a, e) -> failures[0]++);
                int following = start + ImageBatches.SIZE;
                ahead = following < assets.size()
                        ? ImageBatches.Ahead.start(evidence, withImages(assets, following))
                        : null;
                float[][] f = evidence.features(ready.prepared(), mirrorAverage);
                float[][] byRow = new float[batch.size()][];
                for (int k = 0; k < ready.kept().length; k++) {
                    byRow[imageRows[ready.kept()[k]]] = f[k];
                }
                for (int i = 0; i < batch.size(); i++) {
                    rows.add(new TrainingExample(
                            batch.get(i).id(), byRow[i], null, batch.get(i).fields()));
                }
                progress.accept(Math.min(assets.size(), start + ImageBatches.SIZE));
            }
            imageErrors = failures[0];
            Map<String, Integer> artistCounts = artistCounts(artifact);
            int minArtist = minArtistImages(artifact);
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("model", artifact.card().id());
            metrics.put("engine", engine.name() + " " + engine.version());
            metrics.put("mirrorAverage", mirrorAverage);
            metrics.put("trimBorders", trimBorders);
            Map<String, Object> split = new LinkedHashMap<>();
            split.put("input", csv.toString());
            split.put("rows", assets.size());
            split.put("imageErrors", imageErrors);
            metrics.put("split", split);
            metrics.putAll(Evaluation.metrics(model, head, rows, artistCounts, minArtist));
            write(metrics, model, rows, head, output);
            return metrics;
        }
    }

    /** The rows with an image of the batch of {@value ImageBatches#SIZE} rows starting at {@code start}. */
    private static List<Asset> withImages(List<Asset> assets, int start) {
        return assets.subList(start, Math.min(assets.size(), start + ImageBatches.SIZE)).stream()
                .filter(a -> a.image() != null)
                .toList();
    }

    /** For each row with an image, in order, its index in the batch. */
    private static int[] imageRows(List<Asset> batch) {
        return java.util.stream.IntStream.range(0, batch.size())
                .filter(i -> batch.get(i).image() != null)
                .toArray();
    }

    /**
     * Writes metrics.json (without the confusion counts), a confusion PNG and a reliability PNG per task.
     */
    @SuppressWarnings("unchecked")
    private static void write(
            Map<String, Object> metrics,
            AnnotatorModel model,
            List<TrainingExample> rows,
            LoadedNetwork head,
            Path output)
            throws IOException, HeritageException {
        Files.createDirectories(output);
        Map<String, Object> tasks = (Map<String, Object>) metrics.get("tasks");
        AnnotatorEvaluator evaluator = new AnnotatorEvaluator(model, head);
        AnnotatorEvaluator.Pass all = evaluator.run(rows, AnnotatorEvaluator.Evidence.ALL);
        Map<String, Object[]> labelled = AnnotatorEvaluator.labelled(
                all,
                evaluator.probabilities(
                        all, evaluator.temperatures(), model.decoder(), evaluator.decodedTemperatures()));
        Map<String, Double> ones = new LinkedHashMap<>();
        model.spec().tasks().forEach(t -> ones.put(t.name(), 1.0));
        Map<String, Object[]> uncalibrated =
                AnnotatorEvaluator.labelled(all, evaluator.probabilities(all, ones, JointDecoder.none(model.spec())));
        for (TaskEncoder t : model.spec().tasks()) {
            Map<String, Object> m = (Map<String, Object>) tasks.get(t.name());
            long[][] confusion = (long[][]) m.remove("confusion");
            TrainingPlots.confusion(
                    t.name(), t.labels(), confusion, 40, output.resolve("confusion-" + t.name() + ".png"));
            double[][] rel = reliability((double[][]) labelled.get(t.name())[0], (int[]) labelled.get(t.name())[1]);
            double[][] raw = reliability((double[][]) uncalibrated.get(t.name())[0], (int[])
                    uncalibrated.get(t.name())[1]);
            TrainingPlots.reliability(
                    String.format(
                            Locale.ROOT,
                            "%s: ECE %.3f before (raw softmax), %.3f after (temperature + joint decoding)",
                            t.name(),
                            ((Number) m.get("eceUncalibrated")).doubleValue(),
                            ((Number) m.get("ece")).doubleValue()),
                    raw,
                    rel,
                    output.resolve("reliability-" + t.name() + ".png"));
        }
        AtomicFiles.writeString(output.resolve("metrics.json"), JSON.writeValueAsString(metrics) + "\n");
    }

    static double[][] reliability(double[][] probs, int[] truth) {
        int bins = 10;
        double[] conf = new double[bins];
        double[] acc = new double[bins];
        int[] n = new int[bins];
        for (int r = 0; r < probs.length; r++) {
            double[] p = probs[r];
            int arg = Calibration.argMax(p);
            int b = Math.min(bins - 1, (int) (p[arg] * bins));
            conf[b] += p[arg];
            acc[b] += arg == truth[r] ? 1 : 0;
            n[b]++;
        }
        for (int b = 0; b < bins; b++) {
            conf[b] = n[b] == 0 ? Double.NaN : conf[b] / n[b];
            acc[b] = n[b] == 0 ? Double.NaN : acc[b] / n[b];
        }
        return new double[][] {conf, acc};
    }

    public static List<Asset> read(Path csv, Path imagesDir, AnnotatorModel model) throws IOException {
        CollectionSchema.Builder schema = CollectionSchema.builder();
        Set<String> fields = new HashSet<>();
        for (InputField f : model.spec().inputs()) {
            if (fields.add(f.name())) {
                schema.field(f.name(), f.kind());
            }
        }
        for (TaskEncoder t : model.spec().tasks()) {
            if (fields.add(t.source())) {
                schema.field(t.source(), t.isTemporal() ? FieldKind.YEAR : FieldKind.CATEGORICAL);
            }
        }
        CollectionReader.Builder b = CollectionReader.builder(csv)
                .schema(schema.build())
                .badValues(CollectionReader.BadValuePolicy.DROP_FIELD);
        if (imagesDir != null) {
            b.imagesDir(imagesDir);
        }
        List<Asset> assets = new ArrayList<>();
        try (CollectionReader r = b.open()) {
            for (CollectionRow row; (row = r.next()) != null; ) {
                row.assetIfOk().ifPresent(assets::add);
            }
        }
        return assets;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Integer> artistCounts(ModelArtifact artifact) {
        Object raw = artifact.card().properties().get("artistTrainingImages");
        Map<String, Integer> out = new LinkedHashMap<>();
        if (raw instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), ((Number) v).intValue()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public static int minArtistImages(ModelArtifact artifact) {
        Object prov = artifact.card().properties().get("provenance");
        if (prov instanceof Map<?, ?> p
                && p.get("configuration") instanceof Map<?, ?> c
                && c.get("minArtistImagesForMetrics") instanceof Number n) {
            return n.intValue();
        }
        return 20;
    }
}
