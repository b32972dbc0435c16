package dev.heritage.inpaint.train;

import dev.heritage.api.HeritageException;
import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.Mask;
import dev.heritage.inpaint.Clustering;
import dev.heritage.inpaint.KMeans;
import dev.heritage.inpaint.MaskGenerator;
import dev.heritage.inpaint.RefinedReconstructor;
import dev.heritage.inpaint.RefinerStage;
import dev.heritage.inpaint.RefinerTile;
import dev.heritage.inpaint.TeleaReconstructor;
import dev.heritage.inpaint.TileInpainter;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Fits the stages of a {@link RefinedReconstructor} on undamaged images, in closed form. Each image
 * gives {@code cropsPerImage} crops, or one per four crop areas if that is more (a 3,800-pixel scan gives
 * about 60 crops of 224 pixels), each crop a seeded {@link MaskGenerator#mixed()} mask and Telea's
 * fill of it; then, stage by stage: the crops are run through the stages fitted so far, pixel
 * descriptors sampled from them are clustered by k-means, and each cluster's linear map from
 * {@linkplain RefinerTile#features features} to the remaining error (original minus current estimate,
 * per channel) is solved by ridge regression. The normal equations are summed over fixed blocks of
 * crops in order, so the result does not depend on how many threads ran.
 *
 * <p><b>Thread-safety:</b> immutable; {@link #train} may be called from several threads, each call
 * using the common fork-join pool.
 */
public final class RefinerTrainer {
    private static final int BLOCK = 32;
    private static final int DESCRIPTORS_PER_CROP = 48;
    private static final int KMEANS_RESTARTS = 2;
    private static final int KMEANS_ITERATIONS = 40;

    private final RefinerTrainingConfig config;

    /** @param config the settings */
    public RefinerTrainer(RefinerTrainingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** @return the settings */
    public RefinerTrainingConfig config() {
        return config;
    }

    /** One damaged training crop: the truth, Telea's fill and the mask. */
    record Crop(int width, int height, int[] original, int[] telea, byte[] mask) {}

    /**
     * Decodes the images and makes the training crops (crops, masks and Telea's fill).
     *
     * @param images undamaged images
     * @param log receives one line per 500 images
     * @return the crops, in image order
     * @throws InvalidImageException if an image cannot be decoded (naming it)
     */
    List<Crop> crops(List<Path> images, Consumer<String> log) throws InvalidImageException {
        List<Crop> crops = new ArrayList<>();
        TileInpainter telea = new TeleaReconstructor().tileInpainter();
        MaskGenerator masks = MaskGenerator.mixed();
        for (int index = 0; index < images.size(); index++) {
            Path path = images.get(index);
            BufferedImage image = ImageDecoder.decode(ImageSource.of(path));
            SplittableRandom random = new SplittableRandom(config.seed() * 1_000_003L + index);
            // Large scans give more crops than small images: one per four crop areas, at least the setting.
            long area = (long) image.getWidth() * image.getHeight();
            int count = (int) Math.max(config.cropsPerImage(), area / (4L * config.crop() * config.crop()));
            for (int c = 0; c < count; c++) {
                int w = Math.min(config.crop(), image.getWidth());
                int h = Math.min(config.crop(), image.getHeight());
                int x0 = random.nextInt(image.getWidth() - w + 1);
                int y0 = random.nextInt(image.getHeight() - h + 1);
                int[] original = image.getRGB(x0, y0, w, h, null, 0, w);
                for (int i = 0; i < original.length; i++) {
                    original[i] &= 0xffffff;
                }
                Mask mask = masks.generate(random.nextLong(), w, h, config.minCoverage(), config.maxCoverage());
                byte[] flags = new byte[w * h];
                int[] filled = original.clone();
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        if (mask.isDamaged(x, y)) {
                            flags[y * w + x] = 1;
                            filled[y * w + x] = 0;
                        }
                    }
                }
                try {
                    telea.inpaint(filled, flags, w, h);
                } catch (HeritageException e) {
                    throw new IllegalStateException("Telea's fill does not fail", e);
                }
                crops.add(new Crop(w, h, original, filled, flags));
            }
            if ((index + 1) % 500 == 0) {
                log.accept("prepared " + (index + 1) + "/" + images.size() + " images");
            }
        }
        return crops;
    }

    /**
     * Fits the stages.
     *
     * @param images undamaged training images (JPEG, PNG or any format the decoder reads)
     * @param log receives progress lines
     * @return the stages, in the order they are applied
     * @throws InvalidImageException if an image cannot be decoded (naming it)
     * @throws IllegalArgumentException if there are no images
     */
    public List<RefinerStage> train(List<Path> images, Consumer<String> log) throws InvalidImageException {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("No training images: give a folder with JPEG or PNG images.");
        }
        return fit(crops(images, log), log);
    }

    List<RefinerStage> fit(List<Crop> crops, Consumer<String> log) {
        List<RefinerStage> stages = new ArrayList<>();
        for (int index = 0; index < config.stages(); index++) {
            int s = index;
            List<RefinerStage> before = List.copyOf(stages);
            Clustering clustering = cluster(crops, before, s);
            boolean sequential = s < config.sequentialStages();
            Normal normal = sum(crops, b -> accumulate(crops, b, before, clustering, s, null));
            RefinerStage stage = new RefinerStage(clustering, normal.solve(config.ridge()), sequential);
            log.accept(String.format(
                    Locale.ROOT,
                    "stage %d/%d%s: %d pixels, mean squared error before %.6f",
                    s + 1,
                    config.stages(),
                    sequential ? " (sequential)" : "",
                    normal.samples(),
                    normal.meanSquaredError()));
            for (int r = 0; sequential && r < config.refits(); r++) {
                // Refit on the features the stage's own border-inwards fill produces, as it will see them.
                RefinerStage own = stage;
                normal = sum(crops, b -> accumulate(crops, b, before, clustering, s, own));
                stage = new RefinerStage(clustering, normal.solve(config.ridge()), true);
                log.accept(String.format(
                        Locale.ROOT, "stage %d refit %d/%d on its own fill", s + 1, r + 1, config.refits()));
            }
            stages.add(stage);
        }
        return stages;
    }

    private RefinerTile tile(Crop crop, List<RefinerStage> stages) {
        RefinerTile tile = RefinerTile.ofPacked(crop.telea(), crop.mask(), crop.width(), crop.height());
        for (RefinerStage stage : stages) {
            stage.apply(tile);
        }
        return tile;
    }

    private Clustering cluster(List<Crop> crops, List<RefinerStage> before, int stage) {
        List<double[]> descriptors = new ArrayList<>();
        int step = Math.max(1, crops.size() / 1000);
        for (int c = 0; c < crops.size(); c += step) {
            Crop crop = crops.get(c);
            RefinerTile tile = tile(crop, before);
            int[] damaged = tile.damaged();
            SplittableRandom random = new SplittableRandom(config.seed() * 31 + stage * 1_000_003L + c);
            for (int j = 0; j < Math.min(DESCRIPTORS_PER_CROP, damaged.length); j++) {
                int i = damaged[random.nextInt(damaged.length)];
                double[] d = new double[RefinerTile.DESCRIPTOR];
                tile.descriptor(i % crop.width(), i / crop.width(), d);
                descriptors.add(d);
            }
        }
        int k = Math.min(config.clusters(), Math.max(1, descriptors.size()));
        return new KMeans(k, config.seed() + stage, KMEANS_RESTARTS, KMEANS_ITERATIONS).fit(descriptors);
    }

    /**
     * Sums the normal equations of fixed blocks of crops, in block order, whatever the threads. Blocks
     * run in waves of a few per processor, so that only a wave's partial sums (each {@code k × F²}
     * doubles) are held at once.
     */
    private Normal sum(List<Crop> crops, IntFunction<Normal> block) {
        int blocks = (crops.size() + BLOCK - 1) / BLOCK;
        int wave = 2 * Runtime.getRuntime().availableProcessors();
        Normal total = null;
        for (int start = 0; start < blocks; start += wave) {
            Normal[] partial = IntStream.range(start, Math.min(blocks, start + wave))
                    .parallel()
                    .mapToObj(block)
                    .toArray(Normal[]::new);
            for (Normal p : partial) {
                if (total == null) {
                    total = p;
                } else {
                    total.add(p);
                }
            }
        }
        return total;
    }

    /**
     * The normal equations of one block of crops: sampled damaged pixels' features and remaining errors,
     * read from the estimate after the earlier stages, or, with {@code own}, inside that sequential
     * stage's own fill just before each pixel is refined.
     */
    private Normal accumulate(
            List<Crop> crops,
            int block,
            List<RefinerStage> before,
            Clustering clustering,
            int stage,
            RefinerStage own) {
        Normal normal = new Normal(clustering.k());
        float[] features = new float[RefinerTile.FEATURES];
        double[] descriptor = new double[RefinerTile.DESCRIPTOR];
        double[] target = new double[3];
        for (int c = block * BLOCK; c < Math.min(crops.size(), (block + 1) * BLOCK); c++) {
            Crop crop = crops.get(c);
            RefinerTile tile = tile(crop, before);
            int[] damaged = tile.damaged();
            SplittableRandom random = new SplittableRandom(config.seed() * 17 + stage * 1_000_003L + c);
            boolean[] chosen = new boolean[crop.mask().length];
            int samples = Math.min(config.pixelsPerCrop(), damaged.length);
            for (int j = 0; j < samples; j++) {
                chosen[samples == damaged.length ? damaged[j] : damaged[random.nextInt(damaged.length)]] = true;
            }
            IntConsumer sample = i -> {
                if (!chosen[i]) {
                    return;
                }
                float[][] current = tile.current();
                int x = i % crop.width();
                int y = i / crop.width();
                tile.descriptor(x, y, descriptor);
                tile.features(x, y, features);
                int p = crop.original()[i];
                target[0] = ((p >> 16) & 0xff) / 255.0 - current[0][i];
                target[1] = ((p >> 8) & 0xff) / 255.0 - current[1][i];
                target[2] = (p & 0xff) / 255.0 - current[2][i];
                normal.add(clustering.nearestInPlace(descriptor), features, target);
            };
            if (own != null) {
                own.apply(tile, sample);
            } else {
                for (int i : damaged) {
                    sample.accept(i);
                }
            }
        }
        return normal;
    }

    /** Per-cluster normal equations of the ridge regression (upper triangles, summed in double). */
    static final class Normal {
        private static final int F = RefinerTile.FEATURES;
        private final double[][] xtx;
        private final double[][][] xty;
        private final long[] count;
        private double squaredError;

        Normal(int k) {
            xtx = new double[k][F * F];
            xty = new double[k][3][F];
            count = new long[k];
        }

        void add(int cluster, float[] x, double[] y) {
            double[] a = xtx[cluster];
            for (int i = 0; i < F; i++) {
                double xi = x[i];
                if (xi == 0) {
                    continue;
                }
                int row = i * F;
                for (int j = i; j < F; j++) {
                    a[row + j] += xi * x[j];
                }
                for (int o = 0; o < 3; o++) {
                    xty[cluster][o][i] += xi * y[o];
                }
            }
            count[cluster]++;
            squaredError += (y[0] * y[0] + y[1] * y[1] + y[2] * y[2]) / 3;
        }

        void add(Normal other) {
            for (int c = 0; c < count.length; c++) {
                double[] a = xtx[c];
                double[] b = other.xtx[c];
                for (int i = 0; i < a.length; i++) {
                    a[i] += b[i];
                }
                for (int o = 0; o < 3; o++) {
                    for (int i = 0; i < F; i++) {
                        xty[c][o][i] += other.xty[c][o][i];
                    }
                }
                count[c] += other.count[c];
            }
            squaredError += other.squaredError;
        }

        long samples() {
            long n = 0;
            for (long c : count) {
                n += c;
            }
            return n;
        }

        double meanSquaredError() {
            long n = samples();
            return n == 0 ? 0 : squaredError / n;
        }

        /** Solves each cluster's ridge regression; a cluster with no samples gets a zero correction. */
        float[][][] solve(double ridge) {
            float[][][] weights = new float[count.length][3][F];
            for (int c = 0; c < count.length; c++) {
                if (count[c] == 0) {
                    continue;
                }
                double[][] m = new double[F][F];
                double trace = 0;
                for (int i = 0; i < F; i++) {
                    for (int j = i; j < F; j++) {
                        m[i][j] = xtx[c][i * F + j];
                        m[j][i] = m[i][j];
                    }
                    trace += m[i][i];
                }
                double penalty = ridge * Math.max(trace / F, 1e-12);
                for (int i = 0; i < F; i++) {
                    m[i][i] += penalty;
                }
                double[][] l = cholesky(m);
                for (int o = 0; o < 3; o++) {
                    double[] w = solveCholesky(l, xty[c][o]);
                    for (int i = 0; i < F; i++) {
                        weights[c][o][i] = (float) w[i];
                    }
                }
            }
            return weights;
        }

        private static double[][] cholesky(double[][] a) {
            int n = a.length;
            double[][] l = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = a[i][j];
                    for (int p = 0; p < j; p++) {
                        s -= l[i][p] * l[j][p];
                    }
                    if (i == j) {
                        // The ridge keeps the matrix positive definite; the floor guards rounding.
                        l[i][i] = Math.sqrt(Math.max(s, 1e-12));
                    } else {
                        l[i][j] = s / l[j][j];
                    }
                }
            }
            return l;
        }

        private static double[] solveCholesky(double[][] l, double[] b) {
            int n = b.length;
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                double s = b[i];
                for (int p = 0; p < i; p++) {
                    s -= l[i][p] * z[p];
                }
                z[i] = s / l[i][i];
            }
            double[] x = new double[n];
            for (int i = n - 1; i >= 0; i--) {
                double s = z[i];
                for (int p = i + 1; p < n; p++) {
                    s -= l[p][i] * x[p];
                }
                x[i] = s / l[i][i];
            }
            return x;
        }
    }
}
