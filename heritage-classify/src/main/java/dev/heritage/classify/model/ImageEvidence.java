package dev.heritage.classify.model;

import dev.heritage.api.DecodeLimits;
import dev.heritage.api.HeritageException;
import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.PackedRgb;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.Tensor;
import dev.heritage.classify.backbone.MobileNetV2;
import dev.heritage.classify.descriptors.HandcraftedDescriptors;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns decoded images into the image feature vectors an annotator's head reads: the pretrained
 * backbone's features (run on an engine), followed, when the model uses them, by the hand-crafted
 * descriptors computed in Java. The same code computes training features and inference features.
 *
 * <p>The Java work is shared between the calling thread and this instance's free helper threads
 * (one fewer than the processors, at least one): obtaining (for the annotator: decoding) and
 * preprocessing the images of a batch ({@link #prepare(int, ImageLoader)}), and the descriptors,
 * which helpers compute while the calling thread runs the backbone on the engine; when the engine
 * returns first, the calling thread computes the descriptors that are left. Images are handed out
 * one at a time; a helper is only taken when free ({@link Semaphore#tryAcquire()}), so when many
 * threads share an instance and the helpers are busy, each caller does its own work and never queues
 * behind another call; a caller waits at most for the images helpers have already started. Every
 * image is written to its own slot by exactly one thread, so the results are the same, bit for bit,
 * whichever thread computed what. Helper threads are daemons that end after a minute idle: nothing
 * to close.
 *
 * <p>Thread-safe (the backbone network is). Does not own the backbone: whoever loaded it closes it.
 */
public final class ImageEvidence {
    /**
     * The shorter side images are decoded at, at least, before analysis ({@link #decode}): decode-time
     * sub-sampling stays at twice the backbone's input, and {@link MobileNetV2#canonical} averages the
     * rest down.
     */
    public static final int ANALYSIS_SIDE = 448;

    /** How many helper threads one instance uses at most: the processors but one, at least one. */
    static final int HELPERS_PER_INSTANCE = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);

    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "heritage-image-evidence");
        t.setDaemon(true);
        return t;
    });

    private final LoadedNetwork backbone;
    private final int backboneDim;
    private final HandcraftedDescriptors descriptors;
    private final boolean trimBorders;
    private final Semaphore helpers = new Semaphore(HELPERS_PER_INSTANCE);

    /**
     * @param backbone the loaded backbone network (input {@code image}, output {@code features})
     * @param backboneDim the length of the backbone's feature vector
     * @param useDescriptors whether to append hand-crafted descriptors
     */
    public ImageEvidence(LoadedNetwork backbone, int backboneDim, boolean useDescriptors) {
        this(backbone, backboneDim, useDescriptors, false);
    }

    /**
     * @param backbone the loaded backbone network (input {@code image}, output {@code features})
     * @param backboneDim the length of the backbone's feature vector
     * @param useDescriptors whether to append hand-crafted descriptors
     * @param trimBorders whether to cut a flat border from round each image first ({@link BorderTrim})
     */
    public ImageEvidence(LoadedNetwork backbone, int backboneDim, boolean useDescriptors, boolean trimBorders) {
        this.backbone = backbone;
        this.backboneDim = backboneDim;
        this.descriptors = useDescriptors ? HandcraftedDescriptors.create() : null;
        this.trimBorders = trimBorders;
    }

    /**
     * Decodes an image for analysis: default limits, shorter side at least {@value #ANALYSIS_SIDE}
     * (cheap decode-time sub-sampling for large JPEGs). Every path that computes image evidence
     * (annotating, training, evaluating) decodes through here.
     *
     * @param source the encoded image
     * @return the decoded image
     * @throws InvalidImageException if it cannot be decoded within the limits
     */
    public static BufferedImage decode(ImageSource source) throws InvalidImageException {
        return ImageDecoder.decodeAtLeast(source, DecodeLimits.defaults(), ANALYSIS_SIDE);
    }

    /** @return the length of a feature vector */
    public int dimension() {
        return backboneDim + (descriptors == null ? 0 : descriptors.dimension());
    }

    /**
     * Obtains the images of a batch, for example by decoding them; called by {@link #prepare(int,
     * ImageLoader)} from several threads at once, once per index.
     */
    @FunctionalInterface
    public interface ImageLoader {
        /**
         * @param index the image's index in the batch
         * @return the image (RGB, any size)
         * @throws HeritageException if it cannot be obtained
         */
        BufferedImage load(int index) throws HeritageException;
    }

    /**
     * A batch of images with the backbone's input tensor made from them, ready for {@link
     * #features(Prepared)}. Immutable.
     */
    public static final class Prepared {
        private final List<BufferedImage> images;
        private final Tensor input;

        private Prepared(List<BufferedImage> images, Tensor input) {
            this.images = images;
            this.input = input;
        }

        /** @return the images as analysed ({@link MobileNetV2#canonical}), in batch order (unmodifiable) */
        public List<BufferedImage> images() {
            return images;
        }

        /** @return the backbone's input, FLOAT32 {@code [n, 3, 224, 224]} (do not modify) */
        public Tensor input() {
            return input;
        }

        /** @return the number of images */
        public int size() {
            return images.size();
        }
    }

    /**
     * Obtains and preprocesses the images of a batch, shared between the calling thread and free
     * helpers. If some images fail, the failure of the first of them (in batch order) is thrown, as a
     * loop over the batch would throw it.
     *
     * @param count the number of images
     * @param loader obtains image {@code i}; called once per index, possibly from several threads
     * @return the images as analysed ({@link MobileNetV2#canonical}) and the backbone's input
     * @throws HeritageException the loader's failure for the first image that failed
     */
    public Prepared prepare(int count, ImageLoader loader) throws HeritageException {
        return prepare(count, loader, count - 1);
    }

    /**
     * Starts {@link #prepare(int, ImageLoader)} on a background thread and returns at once, so that a
     * caller working through several batches runs the engine on one batch while the next is decoded
     * and preprocessed. The background work takes no helper, so the batch the engine is running keeps
     * its helpers for the descriptors.
     *
     * @param count the number of images
     * @param loader obtains image {@code i}
     * @return the prepared batch once ready; its {@code get} throws an {@link ExecutionException}
     *     whose cause is the first failure, as {@code prepare} would throw it (see {@link #await})
     */
    public Future<Prepared> prepareAhead(int count, ImageLoader loader) {
        Objects.requireNonNull(loader, "loader");
        FutureTask<Prepared> task = new FutureTask<>(() -> prepare(count, loader, 0));
        try {
            HELPERS.execute(task);
        } catch (RejectedExecutionException | OutOfMemoryError e) {
            task.run(); // no thread to be had: prepare it now, in this one
        }
        return task;
    }

    /**
     * Waits for a batch started by {@link #prepareAhead}.
     *
     * @param ahead the batch
     * @return the prepared batch
     * @throws HeritageException the loader's failure for the first image that failed, or if the wait
     *     was interrupted (the interrupt flag is kept)
     */
    public static Prepared await(Future<Prepared> ahead) throws HeritageException {
        try {
            return ahead.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HeritageException("Interrupted while images were being prepared; nothing was annotated.", e);
        } catch (ExecutionException e) {
            throw TaskFailure.rethrow(e.getCause(), "Computing image evidence failed");
        }
    }

    private Prepared prepare(int count, ImageLoader loader, int maxHelpers) throws HeritageException {
        Objects.requireNonNull(loader, "loader");
        BufferedImage[] images = new BufferedImage[count];
        float[] input = new float[count * MobileNetV2.INPUT_VALUES];
        Shared loop = new Shared(count, i -> {
            BufferedImage decoded = loader.load(i);
            BufferedImage analysed = MobileNetV2.canonical(decoded);
            if (trimBorders) {
                BufferedImage cut = BorderTrim.trim(decoded, analysed);
                analysed = cut == decoded ? analysed : MobileNetV2.canonical(cut);
            }
            images[i] = analysed;
            MobileNetV2.preprocess(images[i], input, i);
        });
        loop.startHelpers(maxHelpers);
        loop.finish(false);
        loop.rethrow();
        return new Prepared(Collections.unmodifiableList(Arrays.asList(images)), MobileNetV2.tensor(count, input));
    }

    /**
     * Preprocesses decoded images, shared between the calling thread and free helpers.
     *
     * @param images decoded RGB images (any size)
     * @return the images and the backbone's input
     */
    public Prepared prepare(List<BufferedImage> images) {
        List<BufferedImage> copy = List.copyOf(images);
        try {
            return prepare(copy.size(), copy::get);
        } catch (HeritageException e) {
            throw new IllegalStateException("unreachable: no image to load", e);
        }
    }

    /**
     * @param images decoded RGB images (any size)
     * @return one feature vector per image
     * @throws HeritageException if the engine fails
     */
    public float[][] features(List<BufferedImage> images) throws HeritageException {
        return features(prepare(images));
    }

    /**
     * Runs the backbone on a prepared batch and computes the descriptors meanwhile on free helpers
     * (and, once the engine returns, in the calling thread).
     *
     * @param prepared images and their backbone input, from {@link #prepare}
     * @return one feature vector per image
     * @throws HeritageException if the engine fails
     */
    public float[][] features(Prepared prepared) throws HeritageException {
        List<BufferedImage> images = prepared.images();
        float[][] out = new float[images.size()][dimension()];
        if (images.isEmpty()) {
            return out;
        }
        Shared overlapped = null;
        if (descriptors != null) {
            overlapped = new Shared(images.size(), i -> descriptors.compute(images.get(i), out[i], backboneDim));
            overlapped.startHelpers(images.size());
        }
        Map<String, Tensor> result;
        boolean failed = true;
        try {
            result = backbone.forward(Map.of(MobileNetV2.INPUT, prepared.input));
            failed = false;
        } finally {
            if (overlapped != null) {
                overlapped.finish(failed); // the helpers write into our arrays: wait for them either way
            }
        }
        if (overlapped != null) {
            overlapped.rethrowUnchecked();
        }
        float[] f = result.get(MobileNetV2.FEATURES).floats();
        if (f.length != images.size() * backboneDim) {
            throw new IllegalStateException("The backbone returned " + f.length / images.size()
                    + " features per image; the model expects " + backboneDim);
        }
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(f, i * backboneDim, out[i], 0, backboneDim);
        }
        return out;
    }

    /**
     * {@link #features(Prepared)}, or with {@code mirrorAverage} the test-time flip: each image's
     * features averaged with its mirror image's (the images as analysed, mirrored left to right,
     * through the backbone and the descriptors again), as the training features of a mirror image
     * are made — twice the image work. The one place annotating and evaluating choose between them.
     *
     * @param prepared images and their backbone input, from {@link #prepare}
     * @param mirrorAverage whether to average with the mirror images' features
     * @return one feature vector per image
     * @throws HeritageException if the engine fails
     */
    public float[][] features(Prepared prepared, boolean mirrorAverage) throws HeritageException {
        float[][] plain = features(prepared);
        if (!mirrorAverage) {
            return plain;
        }
        float[][] mirrored = features(
                prepare(prepared.images().stream().map(ImageEvidence::mirror).toList()));
        for (int i = 0; i < plain.length; i++) {
            plain[i] = mean(plain[i], mirrored[i]);
        }
        return plain;
    }

    /**
     * @param a a feature vector
     * @param b another of the same length
     * @return their element-wise mean, {@code (a + b) / 2} in float
     */
    public static float[] mean(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("feature vectors of " + a.length + " and " + b.length + " values");
        }
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (a[i] + b[i]) / 2;
        }
        return out;
    }

    /** One image's share of a batch's work. */
    @FunctionalInterface
    private interface Item {
        void run(int index) throws Exception;
    }

    /**
     * Items {@code 0..n-1} handed out one at a time to the calling thread and to the helpers it could
     * take. The caller waits only for items already handed out; a helper that starts late finds
     * nothing left and returns at once.
     */
    private final class Shared implements Runnable {
        private final int n;
        private final Item item;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger completed = new AtomicInteger();
        private final Throwable[] failures;
        private volatile boolean cancelled;

        Shared(int n, Item item) {
            this.n = n;
            this.item = item;
            this.failures = new Throwable[n];
        }

        /** Starts up to {@code wanted} helpers, as many as are free. */
        void startHelpers(int wanted) {
            for (int k = 0; k < wanted && helpers.tryAcquire(); k++) {
                try {
                    HELPERS.execute(this);
                } catch (RejectedExecutionException | OutOfMemoryError e) {
                    helpers.release();
                    return;
                }
            }
        }

        /** A helper's turn. */
        @Override
        public void run() {
            try {
                work();
            } finally {
                helpers.release();
            }
        }

        private void work() {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                try {
                    if (!cancelled) {
                        item.run(i);
                    }
                } catch (Throwable t) {
                    failures[i] = t;
                } finally {
                    if (completed.incrementAndGet() == n) {
                        synchronized (this) {
                            notifyAll();
                        }
                    }
                }
            }
        }

        /**
         * The calling thread takes what is left (skipping it when {@code cancel}) and waits until
         * every item handed out is done.
         */
        void finish(boolean cancel) {
            if (cancel) {
                cancelled = true;
            }
            work();
            boolean interrupted = false;
            synchronized (this) {
                while (completed.get() < n) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true; // helpers write into the caller's arrays: wait for them
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** Throws the first item's failure, in index order. */
        void rethrow() throws HeritageException {
            for (Throwable t : failures) {
                if (t instanceof HeritageException h) {
                    throw h;
                }
                if (t != null) {
                    rethrowUnchecked(t);
                }
            }
        }

        void rethrowUnchecked() {
            for (Throwable t : failures) {
                if (t != null) {
                    rethrowUnchecked(t);
                }
            }
        }

        static void rethrowUnchecked(Throwable t) {
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException("Computing image evidence failed", t);
        }
    }

    /**
     * @param image an image
     * @return the image mirrored left to right
     */
    public static BufferedImage mirror(BufferedImage image) {
        PackedRgb source = PackedRgb.of(image);
        int w = source.width();
        BufferedImage m = new BufferedImage(w, source.height(), BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) m.getRaster().getDataBuffer()).getData();
        int[] in = source.data();
        for (int y = 0; y < source.height(); y++) {
            int from = source.row(y) + w - 1;
            int to = y * w;
            for (int x = 0; x < w; x++) {
                out[to + x] = in[from - x] & 0xffffff;
            }
        }
        return m;
    }
}
