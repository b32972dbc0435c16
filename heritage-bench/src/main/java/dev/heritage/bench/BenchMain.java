package dev.heritage.bench;

import dev.heritage.runtime.HeritageCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every Heritage benchmark with the settings used for {@code docs/PERFORMANCE.md} and writes
 * the JMH results and the report (tables with medians and spread, ratios measured in the same run,
 * PNG plots).
 *
 * <pre>
 * java -jar heritage-bench/target/benchmarks.jar [--quick] [--out DIR] [--report-only] [--no-paired] [REGEX...]
 * java -jar heritage-bench/target/benchmarks.jar --paired-only [--engines E,E] [--batches B,B] [--rounds N]
 *         [--warmup N] [--out DIR]
 * java -jar heritage-bench/target/benchmarks.jar --cold-start [--engines E,E] [--rounds N] [--out DIR]
 *         [--baseline OTHER/benchmarks.jar]
 * java -jar heritage-bench/target/benchmarks.jar --jmh [JMH options...]     (JMH's own command line)
 * </pre>
 *
 * <p>Defaults: 3 warm-up and 5 measured iterations of 2 s, one fork per benchmark, output in
 * {@code target/bench} ({@code jmh.json}, {@code report.md}, {@code *.png}). {@code --quick}: no
 * warm-up, one 200 ms iteration (a smoke run; its numbers mean nothing). REGEX selects benchmarks
 * as JMH's include patterns do. After JMH, unless {@code --no-paired}, {@link PairedOverhead} measures
 * the annotator's overhead as interleaved pairs (in this JVM, so pass {@code -Dheritage.cache.dir}
 * to it too when the default does not suit). Forked JVMs get {@code heritage.cache.dir} (default
 * {@code target/heritage-cache}) so natives are unpacked once.
 *
 * <p>{@code --paired-only} runs only {@link PairedOverhead} (no JMH, no report), in this JVM: by
 * default on every engine at batches 1 and 32 with 2 warm-up and 9 measured rounds; {@code --engines},
 * {@code --batches}, {@code --rounds} and {@code --warmup} change that (they apply to the paired
 * measurement of a full run too). It writes {@code paired-overhead.csv} and prints, per engine and
 * batch, the overhead and the time per image of every step as median (min–max).
 *
 * <p>{@code --cold-start} runs only {@link ColdStart}: per engine, one fresh JVM on an empty cache
 * folder and {@code --rounds} (default 3) on the warm one, from loading the annotator to its first
 * answer; output in {@code target/cold-start} unless {@code --out}; {@code --baseline} measures another
 * build's jar interleaved with this one.
 */
public final class BenchMain {
    private BenchMain() {}

    /**
     * @param args see the class description
     * @throws Exception if JMH or the report fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--jmh")) {
            String[] rest = new String[args.length - 1];
            System.arraycopy(args, 1, rest, 0, rest.length);
            org.openjdk.jmh.Main.main(rest);
            return;
        }
        boolean quick = false;
        boolean reportOnly = false;
        boolean paired = true;
        boolean pairedOnly = false;
        boolean coldStart = false;
        Path baseline = null;
        List<String> engines = List.of(Report.ENGINES);
        int[] batches = {1, 32};
        int rounds = -1;
        int warmup = -1;
        Path out = null;
        List<String> includes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--report-only" -> reportOnly = true;
                case "--no-paired" -> paired = false;
                case "--paired-only" -> pairedOnly = true;
                case "--cold-start" -> coldStart = true;
                case "--baseline" -> baseline = Path.of(value(args, i++));
                case "--engines" -> engines = List.of(value(args, i++).split(","));
                case "--batches" ->
                    batches = Arrays.stream(value(args, i++).split(","))
                            .mapToInt(Integer::parseInt)
                            .toArray();
                case "--rounds" -> rounds = Integer.parseInt(value(args, i++));
                case "--warmup" -> warmup = Integer.parseInt(value(args, i++));
                case "--out" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--out needs a folder");
                    }
                    out = Path.of(args[++i]);
                }
                case "-h", "--help" -> {
                    System.out.println(
                            "Usage: java -jar benchmarks.jar [--quick] [--out DIR] [--report-only] [--no-paired] [REGEX...]"
                                    + "\n       java -jar benchmarks.jar --paired-only [--engines E,E] [--batches B,B] [--rounds N]"
                                    + " [--warmup N] [--out DIR]"
                                    + "\n       java -jar benchmarks.jar --cold-start [--engines E,E] [--rounds N] [--out DIR] [--baseline JAR]"
                                    + "\n       java -jar benchmarks.jar --jmh [JMH options]");
                    return;
                }
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("Unknown option " + args[i] + "; try --help");
                    }
                    includes.add(args[i]);
                }
            }
        }
        if (coldStart) {
            ColdStart.run(
                    engines,
                    rounds > 0 ? rounds : 3,
                    Files.createDirectories((out == null ? Path.of("target", "cold-start") : out).toAbsolutePath()),
                    baseline);
            return;
        }
        out = Files.createDirectories((out == null ? Path.of("target", "bench") : out).toAbsolutePath());
        Path json = out.resolve("jmh.json");
        int pairedWarmup = warmup >= 0 ? warmup : quick ? 0 : 2;
        int pairedRounds = rounds > 0 ? rounds : quick ? 1 : 9;
        String cache = System.getProperty(
                HeritageCache.PROPERTY,
                Path.of("target", "heritage-cache").toAbsolutePath().toString());
        if (pairedOnly) {
            System.setProperty(HeritageCache.PROPERTY, cache);
            Path csv = out.resolve(Report.PAIRED_FILE);
            PairedOverhead.run(engines, batches, pairedWarmup, pairedRounds, csv);
            System.out.println("Paired measurement: " + csv);
            return;
        }
        if (!reportOnly) {
            System.setProperty(HeritageCache.PROPERTY, cache); // for the paired measurement in this JVM
            ChainedOptionsBuilder o = new OptionsBuilder()
                    .forks(1)
                    .warmupIterations(quick ? 0 : 3)
                    .warmupTime(TimeValue.seconds(2))
                    .measurementIterations(quick ? 1 : 5)
                    .measurementTime(quick ? TimeValue.milliseconds(200) : TimeValue.seconds(2))
                    .timeUnit(TimeUnit.MILLISECONDS)
                    .jvmArgs(
                            "-Xmx6g",
                            "-D" + HeritageCache.PROPERTY + "=" + cache,
                            "-D" + Memory.OUT_PROPERTY + "=" + out,
                            "-Dai.djl.offline=true",
                            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
                    .resultFormat(ResultFormatType.JSON)
                    .result(json.toString());
            if (includes.isEmpty()) {
                o.include("dev\\.heritage\\.bench\\..*");
            }
            includes.forEach(o::include);
            new Runner(o.build()).run();
            if (paired) {
                PairedOverhead.run(engines, batches, pairedWarmup, pairedRounds, out.resolve(Report.PAIRED_FILE));
            }
        }
        Path report = Report.write(json, out);
        System.out.println("Report: " + report);
    }

    private static String value(String[] args, int i) {
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException(args[i] + " needs a value");
        }
        return args[i + 1];
    }
}
