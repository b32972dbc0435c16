package dev.heritage.research.classify;

import dev.heritage.classify.encoding.Vocabulary;
import dev.heritage.classify.model.OpenSetDetector;
import dev.heritage.classify.train.Evaluation;
import dev.heritage.classify.train.FeatureStore;
import dev.heritage.classify.train.OpenSetFitting;
import dev.heritage.classify.train.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Research tool (not a test): how well the open-set answer tells paintings of styles it never saw
 * from paintings of styles it knows, and things that are not paintings from paintings. The detector
 * ({@link OpenSetDetector}) uses the image features only, so "training on the other styles" is
 * fitting its probes on their training rows: the withheld styles' rows are left out of the fit and of
 * the score's reference. The in-style validation paintings are cut in two halves by id: the score's
 * reference (its quantiles) is taken from one half and the rates are measured on the other, then the
 * other way round, so no in-style painting is measured against a reference it belongs to; other images
 * get the mean of their two scores. Degraded copies (ids ending in {@code -d}) are part of the fit, not
 * of the measurement. Prints the AUROC between withheld-style and in-style validation paintings (the
 * detector's score, and its novelty test alone) and the shares answered outside at a few thresholds:
 * in-style, withheld-style, and each measured CSV (e.g. non-paintings kept out of the background
 * images, photographs of paintings).
 *
 * <pre>java -cp &lt;test classpath&gt; dev.heritage.research.classify.OpenSetLeaveOut CONFIG.json METADATA.csv
 *     VALIDATION.csv FEATURES.hfs "Style A,Style B,Style C" BACKGROUND_FEATURES.hfs [NAME=MEASURED.csv ...]</pre>
 *
 * <p>The background images are the configuration's {@code openSet.background} CSV; their features and
 * the measured CSVs' (column {@code id}) are read from {@code BACKGROUND_FEATURES.hfs}.
 */
public final class OpenSetLeaveOut {
    private OpenSetLeaveOut() {}

    public static void main(String[] args) throws Exception {
        TrainingConfig config = TrainingConfig.read(Path.of(args[0]));
        Set<String> validationIds = new HashSet<>();
        for (Map<String, String> r : CsvRows.read(Path.of(args[2]))) {
            validationIds.add(r.get(config.idColumn()));
        }
        FeatureStore store = FeatureStore.readAnyKey(Path.of(args[3]));
        Set<String> withheld = new HashSet<>(Arrays.asList(args[4].split(",")));
        FeatureStore other = FeatureStore.readAnyKey(Path.of(args[5]));
        List<Map<String, String>> rows = CsvRows.read(Path.of(args[1]));
        List<String> known = new ArrayList<>();
        for (Map<String, String> r : rows) {
            String s = r.get("style");
            if (s != null && !s.isBlank() && !withheld.contains(s)) {
                known.add(s);
            }
        }
        Vocabulary styles = Vocabulary.fromCounts(known, 1);
        List<float[]> train = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<float[]> inA = new ArrayList<>();
        List<float[]> inB = new ArrayList<>();
        List<float[]> out = new ArrayList<>();
        for (Map<String, String> r : rows) {
            String id = r.get(config.idColumn());
            float[][] f = store.get(id);
            String s = r.get("style");
            if (f == null || s == null || s.isBlank()) {
                continue;
            }
            boolean degraded = id.endsWith("-d");
            boolean validation = validationIds.contains(id);
            if (withheld.contains(s)) {
                if (!degraded && validation) {
                    out.add(f[0]);
                }
            } else if (!validation) {
                train.add(f[0]);
                labels.add(styles.classOf(s));
                train.add(f[1]);
                labels.add(styles.classOf(s));
            } else if (!degraded) {
                (Math.floorMod(id.hashCode(), 2) == 0 ? inA : inB).add(f[0]);
            }
        }
        OpenSetFitting.BackgroundImages background = backgroundImages(config, other);
        Map<String, List<float[]>> measured = new LinkedHashMap<>();
        for (int a = 6; a < args.length; a++) {
            String[] nameAndFile = args[a].split("=", 2);
            List<float[]> m = new ArrayList<>();
            for (Map<String, String> r : CsvRows.read(Path.of(nameAndFile[1]))) {
                float[][] f = other.get(r.get("id"));
                if (f != null) {
                    m.add(f[0]);
                }
            }
            measured.put(nameAndFile[0], m);
        }
        int dim = train.get(0).length;
        float[] mean = new float[dim];
        float[] std = new float[dim];
        double[] sq = new double[dim];
        for (float[] x : train) {
            for (int j = 0; j < dim; j++) {
                mean[j] += x[j] / train.size();
                sq[j] += x[j] * (double) x[j] / train.size();
            }
        }
        for (int j = 0; j < dim; j++) {
            std[j] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, sq[j] - mean[j] * (double) mean[j])));
        }
        System.out.printf(
                Locale.ROOT,
                "withheld %s; %d known styles; fit on %d training rows (mirror images counted), %d background"
                        + " rows, %d other paintings; in-style validation %d + %d, withheld-style validation %d%n",
                withheld,
                styles.size(),
                train.size(),
                background.notPaintings().size(),
                background.otherPaintings().size(),
                inA.size(),
                inB.size(),
                out.size());
        long t0 = System.nanoTime();
        TrainingConfig.OpenSet os = config.openSet();
        OpenSetDetector fitted = OpenSetFitting.fit(
                "style",
                train,
                labels.stream().mapToInt(i -> i).toArray(),
                styles.size(),
                mean,
                std,
                background,
                new OpenSetFitting.Settings(
                        os == null ? 20 : os.epochs(), 1e-3, 1e-3, os == null ? 24_000 : os.maxRows(), 42));
        System.out.printf(Locale.ROOT, "fitted in %.0f s%n", (System.nanoTime() - t0) / 1e9);
        OpenSetDetector refA = fitted.withReference(inA, 0.95);
        OpenSetDetector refB = fitted.withReference(inB, 0.95);
        List<Double> inScores = new ArrayList<>();
        List<Double> inNovelty = new ArrayList<>();
        inB.forEach(x -> {
            inScores.add(refA.score(x));
            inNovelty.add(refA.noveltyScore(x));
        });
        inA.forEach(x -> {
            inScores.add(refB.score(x));
            inNovelty.add(refB.noveltyScore(x));
        });
        List<Double> outScores = new ArrayList<>();
        List<Double> outNovelty = new ArrayList<>();
        out.forEach(x -> {
            outScores.add(0.5 * (refA.score(x) + refB.score(x)));
            outNovelty.add(0.5 * (refA.noveltyScore(x) + refB.noveltyScore(x)));
        });
        System.out.printf(
                Locale.ROOT,
                "AUROC withheld vs in-style: score %.4f, novelty test alone %.4f%n",
                Evaluation.auroc(inScores, outScores),
                Evaluation.auroc(inNovelty, outNovelty));
        Map<String, List<Double>> groups = new LinkedHashMap<>();
        groups.put("in-style", inScores);
        groups.put("withheld", outScores);
        measured.forEach((name, m) -> {
            List<Double> sc = new ArrayList<>();
            m.forEach(x -> sc.add(0.5 * (refA.score(x) + refB.score(x))));
            groups.put(name + " (" + m.size() + ")", sc);
        });
        for (double t : new double[] {0.80, 0.90, 0.95, 0.96, 0.975, 0.99}) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "t %.3f:", t));
            groups.forEach((name, sc) -> line.append(String.format(Locale.ROOT, " %s %.3f", name, share(sc, t))));
            System.out.println(line);
        }
    }

    /**
     * The configuration's {@code openSet.background} images, their features read from a feature cache.
     *
     * @param config the training configuration
     * @param store the features of the background CSV's rows, by id
     * @return the background images (none when the configuration names no background CSV)
     * @throws java.io.IOException if the CSV cannot be read
     */
    static OpenSetFitting.BackgroundImages backgroundImages(TrainingConfig config, FeatureStore store)
            throws java.io.IOException {
        OpenSetFitting.BackgroundImages background = OpenSetFitting.BackgroundImages.empty();
        if (config.openSet() != null && config.openSet().background() != null) {
            Path csv = Path.of(config.openSet().background());
            for (Map<String, String> r : CsvRows.read(csv)) {
                background.add(csv, r.get("id"), r.get(OpenSetFitting.BackgroundImages.COLUMN), store.get(r.get("id")));
            }
        }
        return background;
    }

    private static double share(List<Double> s, double t) {
        return s.stream().filter(v -> v >= t).count() / (double) s.size();
    }
}
