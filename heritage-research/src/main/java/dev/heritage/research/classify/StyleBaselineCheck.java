package dev.heritage.research.classify;

import dev.heritage.api.Asset;
import dev.heritage.classify.collection.CollectionSchema;
import dev.heritage.classify.collection.LoadedCollection;
import dev.heritage.classify.collection.Split;
import dev.heritage.classify.collection.SplitResult;
import dev.heritage.classify.descriptors.DescriptorBlock;
import dev.heritage.classify.descriptors.HandcraftedDescriptors;
import dev.heritage.classify.train.DescriptorCache;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A measured usefulness check of {@link HandcraftedDescriptors}, not a test: computes (or reuses)
 * the descriptors of a collection, splits it 85/15 stratified by style (seeded), and trains a
 * multinomial logistic regression on standardised features, reporting style top-1 on the 15 %.
 *
 * <pre>
 * java -cp ... dev.heritage.research.classify.StyleBaselineCheck \
 *     /work/shared/data/wikiart-10styles/metadata.csv target/descriptor-cache [threads]
 * </pre>
 */
public final class StyleBaselineCheck {

    private StyleBaselineCheck() {}

    /**
     * @param args the CSV, the cache directory, optionally the number of threads
     * @throws Exception if anything fails
     */
    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args[0]);
        Path cacheDir = Path.of(args[1]);
        int threads = args.length > 2
                ? Integer.parseInt(args[2])
                : Runtime.getRuntime().availableProcessors();
        CollectionSchema schema = CollectionSchema.builder()
                .categorical("style")
                .categorical("artist_id")
                .text("title")
                .year("year")
                .build();
        LoadedCollection collection = LoadedCollection.load(csv, null, schema);
        System.out.printf(
                "collection: %d assets, %d errors, warnings %s%n",
                collection.assets().size(), collection.errors().size(), collection.warnings());

        Path cacheFile = cacheDir.resolve(csv.getParent().getFileName() + "-" + HandcraftedDescriptors.ID + ".bin");
        DescriptorCache cache;
        if (Files.exists(cacheFile)) {
            cache = DescriptorCache.read(cacheFile).requireDescriptor(HandcraftedDescriptors.ID);
            System.out.printf("read cache %s: %d x %d%n", cacheFile, cache.size(), cache.dimension());
        } else {
            long start = System.nanoTime();
            DescriptorCache.Computed computed = DescriptorCache.compute(
                    collection.assets(), threads, csv.toAbsolutePath().toString());
            double seconds = (System.nanoTime() - start) / 1e9;
            cache = computed.cache();
            System.out.printf(
                    "computed %d descriptors (%d failures) in %.1f s on %d threads: %.0f images/s"
                            + " (decode + descriptors)%n",
                    cache.size(), computed.failures().size(), seconds, threads, cache.size() / seconds);
            computed.failures().stream().limit(5).forEach(f -> System.out.println("  failure " + f));
            cache.write(cacheFile);
            System.out.printf("wrote %s (%d bytes)%n", cacheFile, Files.size(cacheFile));
        }

        timing(collection.assets().subList(0, Math.min(1000, collection.assets().size())), threads);

        List<Asset> assets = new ArrayList<>();
        for (Asset a : collection.assets()) {
            if (cache.indexOf(a.id()) >= 0 && a.field("style").isPresent()) {
                assets.add(a);
            }
        }
        for (Split.Mode mode : Split.Mode.values()) {
            SplitResult<Asset> split = Split.builder()
                    .seed(42)
                    .validationFraction(0.15)
                    .stratifyBy("style")
                    .mode(mode)
                    .build()
                    .apply(assets);
            System.out.printf(
                    "%nsplit %s: train %d, validation %d, groups %d%n",
                    mode, split.train().size(), split.validation().size(), split.groups());
            for (boolean hellinger : new boolean[] {false, true}) {
                evaluate(cache, split, hellinger);
            }
            if (mode == Split.Mode.STRATIFIED && args.length > 3 && args[3].equals("--ablation")) {
                ablation(cache, split);
            }
        }
    }

    /** Style top-1 (sqrt-hist, lambda 1e-2) with each block alone and with each block left out. */
    private static void ablation(DescriptorCache cache, SplitResult<Asset> split) {
        Map<String, Integer> classes = new TreeMap<>();
        split.train().forEach(a -> classes.putIfAbsent(a.fields().get("style"), 0));
        int c = 0;
        for (Map.Entry<String, Integer> e : classes.entrySet()) {
            e.setValue(c++);
        }
        int[] yTrain = labels(split.train(), classes);
        int[] yVal = labels(split.validation(), classes);
        for (DescriptorBlock b : HandcraftedDescriptors.create().blocks()) {
            double[] acc = new double[2];
            for (int leaveOut = 0; leaveOut < 2; leaveOut++) {
                double[][] xTrain = features(cache, split.train(), true);
                double[][] xVal = features(cache, split.validation(), true);
                boolean keepBlock = leaveOut == 0;
                xTrain = columns(xTrain, b, keepBlock);
                xVal = columns(xVal, b, keepBlock);
                standardise(xTrain, xVal);
                acc[leaveOut] = accuracy(train(xTrain, yTrain, classes.size(), 1e-2), xVal, yVal);
            }
            System.out.printf(
                    "  ablation %-11s (%3d dims): alone %.3f, all but it %.3f%n", b.name(), b.length(), acc[0], acc[1]);
        }
    }

    private static double[][] columns(double[][] x, DescriptorBlock b, boolean onlyBlock) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double[] row = x[i];
            if (onlyBlock) {
                out[i] = Arrays.copyOfRange(row, b.offset(), b.end());
            } else {
                double[] r = new double[row.length - b.length()];
                System.arraycopy(row, 0, r, 0, b.offset());
                System.arraycopy(row, b.end(), r, b.offset(), row.length - b.end());
                out[i] = r;
            }
        }
        return out;
    }

    /** Decoding and descriptors timed apart, on the given number of threads. */
    private static void timing(List<Asset> sample, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            HandcraftedDescriptors d = HandcraftedDescriptors.create();
            List<BufferedImage> images = new ArrayList<>();
            for (int round = 0; round < 2; round++) { // the first round warms up
                long start = System.nanoTime();
                List<Future<BufferedImage>> decoded = new ArrayList<>();
                for (Asset a : sample) {
                    decoded.add(pool.submit(() -> HandcraftedDescriptors.decode(a.image())));
                }
                images.clear();
                for (var f : decoded) {
                    images.add(f.get());
                }
                double decodeS = (System.nanoTime() - start) / 1e9;
                start = System.nanoTime();
                List<Future<float[]>> vectors = new ArrayList<>();
                for (var img : images) {
                    vectors.add(pool.submit(() -> d.compute(img)));
                }
                for (var f : vectors) {
                    f.get();
                }
                double descS = (System.nanoTime() - start) / 1e9;
                System.out.printf(
                        "timing round %d on %d threads, %d images: decode %.0f images/s, descriptors %.0f"
                                + " images/s (%.2f ms per image per thread)%n",
                        round,
                        threads,
                        sample.size(),
                        sample.size() / decodeS,
                        sample.size() / descS,
                        descS * 1000 * threads / sample.size());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void evaluate(DescriptorCache cache, SplitResult<Asset> split, boolean hellinger) {
        Map<String, Integer> classes = new TreeMap<>();
        for (Asset a : split.train()) {
            classes.putIfAbsent(a.fields().get("style"), 0);
        }
        int c = 0;
        for (Map.Entry<String, Integer> e : classes.entrySet()) {
            e.setValue(c++);
        }
        double[][] xTrain = features(cache, split.train(), hellinger);
        double[][] xVal = features(cache, split.validation(), hellinger);
        int[] yTrain = labels(split.train(), classes);
        int[] yVal = labels(split.validation(), classes);
        standardise(xTrain, xVal);

        // Choose the L2 strength on a seeded 15 % of the training part, then refit on all of it.
        SplitResult<Integer> inner = Split.builder()
                .seed(43)
                .validationFraction(0.15)
                .mode(Split.Mode.STRATIFIED)
                .build()
                .apply(range(xTrain.length), i -> Integer.toString(i), i -> Integer.toString(yTrain[i]), i -> null);
        double bestLambda = 0;
        double bestAcc = -1;
        for (double lambda : new double[] {1e-3, 1e-2, 3e-2, 1e-1}) {
            double[][] w = train(subset(xTrain, inner.train()), subset(yTrain, inner.train()), classes.size(), lambda);
            double acc = accuracy(w, subset(xTrain, inner.validation()), subset(yTrain, inner.validation()));
            System.out.printf(
                    "  %s lambda %.0e: inner validation top-1 %.3f%n", hellinger ? "sqrt-hist" : "raw", lambda, acc);
            if (acc > bestAcc) {
                bestAcc = acc;
                bestLambda = lambda;
            }
        }
        long start = System.nanoTime();
        double[][] w = train(xTrain, yTrain, classes.size(), bestLambda);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "  => %s features, lambda %.0e: style top-1 on the 15 %% validation split = %.3f"
                        + " (n=%d, trained in %.1f s)%n",
                hellinger ? "sqrt-hist" : "raw", bestLambda, accuracy(w, xVal, yVal), xVal.length, seconds);
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private static double[][] subset(double[][] x, List<Integer> idx) {
        double[][] out = new double[idx.size()][];
        for (int i = 0; i < idx.size(); i++) {
            out[i] = x[idx.get(i)];
        }
        return out;
    }

    private static int[] subset(int[] y, List<Integer> idx) {
        int[] out = new int[idx.size()];
        for (int i = 0; i < idx.size(); i++) {
            out[i] = y[idx.get(i)];
        }
        return out;
    }

    /** Histogram blocks get a square root (Hellinger mapping) when asked. */
    private static double[][] features(DescriptorCache cache, List<Asset> assets, boolean hellinger) {
        HandcraftedDescriptors d = HandcraftedDescriptors.create();
        boolean[] histogram = new boolean[cache.dimension()];
        for (String name : List.of("hsv_hist", "hue_chroma", "lbp_r1", "lbp_r2")) {
            DescriptorBlock b = d.block(name);
            for (int i = b.offset(); i < b.end(); i++) {
                histogram[i] = true;
            }
        }
        DescriptorBlock edges = d.block("edges");
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < 12; i++) {
                histogram[edges.offset() + s * 14 + i] = true;
            }
        }
        double[][] x = new double[assets.size()][];
        for (int i = 0; i < assets.size(); i++) {
            float[] row = cache.row(cache.indexOf(assets.get(i).id()));
            x[i] = new double[row.length];
            for (int j = 0; j < row.length; j++) {
                x[i][j] = hellinger && histogram[j] ? Math.sqrt(Math.max(0, row[j])) : row[j];
            }
        }
        return x;
    }

    private static int[] labels(List<Asset> assets, Map<String, Integer> classes) {
        int[] y = new int[assets.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = classes.getOrDefault(assets.get(i).fields().get("style"), -1);
        }
        return y;
    }

    /** Standardises both sets with the training set's mean and standard deviation. */
    private static void standardise(double[][] train, double[][] val) {
        int d = train[0].length;
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (double[] row : train) {
                mean += row[j];
            }
            mean /= train.length;
            double var = 0;
            for (double[] row : train) {
                var += (row[j] - mean) * (row[j] - mean);
            }
            double sd = Math.sqrt(var / train.length);
            double inv = sd > 1e-8 ? 1 / sd : 0;
            for (double[] row : train) {
                row[j] = (row[j] - mean) * inv;
            }
            for (double[] row : val) {
                row[j] = (row[j] - mean) * inv;
            }
        }
    }

    /** Multinomial logistic regression, mini-batch Adam, L2 on the weights; returns [C][D+1]. */
    private static double[][] train(double[][] x, int[] y, int classes, double lambda) {
        int n = x.length;
        int d = x[0].length;
        double[][] w = new double[classes][d + 1];
        double[][] m = new double[classes][d + 1];
        double[][] v = new double[classes][d + 1];
        double[][] g = new double[classes][d + 1];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(7);
        int batch = 128;
        int epochs = 60;
        double lr = 2e-3;
        double beta1 = 0.9;
        double beta2 = 0.999;
        int step = 0;
        double[] p = new double[classes];
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double rate = lr * 0.5 * (1 + Math.cos(Math.PI * epoch / epochs));
            for (int start = 0; start < n; start += batch) {
                int end = Math.min(n, start + batch);
                for (double[] row : g) {
                    Arrays.fill(row, 0);
                }
                for (int k = start; k < end; k++) {
                    double[] xi = x[order[k]];
                    softmax(w, xi, p);
                    p[y[order[k]]] -= 1;
                    for (int c = 0; c < classes; c++) {
                        double pc = p[c];
                        double[] gc = g[c];
                        for (int j = 0; j < d; j++) {
                            gc[j] += pc * xi[j];
                        }
                        gc[d] += pc;
                    }
                }
                step++;
                double scale = 1.0 / (end - start);
                double c1 = 1 - Math.pow(beta1, step);
                double c2 = 1 - Math.pow(beta2, step);
                for (int c = 0; c < classes; c++) {
                    for (int j = 0; j <= d; j++) {
                        double grad = g[c][j] * scale + (j < d ? lambda * w[c][j] : 0);
                        m[c][j] = beta1 * m[c][j] + (1 - beta1) * grad;
                        v[c][j] = beta2 * v[c][j] + (1 - beta2) * grad * grad;
                        w[c][j] -= rate * (m[c][j] / c1) / (Math.sqrt(v[c][j] / c2) + 1e-8);
                    }
                }
            }
        }
        return w;
    }

    private static void softmax(double[][] w, double[] x, double[] p) {
        int d = x.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            double s = w[c][d];
            for (int j = 0; j < d; j++) {
                s += w[c][j] * x[j];
            }
            p[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < w.length; c++) {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < w.length; c++) {
            p[c] /= sum;
        }
    }

    private static double accuracy(double[][] w, double[][] x, int[] y) {
        double[] p = new double[w.length];
        int correct = 0;
        for (int i = 0; i < x.length; i++) {
            softmax(w, x[i], p);
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            if (best == y[i]) {
                correct++;
            }
        }
        return (double) correct / x.length;
    }
}
