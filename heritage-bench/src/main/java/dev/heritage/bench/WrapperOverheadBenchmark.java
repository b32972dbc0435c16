package dev.heritage.bench;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.Asset;
import dev.heritage.api.HeritageException;
import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.classify.Annotators;
import dev.heritage.classify.backbone.MobileNetV2;
import dev.heritage.classify.descriptors.HandcraftedDescriptors;
import dev.heritage.classify.model.ImageEvidence;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The annotator's overhead in two parts (issue 21), measured in one run:
 *
 * <ul>
 *   <li>{@link #annotateReplayed}: {@code Annotator.annotate} of {@value AnnotateBenchmark#MODEL} on a
 *       batch of 224 px JPEGs with a {@link ReplayEngineProvider stub engine} that answers with the real
 *       network's outputs at no engine time;
 *   <li>{@link #modelJavaWork}: the model's own Java work on the same batch, shared between the calling
 *       thread and the processors but one as the annotator shares it: decoding, averaging down
 *       ({@link MobileNetV2#canonical}), then the hand-crafted descriptors;
 *   <li>{@link #decode}, {@link #averageDown}, {@link #descriptors}: those three steps alone, one image
 *       in one thread.
 * </ul>
 *
 * The <b>wrapper</b> is {@code annotateReplayed − modelJavaWork}: everything else the annotator does
 * (the backbone's input tensor, encoding, the head's input, calibration, joint decoding, the answers,
 * the hand-over between threads). The report divides it by the bare engine call of the same run
 * ({@code AnnotateBenchmark.bareEngine}) on each engine.
 *
 * <p>JMH state: one instance per trial of each nested state; {@link Replayed} owns its annotator and
 * closes it, {@link Batch} owns its helper threads and stops them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WrapperOverheadBenchmark {

    /** An annotator on the replay engine in front of one real engine. */
    @State(Scope.Benchmark)
    public static class Replayed {
        @Param({"onnxruntime", "pytorch", "tensorflow"})
        String engine;

        @Param({"1", "32"})
        int batch;

        Annotator annotator;
        List<Asset> assets;
        ReplayEngineProvider replay;
        long engineCallsBeforeMeasuring;

        /** Loads the annotator and sends the batch once, so the replay engine knows its answers. */
        @Setup(Level.Trial)
        public void setup() throws HeritageException {
            replay = ReplayEngineProvider.of(engine);
            annotator = Annotators.load(
                    ModelZoos.open(AnnotateBenchmark.MODEL), AnnotateBenchmark.options(replay.name(), batch));
            assets = AnnotatorInputs.assets(batch);
            annotator.annotate(assets);
            engineCallsBeforeMeasuring = replay.engineCalls();
        }

        /**
         * Closes the annotator; fails the trial if a measured call reached the real engine (its time
         * would then be in the wrapper's).
         */
        @TearDown(Level.Trial)
        public void tearDown() {
            if (annotator != null) {
                annotator.close();
            }
            if (replay != null && replay.engineCalls() != engineCallsBeforeMeasuring) {
                throw new IllegalStateException("The replay engine sent "
                        + (replay.engineCalls() - engineCallsBeforeMeasuring) + " measured calls to " + engine
                        + ": the inputs changed between set-up and measurement, so the wrapper's time includes"
                        + " engine time. Make the benchmark send the same batch it sent in set-up.");
            }
        }
    }

    /** The benchmark's batch as encoded JPEGs, and the helper threads that share its Java work. */
    @State(Scope.Benchmark)
    public static class Batch {
        @Param({"1", "32"})
        int batch;

        List<ImageSource> images;
        final HandcraftedDescriptors handcrafted = HandcraftedDescriptors.create();
        ExecutorService helpers;
        int helperCount;

        /** Makes the JPEGs and starts the helpers (as many as the annotator takes). */
        @Setup(Level.Trial)
        public void setup() {
            images = AnnotatorInputs.assets(batch).stream().map(Asset::image).toList();
            helperCount = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
            helpers = Executors.newFixedThreadPool(helperCount, r -> {
                Thread t = new Thread(r, "bench-model-java-work");
                t.setDaemon(true);
                return t;
            });
        }

        /** Stops the helpers. */
        @TearDown(Level.Trial)
        public void tearDown() {
            if (helpers != null) {
                helpers.shutdownNow();
            }
        }

        /**
         * Runs {@code item(0..n-1)}, handed out one at a time to this thread and up to {@code wanted}
         * helpers, and returns when all are done.
         */
        void share(int n, int wanted, IntConsumer item) {
            AtomicInteger next = new AtomicInteger();
            Runnable work = () -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    item.accept(i);
                }
            };
            int started = Math.min(wanted, helperCount);
            Future<?>[] running = new Future<?>[started];
            for (int k = 0; k < started; k++) {
                running[k] = helpers.submit(work);
            }
            work.run();
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
                }
            }
        }
    }

    /** One decoded and averaged-down image, for the steps measured alone. */
    @State(Scope.Benchmark)
    public static class Single {
        ImageSource jpeg;
        BufferedImage decoded;
        BufferedImage canonical;
        final HandcraftedDescriptors handcrafted = HandcraftedDescriptors.create();

        /** Decodes the image once. */
        @Setup(Level.Trial)
        public void setup() throws InvalidImageException {
            jpeg = AnnotatorInputs.assets(1).get(0).image();
            decoded = ImageEvidence.decode(jpeg);
            canonical = MobileNetV2.canonical(decoded);
        }
    }

    /**
     * @param r the annotator on the replay engine
     * @return the annotations of one batch: the whole annotator, no engine time
     */
    @Benchmark
    public List<AnnotationResult> annotateReplayed(Replayed r) throws HeritageException {
        return r.annotator.annotate(r.assets);
    }

    /**
     * The model's Java work on one batch, shared as the annotator shares it: decoding and averaging
     * down (the calling thread and up to {@code batch − 1} helpers), then the descriptors (up to
     * {@code batch} helpers and the calling thread).
     *
     * @param b the batch
     * @return the descriptors of every image
     */
    @Benchmark
    public float[][] modelJavaWork(Batch b) {
        int n = b.images.size();
        BufferedImage[] canonical = new BufferedImage[n];
        b.share(n, n - 1, i -> {
            try {
                canonical[i] = MobileNetV2.canonical(ImageEvidence.decode(b.images.get(i)));
            } catch (InvalidImageException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        float[][] out = new float[n][b.handcrafted.dimension()];
        b.share(n, n, i -> b.handcrafted.compute(canonical[i], out[i], 0));
        return out;
    }

    /**
     * @param s the image
     * @return the 224 px JPEG decoded as the annotator decodes it
     */
    @Benchmark
    public BufferedImage decode(Single s) throws InvalidImageException {
        return ImageEvidence.decode(s.jpeg);
    }

    /**
     * @param s the image
     * @return the decoded image averaged down to the backbone's 224 × 224
     */
    @Benchmark
    public BufferedImage averageDown(Single s) {
        return MobileNetV2.canonical(s.decoded);
    }

    /**
     * @param s the image
     * @return the hand-crafted descriptors of the averaged-down image
     */
    @Benchmark
    public float[] descriptors(Single s) {
        return s.handcrafted.compute(s.canonical);
    }
}
