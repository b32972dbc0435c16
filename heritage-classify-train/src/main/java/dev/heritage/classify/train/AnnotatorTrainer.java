package dev.heritage.classify.train;

import ai.djl.ndarray.NDManager;
import dev.heritage.api.Asset;
import dev.heritage.api.Device;
import dev.heritage.api.FieldKind;
import dev.heritage.api.FieldSpec;
import dev.heritage.api.HeritageException;
import dev.heritage.api.HeritageVersion;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelKind;
import dev.heritage.api.NetworkEntry;
import dev.heritage.api.TaskSpec;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.api.engine.Engines;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.NetworkArtifact;
import dev.heritage.api.engine.WeightFormat;
import dev.heritage.api.model.Digests;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.classify.backbone.Backbone;
import dev.heritage.classify.backbone.BackboneSplit;
import dev.heritage.classify.backbone.InceptionV3;
import dev.heritage.classify.backbone.MobileNetV2;
import dev.heritage.classify.collection.CollectionReader;
import dev.heritage.classify.collection.CollectionRow;
import dev.heritage.classify.collection.CollectionSchema;
import dev.heritage.classify.collection.RowError;
import dev.heritage.classify.collection.Split;
import dev.heritage.classify.collection.SplitResult;
import dev.heritage.classify.descriptors.HandcraftedDescriptors;
import dev.heritage.classify.encoding.TextHasher;
import dev.heritage.classify.encoding.Vocabulary;
import dev.heritage.classify.encoding.YearBins;
import dev.heritage.classify.fusion.LateFusion;
import dev.heritage.classify.model.AnnotatorModel;
import dev.heritage.classify.model.AnnotatorSpec;
import dev.heritage.classify.model.Calibration;
import dev.heritage.classify.model.ImageEvidence;
import dev.heritage.classify.model.InputField;
import dev.heritage.classify.model.JointDecoder;
import dev.heritage.classify.model.OpenSetDetector;
import dev.heritage.classify.model.TaskEncoder;
import dev.heritage.classify.model.TaskKind;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.djl.GraphBlock;
import dev.heritage.network.export.NetworkExporter;
import dev.heritage.network.weights.QuantizedTensor;
import dev.heritage.network.weights.QuantizedWeights;
import dev.heritage.runtime.FileTrees;
import dev.heritage.runtime.HeritageCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.DoubleFunction;

/**
 * Trains an annotator model end to end: reads the collection, splits it (seeded, stratified,
 * numbered series kept together), computes and caches image features, builds the encoders from
 * the training split, trains the head, calibrates every task on validation, evaluates with
 * ablations, and writes a sealed model directory — backbone, head in every engine format plus
 * portable weights, card with provenance and metrics.
 *
 * <p>Not thread-safe; one run per instance. The output directory is written under a temporary
 * name and renamed when complete, so a crash never leaves a model that looks finished.
 */
public final class AnnotatorTrainer {
    /** The smallest head tensor stored as uint8 when the configuration asks for a quantised head. */
    static final int QUANTIZED_MIN_VALUES = 4096;

    private final TrainingConfig config;
    private final TrainingListener listener;

    /**
     * @param config the configuration
     * @param listener receives progress
     */
    public AnnotatorTrainer(TrainingConfig config, TrainingListener listener) {
        this.config = config;
        this.listener = listener;
    }

    /**
     * @return where image features are cached when the caller names no folder: {@code features} in Heritage's
     *     cache folder
     */
    public static Path defaultFeatureCache() {
        return HeritageCache.directory().resolve("features");
    }

