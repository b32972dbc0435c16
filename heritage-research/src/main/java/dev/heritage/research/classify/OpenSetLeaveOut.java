package dev.heritage.research.classify;

import dev.heritage.classify.encoding.Vocabulary;
import dev.heritage.classify.model.OpenSetDetector;
import dev.heritage.classify.train.Evaluation;
import dev.heritage.classify.train.FeatureStore;
import dev.heritage.classify.train.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Research tool (not a test): how well the open-set answer tells paintings of styles it never saw
 * from paintings of styles it knows. The detector ({@link OpenSetDetector}) uses the image features
 * only, so "training on the other styles" is fitting it on their training rows: the withheld styles'
 * rows are left out of the fit and of the score's reference. The in-style validation paintings are cut
 * in two halves by id: the score's reference (its quantiles) is taken from one half and the rates are
 * measured on the other, then the other way round, so no in-style painting is measured against a
 * reference it belongs to. Degraded copies (ids ending in {@code -d}) are part of the fit, not of the
 * measurement. Prints, per rank and with or without the residual term, the AUROC of the score between
 * withheld-style and in-style validation paintings and the rates at a few thresholds.
 *
 * <pre>java -cp &lt;test classpath&gt; dev.heritage.research.classify.OpenSetLeaveOut CONFIG.json METADATA.csv
 *     VALIDATION.csv FEATURES.hfs "Style A,Style B,Style C" [RANK:RESIDUAL[:scaled],...]</pre>
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
        List<float[]> outTrain = new ArrayList<>();
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
                if (!degraded) {
                    (validation ? out : outTrain).add(f[0]);
                }
            } else if (!validation) {
                train.add(f[0]);
                labels.add(styles.classOf(s));
            } else if (!degraded) {
                (Math.floorMod(id.hashCode(), 2) == 0 ? inA : inB).add(f[0]);
            }
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
                "withheld %s; %d known styles; fit on %d training rows; in-style validation"
                        + " %d + %d, withheld-style validation %d (and %d withheld-style training paintings)%n",
                withheld,
                styles.size(),
                train.size(),
                inA.size(),
                inB.size(),
                out.size(),
                outTrain.size());
        long t0 = System.nanoTime();
        int[] trainLabels = labels.stream().mapToInt(i -> i).toArray();
        OpenSetDetector full = OpenSetDetector.fit(
                "style",
                train,
                labels.stream().mapToInt(i -> i).toArray(),
                styles.size(),
                mean,
                std,
                config.openSet() == null ? 256 : config.openSet().rank(),
                config.openSet() == null ? 12000 : config.openSet().maxRows(),
                42);
        OpenSetDetector background = OpenSetDetector.fit(
                "style",
                train,
                new int[train.size()],
                1,
                mean,
                std,
                config.openSet() == null ? 256 : config.openSet().rank(),
                config.openSet() == null ? 12000 : config.openSet().maxRows(),
                43);
        System.out.printf(Locale.ROOT, "fitted in %.0f s%n", (System.nanoTime() - t0) / 1e9);
        List<Object[]> variants = new ArrayList<>();
        for (String v :
                (args.length > 5 ? args[5] : "32:false,32:true,128:false,128:true,256:false,256:true").split(",")) {
            String[] parts = v.split(":");
            variants.add(new Object[] {
                Integer.parseInt(parts[0]),
                Boolean.parseBoolean(parts[1]),
                parts.length > 2 && parts[2].equals("scaled")
            });
        }
        for (Object[] variant : variants) {
            int rank = (Integer) variant[0];
            boolean residual = (Boolean) variant[1];
            {
                OpenSetDetector c = scaled(full.variant(rank, residual), variant, train, trainLabels);
                OpenSetDetector b = background.variant(rank, residual);
                List<Double> in = new ArrayList<>();
                List<Double> o = new ArrayList<>();
                List<Double> inMd = new ArrayList<>();
                List<Double> oMd = new ArrayList<>();
                for (List<float[]> part : List.of(inA, inB)) {
                    part.forEach(x -> {
                        double d = c.distance(x);
                        in.add(d - b.distance(x));
                        inMd.add(d);
                    });
                }
                out.forEach(x -> {
                    double d = c.distance(x);
                    o.add(d - b.distance(x));
                    oMd.add(d);
                });
                System.out.printf(
                        Locale.ROOT,
                        "rank %3d %-11s relative Mahalanobis AUROC %.4f; plain %.4f (mean"
                                + " distance in-style %.1f, withheld %.1f)%n",
                        rank,
                        residual ? "+residual" : "span only",
                        Evaluation.auroc(in, o),
                        Evaluation.auroc(inMd, oMd),
                        inMd.stream().mapToDouble(v -> v).average().orElse(0),
                        oMd.stream().mapToDouble(v -> v).average().orElse(0));
            }
        }
        {
            Map<String, double[]> perStyle = new TreeMap<>();
            OpenSetDetector c = scaled(
                    full.variant((Integer) variants.get(0)[0], (Boolean) variants.get(0)[1]),
                    variants.get(0),
                    train,
                    trainLabels);
            for (Map<String, String> r : rows) {
                String id = r.get(config.idColumn());
                float[][] f = store.get(id);
                if (f != null && validationIds.contains(id) && !id.endsWith("-d")) {
                    double[] acc = perStyle.computeIfAbsent(r.get("style"), k -> new double[2]);
                    acc[0] += c.distance(f[0]);
                    acc[1]++;
                }
            }
            perStyle.forEach((k, v) -> System.out.printf(
                    Locale.ROOT,
                    "  %-26s %s mean distance %.1f (n %d)%n",
                    k,
                    withheld.contains(k) ? "WITHHELD" : "known   ",
                    v[0] / v[1],
                    (int) v[1]));
        }
        double[] thresholds = {0.80, 0.85, 0.90, 0.95, 0.975, 0.99};
        for (Object[] variant : variants) {
            int rank = (Integer) variant[0];
            boolean residual = (Boolean) variant[1];
            {
                if (rank > full.rank()) {
                    continue;
                }
                OpenSetDetector v = scaled(full.variant(rank, residual), variant, train, trainLabels);
                OpenSetDetector refA = v.withReference(inA, 0.95);
                OpenSetDetector refB = v.withReference(inB, 0.95);
                List<Double> inScores = new ArrayList<>();
                inB.forEach(x -> inScores.add(refA.score(x)));
                inA.forEach(x -> inScores.add(refB.score(x)));
                List<Double> outScores = new ArrayList<>();
                List<Double> outTrainScores = new ArrayList<>();
                // withheld paintings: the mean of their scores under the two references
                out.forEach(x -> outScores.add(0.5 * (refA.score(x) + refB.score(x))));
                outTrain.forEach(x -> outTrainScores.add(0.5 * (refA.score(x) + refB.score(x))));
                StringBuilder line = new StringBuilder(String.format(
                        Locale.ROOT,
                        "rank %3d %-11s%s AUROC %.4f (withheld training paintings %.4f)",
                        rank,
                        residual ? "+residual" : "span only",
                        (Boolean) variant[2] ? " scaled" : "",
                        Evaluation.auroc(inScores, outScores),
                        Evaluation.auroc(inScores, outTrainScores)));
                for (double t : thresholds) {
                    line.append(String.format(
                            Locale.ROOT,
                            " | t %.3f: withheld %.3f in-style %.3f",
                            t,
                            share(outScores, t),
                            share(inScores, t)));
                }
                System.out.println(line);
            }
        }
    }

    /** The variant with per-class scales when its specification ends in ":scaled". */
    private static OpenSetDetector scaled(OpenSetDetector d, Object[] variant, List<float[]> train, int[] labels) {
        return (Boolean) variant[2] ? d.withClassScales(train, labels) : d;
    }

    private static double share(List<Double> s, double t) {
        return s.stream().filter(v -> v >= t).count() / (double) s.size();
    }
}
