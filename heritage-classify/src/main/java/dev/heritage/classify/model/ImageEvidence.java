package dev.heritage.classify.model;

import dev.heritage.api.HeritageException;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.Tensor;
import dev.heritage.classify.backbone.MobileNetV2;
import dev.heritage.classify.descriptors.HandcraftedDescriptors;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Turns decoded images into the image feature vectors an annotator's head reads: the pretrained
 * backbone's features (run on an engine), followed, when the model uses them, by the hand-crafted
 * descriptors computed in Java. The same code computes training features and inference features.
 *
 * <p>The descriptors are computed on a helper thread while the engine runs the backbone,
 * when this instance's one helper is free; otherwise (another call is using it, as when many threads
 * share an annotator and every core is busy anyway) in the calling thread. The results are the same
 * either way. Helper threads are daemons that end after a minute idle: nothing to close.
 *
 * <p>Thread-safe (the backbone network is). Does not own the backbone: whoever loaded it closes it.
 */
public final class ImageEvidence {
    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "heritage-image-descriptors");
        t.setDaemon(true);
        return t;
    });

    private final LoadedNetwork backbone;
    private final int backboneDim;
    private final HandcraftedDescriptors descriptors;
    private final Semaphore helper = new Semaphore(1);

    /**
     * @param backbone the loaded backbone network (input {@code image}, output {@code features})
     * @param backboneDim the length of the backbone's feature vector
     * @param useDescriptors whether to append hand-crafted descriptors
     */
    public ImageEvidence(LoadedNetwork backbone, int backboneDim, boolean useDescriptors) {
        this.backbone = backbone;
        this.backboneDim = backboneDim;
        this.descriptors = useDescriptors ? HandcraftedDescriptors.create() : null;
    }

    /** @return the length of a feature vector */
    public int dimension() {
        return backboneDim + (descriptors == null ? 0 : descriptors.dimension());
    }

    /**
     * @param images decoded RGB images (any size)
     * @return one feature vector per image
     * @throws HeritageException if the engine fails
     */
    public float[][] features(List<BufferedImage> images) throws HeritageException {
        float[][] out = new float[images.size()][dimension()];
        if (images.isEmpty()) {
            return out;
        }
        Tensor input = MobileNetV2.preprocess(images);
        Future<?> overlapped = null;
        if (descriptors != null && helper.tryAcquire()) {
            try {
                overlapped = HELPERS.submit(() -> {
                    try {
                        computeDescriptors(images, out);
                    } finally {
                        helper.release();
                    }
                });
            } catch (RuntimeException rejected) {
                helper.release();
            }
        }
        Map<String, Tensor> result;
        try {
            result = backbone.forward(Map.of(MobileNetV2.INPUT, input));
        } finally {
            if (overlapped != null) {
                join(overlapped);
            }
        }
        float[] f = result.get(MobileNetV2.FEATURES).floats();
        if (f.length != images.size() * backboneDim) {
            throw new IllegalStateException("The backbone returned " + f.length / images.size()
                    + " features per image; the model expects " + backboneDim);
        }
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(f, i * backboneDim, out[i], 0, backboneDim);
        }
        if (descriptors != null && overlapped == null) {
            computeDescriptors(images, out);
        }
        return out;
    }

    /** Writes each image's descriptors after its backbone features (a range nothing else writes). */
    private void computeDescriptors(List<BufferedImage> images, float[][] out) {
        for (int i = 0; i < images.size(); i++) {
            descriptors.compute(images.get(i), out[i], backboneDim);
        }
    }

    private static void join(Future<?> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    task.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the helper writes into our arrays: wait for it to finish
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException("Computing image descriptors failed", cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * @param image an image
     * @return the image mirrored left to right
     */
    public static BufferedImage mirror(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage m = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        int[] flipped = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                flipped[x] = row[w - 1 - x];
            }
            m.setRGB(0, y, w, 1, flipped, 0, w);
        }
        return m;
    }
}