    /**
     * @param csv the collection's metadata.csv
     * @param imagesDir where relative image paths resolve ({@code null}: the CSV's folder)
     * @param output the model directory to create
     * @param featureCache folder for cached image features
     * @return the training report
     * @throws IOException if files cannot be read or written
     * @throws HeritageException if an engine fails
     */
    public TrainingReport train(Path csv, Path imagesDir, Path output, Path featureCache)
            throws IOException, HeritageException {
        HeritageCache.configureDjl();
        listener.stage("Reading " + csv);
        List<Asset> assets = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        readCollection(csv, imagesDir, assets, errors);
        if (assets.size() < 10) {
            throw new IOException(csv + ": only " + assets.size() + " usable rows; training needs more");
        }
        SplitResult<Asset> parts = split(assets);
        listener.stage("Split: " + parts.train().size() + " training, "
                + parts.validation().size() + " validation rows");

        Path staging = output.resolveSibling(output.getFileName() + ".partial");
        FileTrees.deleteRecursively(staging);
        Files.createDirectories(staging.resolve("weights"));
        if (config.inception() != null && config.fineTune().enabled()) {
            throw new IllegalArgumentException("'image.fineTune' fine-tunes MobileNetV2 alone; this configuration also"
                    + " asks for InceptionV3 ('image.inception'). Remove one of them.");
        }
        int backboneDim = writeBackbone(staging, config.styleStatistics(), inceptionDirectory());
        EngineProvider engine = Engines.resolve(config.engine());

        String featureKey = featureKey(assets, backboneDim);
        Map<String, float[][]> features =
                features(assets, staging, engine, featureCache, errors, backboneDim, featureKey);
        List<TrainingExample> train = examples(parts.train(), features);
        List<TrainingExample> validation = examples(parts.validation(), features);
        if (config.fineTune().enabled() && config.fusion().late()) {
            throw new IllegalArgumentException("'image.fineTune' works with early fusion only; this configuration"
                    + " asks for late fusion. Remove one of them.");
        }

        AnnotatorSpec spec = spec(train);
        listener.stage("Training the head: "
                + spec.tasks().stream()
                        .map(t -> t.name() + " (" + t.classes() + ")")
                        .toList());
        TrainedHead head;
        Map<String, NetworkEntry> heads = new LinkedHashMap<>();
        Map<String, Object> fusion = new LinkedHashMap<>();
        if (config.fusion().late()) {
            LateFusionTrainer.Result late;
            try {
                late = new LateFusionTrainer(spec, config.hyperparameters(), config.fusion(), listener)
                        .train(train, validation);
            } catch (ml.dmlc.xgboost4j.java.XGBoostError e) {
                throw new HeritageException("Training the late-fusion model failed: " + e.getMessage(), e);
            }
            head = late.image();
            listener.stage("Exporting to every engine format");
            heads.put(LateFusion.IMAGE_HEAD, exportHead(late.image(), staging, LateFusion.IMAGE_HEAD));
            if (late.text() != null) {
                heads.put(LateFusion.TEXT_HEAD, exportHead(late.text(), staging, LateFusion.TEXT_HEAD));
            }
            fusion.putAll(LateFusion.write(staging, late.priors(), late.boosters(), late.candidates()));
            fusion.put("training", late.report());
        } else {
            head = new HeadTrainer(spec, config.hyperparameters()).train(train, validation, listener::epoch);
            if (config.fineTune().enabled()) {
                String cutKey = featureKey + "|cut=" + BackboneSplit.MOBILENETV2_CUT;
                Path cutCache = featureCache.resolve("cut-"
                        + Digests.sha256(cutKey.getBytes(StandardCharsets.UTF_8))
                                .substring(0, 24) + ".hfs");
                BackboneFineTuning.Result tuned = new BackboneFineTuning(config, listener)
                        .run(spec, head, assets, train, validation, staging, engine, cutCache, cutKey);
                head = tuned.head();
                train = tuned.train();
                validation = tuned.validation();
                fusion.put("backboneFineTuning", tuned.report());
            }
            if (config.ensemble() > 1) {
                head = ensemble(spec, head, train, validation, fusion);
            }
            listener.stage("Exporting to every engine format");
            heads.put(AnnotatorModel.HEAD, exportHead(head, staging, AnnotatorModel.HEAD));
            fusion.put("mode", "early");
            fusion.put("runsOnEngine", "the backbone and the head network, on every engine");
        }
        JointDecoder untuned = JointDecoder.fit(
                spec, train.stream().map(TrainingExample::fields).toList(), 0);
        AnnotatorModel uncalibrated = new AnnotatorModel(
                spec,
                Map.of(),
                config.reviewPrecision(),
                backboneId(),
                config.descriptors(),
                backboneDim,
                untuned,
                null);
        Map<String, Integer> trainArtistCounts = counts(train, config.artistColumnForMetrics());
        ModelArtifact provisional = ModelArtifact.seal(
                staging,
                card(uncalibrated, heads, fusion, staging, parts, head, Map.of(), errors.size(), trainArtistCounts));

        listener.stage("Calibrating and evaluating on the validation split");
        Map<String, Object> metrics;
        AnnotatorModel calibrated;
        try (LoadedNetwork headNet = LateFusion.loadHead(provisional, uncalibrated, engine, Device.cpu())) {
            AnnotatorEvaluator calibrator = new AnnotatorEvaluator(uncalibrated, headNet);
            AnnotatorEvaluator.Pass all = calibrator.run(validation, AnnotatorEvaluator.Evidence.ALL);
            Map<String, Double> temperatures = new LinkedHashMap<>();
            for (TaskEncoder t : spec.tasks()) {
                float[][] l = all.logits().get(t.name());
                int[] y = all.truth().get(t.name());
                List<float[]> kl = new ArrayList<>();
                List<Integer> ky = new ArrayList<>();
                for (int r = 0; r < y.length; r++) {
                    if (y[r] >= 0) {
                        kl.add(l[r]);
                        ky.add(y[r]);
                    }
                }
                temperatures.put(
                        t.name(),
                        Calibration.temperature(
                                kl.toArray(float[][]::new),
                                ky.stream().mapToInt(i -> i).toArray()));
            }
            JointDecoder decoder = tuneDecoder(calibrator, all, temperatures, untuned);
            Map<String, Double> decodedTemperatures = new LinkedHashMap<>();
            AnnotatorEvaluator.labelled(all, calibrator.probabilities(all, temperatures, decoder))
                    .forEach((task, rowsAndLabels) -> decodedTemperatures.put(
                            task, decodedTemperature((double[][]) rowsAndLabels[0], (int[]) rowsAndLabels[1])));
            Map<String, double[][]> probs = calibrator.probabilities(all, temperatures, decoder, decodedTemperatures);
            Map<String, Calibration> calibrations = new LinkedHashMap<>();
            AnnotatorEvaluator.labelled(all, probs)
                    .forEach((task, rowsAndLabels) -> calibrations.put(
                            task,
                            Calibration.withCurve(
                                    temperatures.get(task),
                                    decodedTemperatures.get(task),
                                    (double[][]) rowsAndLabels[0],
                                    (int[]) rowsAndLabels[1])));
            calibrated = new AnnotatorModel(
                    spec,
                    calibrations,
                    config.reviewPrecision(),
                    backboneId(),
                    config.descriptors(),
                    backboneDim,
                    decoder,
                    null);
            if (config.openSet() != null) {
                calibrated = calibrated.withOpenSet(openSet(
                        spec, train, validation, backgroundImages(staging, engine, featureCache, errors, backboneDim)));
            }
            metrics = Evaluation.metrics(
                    calibrated, headNet, validation, trainArtistCounts, config.minArtistImagesForMetrics());
        }
        ModelArtifact sealed = ModelArtifact.seal(
                staging,
                card(calibrated, heads, fusion, staging, parts, head, metrics, errors.size(), trainArtistCounts));
        TrainingPlots.trainingCurves(head.history(), staging.resolve("training-curves.png"));
        ModelArtifact.seal(staging, sealed.card());
        FileTrees.deleteRecursively(output);
        Files.move(staging, output, StandardCopyOption.ATOMIC_MOVE);
        return new TrainingReport(ModelArtifact.open(output), head, metrics, errors);
    }

