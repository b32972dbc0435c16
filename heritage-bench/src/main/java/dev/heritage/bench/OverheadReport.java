package dev.heritage.bench;

import dev.heritage.api.HeritageException;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.bench.Report.Stat;
import dev.heritage.classify.model.AnnotatorModel;
import dev.heritage.network.FlopCounter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The report's sections for issue 21, all from one JMH result file: the headline table (the wrapper's
 * overhead per engine, Heritage against DJL's image route at batch 1 and 32, annotate's share of the
 * physical limit), then the wrapper and the model's Java work per step ({@link
 * WrapperOverheadBenchmark}), the DJL route ({@link DjlRouteBenchmark}), the theoretical peak beside
 * the best measured rate ({@link TheoreticalPeak}, {@link PeakFlopsBenchmark}), and accuracy against
 * throughput ({@link OperatingPointBenchmark}, with a plot). A section whose results are missing is
 * left out; a headline cell whose results are missing says n/a.
 *
 * <p>Stateless and thread-safe.
 */
final class OverheadReport {
    /** The wrapper's target: at most this share of the bare engine call, at batch 32. */
    static final double WRAPPER_TARGET = 0.05;
    /** Heritage's target against DJL's image route at batch 32 (speed-up, per image). */
    static final double DJL_TARGET_32 = 1.8;
    /** The same at batch 1. */
    static final double DJL_TARGET_1 = 1.3;
    /** The plot of accuracy against throughput. */
    static final String TRADE_OFF_PLOT = "accuracy-throughput.png";

    private static final int[] BATCHES = {1, 32};

    private OverheadReport() {}

    /**
     * The wrapper of one engine and batch, ms per image.
     *
     * @param replayed annotate on the replay engine
     * @param modelJava the model's Java work (decode, averaging down, descriptors) shared as annotate shares it
     * @param bare the bare engine call of the same run
     */
    record Wrapper(double replayed, double modelJava, double bare) {
        double wrapper() {
            return replayed - modelJava;
        }

        double share() {
            return wrapper() / bare;
        }
    }

    static Optional<Wrapper> wrapper(Map<String, Stat> r, String engine, int batch) {
        Stat replayed = r.get(Report.key(
                "WrapperOverheadBenchmark.annotateReplayed", Map.of("batch", String.valueOf(batch), "engine", engine)));
        Stat java = r.get(Report.key("WrapperOverheadBenchmark.modelJavaWork", Map.of("batch", String.valueOf(batch))));
        Stat bare = Report.annotate(r, "bareEngine", engine, batch);
        if (replayed == null || java == null || bare == null) {
            return Optional.empty();
        }
        return Optional.of(new Wrapper(replayed.median() / batch, java.median() / batch, bare.median() / batch));
    }

    /** Heritage against DJL's route at one batch, ms per image; bare may be NaN. */
    record DjlRoute(Stat heritage, Stat djl, double bare) {
        double speedUp() {
            return djl.median() / heritage.median();
        }
    }

    static Optional<DjlRoute> djl(Map<String, Stat> r, int batch) {
        Map<String, String> p = Map.of("batch", String.valueOf(batch));
        Stat heritage = r.get(Report.key("DjlRouteBenchmark.heritageAnnotate", p));
        Stat djl = r.get(Report.key("DjlRouteBenchmark.djlRoute", p));
        if (heritage == null || djl == null) {
            return Optional.empty();
        }
        Stat bare = Report.annotate(r, "bareEngine", "onnxruntime", batch);
        return Optional.of(
                new DjlRoute(heritage.div(batch), djl.div(batch), bare == null ? Double.NaN : bare.median() / batch));
    }

    /** The best measured rate of an engine: its fastest matrix product, or its bare call at batch 32. */
    record Measured(double matmul, int matmulSize, double bare) {
        double best() {
            return Math.max(Double.isNaN(matmul) ? 0 : matmul, Double.isNaN(bare) ? 0 : bare);
        }
    }

