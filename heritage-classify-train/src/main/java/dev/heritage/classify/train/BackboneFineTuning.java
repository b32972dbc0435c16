package dev.heritage.classify.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.heritage.api.Asset;
import dev.heritage.api.Device;
import dev.heritage.api.HeritageException;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelKind;
import dev.heritage.api.NetworkEntry;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.NetworkArtifact;
import dev.heritage.api.engine.Tensor;
import dev.heritage.api.engine.WeightFormat;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.classify.backbone.Backbone;
import dev.heritage.classify.backbone.BackboneSplit;
import dev.heritage.classify.backbone.MobileNetV2;
import dev.heritage.classify.model.AnnotatorSpec;
import dev.heritage.classify.model.ImageEvidence;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.djl.GraphBlock;
import dev.heritage.network.export.FoldedBatchNorm;
import dev.heritage.network.weights.QuantizedTensor;
import dev.heritage.network.weights.QuantizedWeights;
import dev.heritage.runtime.FileTrees;
import dev.heritage.runtime.HeritageCache;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The second training stage of an annotator: fine-tunes the backbone's top blocks (the tower above
 * {@link BackboneSplit#MOBILENETV2_CUT}) together with the head trained on frozen features.
 *
 * <ol>
 *   <li>The activation at the cut is computed once per image and its mirror image, on the configured
 *       engine, and cached next to the image features.
 *   <li>The tower (batch norms folded into its convolutions) and the head are trained together in DJL
 *       on PyTorch, validated every epoch; the best epoch is kept.
 *   <li>The model's backbone becomes the frozen lower part (its uint8 weights as they were) plus the
 *       trained tower (float32); the validation rows' image features are recomputed through it for
 *       calibration and evaluation.
 * </ol>
 *
 * <p>Not thread-safe; used once per training run.
 */
final class BackboneFineTuning {
    private final TrainingConfig config;
    private final TrainingListener listener;

    BackboneFineTuning(TrainingConfig config, TrainingListener listener) {
        this.config = config;
        this.listener = listener;
    }

    /**
     * The outcome.
     *
     * @param head the fine-tuned head, its history continuing the first stage's
     * @param validation the validation rows with image features from the fine-tuned backbone
     * @param report what ran, for the model card
     */
    record Result(
            TrainedHead head,
            List<TrainingExample> train,
            List<TrainingExample> validation,
            Map<String, Object> report) {}

    /**
     * @param spec the encoders
     * @param head the head trained on frozen features
     * @param assets every row (for the activations)
     * @param train training rows
     * @param validation validation rows
     * @param staging the model directory being written (its backbone files are replaced)
     * @param engine the engine that computes the activations
     * @param cacheFile where the activations are cached
     * @param cacheKey what the cache must have been computed from
     * @return the fine-tuned head and the training and validation rows with their features through the
     *     fine-tuned tower (the rows as given when the frozen backbone is kept)
     * @throws IOException if files cannot be read or written
     * @throws HeritageException if the engine fails
     */
    Result run(
            AnnotatorSpec spec,
            TrainedHead head,
            List<Asset> assets,
            List<TrainingExample> train,
            List<TrainingExample> validation,
            Path staging,
            EngineProvider engine,
            Path cacheFile,
            String cacheKey)
            throws IOException, HeritageException {
        Backbone backbone = MobileNetV2.load();
        NetworkGraph features = MobileNetV2.featureGraph(backbone, config.styleStatistics());
        NetworkWeights featureWeights =
                NetworkWeights.select(features, backbone.weights().asMap());
        BackboneSplit split = BackboneSplit.of(features, featureWeights, BackboneSplit.MOBILENETV2_CUT);
        Map<String, float[][]> activations =
                activations(split, featureWeights, backbone, assets, staging, engine, cacheFile, cacheKey);

        TrainingConfig.FineTune ft = config.fineTune();
        listener.stage("Fine-tuning the backbone's top blocks with the head ("
                + split.tower().parameterCount() + " tower parameters, at most " + ft.epochs() + " epochs)");
        int firstStage = head.history().size();
        HeadTrainer.Tuned tuned = new HeadTrainer(spec, config.hyperparameters())
                .tune(
                        new HeadTrainer.Tuning(
                                split,
                                activations,
                                split.towerWeights(),
                                head.weights(),
                                ft.epochs(),
                                (float) ft.learningRate(),
                                ft.patience()),
                        train,
                        validation,
                        s -> listener.epoch(renumber(s, firstStage)));

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("cut", split.cut());
        report.put("towerParameters", split.tower().parameterCount());
        report.put("learningRate", ft.learningRate());
        report.put("epochsRun", tuned.head().history().size());
        report.put("bestEpoch", tuned.head().bestEpoch());
        List<TrainedHead.EpochStats> history = new ArrayList<>(head.history());
        tuned.head().history().forEach(s -> history.add(renumber(s, firstStage)));
        if (tuned.head().bestEpoch() == 0) {
            listener.stage("Fine-tuning did not improve validation top-1; the frozen backbone is kept");
            report.put("kept", "frozen backbone (no fine-tuning epoch improved validation top-1)");
            return new Result(
                    new TrainedHead(head.graph(), head.weights(), history, head.bestEpoch()),
                    train,
                    validation,
                    report);
        }
        writeBackbone(split, featureWeights, tuned.tower(), backbone, staging);
        report.put("kept", "fine-tuned tower");
        return new Result(
                new TrainedHead(
                        head.graph(),
                        tuned.head().weights(),
                        history,
                        firstStage + tuned.head().bestEpoch()),
                refeature(split, tuned.tower(), train, activations),
                refeature(split, tuned.tower(), validation, activations),
                report);
    }

    private static TrainedHead.EpochStats renumber(TrainedHead.EpochStats s, int offset) {
        return new TrainedHead.EpochStats(
                s.epoch() + offset, s.trainLoss(), s.validationLoss(), s.validationTop1(), s.seconds());
    }

    /** The cut activation of every image and of its mirror image, from the cache or computed now. */
    private Map<String, float[][]> activations(
            BackboneSplit split,
            NetworkWeights featureWeights,
            Backbone backbone,
            List<Asset> assets,
            Path staging,
            EngineProvider engine,
            Path cacheFile,
            String cacheKey)
            throws IOException, HeritageException {
        FeatureStore store = FeatureStore.read(cacheFile, cacheKey);
        if (store != null) {
            listener.stage("Cut activations from the cache " + cacheFile);
        } else {
            Path dir = staging.resolveSibling(staging.getFileName() + ".cut");
            FileTrees.deleteRecursively(dir);
            Files.createDirectories(dir.resolve("weights"));
            try {
                QuantizedWeights.write(backbone.quantized(split.lower()), dir.resolve("weights/lower.hqw"));
                Files.writeString(
                        dir.resolve("weights/lower.graph.json"), split.lower().toJson());
                ModelArtifact lower = ModelArtifact.seal(
                        dir,
                        ModelCard.builder("backbone-lower", ModelKind.NETWORK)
                                .network(
                                        "lower",
                                        new NetworkEntry(
                                                "weights/lower.graph.json",
                                                Map.of(WeightFormat.PORTABLE.id(), "weights/lower.hqw")))
                                .build());
                long[] shape = split.tower().inputs().get(0).shape();
                int size = (int) (shape[0] * shape[1] * shape[2]);
                store = new FeatureStore(cacheKey, size);
                FeatureStore filled = store;
                try (LoadedNetwork net = engine.load(new NetworkArtifact(lower, "lower"), Device.cpu())) {
                    // rows whose image fails were already recorded by the image-features pass
                    ImageBatches.forEach(assets, (a, e) -> {}, (ok, images, done, total) -> {
                        float[] plain = cut(net, split, images);
                        float[] mirrored = cut(
                                net,
                                split,
                                images.stream().map(ImageEvidence::mirror).toList());
                        for (int i = 0; i < ok.size(); i++) {
                            filled.put(
                                    ok.get(i).id(),
                                    Arrays.copyOfRange(plain, i * size, (i + 1) * size),
                                    Arrays.copyOfRange(mirrored, i * size, (i + 1) * size));
                        }
                        listener.features(done, total);
                    });
                }
            } finally {
                FileTrees.deleteRecursively(dir);
            }
            store.write(cacheFile);
        }
        return store.rowsOf(assets);
    }

    private static float[] cut(LoadedNetwork lower, BackboneSplit split, List<BufferedImage> images)
            throws HeritageException {
        Map<String, Tensor> out = lower.forward(Map.of(
                MobileNetV2.INPUT,
                MobileNetV2.preprocess(
                        images.stream().map(MobileNetV2::canonical).toList())));
        return out.get(split.cut()).floats();
    }

    /** Replaces the model's backbone: frozen lower part as stored (uint8), trained tower as float32. */
    private static void writeBackbone(
            BackboneSplit split, NetworkWeights featureWeights, NetworkWeights tower, Backbone backbone, Path staging)
            throws IOException {
        FoldedBatchNorm.Folded merged = split.merge(featureWeights, tower);
        Set<String> towerKeys = tower.asMap().keySet();
        Map<String, QuantizedTensor> stored = new HashMap<>();
        backbone.quantized().forEach(t -> stored.put(t.name(), t));
        List<QuantizedTensor> tensors = new ArrayList<>();
        merged.weights()
                .asMap()
                .forEach((key, t) -> tensors.add(
                        towerKeys.contains(key)
                                ? QuantizedTensor.float32(key, t.shape(), t.floats())
                                : stored.get(key)));
        QuantizedWeights.write(tensors, staging.resolve("weights/backbone.hqw"));
        Files.writeString(
                staging.resolve("weights/backbone.graph.json"), merged.graph().toJson());
    }

    /** The rows' image features through the fine-tuned tower (plain and mirrored). */
    private static List<TrainingExample> refeature(
            BackboneSplit split, NetworkWeights tower, List<TrainingExample> rows, Map<String, float[][]> activations) {
        HeritageCache.configureDjl();
        List<TrainingExample> out = new ArrayList<>(rows.size());
        long[] shape = split.tower().inputs().get(0).shape();
        int size = (int) (shape[0] * shape[1] * shape[2]);
        try (Model model = Model.newInstance("tower", ai.djl.Device.cpu(), "PyTorch");
                NDManager manager = model.getNDManager().newSubManager()) {
            GraphBlock block = GraphBlock.of(split.tower(), tower, manager);
            ParameterStore store = new ParameterStore(manager, false);
            for (int start = 0; start < rows.size(); start += 64) {
                List<TrainingExample> batch = rows.subList(start, Math.min(rows.size(), start + 64));
                float[][][] towerOut = new float[2][][];
                for (int o = 0; o < 2; o++) {
                    float[] act = new float[batch.size() * size];
                    for (int r = 0; r < batch.size(); r++) {
                        float[][] a = activations.get(batch.get(r).id());
                        if (a != null) {
                            System.arraycopy(a[o], 0, act, r * size, size);
                        }
                    }
                    try (NDManager m = manager.newSubManager()) {
                        NDArray x = m.create(act, new Shape(batch.size(), shape[0], shape[1], shape[2]));
                        NDArray y = block.forward(store, new NDList(x), false).head();
                        int d = split.towerDimension();
                        float[] flat = y.toFloatArray();
                        towerOut[o] = new float[batch.size()][];
                        for (int r = 0; r < batch.size(); r++) {
                            towerOut[o][r] = Arrays.copyOfRange(flat, r * d, (r + 1) * d);
                        }
                    }
                }
                for (int r = 0; r < batch.size(); r++) {
                    TrainingExample ex = batch.get(r);
                    boolean known = activations.containsKey(ex.id()) && ex.image() != null;
                    out.add(new TrainingExample(
                            ex.id(),
                            known ? split.withTowerOutput(towerOut[0][r], ex.image()) : ex.image(),
                            known && ex.flipped() != null
                                    ? split.withTowerOutput(towerOut[1][r], ex.flipped())
                                    : ex.flipped(),
                            ex.fields()));
                }
            }
        }
        return out;
    }
}