    /**
     * Trains {@code config.ensemble() - 1} more heads on the final image features, each with its own
     * seed, and joins them with {@code first} into one head network ({@link HeadEnsemble}).
     */
    private TrainedHead ensemble(
            AnnotatorSpec spec,
            TrainedHead first,
            List<TrainingExample> train,
            List<TrainingExample> validation,
            Map<String, Object> fusion) {
        List<TrainedHead> members = new ArrayList<>(List.of(first));
        for (int k = 2; k <= config.ensemble(); k++) {
            long seed = config.hyperparameters().seed() + k - 1;
            listener.stage("Training ensemble head " + k + " of " + config.ensemble() + " (seed " + seed + ")");
            TrainedHead member =
                    new HeadTrainer(spec, config.hyperparameters().withSeed(seed)).train(train, validation, s -> {});
            TrainedHead.EpochStats best = member.history().get(member.bestEpoch() - 1);
            listener.stage(String.format(
                    Locale.ROOT,
                    "ensemble head %d: best epoch %d of %d, validation" + " top-1 %.4f",
                    k,
                    member.bestEpoch(),
                    member.history().size(),
                    best.validationTop1()));
            members.add(member);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("heads", config.ensemble());
        report.put("join", "sum of the heads' logits");
        report.put("bestEpochs", members.stream().map(TrainedHead::bestEpoch).toList());
        fusion.put("ensemble", report);
        return HeadEnsemble.join(members);
    }

    /** The open-set answer's background images ({@code openSet.background}), read and featurised. */
    private OpenSetFitting.BackgroundImages backgroundImages(
            Path staging, EngineProvider engine, Path cacheDir, List<RowError> errors, int backboneDim)
            throws IOException, HeritageException {
        OpenSetFitting.BackgroundImages images = OpenSetFitting.BackgroundImages.empty();
        String background = config.openSet().background();
        if (background == null) {
            return images;
        }
        Path csv = Path.of(background);
        listener.stage("Reading the open-set answer's background images " + csv);
        List<Asset> assets = new ArrayList<>();
        CollectionSchema schema = CollectionSchema.builder()
                .idColumn("id")
                .imageColumn("image")
                .field(OpenSetFitting.BackgroundImages.COLUMN, FieldKind.TEXT)
                .build();
        try (CollectionReader r = CollectionReader.builder(csv).schema(schema).open()) {
            for (CollectionRow row; (row = r.next()) != null; ) {
                errors.addAll(row.errors());
                row.assetIfOk().ifPresent(assets::add);
            }
        }
        Map<String, float[][]> features =
                features(assets, staging, engine, cacheDir, errors, backboneDim, featureKey(assets, backboneDim));
        for (Asset a : assets) {
            images.add(
                    csv, a.id(), a.field(OpenSetFitting.BackgroundImages.COLUMN).orElse(""), features.get(a.id()));
        }
        if (images.notPaintings().isEmpty()) {
            throw new IllegalArgumentException(
                    csv + ": no usable image marked " + OpenSetFitting.BackgroundImages.COLUMN
                            + " = no; the background test needs images that are not paintings");
        }
        listener.stage("Background images: " + images.notPaintings().size() / 2 + " not paintings, "
                + images.otherPaintings().size() / 2 + " paintings photographed elsewhere");
        return images;
    }

    /**
     * Fits the open-set detector of the configured task on the training rows' image features (each
     * painting and its mirror image) and the background images, its scores' scale on the validation
     * rows of known classes.
     */
    OpenSetDetector openSet(
            AnnotatorSpec spec,
            List<TrainingExample> train,
            List<TrainingExample> validation,
            OpenSetFitting.BackgroundImages background) {
        TrainingConfig.OpenSet os = config.openSet();
        TaskEncoder task = spec.tasks().stream()
                .filter(t -> t.name().equals(os.task()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "'openSet.task' names '" + os.task() + "', which is not one of this configuration's tasks"));
        if (task.kind() != TaskKind.CATEGORICAL) {
            throw new IllegalArgumentException("'openSet.task' must be a categorical task; '" + os.task() + "' is "
                    + task.kind().name().toLowerCase(Locale.ROOT));
        }
        listener.stage("Fitting the open-set answer of '" + os.task() + "'");
        OpenSetFitting.LabelledRows rows = OpenSetFitting.LabelledRows.of(train, task);
        OpenSetDetector fitted = OpenSetFitting.fit(
                os.task(),
                rows.features(),
                rows.labels(),
                task.classes(),
                spec.mean(),
                spec.std(),
                background,
                new OpenSetFitting.Settings(
                        os.epochs(),
                        1e-3,
                        1e-3,
                        os.maxRows(),
                        config.hyperparameters().seed()));
        List<float[]> reference = new ArrayList<>();
        for (TrainingExample e : validation) {
            if (e.image() != null && task.label(e.fields()).isPresent()) {
                reference.add(e.image());
            }
        }
        return fitted.withReference(reference, os.threshold());
    }

    /** The temperature after joint decoding, fitted on the rows whose true class the model knows. */
    private static double decodedTemperature(double[][] probs, int[] labels) {
        List<double[]> p = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (int r = 0; r < labels.length; r++) {
            if (labels[r] >= 0) {
                p.add(probs[r]);
                y.add(labels[r]);
            }
        }
        return Calibration.decodedTemperature(
                p.toArray(double[][]::new), y.stream().mapToInt(i -> i).toArray());
    }

    /**
     * Tunes the joint decoder's weights on validation: the artist-style weight by style top-1 (0: the
     * style head alone), then the artist-decade weight by decade top-1 (0 turns it off).
     */
    private JointDecoder tuneDecoder(
            AnnotatorEvaluator evaluator,
            AnnotatorEvaluator.Pass pass,
            Map<String, Double> temperatures,
            JointDecoder decoder) {
        if (decoder.artistTask() == null) {
            return decoder;
        }
        JointDecoder tuned = decoder;
        if (tuned.styleTask() != null) {
            tuned = pickWeight(
                    "artist-style",
                    tuned.styleTask().name(),
                    new double[] {0, 0.5, 1},
                    tuned::withArtistStyleWeight,
                    evaluator,
                    pass,
                    temperatures);
        }
        if (tuned.decadeTask() != null) {
            tuned = pickWeight(
                    "artist-decade",
                    tuned.decadeTask().name(),
                    new double[] {0, 0.5, 1, 1.5, 2},
                    tuned::withArtistDecadeWeight,
                    evaluator,
                    pass,
                    temperatures);
        }
        return tuned;
    }

    /** The candidate decoder whose answers for {@code task} have the best validation top-1 (first on ties). */
    private JointDecoder pickWeight(
            String what,
            String task,
            double[] weights,
            DoubleFunction<JointDecoder> withWeight,
            AnnotatorEvaluator evaluator,
            AnnotatorEvaluator.Pass pass,
            Map<String, Double> temperatures) {
        int[] truth = pass.truth().get(task);
        JointDecoder best = null;
        double bestTop1 = -1;
        for (double w : weights) {
            JointDecoder candidate = withWeight.apply(w);
            double[][] p =
                    evaluator.probabilities(pass, temperatures, candidate).get(task);
            int n = 0;
            int hit = 0;
            for (int r = 0; r < truth.length; r++) {
                if (truth[r] != AnnotatorEvaluator.EXCLUDED) {
                    n++;
                    hit += Calibration.argMax(p[r]) == truth[r] ? 1 : 0;
                }
            }
            double top1 = n == 0 ? 0 : hit / (double) n;
            listener.stage(String.format(
                    Locale.ROOT,
                    "joint decoding: %s weight %.1f -> validation %s" + " top-1 %.4f",
                    what,
                    w,
                    task,
                    top1));
            if (top1 > bestTop1 + 1e-9) {
                bestTop1 = top1;
                best = candidate;
            }
        }
        return best;
    }

    /**
     * Reads a collection and splits it exactly as {@link #train} does (same usable rows, seed,
     * strata and series grouping), without computing anything else: what {@code heritage split}
     * writes, so that a model can be evaluated on the very validation rows it was calibrated on.
     *
     * @param csv the collection's metadata.csv
     * @param imagesDir where relative image paths resolve ({@code null}: the CSV's folder)
     * @param errors receives the rows left out, with why
     * @return the training and validation assets, each in input order
     * @throws IOException if the CSV cannot be read
     */
    public SplitResult<Asset> split(Path csv, Path imagesDir, List<RowError> errors) throws IOException {
        List<Asset> assets = new ArrayList<>();
        readCollection(csv, imagesDir, assets, errors);
        return split(assets);
    }

    private SplitResult<Asset> split(List<Asset> assets) {
        Split.Builder split = Split.builder()
                .seed(config.splitSeed())
                .validationFraction(config.validationFraction())
                .stratifyBy(config.stratify());
        if (config.groupedSplit()) {
            split.mode(Split.Mode.GROUPED).groupBySeries(config.artistColumn(), config.titleColumn());
        } else {
            split.mode(Split.Mode.STRATIFIED);
        }
        return split.build().apply(assets);
    }

    private void readCollection(Path csv, Path imagesDir, List<Asset> assets, List<RowError> errors)
            throws IOException {
        CollectionSchema.Builder schema =
                CollectionSchema.builder().idColumn(config.idColumn()).imageColumn(config.imageColumn());
        Set<String> declared = new HashSet<>();
        for (TrainingConfig.Input in : config.inputs()) {
            if (declared.add(in.name())) {
                schema.field(in.name(), in.kind().equals("text") ? FieldKind.TEXT : FieldKind.CATEGORICAL);
            }
        }
        for (TrainingConfig.Task t : config.tasks()) {
            if (declared.add(t.source())) {
                schema.field(t.source(), t.kind() == TaskKind.CATEGORICAL ? FieldKind.CATEGORICAL : FieldKind.YEAR);
            }
        }
        for (String c : List.of(config.stratify(), config.artistColumn(), config.titleColumn())) {
            if (declared.add(c)) {
                schema.field(c, FieldKind.TEXT);
            }
        }
        CollectionReader.Builder reader = CollectionReader.builder(csv)
                .schema(schema.build())
                .badValues(CollectionReader.BadValuePolicy.DROP_FIELD);
        if (imagesDir != null) {
            reader.imagesDir(imagesDir);
        }
        try (CollectionReader r = reader.open()) {
            r.warnings().forEach(listener::stage);
            for (CollectionRow row; (row = r.next()) != null; ) {
                errors.addAll(row.errors());
                row.assetIfOk().ifPresent(assets::add);
            }
        }
    }

    /** @return the converted InceptionV3's directory the configuration names, or null */
    private Path inceptionDirectory() {
        return config.inception() == null ? null : Path.of(config.inception());
    }

    /** @return the id of the image features' backbone: MobileNetV2's, or both backbones' joined by '+' */
    private String backboneId() {
        return config.inception() == null ? MobileNetV2.MODEL_ID : MobileNetV2.MODEL_ID + "+" + InceptionV3.MODEL_ID;
    }

    /**
     * Copies the backbone's feature graph and its uint8 weights into the model directory: MobileNetV2's,
     * or, given a converted InceptionV3, both run on the same input ({@link InceptionV3#combinedFeatureGraph}).
     * Each backbone's notice goes beside the weights.
     *
     * @param dir the model's staging directory
     * @param styleStatistics whether MobileNetV2's style statistics are part of the features
     * @param inception the converted InceptionV3 backbone's directory, or null
     * @return the length of its feature vector
     */
    static int writeBackbone(Path dir, boolean styleStatistics, Path inception) throws IOException, HeritageException {
        Backbone backbone = MobileNetV2.load();
        NetworkGraph features = MobileNetV2.featureGraph(backbone, styleStatistics);
        List<QuantizedTensor> weights = backbone.quantized(features);
        if (inception != null) {
            Backbone second = Backbone.fromDirectory(inception);
            features = InceptionV3.combinedFeatureGraph(features, second);
            weights = InceptionV3.combinedWeights(features, backbone, second);
            Files.write(dir.resolve("weights/backbone-inceptionv3-NOTICE"), second.file("NOTICE"));
        }
        QuantizedWeights.write(weights, dir.resolve("weights/backbone.hqw"));
        Files.writeString(dir.resolve("weights/backbone.graph.json"), features.toJson());
        for (String notice : List.of("NOTICE", "LICENSE-nsfwjs.txt")) {
            Files.write(dir.resolve("weights/backbone-" + notice), backbone.file(notice));
        }
        return MobileNetV2.featureSize(features);
    }

    /** What the cached image features depend on: backbone, descriptors, and every image file. */
    private String featureKey(List<Asset> assets, int backboneDim) throws IOException {
        StringBuilder key = new StringBuilder(backboneId())
                .append('|')
                .append(backboneDim)
                .append('|')
                .append(config.descriptors() ? HandcraftedDescriptors.ID : "no-descriptors")
                .append("|area-averaged to ")
                .append(MobileNetV2.INPUT_SIZE);
        for (Asset a : assets) {
            key.append('|')
                    .append(a.id())
                    .append('=')
                    .append(a.image() == null ? "-" : a.image().describe());
            if (a.image() != null) {
                Path p = Path.of(a.image().describe());
                if (Files.isRegularFile(p)) {
                    key.append(':')
                            .append(Files.size(p))
                            .append(':')
                            .append(Files.getLastModifiedTime(p).toMillis());
                }
            }
        }
        return Digests.sha256(key.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, float[][]> features(
            List<Asset> assets,
            Path staging,
            EngineProvider engine,
            Path cacheDir,
            List<RowError> errors,
            int backboneDim,
            String digest)
            throws IOException, HeritageException {
        Path file = cacheDir.resolve("features-" + digest.substring(0, 24) + ".hfs");
        FeatureStore store = FeatureStore.read(file, digest);
        if (store != null) {
            listener.stage("Image features from the cache " + file);
        } else {
            ModelArtifact backboneOnly = ModelArtifact.seal(
                    staging,
                    ModelCard.builder("backbone", ModelKind.NETWORK)
                            .network(AnnotatorModel.BACKBONE, backboneEntry())
                            .build());
            try (LoadedNetwork net =
                    engine.load(new NetworkArtifact(backboneOnly, AnnotatorModel.BACKBONE), Device.cpu())) {
                ImageEvidence evidence = new ImageEvidence(net, backboneDim, config.descriptors());
                store = new FeatureStore(digest, evidence.dimension());
                FeatureStore filled = store;
                ImageBatches.forEach(
                        assets,
                        evidence,
                        (a, e) -> errors.add(new RowError(
                                -1, -1, a.id(), RowError.Type.IMAGE, config.imageColumn(), e.getMessage())),
                        (batch, done, total) -> {
                            List<Asset> ok = batch.rows();
                            float[][] plain = evidence.features(batch.prepared());
                            float[][] mirrored = evidence.features(batch.decoded().stream()
                                    .map(ImageEvidence::mirror)
                                    .toList());
                            for (int i = 0; i < ok.size(); i++) {
                                filled.put(ok.get(i).id(), plain[i], mirrored[i]);
                            }
                            listener.features(done, total);
                        });
            }
            store.write(file);
        }
        return store.rowsOf(assets);
    }

    static NetworkEntry backboneEntry() {
        return new NetworkEntry(
                "weights/backbone.graph.json", Map.of(WeightFormat.PORTABLE.id(), "weights/backbone.hqw"));
    }

    private static List<TrainingExample> examples(List<Asset> assets, Map<String, float[][]> features) {
        List<TrainingExample> out = new ArrayList<>(assets.size());
        for (Asset a : assets) {
            float[][] f = features.get(a.id());
            out.add(new TrainingExample(a.id(), f == null ? null : f[0], f == null ? null : f[1], a.fields()));
        }
        return out;
    }

    /**
     * The encoders of this configuration fitted to training rows: vocabularies, year bins, and the
     * image features' mean and standard deviation (public for the research tools).
     */
    public AnnotatorSpec spec(List<TrainingExample> train) {
        List<InputField> inputs = new ArrayList<>();
        for (TrainingConfig.Input in : config.inputs()) {
            if (in.kind().equals("text")) {
                inputs.add(new InputField(
                        in.name(),
                        FieldKind.TEXT,
                        null,
                        new TextHasher(config.textBuckets(), config.minChar(), config.maxChar())));
            } else {
                inputs.add(new InputField(
                        in.name(), FieldKind.CATEGORICAL, Vocabulary.fromCounts(values(train, in.name()), 1), null));
            }
        }
        List<TaskEncoder> tasks = new ArrayList<>();
        for (TrainingConfig.Task t : config.tasks()) {
            if (t.kind() == TaskKind.CATEGORICAL) {
                tasks.add(new TaskEncoder(
                        t.name(),
                        t.kind(),
                        t.source(),
                        Vocabulary.fromCounts(values(train, t.source()), t.minCount()),
                        null));
            } else {
                List<Integer> years = new ArrayList<>();
                for (TrainingExample e : train) {
                    String v = e.fields().get(t.source());
                    if (v != null) {
                        TaskEncoder.year(v).ifPresent(years::add);
                    }
                }
                tasks.add(new TaskEncoder(
                        t.name(),
                        t.kind(),
                        t.source(),
                        null,
                        YearBins.covering(t.kind() == TaskKind.DECADE ? 10 : 100, years)));
            }
        }
        int dim = train.stream()
                .filter(e -> e.image() != null)
                .findFirst()
                .map(e -> e.image().length)
                .orElseThrow(() -> new IllegalStateException("No training row has a usable image"));
        double[] sum = new double[dim];
        double[] sq = new double[dim];
        int n = 0;
        for (TrainingExample e : train) {
            if (e.image() != null) {
                for (int i = 0; i < dim; i++) {
                    sum[i] += e.image()[i];
                    sq[i] += e.image()[i] * (double) e.image()[i];
                }
                n++;
            }
        }
        float[] mean = new float[dim];
        float[] std = new float[dim];
        for (int i = 0; i < dim; i++) {
            mean[i] = (float) (sum[i] / n);
            std[i] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, sq[i] / n - mean[i] * (double) mean[i])));
        }
        return new AnnotatorSpec(dim, mean, std, inputs, tasks);
    }

