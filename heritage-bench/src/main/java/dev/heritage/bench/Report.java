package dev.heritage.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.HeritageException;
import dev.heritage.api.io.AtomicFiles;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.classify.model.AnnotatorModel;
import dev.heritage.network.FlopCounter;
import dev.heritage.network.NetworkGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns a JMH JSON result file into the performance report: every result as a median with its
 * min–max over the measured iterations, and the side-by-side ratios of issue 6 (our overhead over
 * the bare engine call, engines against each other, Telea against OpenCV's, batched against single,
 * shared against separate annotators), the models' FLOPs and their share of the measured peak, and
 * two PNG plots. Ratios are computed only from results of the same file (the same run).
 *
 * <p>Stateless and thread-safe.
 */
public final class Report {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String[] ENGINES = {"onnxruntime", "pytorch", "tensorflow"};
    static final int[] BATCHES = {1, 8, 32};
    /** The file {@link PairedOverhead} writes into the output folder. */
    static final String PAIRED_FILE = "paired-overhead.csv";

    private Report() {}

    /** A result: its median, min and max over measured iterations (all forks), in its unit. */
    record Stat(double median, double min, double max, int n, String unit) {
        String fmt() {
            return num(median) + " (" + num(min) + "–" + num(max) + ")";
        }

        Stat div(double d) {
            return new Stat(median / d, min / d, max / d, n, unit);
        }
    }

    /**
     * @param json JMH's JSON results
     * @param out the folder for {@code report.md} and the plots
     * @return the report file
     * @throws IOException if a file cannot be read or written
     */
    public static Path write(Path json, Path out) throws IOException {
        Map<String, Stat> r = read(json);
        StringBuilder md = new StringBuilder();
        md.append("# Heritage benchmark report\n\nFrom `")
                .append(json.getFileName())
                .append("`. Every figure: median (min–max) over the measured iterations; ratios use medians of"
                        + " the same run.\n\n");
        Optional<TheoreticalPeak> peak = TheoreticalPeak.ofThisMachine();
        double gflopPerImage = OverheadReport.gflopPerImage();
        OverheadReport.headline(r, peak, gflopPerImage, md);
        annotate(r, md);
        OverheadReport.sections(r, peak, gflopPerImage, out, md);
        paired(out.resolve(PAIRED_FILE), md);
        flops(r, md);
        decode(r, md);
        reconstruct(r, md);
        concurrency(r, out, md);
        other(r, md);
        md.append("\n## All results\n\n| benchmark | params | median (min–max) | unit |\n|---|---|---|---|\n");
        r.forEach((k, s) -> {
            String[] parts = k.split("\\|", 2);
            md.append("| ")
                    .append(parts[0])
                    .append(" | ")
                    .append(parts.length > 1 ? parts[1] : "")
                    .append(" | ")
                    .append(s.fmt())
                    .append(" | ")
                    .append(s.unit())
                    .append(" |\n");
        });
        Plots.annotate(r, out.resolve("annotate.png"));
        Plots.reconstruct(r, out.resolve("reconstruct.png"));
        Path file = out.resolve("report.md");
        AtomicFiles.writeString(file, md.toString());
        return file;
    }

    /** Reads JMH results keyed {@code Class.method|k=v,k=v} (params sorted). */
    static Map<String, Stat> read(Path json) throws IOException {
        Map<String, Stat> out = new TreeMap<>();
        for (JsonNode b : JSON.readTree(json.toFile())) {
            String name = b.path("benchmark").asText();
            String[] parts = name.split("\\.");
            String shortName = parts[parts.length - 2] + "." + parts[parts.length - 1];
            Map<String, String> params = new TreeMap<>();
            b.path("params")
                    .fields()
                    .forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            JsonNode pm = b.path("primaryMetric");
            List<Double> values = new ArrayList<>();
            for (JsonNode fork : pm.path("rawData")) {
                fork.forEach(v -> values.add(v.asDouble()));
            }
            if (values.isEmpty()) {
                values.add(pm.path("score").asDouble());
            }
            double[] v =
                    values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            out.put(
                    key(shortName, params),
                    new Stat(
                            median,
                            v[0],
                            v[v.length - 1],
                            v.length,
                            pm.path("scoreUnit").asText()));
        }
        return out;
    }

