package dev.heritage.bench;

import dev.heritage.api.Asset;
import dev.heritage.api.HeritageException;
import dev.heritage.api.engine.Tensor;
import dev.heritage.api.io.AtomicFiles;
import dev.heritage.classify.backbone.MobileNetV2;
import dev.heritage.classify.descriptors.HandcraftedDescriptors;
import dev.heritage.classify.model.ImageEvidence;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Our overhead over the bare engine call, measured as paired, interleaved calls in one JVM: each
 * round times one {@code Annotator.annotate} of a batch and then the bare {@code forward} calls on
 * the same tensors, and the ratio of the two is taken per round. On a shared machine whose load
 * drifts over minutes, JMH's separate forks for the two benchmarks can land in different load
 * phases; pairing cancels that drift.
 *
 * <p>Each round also times, in the same JVM and right after, the annotator's single-threaded Java
 * steps on the same batch, one after the other in the calling thread: decoding the JPEGs (as the
 * annotator decodes them), MobileNetV2 preprocessing of the decoded images (averaged down first, as
 * the annotator does), and the hand-crafted descriptors; the bare time is split into the
 * backbone's and the head's {@code forward}. So a round says both how much slower {@code annotate} is than the engine and what single-threaded
 * work it has to hide. The one-minute load average ({@code /proc/loadavg}) is recorded with every
 * round, and so is the CPU time this process used during annotate and during the bare calls (all its
 * threads, the engines' included): on a machine shared with other work, wall time follows the share
 * of the cores a process gets, CPU time much less so. Everything is written to {@code paired-overhead.csv}, one line per round.
 *
 * <p>A measurement tool run by {@link BenchMain}; not thread-safe.
 */
public final class PairedOverhead {
    private static final String HEADER =
            "engine,batch,round,annotate_ms,bare_ms,backbone_ms,head_ms,decode_ms,preprocess_ms,descriptors_ms,load1,"
                    + "annotate_cpu_ms,bare_cpu_ms";
    private static final int COLUMNS = 10;

    private PairedOverhead() {}

    /**
     * One engine and batch size: per round, times of a whole batch in ms. {@code bareMs} is
     * {@code backboneMs + headMs}; the step times are NaN when read from a file written before they
     * were measured.
     */
    record Pairs(
            String engine,
            int batch,
            double[] annotateMs,
            double[] bareMs,
            double[] backboneMs,
            double[] headMs,
            double[] decodeMs,
            double[] preprocessMs,
            double[] descriptorsMs,
            double[] load1,
            double[] annotateCpuMs,
            double[] bareCpuMs) {
        Pairs(String engine, int batch, double[] annotateMs, double[] bareMs) {
            this(
                    engine,
                    batch,
                    annotateMs,
                    bareMs,
                    nan(annotateMs.length),
                    nan(annotateMs.length),
                    nan(annotateMs.length),
                    nan(annotateMs.length),
                    nan(annotateMs.length),
                    nan(annotateMs.length),
                    nan(annotateMs.length),
                    nan(annotateMs.length));
        }

        /** @return the process CPU time of annotate over that of the bare calls, per round */
        double[] cpuRatios() {
            double[] r = new double[annotateMs.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = annotateCpuMs[i] / bareCpuMs[i];
            }
            return r;
        }

        double[] ratios() {
            double[] r = new double[annotateMs.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = annotateMs[i] / bareMs[i];
            }
            return r;
        }

        /** @return annotate − bare per round, ms per batch */
        double[] excessMs() {
            double[] r = new double[annotateMs.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = annotateMs[i] - bareMs[i];
            }
            return r;
        }

        /** @return decode + preprocess + descriptors per round: the serial Java work, ms per batch */
        double[] javaMs() {
            double[] r = new double[annotateMs.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = decodeMs[i] + preprocessMs[i] + descriptorsMs[i];
            }
            return r;
        }
    }

    private static double[] nan(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return v;
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
        HandcraftedDescriptors descriptors = HandcraftedDescriptors.create();
        for (String engine : engines) {
            for (int batch : batches) {
                AnnotateBenchmark b = new AnnotateBenchmark();
                b.engine = engine;
                b.batch = batch;
                b.setup();
                try {
                    double[] a = new double[rounds];
                    double[] e = new double[rounds];
                    double[] bb = new double[rounds];
                    double[] hd = new double[rounds];
                    double[] dec = new double[rounds];
                    double[] pre = new double[rounds];
                    double[] des = new double[rounds];
                    double[] load = new double[rounds];
                    double[] ac = new double[rounds];
                    double[] ec = new double[rounds];
                    List<Asset> assets = b.inputs.assets();
                    float[] sink = new float[HandcraftedDescriptors.DIMENSION];
                    for (int i = -warmup; i < rounds; i++) {
                        long c0 = processCpuNanos();
                        long t0 = System.nanoTime();
                        if (b.annotate().size() != batch) {
                            throw new IllegalStateException("annotate returned a wrong number of results");
                        }
                        long t1 = System.nanoTime();
                        long c1 = processCpuNanos();
                        b.backbone.forward(b.inputs.backboneInputs());
                        long t2 = System.nanoTime();
                        b.head.forward(b.inputs.headInputs());
                        long t3 = System.nanoTime();
                        long c2 = processCpuNanos();
                        List<BufferedImage> images = new ArrayList<>(batch);
                        for (Asset asset : assets) {
                            images.add(ImageEvidence.decode(asset.image()));
                        }
                        long t4 = System.nanoTime();
                        images.replaceAll(MobileNetV2::canonical); // as the annotator: averaged down first
                        Tensor x = MobileNetV2.preprocess(images);
                        long t5 = System.nanoTime();
                        for (BufferedImage image : images) {
                            descriptors.compute(image, sink, 0);
                        }
                        long t6 = System.nanoTime();
                        if (x.dim(0) != batch) {
                            throw new IllegalStateException("preprocess returned a wrong batch");
                        }
                        if (i >= 0) {
                            a[i] = (t1 - t0) / 1e6;
                            e[i] = (t3 - t1) / 1e6;
                            bb[i] = (t2 - t1) / 1e6;
                            hd[i] = (t3 - t2) / 1e6;
                            dec[i] = (t4 - t3) / 1e6;
                            pre[i] = (t5 - t4) / 1e6;
                            des[i] = (t6 - t5) / 1e6;
                            load[i] = loadAverage();
                            ac[i] = c0 < 0 ? Double.NaN : (c1 - c0) / 1e6;
                            ec[i] = c0 < 0 ? Double.NaN : (c2 - c1) / 1e6;
                        }
                    }
                    Pairs p = new Pairs(engine, batch, a, e, bb, hd, dec, pre, des, load, ac, ec);
                    all.add(p);
                    System.out.println(summary(p));
                } finally {
                    b.tearDown();
                }
            }
        }
        StringBuilder s = new StringBuilder(HEADER).append('\n');
        for (Pairs p : all) {
            for (int i = 0; i < p.annotateMs().length; i++) {
                s.append(String.format(
                        Locale.ROOT,
                        "%s,%d,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.2f,%.3f,%.3f%n",
                        p.engine(),
                        p.batch(),
                        i,
                        p.annotateMs()[i],
                        p.bareMs()[i],
                        p.backboneMs()[i],
                        p.headMs()[i],
                        p.decodeMs()[i],
                        p.preprocessMs()[i],
                        p.descriptorsMs()[i],
                        p.load1()[i],
                        p.annotateCpuMs()[i],
                        p.bareCpuMs()[i]));
            }
        }
        AtomicFiles.writeString(csv, s.toString());
        return all;
    }

    /**
     * @param p one engine and batch size
     * @return several lines: the overhead and every time per image, as median (min–max)
     */
    static String summary(Pairs p) {
        double[] r = p.ratios();
        double[] overhead = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            overhead[i] = 100 * (r[i] - 1);
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "paired %s batch %d, %d rounds, load1 %s: annotate/bare − 1 = %s %%%n",
                p.engine(),
                p.batch(),
                r.length,
                spread(p.load1(), 1),
                spread(overhead, 1)));
        s.append(String.format(
                Locale.ROOT,
                "  ms per image: annotate %s | bare %s (backbone %s, head %s)%n",
                perImage(p.annotateMs(), p.batch()),
                perImage(p.bareMs(), p.batch()),
                perImage(p.backboneMs(), p.batch()),
                perImage(p.headMs(), p.batch())));
        s.append(String.format(
                Locale.ROOT,
                "  ms per image: annotate − bare %s | serial Java: decode %s, preprocess %s,"
                        + " descriptors %s, sum %s",
                perImage(p.excessMs(), p.batch()),
                perImage(p.decodeMs(), p.batch()),
                perImage(p.preprocessMs(), p.batch()),
                perImage(p.descriptorsMs(), p.batch()),
                perImage(p.javaMs(), p.batch())));
        double[] cpu = p.cpuRatios();
        for (int i = 0; i < cpu.length; i++) {
            cpu[i] = 100 * (cpu[i] - 1);
        }
        s.append(String.format(
                Locale.ROOT,
                "%n  process CPU ms per image: annotate %s | bare %s | annotate/bare − 1 = %s %%",
                perImage(p.annotateCpuMs(), p.batch()),
                perImage(p.bareCpuMs(), p.batch()),
                spread(cpu, 1)));
        return s.toString();
    }

    private static String perImage(double[] batchMs, int batch) {
        double[] v = new double[batchMs.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = batchMs[i] / batch;
        }
        return spread(v, 3);
    }

    /** @return median (min–max) with that many significant digits */
    static String spread(double[] v, int digits) {
        if (v.length == 0 || Double.isNaN(median(v))) {
            return "n/a";
        }
        return fmt(median(v), digits) + " (" + fmt(min(v), digits) + "–" + fmt(max(v), digits) + ")";
    }

    private static String fmt(double v, int digits) {
        double a = Math.abs(v);
        int decimals = digits == 1 ? (a >= 10 ? 0 : 1) : a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** @return the CPU time of this process so far (all threads), or -1 where the JVM does not say */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** @return the one-minute load average, NaN where {@code /proc/loadavg} cannot be read */
    static double loadAverage() {
        try {
            return Double.parseDouble(
                    Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * Reads a file written by {@link #run} (or by its earlier version, which had only the annotate
     * and bare columns).
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
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",");
            String key = f[0] + "," + f[1];
            if (!key.equals(current)) {
                add(out, current, rows);
                current = key;
                rows = new ArrayList<>();
            }
            double[] row = new double[COLUMNS];
            Arrays.fill(row, Double.NaN);
            for (int k = 3; k < f.length && k - 3 < row.length; k++) {
                row[k - 3] = Double.parseDouble(f[k]);
            }
            rows.add(row);
        }
        add(out, current, rows);
        return out;
    }

    private static void add(List<Pairs> out, String key, List<double[]> rows) {
        if (key == null) {
            return;
        }
        String[] k = key.split(",");
        double[][] c = new double[COLUMNS][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < COLUMNS; j++) {
                c[j][i] = rows.get(i)[j];
            }
        }
        out.add(new Pairs(k[0], Integer.parseInt(k[1]), c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9]));
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
