package dev.heritage.bench;

import dev.heritage.api.HeritageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Our overhead over the bare engine call, measured as paired, interleaved calls in one JVM: each
 * round times one {@code Annotator.annotate} of a batch and then the bare {@code forward} calls on
 * the same tensors, and the ratio of the two is taken per round. On a shared machine whose load
 * drifts over minutes, JMH's separate forks for the two benchmarks can land in different load
 * phases; pairing cancels that drift. The median and min–max of the per-round ratios are written
 * to {@code paired-overhead.csv}.
 *
 * <p>A measurement tool run by {@link BenchMain}; not thread-safe.
 */
public final class PairedOverhead {
    private PairedOverhead() {
    }

    /** One engine and batch size: per-round annotate and bare times (ms) and their ratios. */
    record Pairs(String engine, int batch, double[] annotateMs, double[] bareMs) {
        double[] ratios() {
            double[] r = new double[annotateMs.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = annotateMs[i] / bareMs[i];
            }
            return r;
        }
    }

    /**
     * @param engines the engines
     * @param batches the batch sizes
     * @param warmup rounds discarded first
     * @param rounds rounds measured
     * @param csv the output file
     * @return the measurements
     * @throws HeritageException if a model cannot be loaded or run
     * @throws IOException if the file cannot be written
     */
    public static List<Pairs> run(List<String> engines, int[] batches, int warmup, int rounds, Path csv)
            throws HeritageException, IOException {
        List<Pairs> all = new ArrayList<>();
        for (String engine : engines) {
            for (int batch : batches) {
                AnnotateBenchmark b = new AnnotateBenchmark();
                b.engine = engine;
                b.batch = batch;
                b.setup();
                try {
                    double[] a = new double[rounds];
                    double[] e = new double[rounds];
                    for (int i = -warmup; i < rounds; i++) {
                        long t0 = System.nanoTime();
                        if (b.annotate().size() != batch) {
                            throw new IllegalStateException("annotate returned a wrong number of results");
                        }
                        long t1 = System.nanoTime();
                        b.backbone.forward(b.inputs.backboneInputs());
                        b.head.forward(b.inputs.headInputs());
                        long t2 = System.nanoTime();
                        if (i >= 0) {
                            a[i] = (t1 - t0) / 1e6;
                            e[i] = (t2 - t1) / 1e6;
                        }
                    }
                    Pairs p = new Pairs(engine, batch, a, e);
                    all.add(p);
                    System.out.printf(Locale.ROOT, "paired %s batch %d: annotate/bare median %.3f%n", engine, batch,
                            median(p.ratios()));
                } finally {
                    b.tearDown();
                }
            }
        }
        StringBuilder s = new StringBuilder("engine,batch,round,annotate_ms,bare_ms\n");
        for (Pairs p : all) {
            for (int i = 0; i < p.annotateMs().length; i++) {
                s.append(String.format(Locale.ROOT, "%s,%d,%d,%.3f,%.3f%n", p.engine(), p.batch(), i,
                        p.annotateMs()[i], p.bareMs()[i]));
            }
        }
        Files.createDirectories(csv.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(csv.toAbsolutePath().getParent(), "paired", ".tmp");
        Files.writeString(tmp, s.toString());
        Files.move(tmp, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return all;
    }

    /**
     * Reads a file written by {@link #run}.
     *
     * @param csv the file
     * @return the measurements, in file order
     * @throws IOException if it cannot be read
     */
    static List<Pairs> read(Path csv) throws IOException {
        List<Pairs> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        String current = null;
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            String key = f[0] + "," + f[1];
            if (!key.equals(current)) {
                add(out, current, rows);
                current = key;
                rows = new ArrayList<>();
            }
            rows.add(new double[] {Double.parseDouble(f[3]), Double.parseDouble(f[4])});
        }
        add(out, current, rows);
        return out;
    }

    private static void add(List<Pairs> out, String key, List<double[]> rows) {
        if (key == null) {
            return;
        }
        String[] k = key.split(",");
        out.add(new Pairs(k[0], Integer.parseInt(k[1]), rows.stream().mapToDouble(r -> r[0]).toArray(),
                rows.stream().mapToDouble(r -> r[1]).toArray()));
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}
