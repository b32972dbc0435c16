package dev.heritage.classify.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.heritage.api.engine.Tensor;
import dev.heritage.classify.backbone.BackboneSplit;
import dev.heritage.classify.model.AnnotatorSpec;
import dev.heritage.classify.model.InputField;
import dev.heritage.classify.model.TaskEncoder;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.djl.DjlTensors;
import dev.heritage.network.djl.GraphBlock;
import dev.heritage.runtime.HeritageCache;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an annotator's head network on cached image features and known fields, in Deep Java
 * Library on PyTorch: multitask cross-entropy (or focal loss) with missing labels masked per task,
 * modality and field dropout so one model answers from any subset of its inputs, mirrored images as
 * augmentation, validation after every epoch, early stopping, and the best epoch's weights kept.
 *
 * <p>A task whose source column is also an input learns only from rows where that input was
 * hidden, so the model learns to predict it rather than to copy it.
 *
 * <p>Not thread-safe: one training at a time per instance. Owns no resources after
 * {@link #train} returns.
 */
public final class HeadTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(HeadTrainer.class);
    /** The gain in mean validation top-1 that counts as an improvement for early stopping. */
    private static final double MIN_IMPROVEMENT = 0.002;

    private final AnnotatorSpec spec;
    private final Hyperparameters hp;

    /**
     * @param spec the encoders and tasks
     * @param hp the hyperparameters
     */
    public HeadTrainer(AnnotatorSpec spec, Hyperparameters hp) {
        this.spec = spec;
        this.hp = hp;
    }

    /**
     * @param train training rows
     * @param validation validation rows
     * @param progress receives each epoch's figures as it ends (progress display)
     * @return the trained head
     */
    public TrainedHead train(
            List<TrainingExample> train, List<TrainingExample> validation, Consumer<TrainedHead.EpochStats> progress) {
        return run(null, train, validation, progress).head();
    }

    /**
     * What fine-tuning starts from: the split backbone, the cached cut activations and the weights of
     * the tower and of the head trained on frozen features.
     *
     * @param split the backbone cut in two
     * @param activations per row id, the cut activation of the image and of its mirror image
     * @param tower the tower's starting weights
     * @param head the head's starting weights
     * @param epochs the most epochs
     * @param learningRate Adam's learning rate
     * @param patience epochs without improvement before stopping
     */
    record Tuning(
            BackboneSplit split,
            Map<String, float[][]> activations,
            NetworkWeights tower,
            NetworkWeights head,
            int epochs,
            float learningRate,
            int patience) {}

    /**
     * The outcome of fine-tuning.
     *
     * @param head the head (graph, best epoch's weights, history)
     * @param tower the tower's weights of the same epoch
     */
    record Tuned(TrainedHead head, NetworkWeights tower) {}

    /**
     * Fine-tunes the backbone's tower and the head together, starting from trained weights; each
     * epoch is validated and the best epoch's weights kept, as in {@link #train}.
     */
    Tuned tune(
            Tuning tuning,
            List<TrainingExample> train,
            List<TrainingExample> validation,
            Consumer<TrainedHead.EpochStats> progress) {
        return run(tuning, train, validation, progress);
    }

    private Tuned run(
            Tuning tuning,
            List<TrainingExample> train,
            List<TrainingExample> validation,
            Consumer<TrainedHead.EpochStats> progress) {
        HeritageCache.configureDjl();
        NetworkGraph graph = spec.headGraph(hp.shape());
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed((int) hp.seed());
        Random random = new Random(hp.seed());
        List<TrainedHead.EpochStats> history = new ArrayList<>();
        int epochs = tuning == null ? hp.epochs() : tuning.epochs();
        int patience = tuning == null ? hp.patience() : tuning.patience();
        float learningRate = tuning == null ? hp.learningRate() : tuning.learningRate();
        try (Model model = Model.newInstance("head", Device.cpu(), "PyTorch")) {
            GraphBlock headBlock;
            TowerHeadBlock composite = null;
            if (tuning == null) {
                headBlock = new GraphBlock(graph);
                model.setBlock(headBlock);
            } else {
                composite = new TowerHeadBlock(tuning.split(), graph, spec);
                headBlock = composite.head();
                model.setBlock(composite);
            }
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam()
                            .optLearningRateTracker(Tracker.fixed(learningRate))
                            .optWeightDecays(hp.weightDecay())
                            .build());
            try (Trainer trainer = model.newTrainer(config)) {
                Shape[] headShapes = headBlock.inputShapes(hp.batchSize());
                if (composite == null) {
                    trainer.initialize(headShapes);
                } else {
                    Shape[] all = new Shape[headShapes.length + 1];
                    all[0] = composite.tower().inputShapes(hp.batchSize())[0];
                    System.arraycopy(headShapes, 0, all, 1, headShapes.length);
                    trainer.initialize(all);
                    composite.tower().setWeights(tuning.tower().asMap());
                    headBlock.setWeights(tuning.head().asMap());
                }
                NetworkWeights best = headBlock.weights();
                NetworkWeights bestTower =
                        composite == null ? null : composite.tower().weights();
                double bestScore = Double.NEGATIVE_INFINITY;
                int bestEpoch = 0;
                if (composite != null) {
                    bestScore = evaluate(trainer, graph, tuning, validation, model.getNDManager())
                            .meanTop1();
                    LOG.info("Before fine-tuning: validation top-1 {}", bestScore);
                }
                List<TrainingExample> order = new ArrayList<>(train);
                for (int epoch = 1; epoch <= epochs; epoch++) {
                    long t0 = System.nanoTime();
                    Collections.shuffle(order, random);
                    double lossSum = 0;
                    int batches = 0;
                    for (int start = 0; start < order.size(); start += hp.batchSize()) {
                        List<TrainingExample> batch =
                                order.subList(start, Math.min(order.size(), start + hp.batchSize()));
                        if (batch.size() < 2) {
                            continue;
                        }
                        Batch b = trainingBatch(batch, random);
                        try (NDManager m = model.getNDManager().newSubManager();
                                GradientCollector gc = trainer.newGradientCollector()) {
                            NDList out = trainer.forward(inputs(graph, tuning, batch, b, m));
                            NDArray loss = loss(out, b.labels(), m);
                            lossSum += loss.getFloat();
                            gc.backward(loss);
                        }
                        trainer.step();
                        batches++;
                    }
                    Evaluation val = evaluate(trainer, graph, tuning, validation, model.getNDManager());
                    TrainedHead.EpochStats stats = new TrainedHead.EpochStats(
                            epoch,
                            lossSum / Math.max(1, batches),
                            val.loss(),
                            val.meanTop1(),
                            (System.nanoTime() - t0) / 1e9);
                    history.add(stats);
                    progress.accept(stats);
                    if (val.meanTop1() > bestScore + MIN_IMPROVEMENT) {
                        bestScore = val.meanTop1();
                        bestEpoch = epoch;
                        best = headBlock.weights();
                        bestTower = composite == null ? null : composite.tower().weights();
                    } else if (epoch - bestEpoch >= patience) {
                        LOG.info("Early stop after epoch {}: best {} at epoch {}", epoch, bestScore, bestEpoch);
                        break;
                    }
                }
                return new Tuned(new TrainedHead(graph, best, history, bestEpoch), bestTower);
            }
        }
    }

    /** The network inputs of a batch: the head's, preceded when fine-tuning by the cut activations. */
    private static NDList inputs(NetworkGraph graph, Tuning tuning, List<TrainingExample> rows, Batch b, NDManager m) {
        NDList head = DjlTensors.inputs(graph, b.inputs(), m);
        if (tuning == null) {
            return head;
        }
        long[] cut = tuning.split().tower().inputs().get(0).shape();
        int size = (int) (cut[0] * cut[1] * cut[2]);
        float[] act = new float[rows.size() * size];
        for (int r = 0; r < rows.size(); r++) {
            if (b.orientation()[r] >= 0) {
                float[][] a = tuning.activations().get(rows.get(r).id());
                if (a == null) {
                    throw new IllegalStateException(
                            "No cached activation for row " + rows.get(r).id());
                }
                System.arraycopy(a[b.orientation()[r]], 0, act, r * size, size);
            }
        }
        NDList out = new NDList(head.size() + 1);
        out.add(m.create(act, new Shape(rows.size(), cut[0], cut[1], cut[2])));
        out.addAll(head);
        return out;
    }

    /** Network inputs and per-task labels (-1 = no label) of one batch. */
    private record Batch(Map<String, Tensor> inputs, Map<String, int[]> labels, int[] orientation) {}

    private Batch trainingBatch(List<TrainingExample> rows, Random random) {
        List<float[]> images = new ArrayList<>(rows.size());
        List<Map<String, String>> visible = new ArrayList<>(rows.size());
        Map<String, int[]> labels = new HashMap<>();
        for (TaskEncoder t : spec.tasks()) {
            labels.put(t.name(), new int[rows.size()]);
        }
        int[] orientation = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            TrainingExample ex = rows.get(r);
            orientation[r] = ex.image() == null || random.nextDouble() < hp.imageDropout()
                    ? -1
                    : ex.flipped() != null && random.nextBoolean() ? 1 : 0;
            images.add(orientation[r] < 0 ? null : orientation[r] == 1 ? ex.flipped() : ex.image());
            Map<String, String> fields = new HashMap<>();
            for (InputField in : spec.inputs()) {
                String v = ex.fields().get(in.name());
                if (v != null && random.nextDouble() >= hp.fieldDropout()) {
                    fields.put(in.name(), v);
                }
            }
            visible.add(fields);
            for (TaskEncoder t : spec.tasks()) {
                OptionalInt y = t.label(ex.fields());
                boolean copiable = fields.containsKey(t.source());
                labels.get(t.name())[r] = y.isPresent() && !copiable ? y.getAsInt() : -1;
            }
        }
        return new Batch(spec.encode(images, visible), labels, orientation);
    }

    private NDArray loss(NDList logits, Map<String, int[]> labels, NDManager m) {
        NDArray total = null;
        for (int i = 0; i < spec.tasks().size(); i++) {
            TaskEncoder t = spec.tasks().get(i);
            int[] y = labels.get(t.name());
            float[] mask = new float[y.length];
            long[] safe = new long[y.length];
            float count = 0;
            for (int r = 0; r < y.length; r++) {
                if (y[r] >= 0) {
                    mask[r] = 1;
                    safe[r] = y[r];
                    count++;
                }
            }
            if (count == 0) {
                continue;
            }
            NDArray logp = logits.get(i).logSoftmax(1);
            NDArray picked = logp.get(
                            new NDIndex().addAllDim().addPickDim(m.create(safe).reshape(-1, 1)))
                    .reshape(-1);
            NDArray nll = t.isTemporal() && hp.temporalSigma() > 0
                    ? logp.mul(m.create(softTargets(safe, t.classes(), hp.temporalSigma()), logp.getShape()))
                            .sum(new int[] {1})
                            .neg()
                    : picked.neg();
            if (hp.focalGamma() > 0) {
                nll = nll.mul(picked.exp().neg().add(1).pow(hp.focalGamma()));
            }
            NDArray taskLoss = nll.mul(m.create(mask)).sum().div(count);
            total = total == null ? taskLoss : total.add(taskLoss);
        }
        return total == null ? m.create(0f).mul(logits.get(0).sum()) : total;
    }

    /**
     * Ordinal soft targets: each row's label spread over the neighbouring bins by a Gaussian of the
     * given width (in bins), normalised to sum to 1.
     */
    static float[] softTargets(long[] labels, int classes, double sigma) {
        float[] q = new float[labels.length * classes];
        for (int r = 0; r < labels.length; r++) {
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                double d = (k - labels[r]) / sigma;
                double v = Math.exp(-0.5 * d * d);
                q[r * classes + k] = (float) v;
                sum += v;
            }
            for (int k = 0; k < classes; k++) {
                q[r * classes + k] /= (float) sum;
            }
        }
        return q;
    }

    /** Validation figures with all of a row's evidence visible except each task's own source field. */
    private record Evaluation(double loss, double meanTop1) {}

    private Evaluation evaluate(
            Trainer trainer, NetworkGraph graph, Tuning tuning, List<TrainingExample> rows, NDManager parent) {
        if (rows.isEmpty()) {
            return new Evaluation(0, 0);
        }
        int[] correct = new int[spec.tasks().size()];
        int[] total = new int[spec.tasks().size()];
        double lossSum = 0;
        int batches = 0;
        for (int start = 0; start < rows.size(); start += 256) {
            List<TrainingExample> batch = rows.subList(start, Math.min(rows.size(), start + 256));
            Batch b = evaluationBatch(batch);
            try (NDManager m = parent.newSubManager()) {
                NDList out = trainer.evaluate(inputs(graph, tuning, batch, b, m));
                lossSum += loss(out, b.labels(), m).getFloat();
                batches++;
                for (int i = 0; i < spec.tasks().size(); i++) {
                    int[] y = b.labels().get(spec.tasks().get(i).name());
                    long[] arg =
                            out.get(i).argMax(1).toType(DataType.INT64, false).toLongArray();
                    for (int r = 0; r < y.length; r++) {
                        if (y[r] >= 0) {
                            total[i]++;
                            correct[i] += arg[r] == y[r] ? 1 : 0;
                        }
                    }
                }
            }
        }
        double mean = 0;
        int tasks = 0;
        for (int i = 0; i < correct.length; i++) {
            if (total[i] > 0) {
                mean += correct[i] / (double) total[i];
                tasks++;
            }
        }
        return new Evaluation(lossSum / Math.max(1, batches), tasks == 0 ? 0 : mean / tasks);
    }

    /** All evidence but each task's source: one pass per batch, with sources hidden for every task. */
    private Batch evaluationBatch(List<TrainingExample> rows) {
        List<float[]> images = new ArrayList<>(rows.size());
        List<Map<String, String>> visible = new ArrayList<>(rows.size());
        Map<String, int[]> labels = new HashMap<>();
        for (TaskEncoder t : spec.tasks()) {
            labels.put(t.name(), new int[rows.size()]);
        }
        int[] orientation = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            TrainingExample ex = rows.get(r);
            boolean image = hp.imageDropout() < 1 && ex.image() != null; // a head that never sees images: none
            orientation[r] = image ? 0 : -1;
            images.add(image ? ex.image() : null);
            Map<String, String> fields = new HashMap<>();
            for (InputField in : spec.inputs()) {
                String v = ex.fields().get(in.name());
                boolean isTaskSource =
                        spec.tasks().stream().anyMatch(t -> t.source().equals(in.name()));
                if (v != null && !isTaskSource) {
                    fields.put(in.name(), v);
                }
            }
            visible.add(fields);
            for (TaskEncoder t : spec.tasks()) {
                labels.get(t.name())[r] = t.label(ex.fields()).orElse(-1);
            }
        }
        return new Batch(spec.encode(images, visible), labels, orientation);
    }
}