    static Measured measured(Map<String, Stat> r, String engine, double gflopPerImage) {
        double best = Double.NaN;
        int bestSize = 0;
        for (Map.Entry<String, Stat> e : r.entrySet()) {
            String prefix = "PeakFlopsBenchmark.matmul|";
            if (!e.getKey().startsWith(prefix) || !e.getKey().contains("engine=" + engine + ",")) {
                continue;
            }
            long rows = param(e.getKey(), "rows");
            long size = param(e.getKey(), "size");
            double gflops = 2.0 * rows * size * size / (e.getValue().median() / 1e3) / 1e9;
            if (Double.isNaN(best) || gflops > best) {
                best = gflops;
                bestSize = (int) size;
            }
        }
        Stat bare = Report.annotate(r, "bareEngine", engine, 32);
        double bareRate = bare == null ? Double.NaN : 32 / (bare.median() / 1e3) * gflopPerImage;
        return new Measured(best, bestSize, bareRate);
    }

    private static long param(String key, String name) {
        for (String kv : key.substring(key.indexOf('|') + 1).split(",")) {
            if (kv.startsWith(name + "=")) {
                return Long.parseLong(kv.substring(name.length() + 1));
            }
        }
        throw new IllegalArgumentException(key + " has no parameter " + name);
    }

    /** @return GFLOP per image of the zoo annotator (backbone and head), NaN if it cannot be counted */
    static double gflopPerImage() {
        try {
            ModelArtifact a = ModelZoos.open(AnnotateBenchmark.MODEL);
            return (FlopCounter.count(Report.graph(a, AnnotatorModel.BACKBONE)).total()
                            + FlopCounter.count(Report.graph(a, AnnotatorModel.HEAD))
                                    .total())
                    / 1e9;
        } catch (HeritageException | IOException e) {
            return Double.NaN;
        }
    }

    /** The first table: one row per target of issue 21. */
    static void headline(Map<String, Stat> r, Optional<TheoreticalPeak> peak, double gflopPerImage, StringBuilder md) {
        md.append("## Headline (issue 21)\n\n")
                .append("| measure | batch 1 | batch 32 | target | status |\n|---|---|---|---|---|\n");
        for (String e : Report.ENGINES) {
            Optional<Wrapper> one = wrapper(r, e, 1);
            Optional<Wrapper> many = wrapper(r, e, 32);
            md.append("| wrapper / bare engine call, ")
                    .append(e)
                    .append(" | ")
                    .append(one.map(w -> Report.pct(w.share())).orElse("n/a"))
                    .append(" | ")
                    .append(many.map(w -> Report.pct(w.share())).orElse("n/a"))
                    .append(" | ≤ ")
                    .append(Report.pct(WRAPPER_TARGET))
                    .append(" at batch 32 | ")
                    .append(many.map(w -> w.share() <= WRAPPER_TARGET ? "met" : "not met")
                            .orElse("not measured"))
                    .append(" |\n");
        }
        Optional<DjlRoute> one = djl(r, 1);
        Optional<DjlRoute> many = djl(r, 32);
        md.append("| Heritage (all tasks) against DJL's image route (backbone only), speed-up | ")
                .append(one.map(d -> Report.ratio(d.speedUp())).orElse("n/a"))
                .append(" | ")
                .append(many.map(d -> Report.ratio(d.speedUp())).orElse("n/a"))
                .append(" | ≥ ")
                .append(Report.ratio(DJL_TARGET_1))
                .append(" / ≥ ")
                .append(Report.ratio(DJL_TARGET_32))
                .append(" | ")
                .append(status(one.map(d -> d.speedUp() >= DJL_TARGET_1)))
                .append(" / ")
                .append(status(many.map(d -> d.speedUp() >= DJL_TARGET_32)))
                .append(" |\n");
        Stat annotate = Report.annotate(r, "annotate", "onnxruntime", 32);
        Measured m = measured(r, "onnxruntime", gflopPerImage);
        double rate = annotate == null ? Double.NaN : 32 / (annotate.median() / 1e3) * gflopPerImage;
        md.append("| annotate (onnxruntime) GFLOP/s: share of the theoretical peak / of the best measured rate | | ")
                .append(peak.map(p -> share(rate, p.gflops())).orElse("n/a"))
                .append(" / ")
                .append(share(rate, m.best()))
                .append(" | reported | ")
                .append(Report.num(rate))
                .append(" GFLOP/s |\n\n");
    }

    /** @return {@code part / whole} as a percentage, or n/a when either is unknown */
    private static String share(double part, double whole) {
        return Double.isNaN(part) || !(whole > 0) ? "n/a" : Report.pct(part / whole);
    }

    private static String status(Optional<Boolean> met) {
        return met.map(b -> b ? "met" : "not met").orElse("not measured");
    }

