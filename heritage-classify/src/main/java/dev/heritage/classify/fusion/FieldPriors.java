package dev.heritage.classify.fusion;

import dev.heritage.api.FieldKind;
import dev.heritage.classify.encoding.Vocabulary;
import dev.heritage.classify.model.AnnotatorSpec;
import dev.heritage.classify.model.InputField;
import dev.heritage.classify.model.TaskEncoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The known-fields classifier of late fusion: for every task, the class distribution given the
 * value of each categorical input field, counted on training rows and smoothed towards the class
 * prior; several known fields combine as a naive-Bayes product. Also holds each task's prior.
 *
 * <p>Immutable after {@link #fit} and thread-safe.
 *
 * @param prior per task, the class frequencies
 * @param conditional per task, per categorical input, per vocabulary index, the class distribution
 */
public record FieldPriors(Map<String, double[]> prior, Map<String, Map<String, double[][]>> conditional) {
    /** Pseudo-count of the prior in each conditional distribution. */
    private static final double ALPHA = 2.0;

    /**
     * @param spec the model's inputs and tasks
     * @param rows training rows (raw fields)
     * @return the priors
     */
    public static FieldPriors fit(AnnotatorSpec spec, List<Map<String, String>> rows) {
        Map<String, double[]> prior = new LinkedHashMap<>();
        Map<String, Map<String, double[][]>> cond = new LinkedHashMap<>();
        for (TaskEncoder t : spec.tasks()) {
            double[] p = new double[t.classes()];
            Map<String, double[][]> byInput = new LinkedHashMap<>();
            for (InputField in : spec.inputs()) {
                if (in.kind() == FieldKind.CATEGORICAL && !in.name().equals(t.source())) {
                    byInput.put(in.name(), new double[in.vocabulary().embeddingRows()][t.classes()]);
                }
            }
            for (Map<String, String> r : rows) {
                int y = t.label(r).orElse(-1);
                if (y < 0) {
                    continue;
                }
                p[y]++;
                byInput.forEach((name, table) -> {
                    int v = spec.inputs().stream()
                            .filter(i -> i.name().equals(name))
                            .findFirst()
                            .orElseThrow()
                            .vocabulary()
                            .encode(r.get(name));
                    if (v >= Vocabulary.FIRST) {
                        table[v][y]++;
                    }
                });
            }
            double[] pr = normalise(p, 1);
            for (double[][] table : byInput.values()) {
                for (int v = 0; v < table.length; v++) {
                    for (int c = 0; c < pr.length; c++) {
                        table[v][c] += ALPHA * pr[c];
                    }
                    table[v] = normalise(table[v], 0);
                }
            }
            prior.put(t.name(), pr);
            cond.put(t.name(), byInput);
        }
        return new FieldPriors(prior, cond);
    }

    /**
     * @param task a task
     * @param known vocabulary index of each categorical input, {@link Vocabulary#MISSING} when hidden
     * @return the class distribution given the known fields, or {@code null} when none is known
     */
    public double[] probabilities(String task, Map<String, Integer> known) {
        double[] pr = prior.get(task);
        double[] out = null;
        for (Map.Entry<String, double[][]> e : conditional.get(task).entrySet()) {
            Integer v = known.get(e.getKey());
            if (v == null || v < Vocabulary.FIRST || v >= e.getValue().length) {
                continue;
            }
            double[] p = e.getValue()[v];
            if (out == null) {
                out = p.clone();
            } else {
                for (int c = 0; c < out.length; c++) {
                    out[c] *= p[c] / Math.max(pr[c], 1e-12);
                }
                out = normalise(out, 0);
            }
        }
        return out;
    }

    private static double[] normalise(double[] p, double floor) {
        double z = 0;
        for (double v : p) {
            z += v + floor;
        }
        double[] r = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            r[i] = z > 0 ? (p[i] + floor) / z : 1.0 / p.length;
        }
        return r;
    }
}