    private static List<String> values(List<TrainingExample> rows, String column) {
        List<String> v = new ArrayList<>();
        for (TrainingExample e : rows) {
            String s = e.fields().get(column);
            if (s != null) {
                v.add(s);
            }
        }
        return v;
    }

    static Map<String, Integer> counts(List<TrainingExample> rows, String column) {
        Map<String, Integer> c = new HashMap<>();
        for (String v : values(rows, column)) {
            c.merge(v, 1, Integer::sum);
        }
        return c;
    }

    /**
     * Exports a trained head network to every engine format plus portable weights: float32, or with
     * the tensors of at least {@value #QUANTIZED_MIN_VALUES} values as uint8 when the configuration asks
     * for it, every engine format then holding the dequantised values.
     */
    private NetworkEntry exportHead(TrainedHead head, Path staging, String name) throws IOException {
        List<QuantizedTensor> stored = QuantizedWeights.quantize(
                head.weights(), config.quantizedHead() ? QUANTIZED_MIN_VALUES : Integer.MAX_VALUE);
        NetworkWeights weights = NetworkWeights.of(head.graph(), QuantizedWeights.dequantize(stored));
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
            GraphBlock block = GraphBlock.of(head.graph(), weights, manager);
            NetworkEntry exported = NetworkExporter.export(block, staging, name, NetworkExporter.allFormats());
            QuantizedWeights.write(stored, staging.resolve("weights/" + name + ".hqw"));
            Map<String, String> formats = new LinkedHashMap<>(exported.formats());
            formats.put(WeightFormat.PORTABLE.id(), "weights/" + name + ".hqw");
            return new NetworkEntry(exported.graph(), formats);
        }
    }

    private ModelCard card(
            AnnotatorModel model,
            Map<String, NetworkEntry> heads,
            Map<String, Object> fusion,
            Path dir,
            SplitResult<Asset> split,
            TrainedHead trained,
            Map<String, Object> metrics,
            int rowErrors,
            Map<String, Integer> artistCounts)
            throws IOException, HeritageException {
        ModelCard.Builder b = ModelCard.builder(config.id(), ModelKind.ANNOTATOR)
                .version(config.version())
                .description(config.description())
                .licence(config.licence())
                .network(AnnotatorModel.BACKBONE, backboneEntry());
        heads.forEach(b::network);
        b.property("fusion", fusion);
        for (TaskEncoder t : model.spec().tasks()) {
            b.task(new TaskSpec(t.name(), t.labels()));
        }
        b.input(new FieldSpec("image", FieldKind.TEXT, List.of()));
        for (InputField f : model.spec().inputs()) {
            b.input(new FieldSpec(
                    f.name(),
                    f.kind(),
                    f.kind() == FieldKind.CATEGORICAL ? f.vocabulary().values() : List.of()));
        }
        b.property("annotator", model.write(dir));
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("trainingData", config.trainingData());
        provenance.put("created", Instant.now().toString());
        provenance.put("heritageVersion", HeritageVersion.get());
        provenance.put("java", System.getProperty("java.version"));
        provenance.put("engineForFeatures", Engines.resolve(config.engine()).name());
        provenance.put("trainingEngine", "pytorch (DJL)");
        provenance.put(
                "backbone",
                backboneId() + " (MIT, Copyright (c) 2019 Infinite Red, Inc.; see weights/backbone-NOTICE"
                        + (config.inception() == null ? "" : " and weights/backbone-inceptionv3-NOTICE") + ")");
        provenance.put("split", split.summary());
        provenance.put("rowErrors", rowErrors);
        provenance.put("configuration", config.toMap());
        provenance.put("bestEpoch", trained.bestEpoch());
        provenance.put("epochs", trained.history().size());
        b.property("provenance", provenance);
        b.property("artistTrainingImages", new TreeMap<>(artistCounts));
        b.property(
                "artistsWithAtLeast" + config.minArtistImagesForMetrics() + "TrainingImages",
                artistCounts.entrySet().stream()
                        .filter(e -> e.getValue() >= config.minArtistImagesForMetrics())
                        .map(Map.Entry::getKey)
                        .sorted()
                        .toList());
        if (!metrics.isEmpty()) {
            b.property("metrics", metrics);
        }
        return b.build();
    }
}
