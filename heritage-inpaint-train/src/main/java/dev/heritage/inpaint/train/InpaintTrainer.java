package dev.heritage.inpaint.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.heritage.api.HeritageException;
import dev.heritage.api.Mask;
import dev.heritage.api.engine.Tensor;
import dev.heritage.api.io.AtomicFiles;
import dev.heritage.inpaint.GatedUNet;
import dev.heritage.inpaint.MaskGenerator;
import dev.heritage.inpaint.NetworkInpainter;
import dev.heritage.inpaint.TeleaReconstructor;
import dev.heritage.inpaint.TileInpainter;
import dev.heritage.network.Layer;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.djl.GraphBlock;
import dev.heritage.runtime.HeritageCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link GatedUNet} inpainter in Deep Java Library on the PyTorch engine (which must be on the
 * class path: {@code dev.heritage:heritage-engine-pytorch}).
 *
 * <p>Each step takes {@link InpaintTrainingConfig#batchSize()} random square crops of random training
 * images (mirrored half of the time), damages them with a {@link MaskGenerator#mixed()} mask drawn over
 * the whole image (so holes have the sizes they have at inference), zeroes the damaged pixels, and
 * minimises the L1 error inside the mask plus a smaller L1 outside, with Adam. Batches are prepared by
 * one background thread while the engine computes. The crops and masks of step {@code s} depend only on
 * the seed and {@code s}.
 *
 * <p>Every {@link InpaintTrainingConfig#validateEvery()} steps the network is run on a fixed set of
 * validation crops (masks of 5–30 %) and scored by PSNR inside the mask; the best weights are kept.
 * With a checkpoint folder, the latest and best weights and the run's state are written there each time
 * (atomically), and a run started again with the same folder and configuration resumes from the last
 * checkpoint (Adam's moment estimates restart; the data stream and schedule continue where they were).
 *
 * <p>Not thread-safe: one {@link #train} at a time per instance. Holds no resources between calls.
 */
public final class InpaintTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(InpaintTrainer.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double VALIDATION_MIN_COVERAGE = 0.05;
    private static final double VALIDATION_MAX_COVERAGE = 0.30;

    private final InpaintTrainingConfig config;

    /** @param config how to train */
    public InpaintTrainer(InpaintTrainingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** @return the configuration */
    public InpaintTrainingConfig config() {
        return config;
    }

    /**
     * One validation (and checkpoint) point of a run. Immutable and thread-safe.
     *
     * @param step optimiser steps done
     * @param trainLoss mean training loss since the previous point
     * @param validationL1 mean absolute error inside the masks of the validation crops, in [0, 1] units
     * @param validationPsnr mean PSNR inside the masks of the validation crops (8-bit), dB
     * @param learningRate the learning rate at this step
     * @param seconds wall time of the run so far
     */
    public record Point(
            int step,
            double trainLoss,
            double validationL1,
            double validationPsnr,
            double learningRate,
            double seconds) {
        /** @return the point as plain JSON values */
        public Map<String, Object> toCard() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", step);
            m.put("trainLoss", Double.isNaN(trainLoss) ? null : round(trainLoss, 5));
            m.put("validationL1", round(validationL1, 5));
            m.put("validationPsnr", round(validationPsnr, 3));
            m.put("learningRate", learningRate);
            m.put("seconds", round(seconds, 1));
            return m;
        }
    }

    /**
     * A trained network. Immutable and thread-safe (the weights follow {@link Tensor}'s do-not-modify
     * contract); holds no resources.
     *
     * @param architecture the network
     * @param weights the best weights (by validation PSNR)
     * @param bestStep the step they were taken at
     * @param stepsDone the steps the run made
     * @param seconds the run's wall time
     * @param curve the validation points
     * @param skippedSteps how many of this call's steps were skipped because their gradients were not
     *     finite ({@link #gradientsFinite}); 0 for a finished run resumed
     */
    public record Result(
            GatedUNet architecture,
            NetworkWeights weights,
            int bestStep,
            int stepsDone,
            double seconds,
            List<Point> curve,
            int skippedSteps) {
        /** Copies. */
        public Result {
            curve = List.copyOf(curve);
        }
    }

    /**
     * Trains.
     *
     * @param train the training images (at least one; a conditioned network needs each image's condition)
     * @param validation the validation images (at least one)
     * @param initial weights to start from (fine-tuning), or {@code null} for a fresh initialisation; weights
     *     of a network with fewer condition channels are widened with zeros
     * @param checkpoints a folder for checkpoints and resuming, or {@code null} for none
     * @param progress receives each validation point as it is made
     * @return the best weights and the curve
     * @throws IOException if a checkpoint cannot be read or written
     */
    public Result train(
            List<TrainingImage> train,
            List<TrainingImage> validation,
            NetworkWeights initial,
            Path checkpoints,
            Consumer<Point> progress)
            throws IOException {
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException(
                    "Training needs training and validation images, got " + train.size() + " and " + validation.size());
        }
        int conditions = config.architecture().conditionChannels();
        for (TrainingImage t : train) {
            if (conditions > 0 && (t.condition() < 0 || t.condition() >= conditions)) {
                throw new IllegalArgumentException("Image " + t.id() + " has condition " + t.condition()
                        + "; the network has " + conditions + " condition channels");
            }
        }
        HeritageCache.configureDjl();
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed((int) config.seed());
        NetworkGraph graph = config.architecture().graph(config.crop(), config.crop());
        State state = checkpoints == null ? null : State.read(checkpoints, config);
        NetworkWeights start = null;
        if (state != null) {
            start = WeightsFile.read(checkpoints.resolve("latest.weights"), graph);
            LOG.info("Resuming from step {} ({} s done) in {}", state.step, state.seconds, checkpoints);
        } else if (initial != null) {
            start = widen(initial, graph, config.architecture().prefill());
        } else {
            start = initialWeights(graph, config.architecture(), config.seed());
        }
        if (state == null) {
            state = new State();
        }
        if (checkpoints != null) {
            Files.createDirectories(checkpoints);
        }
        List<Batch> validationBatches = validationBatches(validation);
        final int startStep = state.step;
        final double secondsBefore = state.seconds;
        long t0 = System.nanoTime();
        try (Model model = Model.newInstance("inpaint", Device.cpu(), "PyTorch")) {
            GraphBlock block = new GraphBlock(graph);
            model.setBlock(block);
            float[] currentLr = {0};
            Tracker lr = n -> {
                double seconds = secondsBefore + (System.nanoTime() - t0) / 1e9;
                float v = learningRate(startStep + Math.max(0, n - 1), seconds);
                currentLr[0] = v;
                return v;
            };
            DefaultTrainingConfig djlConfig = new DefaultTrainingConfig(Loss.l1Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(lr).build());
            // The block gets its starting weights before the trainer initialises it: DJL keeps initialised
            // parameters and marks them for gradients then; values set afterwards would not be trained.
            block.initialize(model.getNDManager());
            block.setWeights(start.asMap());
            try (Trainer trainer = model.newTrainer(djlConfig)) {
                trainer.initialize(block.inputShapes(config.batchSize()));
                NetworkWeights best = state.bestStep >= 0
                                && checkpoints != null
                                && Files.isRegularFile(checkpoints.resolve("best.weights"))
                        ? WeightsFile.read(checkpoints.resolve("best.weights"), graph)
                        : block.weights();
                if (state.bestStep < 0) {
                    Point p0 = validate(trainer, validationBatches, model, startStep, Double.NaN, 0, secondsBefore);
                    state.bestPsnr = p0.validationPsnr();
                    state.bestStep = startStep;
                    state.curve.add(p0);
                    progress.accept(p0);
                    if (checkpoints != null) {
                        WeightsFile.write(best, checkpoints.resolve("best.weights"));
                        WeightsFile.write(best, checkpoints.resolve("latest.weights"));
                        state.write(checkpoints, config);
                    }
                }
                BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(3);
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Thread producer = new Thread(
                        () -> {
                            try {
                                produce(train, startStep, queue);
                            } catch (Throwable e) {
                                failure.set(e);
                            }
                        },
                        "heritage-inpaint-batches");
                producer.setDaemon(true);
                producer.start();
                int skipped = 0;
                try {
                    double lossSum = 0;
                    int lossCount = 0;
                    int consecutiveSkipped = 0;
                    int step = startStep;
                    while (true) {
                        double seconds = secondsBefore + (System.nanoTime() - t0) / 1e9;
                        if (step >= config.steps() || seconds >= config.maxSeconds()) {
                            break;
                        }
                        Batch b = null;
                        while (b == null) {
                            b = queue.poll(1, TimeUnit.SECONDS);
                            if (b == null && failure.get() != null) {
                                throw new IllegalStateException("Preparing training batches failed", failure.get());
                            }
                        }
                        try (NDManager m = model.getNDManager().newSubManager();
                                GradientCollector gc = trainer.newGradientCollector()) {
                            NDList out = trainer.forward(b.inputs(m));
                            NDArray loss = loss(out.head(), b, m);
                            lossSum += loss.getFloat();
                            lossCount++;
                            gc.backward(loss);
                        }
                        if (gradientsFinite(block)) {
                            trainer.step();
                            consecutiveSkipped = 0;
                        } else {
                            skipped++;
                            if (++consecutiveSkipped > MAX_CONSECUTIVE_SKIPPED_STEPS) {
                                throw new IllegalStateException("Training stopped: the gradients were not finite in "
                                        + consecutiveSkipped + " steps in a row (step " + step + "). Lower the"
                                        + " learning rate or check the training images for flat or corrupt crops.");
                            }
                        }
                        step++;
                        if (step % config.validateEvery() == 0 || step >= config.steps()) {
                            seconds = secondsBefore + (System.nanoTime() - t0) / 1e9;
                            Point p = validate(
                                    trainer,
                                    validationBatches,
                                    model,
                                    step,
                                    lossSum / lossCount,
                                    currentLr[0],
                                    seconds);
                            lossSum = 0;
                            lossCount = 0;
                            state.curve.add(p);
                            progress.accept(p);
                            if (p.validationPsnr() > state.bestPsnr) {
                                state.bestPsnr = p.validationPsnr();
                                state.bestStep = step;
                                best = block.weights();
                                if (checkpoints != null) {
                                    WeightsFile.write(best, checkpoints.resolve("best.weights"));
                                }
                            }
                            state.step = step;
                            state.seconds = seconds;
                            if (checkpoints != null) {
                                WeightsFile.write(block.weights(), checkpoints.resolve("latest.weights"));
                                state.write(checkpoints, config);
                            }
                        }
                    }
                    state.step = step;
                    state.seconds = secondsBefore + (System.nanoTime() - t0) / 1e9;
                    if (checkpoints != null) {
                        WeightsFile.write(block.weights(), checkpoints.resolve("latest.weights"));
                        state.write(checkpoints, config);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("Training was interrupted", e);
                } finally {
                    producer.interrupt();
                }
                return new Result(
                        config.architecture(), best, state.bestStep, state.step, state.seconds, state.curve, skipped);
            }
        }
    }

    /** Steps in a row whose gradients may be skipped as not finite before training gives up. */
    static final int MAX_CONSECUTIVE_SKIPPED_STEPS = 20;

    /**
     * Whether every gradient of the block is finite; when one is not, all are set to zero so the step is
     * skipped. PyTorch's CPU convolutions occasionally returned NaN for finite inputs on the AMD Zen 4
     * machines here (docs/STATUS.md), and DJL clears gradients after a step by subtracting them from
     * themselves, which keeps a NaN: one bad step would then poison every later update and the weights.
     */
    static boolean gradientsFinite(GraphBlock block) {
        boolean finite = true;
        for (Pair<String, Parameter> p : block.getParameters()) {
            // A sum is NaN or infinite when any element is (or when finite values overflow, a step as
            // well skipped): one reduction per parameter instead of copying every gradient out each step.
            if (!Float.isFinite(p.getValue().getArray().getGradient().sum().getFloat())) {
                finite = false;
                break;
            }
        }
        if (!finite) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                p.getValue().getArray().getGradient().set(new NDIndex("..."), 0f);
            }
        }
        return finite;
    }

    /** The learning rate at a step: linear warm-up, then a cosine to the final rate. */
    float learningRate(int step, double seconds) {
        if (step < config.warmupSteps()) {
            return config.learningRate() * (step + 1) / config.warmupSteps();
        }
        double p = Math.min(1, Math.max(step / (double) config.steps(), seconds / config.maxSeconds()));
        return (float) (config.finalLearningRate()
                + 0.5 * (config.learningRate() - config.finalLearningRate()) * (1 + Math.cos(Math.PI * p)));
    }

    private void produce(List<TrainingImage> train, int startStep, BlockingQueue<Batch> queue) {
        try {
            for (int step = startStep; step < config.steps(); step++) {
                Random r = new Random(MaskGenerator.mix(config.seed() * 1_000_003L + step));
                List<Sample> samples = new ArrayList<>(config.batchSize());
                for (int i = 0; i < config.batchSize(); i++) {
                    TrainingImage img = train.get(r.nextInt(train.size()));
                    samples.add(sample(img, r, config.minCoverage(), config.maxCoverage(), true));
                }
                queue.put(batch(samples));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Batch> validationBatches(List<TrainingImage> validation) {
        Random r = new Random(MaskGenerator.mix(config.seed() ^ 0x5EED5EEDL));
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < config.validationCrops(); i++) {
            TrainingImage img = validation.get((int) ((long) i * validation.size() / config.validationCrops()));
            samples.add(sample(img, r, VALIDATION_MIN_COVERAGE, VALIDATION_MAX_COVERAGE, false));
        }
        List<Batch> batches = new ArrayList<>();
        for (int s = 0; s < samples.size(); s += 16) {
            batches.add(batch(samples.subList(s, Math.min(samples.size(), s + 16))));
        }
        return batches;
    }

    /**
     * A crop: input channels, the classical fill (or null), the clean target and the mask, each row-major
     * over crop × crop.
     */
    private record Sample(float[] input, float[] prefill, float[] target, float[] mask) {}

    private Sample sample(TrainingImage img, Random r, double minCov, double maxCov, boolean augment) {
        int c = config.crop();
        int channels = config.architecture().inputChannels();
        Mask mask = MaskGenerator.mixed().generate(r.nextLong(), img.width(), img.height(), minCov, maxCov);
        int x0 = 0;
        int y0 = 0;
        for (int attempt = 0; attempt < 8; attempt++) {
            x0 = img.width() > c ? r.nextInt(img.width() - c + 1) : 0;
            y0 = img.height() > c ? r.nextInt(img.height() - c + 1) : 0;
            if (countDamaged(mask, img, x0, y0) >= c * c / 100) {
                break;
            }
        }
        boolean flip = augment && r.nextBoolean();
        int plane = c * c;
        float[] input = new float[channels * plane];
        float[] target = new float[3 * plane];
        float[] m = new float[plane];
        byte[] rgb = img.rgb();
        for (int y = 0; y < c; y++) {
            int sy = NetworkInpainter.mirror(y0 + y, img.height());
            for (int x = 0; x < c; x++) {
                int sx = NetworkInpainter.mirror(x0 + (flip ? c - 1 - x : x), img.width());
                int o = 3 * (sy * img.width() + sx);
                int k = y * c + x;
                boolean damaged = mask.isDamaged(NetworkInpainter.mirror(x0 + x, img.width()), sy);
                for (int ch = 0; ch < 3; ch++) {
                    float v = (rgb[o + ch] & 0xff) / 255f;
                    target[ch * plane + k] = v;
                    input[ch * plane + k] = damaged ? 0f : v;
                }
                m[k] = damaged ? 1f : 0f;
                input[3 * plane + k] = m[k];
            }
        }
        if (config.architecture().conditionChannels() > 0 && img.condition() >= 0) {
            Arrays.fill(input, (4 + img.condition()) * plane, (5 + img.condition()) * plane, 1f);
        }
        float[] prefill = null;
        if (config.architecture().prefill()) {
            int[] px = new int[plane];
            byte[] pm = new byte[plane];
            for (int k = 0; k < plane; k++) {
                if (m[k] != 0f) {
                    pm[k] = 1;
                } else {
                    px[k] = Math.round(input[k] * 255f) << 16
                            | Math.round(input[plane + k] * 255f) << 8
                            | Math.round(input[2 * plane + k] * 255f);
                }
            }
            prefill = classicalFill(px, pm, c, c);
        }
        return new Sample(input, prefill, target, m);
    }

    private int countDamaged(Mask mask, TrainingImage img, int x0, int y0) {
        int c = config.crop();
        int n = 0;
        for (int y = y0; y < Math.min(img.height(), y0 + c); y++) {
            for (int x = x0; x < Math.min(img.width(), x0 + c); x++) {
                if (mask.isDamaged(x, y)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** A batch of samples, as flat arrays in NCHW order. */
    private record Batch(
            int size, int channels, int crop, float[] input, float[] prefill, float[] target, float[] mask) {
        NDList inputs(NDManager m) {
            NDArray image = m.create(FloatBuffer.wrap(input), new Shape(size, channels, crop, crop));
            return prefill == null
                    ? new NDList(image)
                    : new NDList(image, m.create(FloatBuffer.wrap(prefill), new Shape(size, 3, crop, crop)));
        }

        NDArray target(NDManager m) {
            return m.create(FloatBuffer.wrap(target), new Shape(size, 3, crop, crop));
        }

        NDArray mask(NDManager m) {
            return m.create(FloatBuffer.wrap(mask), new Shape(size, 1, crop, crop));
        }
    }

    private Batch batch(List<Sample> samples) {
        int n = samples.size();
        int c = config.crop();
        int channels = config.architecture().inputChannels();
        int plane = c * c;
        float[] input = new float[n * channels * plane];
        float[] target = new float[n * 3 * plane];
        float[] mask = new float[n * plane];
        float[] prefill = config.architecture().prefill() ? new float[n * 3 * plane] : null;
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            System.arraycopy(s.input(), 0, input, i * channels * plane, channels * plane);
            System.arraycopy(s.target(), 0, target, i * 3 * plane, 3 * plane);
            System.arraycopy(s.mask(), 0, mask, i * plane, plane);
            if (prefill != null) {
                System.arraycopy(s.prefill(), 0, prefill, i * 3 * plane, 3 * plane);
            }
        }
        return new Batch(n, channels, c, input, prefill, target, mask);
    }

    private NDArray loss(NDArray out, Batch b, NDManager m) {
        NDArray target = b.target(m);
        NDArray mask = b.mask(m);
        NDArray diff = out.sub(target).abs();
        NDArray inside = diff.mul(mask).sum().div(mask.sum().mul(3).add(1e-6f));
        NDArray outsideMask = mask.neg().add(1f);
        NDArray outside =
                diff.mul(outsideMask).sum().div(outsideMask.sum().mul(3).add(1e-6f));
        return inside.add(outside.mul(config.outsideWeight()));
    }

    private Point validate(
            Trainer trainer, List<Batch> batches, Model model, int step, double trainLoss, double lr, double seconds) {
        double l1 = 0;
        double psnr = 0;
        int n = 0;
        for (Batch b : batches) {
            float[] out;
            try (NDManager m = model.getNDManager().newSubManager()) {
                out = trainer.evaluate(b.inputs(m)).head().toFloatArray();
            }
            int plane = b.crop() * b.crop();
            for (int i = 0; i < b.size(); i++) {
                double abs = 0;
                double sq = 0;
                long count = 0;
                for (int k = 0; k < plane; k++) {
                    if (b.mask()[i * plane + k] == 0f) {
                        continue;
                    }
                    for (int ch = 0; ch < 3; ch++) {
                        int o = (i * 3 + ch) * plane + k;
                        float t = b.target()[o];
                        abs += Math.abs(out[o] - t);
                        long q = Math.round(Math.min(1f, Math.max(0f, out[o])) * 255f);
                        long e = q - Math.round(t * 255f);
                        sq += e * e;
                        count++;
                    }
                }
                if (count > 0) {
                    l1 += abs / count;
                    psnr += sq == 0 ? 100 : Math.min(100, 10 * Math.log10(255.0 * 255.0 * count / sq));
                    n++;
                }
            }
        }
        return new Point(step, trainLoss, l1 / Math.max(1, n), psnr / Math.max(1, n), lr, seconds);
    }

    /**
     * Widens weights trained with fewer condition channels: the first layer's extra input channels (the
     * condition channels sit between the 4 image channels and the 3 prefill channels) get zero weights, so
     * the widened network computes exactly what the original did.
     */
    static NetworkWeights widen(NetworkWeights initial, NetworkGraph graph, boolean prefill) {
        int tail = prefill ? 3 : 0;
        Map<String, Tensor> values = new LinkedHashMap<>(initial.asMap());
        for (String key : List.of("enc0_f.weight", "enc0_g.weight")) {
            Tensor t = values.get(key);
            long[] want = graph.node(key.substring(0, key.indexOf('.')))
                    .layer()
                    .parameters()
                    .get(0)
                    .shape();
            if (t == null || Arrays.equals(t.shape(), want)) {
                continue;
            }
            long[] have = t.shape();
            if (have[0] != want[0] || have[1] > want[1] || have[2] != want[2] || have[3] != want[3]) {
                throw new IllegalArgumentException(
                        key + ": cannot widen " + Arrays.toString(have) + " to " + Arrays.toString(want));
            }
            int k2 = (int) (have[2] * have[3]);
            float[] src = t.floats();
            float[] dst = new float[(int) Tensor.size(want)];
            for (int o = 0; o < have[0]; o++) {
                for (int i = 0; i < have[1]; i++) {
                    long to = i < have[1] - tail ? i : want[1] - (have[1] - i);
                    System.arraycopy(src, (int) ((o * have[1] + i) * k2), dst, (int) ((o * want[1] + to) * k2), k2);
                }
            }
            values.put(key, Tensor.ofFloats(want, dst));
        }
        return NetworkWeights.of(graph, values);
    }

    /**
     * The initial weights: for the feature convolution of each gated layer N(0, 6 / fan-in), which keeps
     * the signal's scale through {@code relu(f) ⊙ sigmoid(g)} (ReLU halves the energy, a gate near 0.5
     * quarters it); for gates N(0, 1 / fan-in); biases 0; the last convolution 0 for a refiner, so
     * training starts from the classical fill.
     */
    static NetworkWeights initialWeights(NetworkGraph graph, GatedUNet architecture, long seed) {
        Random r = new Random(MaskGenerator.mix(seed ^ 0x1A1A1A1AL));
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (NetworkGraph.Node node : graph.nodes()) {
            if (!(node.layer() instanceof Layer.Conv2d c)) {
                continue;
            }
            long[] ws = c.parameters().get(0).shape();
            float[] w = new float[(int) Tensor.size(ws)];
            int fanIn = c.in() / c.groups() * c.taps();
            double variance = node.name().endsWith("_f")
                    ? 6.0 / fanIn
                    : node.name().equals("out_conv") && architecture.prefill() ? 0 : 1.0 / fanIn;
            double sd = Math.sqrt(variance);
            for (int i = 0; i < w.length; i++) {
                w[i] = sd == 0 ? 0f : (float) (r.nextGaussian() * sd);
            }
            values.put(node.name() + ".weight", Tensor.ofFloats(ws, w));
            if (c.bias()) {
                values.put(node.name() + ".bias", Tensor.ofFloats(new long[] {c.out()}, new float[c.out()]));
            }
        }
        return NetworkWeights.of(graph, values);
    }

    /** The classical fill of a crop (Telea, radius 5), as three planes in [0, 1]. */
    static float[] classicalFill(int[] rgb, byte[] mask, int width, int height) {
        try {
            TELEA.inpaint(rgb, mask, width, height);
        } catch (HeritageException e) {
            throw new IllegalStateException("Telea failed", e);
        }
        int plane = width * height;
        float[] out = new float[3 * plane];
        for (int k = 0; k < plane; k++) {
            int v = rgb[k];
            out[k] = ((v >> 16) & 0xff) / 255f;
            out[plane + k] = ((v >> 8) & 0xff) / 255f;
            out[2 * plane + k] = (v & 0xff) / 255f;
        }
        return out;
    }

    private static final TileInpainter TELEA = new TeleaReconstructor().tileInpainter();

    private static double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** The resumable state of a run, kept as {@code state.json} beside the checkpoints. */
    private static final class State {
        int step;
        double seconds;
        int bestStep = -1;
        double bestPsnr = Double.NEGATIVE_INFINITY;
        final List<Point> curve = new ArrayList<>();

        static State read(Path dir, InpaintTrainingConfig config) throws IOException {
            Path file = dir.resolve("state.json");
            if (!Files.isRegularFile(file) || !Files.isRegularFile(dir.resolve("latest.weights"))) {
                return null;
            }
            JsonNode root = JSON.readTree(file.toFile());
            if (!JSON.readTree(JSON.writeValueAsString(config.toCard())).equals(root.get("config"))) {
                throw new IOException(file + " belongs to a run with another configuration; use another checkpoint"
                        + " folder or delete this one to start afresh");
            }
            State s = new State();
            s.step = root.get("step").asInt();
            s.seconds = root.get("seconds").asDouble();
            s.bestStep = root.get("bestStep").asInt();
            s.bestPsnr = root.get("bestPsnr").asDouble();
            for (JsonNode p : root.get("curve")) {
                s.curve.add(new Point(
                        p.get("step").asInt(),
                        p.get("trainLoss").isNumber() ? p.get("trainLoss").asDouble() : Double.NaN,
                        p.get("validationL1").asDouble(),
                        p.get("validationPsnr").asDouble(),
                        p.get("learningRate").asDouble(),
                        p.get("seconds").asDouble()));
            }
            return s;
        }

        void write(Path dir, InpaintTrainingConfig config) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("config", config.toCard());
            m.put("step", step);
            m.put("seconds", seconds);
            m.put("bestStep", bestStep);
            m.put("bestPsnr", bestPsnr);
            m.put("curve", curve.stream().map(Point::toCard).toList());
            try {
                AtomicFiles.writeString(dir.resolve("state.json"), JSON.writeValueAsString(m));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
