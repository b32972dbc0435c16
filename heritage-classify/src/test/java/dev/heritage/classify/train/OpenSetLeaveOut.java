package dev.heritage.classify.train;

import dev.heritage.classify.encoding.Vocabulary;
import dev.heritage.classify.model.OpenSetDetector;
import dev.heritage.classify.testing.CsvRows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
 * <pre>java -cp &lt;test classpath&gt; dev.heritage.classify.train.OpenSetLeaveOut CONFIG.json METADATA.csv
 *     VALIDATION.csv FEATURES.hfs "Style A,Style B,Style C"</pre>
 */
public final class OpenSetLeaveOut {
    private OpenSetLeaveOut() {
    }

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
        System.out.printf(Locale.ROOT, "withheld %s; %d known styles; fit on %d training rows; in-style validation"
                + " %d + %d, withheld-style validation %d (and %d withheld-style training paintings)%n", withheld,
                styles.size(), train.size(), inA.size(), inB.size(), out.size(), outTrain.size());
        long t0 = System.nanoTime();
        OpenSetDetector full = OpenSetDetector.fit("style", train, labels.stream().mapToInt(i -> i).toArray(),
                styles.size(), mean, std, config.openSet() == null ? 256 : config.openSet().rank(),
                config.openSet() == null ? 12000 : config.openSet().maxRows(), 42);
        System.out.printf(Locale.ROOT, "fitted in %.0f s%n", (System.nanoTime() - t0) / 1e9);
        double[] thresholds = {0.80, 0.85, 0.90, 0.95, 0.975, 0.99};
        for (int rank : new int[] {32, 64, 128, 256}) {
            for (boolean residual : new boolean[] {false, true}) {
                if (rank > full.rank()) {
                    continue;
                }
                OpenSetDetector v = full.variant(rank, residual);
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
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                        "rank %3d %-11s AUROC %.4f (withheld training paintings %.4f)", rank,
                        residual ? "+residual" : "span only", Evaluation.auroc(inScores, outScores),
                        Evaluation.auroc(inScores, outTrainScores)));
                for (double t : thresholds) {
                    line.append(String.format(Locale.ROOT, " | t %.3f: withheld %.3f in-style %.3f", t,
                            share(outScores, t), share(inScores, t)));
                }
                System.out.println(line);
            }
        }
    }

    private static double share(List<Double> s, double t) {
        return s.stream().filter(v -> v >= t).count() / (double) s.size();
    }
}