    static String key(String shortName, Map<String, String> params) {
        StringBuilder s = new StringBuilder(shortName);
        String sep = "|";
        for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
            s.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ",";
        }
        return s.toString();
    }

    /** The zoo model's result; runs made before {@code AnnotateBenchmark} had a model parameter have none. */
    static Stat annotate(Map<String, Stat> r, String method, String engine, int batch) {
        Stat s = r.get(key(
                "AnnotateBenchmark." + method,
                Map.of("batch", String.valueOf(batch), "engine", engine, "model", AnnotateBenchmark.MODEL)));
        return s != null
                ? s
                : r.get(key("AnnotateBenchmark." + method, Map.of("batch", String.valueOf(batch), "engine", engine)));
    }

    private static void annotate(Map<String, Stat> r, StringBuilder md) {
        Stat decode = r.get("DecodeBenchmark.decodeAndPreprocessSmall");
        Stat descriptors = r.get("DecodeBenchmark.descriptorsSmall");
        md.append("## Annotate (paintings-multitask, 224 px JPEGs), ms per image\n\n")
                .append("`annotate` = `Annotator.annotate` on the batch; `bare` = the backbone's and the head's"
                        + " `forward` on the same tensors. Overhead = annotate / bare − 1. Java work per image"
                        + " measured separately in the same run: decode + preprocess ")
                .append(decode == null ? "n/a" : num(decode.median()))
                .append(" ms, descriptors ")
                .append(descriptors == null ? "n/a" : num(descriptors.median()))
                .append(" ms; the rest is the overhead not explained by those.\n\n")
                .append("| engine | batch | annotate | bare | overhead | of which decode+preprocess | descriptors"
                        + " | rest |\n|---|---|---|---|---|---|---|---|\n");
        for (String e : ENGINES) {
            for (int b : BATCHES) {
                Stat a = annotate(r, "annotate", e, b);
                Stat bare = annotate(r, "bareEngine", e, b);
                if (a == null || bare == null) {
                    continue;
                }
                Stat ai = a.div(b);
                Stat bi = bare.div(b);
                double over = ai.median() / bi.median() - 1;
                String dec = decode == null ? "" : pct(decode.median() / bi.median());
                String des = descriptors == null ? "" : pct(descriptors.median() / bi.median());
                String rest = decode == null || descriptors == null
                        ? ""
                        : pct((ai.median() - bi.median() - decode.median() - descriptors.median()) / bi.median());
                md.append("| ")
                        .append(e)
                        .append(" | ")
                        .append(b)
                        .append(" | ")
                        .append(ai.fmt())
                        .append(" | ")
                        .append(bi.fmt())
                        .append(" | ")
                        .append(pct(over))
                        .append(" | ")
                        .append(dec)
                        .append(" | ")
                        .append(des)
                        .append(" | ")
                        .append(rest)
                        .append(" |\n");
                Stat stream = annotate(r, "annotateStream", e, b);
                if (stream != null) {
                    Stat si = stream.div(b * AnnotateBenchmark.STREAM_BATCHES);
                    md.append("| ")
                            .append(e)
                            .append(" | ")
                            .append(b)
                            .append(" (")
                            .append(AnnotateBenchmark.STREAM_BATCHES)
                            .append(" batches per call) | ")
                            .append(si.fmt())
                            .append(" | ")
                            .append(bi.fmt())
                            .append(" | ")
                            .append(pct(si.median() / bi.median() - 1))
                            .append(" | | | |\n");
                }
            }
        }
        md.append("\n### Engines against each other (bare, batch 32, per image; ratio to the fastest)\n\n")
                .append("| engine | ms/image | ratio |\n|---|---|---|\n");
        double best = Double.MAX_VALUE;
        for (String e : ENGINES) {
            Stat s = annotate(r, "bareEngine", e, 32);
            if (s != null) {
                best = Math.min(best, s.median() / 32);
            }
        }
        for (String e : ENGINES) {
            Stat s = annotate(r, "bareEngine", e, 32);
            if (s != null) {
                md.append("| ")
                        .append(e)
                        .append(" | ")
                        .append(s.div(32).fmt())
                        .append(" | ")
                        .append(ratio(s.median() / 32 / best))
                        .append(" |\n");
            }
        }
        Map<String, String> flipParams = Map.of("batch", "32", "engine", "onnxruntime");
        Stat once = r.get(key("MirrorAverageBenchmark.annotate", flipParams));
        Stat flipped = r.get(key("MirrorAverageBenchmark.annotateMirrorAveraged", flipParams));
        if (once != null && flipped != null) {
            md.append("\n### The test-time flip (`mirrorAverage`; onnxruntime, batch 32, per image)\n\n")
                    .append("| annotate | with the flip | ratio |\n|---|---|---|\n| ")
                    .append(once.div(32).fmt())
                    .append(" | ")
                    .append(flipped.div(32).fmt())
                    .append(" | ")
                    .append(ratio(flipped.median() / once.median()))
                    .append(" |\n");
        }
        md.append("\n### Batched against single (annotate, time per image at batch 1 / at batch B)\n\n")
                .append("| engine | batch 8 | batch 32 |\n|---|---|---|\n");
        for (String e : ENGINES) {
            Stat one = annotate(r, "annotate", e, 1);
            if (one == null) {
                continue;
            }
            md.append("| ").append(e);
            for (int b : new int[] {8, 32}) {
                Stat s = annotate(r, "annotate", e, b);
                md.append(" | ").append(s == null ? "" : ratio(one.median() / (s.median() / b)));
            }
            md.append(" |\n");
        }
    }

    private static void paired(Path csv, StringBuilder md) throws IOException {
        if (!Files.isRegularFile(csv)) {
            return;
        }
        md.append("\n### Overhead from interleaved pairs (annotate, then bare, per round; same JVM)\n\n")
                .append("| engine | batch | rounds | annotate ms/image | bare ms/image | annotate / bare − 1:"
                        + " median (min–max) | decode | preprocess | descriptors | load average |\n"
                        + "|---|---|---|---|---|---|---|---|---|---|\n");
        for (PairedOverhead.Pairs p : PairedOverhead.read(csv)) {
            double[] ratios = p.ratios();
            md.append("| ")
                    .append(p.engine())
                    .append(" | ")
                    .append(p.batch())
                    .append(" | ")
                    .append(ratios.length)
                    .append(" | ")
                    .append(num(PairedOverhead.median(p.annotateMs()) / p.batch()))
                    .append(" | ")
                    .append(num(PairedOverhead.median(p.bareMs()) / p.batch()))
                    .append(" | ")
                    .append(pct(PairedOverhead.median(ratios) - 1))
                    .append(" (")
                    .append(pct(PairedOverhead.min(ratios) - 1))
                    .append(" – ")
                    .append(pct(PairedOverhead.max(ratios) - 1))
                    .append(") | ")
                    .append(step(p.decodeMs(), p.batch()))
                    .append(" | ")
                    .append(step(p.preprocessMs(), p.batch()))
                    .append(" | ")
                    .append(step(p.descriptorsMs(), p.batch()))
                    .append(" | ")
                    .append(Double.isNaN(PairedOverhead.median(p.load1())) ? "" : num(PairedOverhead.median(p.load1())))
                    .append(" |\n");
        }
        md.append("\nDecode, preprocess and descriptors: the annotator's Java steps timed one after the other in the"
                + " calling thread in the same round, ms per image.\n");
    }

    private static String step(double[] batchMs, int batch) {
        double m = PairedOverhead.median(batchMs);
        return Double.isNaN(m) ? "" : num(m / batch);
    }

    /** FLOPs per image of the zoo models and their throughput as a share of the measured peak. */
    private static void flops(Map<String, Stat> r, StringBuilder md) {
        md.append("\n## The physical limit\n\n");
        try {
            ModelArtifact annotator = ModelZoos.open(AnnotateBenchmark.MODEL);
            FlopCounter.Count backbone = FlopCounter.count(graph(annotator, AnnotatorModel.BACKBONE));
            FlopCounter.Count head = FlopCounter.count(graph(annotator, AnnotatorModel.HEAD));
            md.append("FLOPs per example (multiply-add = 2; `FlopCounter` over the network graph):\n\n")
                    .append("| model / network | GFLOP total | of which conv + linear |\n|---|---|---|\n")
                    .append("| paintings-multitask / backbone (224×224) | ")
                    .append(g(backbone.total()))
                    .append(" | ")
                    .append(g(backbone.macFlops()))
                    .append(" |\n")
                    .append("| paintings-multitask / head | ")
                    .append(g(head.total()))
                    .append(" | ")
                    .append(g(head.macFlops()))
                    .append(" |\n\n");
            double perImage = backbone.total() + head.total();
            md.append(
                            "Attainable peak: a 1024×1024 · 1024×1024 matrix product through the same `LoadedNetwork`"
                                    + " path (`PeakFlopsBenchmark`). Share = achieved GFLOP/s at batch 32 / that engine's peak.\n\n")
                    .append("| engine | peak GFLOP/s | bare batch 32: images/s | GFLOP/s | share of peak |"
                            + " annotate batch 32: images/s | share of peak | annotate, "
                            + AnnotateBenchmark.STREAM_BATCHES + " batches of 32 per call: images/s | share of peak |"
                            + "\n|---|---|---|---|---|---|---|---|---|\n");
            for (String e : ENGINES) {
                Stat mm = r.get(key("PeakFlopsBenchmark.matmul", Map.of("engine", e, "rows", "1024", "size", "1024")));
                if (mm == null) {
                    continue;
                }
                double peak = 2.0 * 1024 * 1024 * 1024 / (mm.median() / 1e3) / 1e9;
                md.append("| ").append(e).append(" | ").append(num(peak));
                for (String method : new String[] {"bareEngine", "annotate", "annotateStream"}) {
                    Stat s = annotate(r, method, e, 32);
                    if (s == null) {
                        md.append(method.equals("bareEngine") ? " | | | " : " | | ");
                        continue;
                    }
                    int images = method.equals("annotateStream") ? 32 * AnnotateBenchmark.STREAM_BATCHES : 32;
                    double ips = images / (s.median() / 1e3);
                    double gf = ips * perImage / 1e9;
                    md.append(" | ").append(num(ips));
                    if (method.equals("bareEngine")) {
                        md.append(" | ").append(num(gf));
                    }
                    md.append(" | ").append(pct(gf / peak));
                }
                md.append(" |\n");
            }
        } catch (HeritageException | IOException e) {
            md.append("(FLOPs not counted: ").append(e.getMessage()).append(")\n");
        }
    }

    static NetworkGraph graph(ModelArtifact artifact, String network) throws IOException {
        return NetworkGraph.read(artifact.resolve(artifact.network(network).graph()));
    }

    private static void decode(Map<String, Stat> r, StringBuilder md) {
        md.append("\n## Decoding and preprocessing (ms per image)\n\n| step | median (min–max) |\n|---|---|\n");
        for (String m : new String[] {
            "decodeSmall",
            "preprocessSmall",
            "decodeAndPreprocessSmall",
            "descriptorsSmall",
            "decodeLargeFull",
            "decodeLargeSubsampled",
            "decodeAndPreprocessLarge"
        }) {
            Stat s = r.get("DecodeBenchmark." + m);
            if (s != null) {
                md.append("| ").append(m).append(" | ").append(s.fmt()).append(" |\n");
            }
        }
        Stat small = r.get("DecodeBenchmark.decodeAndPreprocessSmall");
        Stat full = r.get("DecodeBenchmark.decodeLargeFull");
        Stat sub = r.get("DecodeBenchmark.decodeLargeSubsampled");
        if (full != null && sub != null) {
            md.append("\nDecode-time sub-sampling of the 2,000 px JPEG saves ")
                    .append(pct(1 - sub.median() / full.median()))
                    .append(" of its decoding time (")
                    .append(ratio(full.median() / sub.median()))
                    .append(" faster).\n");
        }
        if (small != null) {
            md.append("\nShare of end-to-end annotate time per image spent decoding + preprocessing a 224 px JPEG:\n\n"
                    + "| engine | batch 1 | batch 32 |\n|---|---|---|\n");
            for (String e : ENGINES) {
                Stat one = annotate(r, "annotate", e, 1);
                Stat many = annotate(r, "annotate", e, 32);
                if (one != null && many != null) {
                    md.append("| ")
                            .append(e)
                            .append(" | ")
                            .append(pct(small.median() / one.median()))
                            .append(" | ")
                            .append(pct(small.median() / (many.median() / 32)))
                            .append(" |\n");
                }
            }
        }
    }

    private static void reconstruct(Map<String, Stat> r, StringBuilder md) {
        md.append("\n## Reconstruction, ms per megapixel (1.0 MP image, mixed mask 5–30 %, in memory)\n\n")
                .append("| method | ms/MP | ratio to OpenCV Telea |\n|---|---|---|\n");
        Stat cv = r.get(key("ReconstructBenchmark.teleaOpenCv", Map.of("megapixels", "1.0")));
        for (String m : ReconstructBenchmark.METHODS) {
            Stat s = r.get(key("ReconstructBenchmark." + m, Map.of("megapixels", "1.0")));
            if (s != null) {
                md.append("| ")
                        .append(m)
                        .append(" | ")
                        .append(s.fmt())
                        .append(" | ")
                        .append(cv == null ? "" : ratio(s.median() / cv.median()))
                        .append(" |\n");
            }
        }
    }

    private static void concurrency(Map<String, Stat> r, Path out, StringBuilder md) throws IOException {
        Stat shared = r.get(key("ConcurrencyBenchmark.shared", Map.of("batch", "8")));
        Stat separate = r.get(key("ConcurrencyBenchmark.separate", Map.of("batch", "8")));
        if (shared == null || separate == null) {
            return;
        }
        int t = ConcurrencyBenchmark.THREADS;
        md.append("\n## One shared annotator against one per thread (")
                .append(t)
                .append(" threads, ONNX Runtime, batches of 8)\n\n")
                .append("| arrangement | ms per call | images/s | peak RSS (MiB) |\n|---|---|---|---|\n");
        for (String[] a : new String[][] {{"shared", "shared"}, {"separate", "separate"}}) {
            Stat s = a[0].equals("shared") ? shared : separate;
            md.append("| ")
                    .append(a[0])
                    .append(" | ")
                    .append(s.fmt())
                    .append(" | ")
                    .append(num(t * 8 / (s.median() / 1e3)))
                    .append(" | ")
                    .append(memory(out, a[1]))
                    .append(" |\n");
        }
        md.append("\nThroughput shared / separate: ")
                .append(ratio(separate.median() / shared.median()))
                .append(".\n");
    }

    private static String memory(Path out, String name) throws IOException {
        Path f = out.resolve("memory-" + name + ".txt");
        if (!Files.isRegularFile(f)) {
            return "n/a";
        }
        for (String line : Files.readAllLines(f)) {
            if (line.startsWith("VmHWM_MiB=")) {
                return num(Double.parseDouble(line.substring("VmHWM_MiB=".length())));
            }
        }
        return "n/a";
    }

    private static void other(Map<String, Stat> r, StringBuilder md) {
        Stat step = r.get(key("TrainingStepBenchmark.step", Map.of("batch", "64")));
        if (step != null) {
            md.append("\n## Training\n\nOne training step of the annotator head (DJL/PyTorch, Adam, batch 64): ")
                    .append(step.fmt())
                    .append(" ms.\n");
        }
    }

    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * v);
    }

    static String ratio(double v) {
        return String.format(Locale.ROOT, "%.2f×", v);
    }

    static String g(long flops) {
        return String.format(Locale.ROOT, "%.3f", flops / 1e9);
    }
}