    /** The sections after the headline, and the trade-off plot. */
    static void sections(
            Map<String, Stat> r, Optional<TheoreticalPeak> peak, double gflopPerImage, Path out, StringBuilder md)
            throws IOException {
        wrapperSection(r, md);
        djlSection(r, md);
        limitSection(r, peak, gflopPerImage, md);
        tradeOff(r, out, md);
    }

    private static void wrapperSection(Map<String, Stat> r, StringBuilder md) {
        StringBuilder rows = new StringBuilder();
        for (String e : Report.ENGINES) {
            for (int b : BATCHES) {
                wrapper(r, e, b)
                        .ifPresent(w -> rows.append("| ")
                                .append(e)
                                .append(" | ")
                                .append(b)
                                .append(" | ")
                                .append(Report.num(w.replayed()))
                                .append(" | ")
                                .append(Report.num(w.modelJava()))
                                .append(" | ")
                                .append(Report.num(w.wrapper()))
                                .append(" | ")
                                .append(Report.num(w.bare()))
                                .append(" | ")
                                .append(Report.pct(w.share()))
                                .append(" |\n"));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        md.append("\n## The wrapper, against a stub engine (ms per image)\n\n")
                .append(
                        "`annotate, stub` = `Annotator.annotate` with the replay engine (the real network's outputs,"
                                + " no engine time); `model's Java work` = decoding, averaging down and the hand-crafted"
                                + " descriptors of the same batch, shared between threads as the annotator shares them;"
                                + " wrapper = the difference; `bare` = the real engine call (`AnnotateBenchmark.bareEngine`).\n\n")
                .append("| engine | batch | annotate, stub | model's Java work | wrapper | bare | wrapper / bare |\n"
                        + "|---|---|---|---|---|---|---|\n")
                .append(rows);
        md.append("\nThe model's Java work per step, one image in one thread (ms):\n\n| step | median (min–max) |\n"
                + "|---|---|\n");
        for (String step : new String[] {"decode", "averageDown", "descriptors"}) {
            Stat s = r.get("WrapperOverheadBenchmark." + step);
            if (s != null) {
                md.append("| ").append(step).append(" | ").append(s.fmt()).append(" |\n");
            }
        }
    }

    private static void djlSection(Map<String, Stat> r, StringBuilder md) {
        StringBuilder rows = new StringBuilder();
        for (int b : BATCHES) {
            djl(r, b)
                    .ifPresent(d -> rows.append("| ")
                            .append(b)
                            .append(" | ")
                            .append(d.heritage().fmt())
                            .append(" | ")
                            .append(d.djl().fmt())
                            .append(" | ")
                            .append(Report.num(d.bare()))
                            .append(" | ")
                            .append(Report.ratio(d.speedUp()))
                            .append(" | ≥ ")
                            .append(Report.ratio(b == 1 ? DJL_TARGET_1 : DJL_TARGET_32))
                            .append(" |\n"));
        }
        if (rows.isEmpty()) {
            return;
        }
        md.append("\n## Against DJL's ordinary image route (onnxruntime, the same JPEG files, ms per image)\n\n")
                .append("`Heritage` = `Annotator.annotate`, every task answered; `DJL route` = `ImageFactory.fromFile`,"
                        + " a `Translator` with `Resize(224, 224)` and `ToTensor()`, `Predictor.batchPredict` on the"
                        + " same backbone exported to ONNX, the same session options (backbone features only);"
                        + " `bare` = the backbone's and the head's engine calls alone. Each route in its own fork.\n\n")
                .append("| batch | Heritage | DJL route | bare | speed-up (DJL / Heritage) | target |\n"
                        + "|---|---|---|---|---|---|\n")
                .append(rows);
    }

    private static void limitSection(
            Map<String, Stat> r, Optional<TheoreticalPeak> peak, double gflopPerImage, StringBuilder md) {
        md.append("\n## The physical limit, stated right\n\n");
        peak.ifPresentOrElse(
                p -> md.append("Theoretical FP32 peak of this machine: ")
                        .append(p.cpu())
                        .append(", ")
                        .append(p.cores())
                        .append(" cores × ")
                        .append(Report.num(p.ghz()))
                        .append(" GHz (the clock the kernel reports) × ")
                        .append(p.flopsPerCycle())
                        .append(" FLOPs per cycle (")
                        .append(p.why())
                        .append(") = **")
                        .append(Report.num(p.gflops()))
                        .append(" GFLOP/s**.\n\n"),
                () -> md.append("Theoretical peak: /proc/cpuinfo cannot be read on this machine.\n\n"));
        md.append("Best measured rate = the larger of the fastest matrix product (`PeakFlopsBenchmark`, [1024 × n]"
                        + " · [n × n] over several n) and the bare backbone + head call at batch 32 (MobileNetV2's"
                        + " own convolutions, ")
                .append(Report.num(gflopPerImage))
                .append(" GFLOP per image).\n\n")
                .append("| engine | matmul GFLOP/s (n) | bare b32 GFLOP/s | best measured | annotate b32 GFLOP/s |"
                        + " share of theoretical | share of best measured |\n|---|---|---|---|---|---|---|\n");
        for (String e : Report.ENGINES) {
            Measured m = measured(r, e, gflopPerImage);
            Stat a = Report.annotate(r, "annotate", e, 32);
            if (m.best() == 0 && a == null) {
                continue;
            }
            double rate = a == null ? Double.NaN : 32 / (a.median() / 1e3) * gflopPerImage;
            md.append("| ")
                    .append(e)
                    .append(" | ")
                    .append(Double.isNaN(m.matmul()) ? "n/a" : Report.num(m.matmul()) + " (" + m.matmulSize() + ")")
                    .append(" | ")
                    .append(Report.num(m.bare()))
                    .append(" | ")
                    .append(Report.num(m.best()))
                    .append(" | ")
                    .append(Report.num(rate))
                    .append(" | ")
                    .append(peak.map(p -> share(rate, p.gflops())).orElse("n/a"))
                    .append(" | ")
                    .append(share(rate, m.best()))
                    .append(" |\n");
        }
    }

    private static void tradeOff(Map<String, Stat> r, Path out, StringBuilder md) throws IOException {
        StringBuilder rows = new StringBuilder();
        List<Plots.Group> groups = new ArrayList<>();
        for (OperatingPoint p : OperatingPoint.ALL) {
            Stat one = r.get(Report.key("OperatingPointBenchmark.annotate", Map.of("batch", "1", "point", p.id())));
            Stat many = r.get(Report.key("OperatingPointBenchmark.annotate", Map.of("batch", "32", "point", p.id())));
            if (one == null && many == null) {
                continue;
            }
            rows.append("| ")
                    .append(p.label())
                    .append(" | ")
                    .append(one == null ? "n/a" : Report.num(1e3 / one.median()))
                    .append(" | ")
                    .append(many == null ? "n/a" : Report.num(32e3 / many.median()));
            for (String t : OperatingPoint.TASKS) {
                Double v = p.top1().get(t);
                rows.append(" | ").append(v == null ? "" : String.format(java.util.Locale.ROOT, "%.3f", v));
            }
            rows.append(" | ").append(p.source()).append(" |\n");
            List<Stat> values = new ArrayList<>();
            values.add(one == null ? new Stat(0, 0, 0, 0, "images/s") : imagesPerSecond(one, 1));
            values.add(many == null ? new Stat(0, 0, 0, 0, "images/s") : imagesPerSecond(many, 32));
            groups.add(new Plots.Group(
                    p.label()
                            + String.format(
                                    java.util.Locale.ROOT,
                                    " (style %.3f)",
                                    p.top1().get("style")),
                    values));
        }
        if (rows.isEmpty()) {
            return;
        }
        md.append("\n## Accuracy against throughput (default engine, 224 px JPEGs)\n\n")
                .append("| operating point | images/s, batch 1 | images/s, batch 32 | top-1 style | artist | decade |"
                        + " century | accuracy from |\n|---|---|---|---|---|---|---|---|\n")
                .append(rows)
                .append("\n![accuracy against throughput](")
                .append(TRADE_OFF_PLOT)
                .append(")\n");
        Plots.draw(
                groups,
                List.of("images/s, batch 1", "images/s, batch 32"),
                "Zoo annotators: images per second (median, min-max) by operating point",
                out.resolve(TRADE_OFF_PLOT));
    }

    /** A time per batch as images per second (the slowest iteration gives the fewest). */
    private static Stat imagesPerSecond(Stat msPerBatch, int batch) {
        return new Stat(
                batch * 1e3 / msPerBatch.median(),
                batch * 1e3 / msPerBatch.max(),
                batch * 1e3 / msPerBatch.min(),
                msPerBatch.n(),
                "images/s");
    }
}
