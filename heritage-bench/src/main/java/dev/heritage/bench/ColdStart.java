package dev.heritage.bench;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.Asset;
import dev.heritage.api.ImageSource;
import dev.heritage.api.io.AtomicFiles;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.classify.Annotators;
import dev.heritage.runtime.FileTrees;
import dev.heritage.runtime.HeritageCache;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cold start: what a server pays at every deploy, from {@code Annotators.load} to the first answer,
 * with an empty Heritage cache and with a warm one, per engine. Every measurement runs in a fresh
 * child JVM (so class loading, native library loading and the engine's initialisation are paid each
 * time), and the child reports its phases and its peak resident set.
 *
 * <pre>
 * java -jar heritage-bench/target/benchmarks.jar --cold-start [--engines E,E] [--rounds N] [--out DIR]
 *         [--baseline OTHER/benchmarks.jar]
 * </pre>
 *
 * <p>Per engine: one child on an empty cache folder (natives unpacked, zoo model unpacked and
 * verified, engine formats derived), then {@code rounds} children on that now warm folder. Phases, in
 * ms: {@code jvm} (JVM start to {@code main}), {@code open} ({@code ModelZoos.open}: unpacking and
 * verifying the model), {@code load} ({@code Annotators.load}: engine initialisation, engine format,
 * networks), {@code first} (the first {@code annotate} of one 224 px JPEG), {@code total} (the child
 * process's wall time as the parent sees it), and {@code VmHWM} in MiB. Writes {@code cold-start.csv}
 * and {@code cold-start.md} into the output folder (default {@code target/cold-start}).
 *
 * <p>{@code --baseline JAR} (the {@code benchmarks.jar} of another build, for example of the previous
 * commit) measures that build too, interleaved with this one (each its own cache folder, the same
 * rounds alternately), so a before/after comparison shares the machine's load. The child then runs
 * with the baseline's classes first on its class path; only this class comes from this build.
 *
 * <p>Not thread-safe; a program, not a library.
 */
public final class ColdStart {
    private static final String CHILD = "--child";
    private static final String PREFIX = "COLDSTART ";

    private ColdStart() {}

    /**
     * The parent: runs every measurement in a child JVM and writes the table.
     *
     * @param engines the engines to measure
     * @param rounds how many warm-cache children per engine
     * @param out the output folder
     * @throws Exception if a child fails or the table cannot be written
     */
    public static void run(List<String> engines, int rounds, Path out, Path baseline) throws Exception {
        Files.createDirectories(out);
        Path jpeg = out.resolve("painting-224.jpg");
        AtomicFiles.writeBytes(jpeg, BenchImages.smallJpeg());
        List<String> rows = new ArrayList<>();
        rows.add("build,engine,cache,round,jvm_ms,open_ms,load_ms,first_ms,load_to_first_ms,total_ms,vmhwm_mib");
        String own = System.getProperty("java.class.path");
        List<String[]> builds = new ArrayList<>();
        if (baseline != null) {
            builds.add(new String[] {"baseline", baseline.toAbsolutePath() + java.io.File.pathSeparator + own});
        }
        builds.add(new String[] {"this", own});
        for (String engine : engines) {
            for (String[] build : builds) {
                Path cache = out.resolve("cache-" + build[0] + "-" + engine);
                FileTrees.deleteRecursively(cache);
                rows.add(child(build, engine, "empty", 0, cache, jpeg));
            }
            for (int r = 1; r <= rounds; r++) {
                for (String[] build : builds) {
                    rows.add(child(build, engine, "warm", r, out.resolve("cache-" + build[0] + "-" + engine), jpeg));
                }
            }
        }
        Path csv = out.resolve("cold-start.csv");
        AtomicFiles.writeString(csv, String.join("\n", rows) + "\n");
        String table = table(rows);
        AtomicFiles.writeString(out.resolve("cold-start.md"), table);
        System.out.println(table);
        System.out.println("Cold start: " + csv);
    }

    private static String child(String[] build, String engine, String kind, int round, Path cache, Path jpeg)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx2g",
                "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-D" + HeritageCache.PROPERTY + "=" + cache.toAbsolutePath(),
                "-cp",
                build[1],
                ColdStart.class.getName(),
                CHILD,
                engine,
                jpeg.toAbsolutePath().toString()));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = null;
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith(PREFIX)) {
                    result = line.substring(PREFIX.length());
                } else {
                    log.append(line).append('\n');
                }
            }
        }
        int rc = p.waitFor();
        double total = (System.nanoTime() - start) / 1e6;
        if (rc != 0 || result == null) {
            throw new IllegalStateException("Cold-start child for " + engine + " failed (exit " + rc + "):\n" + log);
        }
        String row = build[0] + "," + engine + "," + kind + "," + round + "," + result.replace("TOTAL", fmt(total));
        System.out.println(row);
        return row;
    }

    /**
     * The child: opens, loads and annotates once, then prints its phases on one line.
     *
     * @param engine the engine
     * @param jpeg the image to annotate
     * @throws Exception if anything fails
     */
    private static void child(String engine, Path jpeg) throws Exception {
        long t0 = System.nanoTime();
        double jvm = ManagementFactory.getRuntimeMXBean().getUptime();
        ModelArtifact artifact = ModelZoos.open(AnnotateBenchmark.MODEL);
        long t1 = System.nanoTime();
        try (Annotator annotator = Annotators.load(artifact, AnnotateBenchmark.options(engine, 1))) {
            long t2 = System.nanoTime();
            Asset asset = Asset.builder("cold")
                    .image(ImageSource.of(
                            Files.readAllBytes(jpeg), jpeg.getFileName().toString()))
                    .build();
            AnnotationResult result = annotator.annotate(asset);
            long t3 = System.nanoTime();
            if (result.predictions().isEmpty()) {
                throw new IllegalStateException("The first answer has no prediction");
            }
            System.out.println(PREFIX
                    + String.join(
                            ",",
                            fmt(jvm),
                            fmt((t1 - t0) / 1e6),
                            fmt((t2 - t1) / 1e6),
                            fmt((t3 - t2) / 1e6),
                            fmt((t3 - t0) / 1e6),
                            "TOTAL",
                            fmt(Memory.mib("VmHWM"))));
        }
    }

    private static String table(List<String> rows) {
        StringBuilder b = new StringBuilder(
                "| build | engine | cache | round | JVM start | open | load | first answer | open → answer | process | peak RSS (MiB) |\n"
                        + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (String row : rows.subList(1, rows.size())) {
            b.append("| ")
                    .append(String.join(" | ", Arrays.asList(row.split(","))))
                    .append(" |\n");
        }
        return b.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    /**
     * @param args {@code --child ENGINE JPEG} (internal), else see {@link #run}
     * @throws Exception if the measurement fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals(CHILD)) {
            child(args[1], Path.of(args[2]));
            return;
        }
        run(List.of(Report.ENGINES), 3, Path.of("target", "cold-start").toAbsolutePath(), null);
    }
}
