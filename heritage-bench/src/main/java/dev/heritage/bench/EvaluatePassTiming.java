package dev.heritage.bench;

import dev.heritage.api.engine.Engines;
import dev.heritage.api.model.Digests;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.classify.train.ModelEvaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Times {@code heritage evaluate}'s work ({@link ModelEvaluation#evaluate}: decode, preprocess,
 * backbone, descriptors, head, metrics, plots) on a labelled collection, round after round in one JVM,
 * and prints the SHA-256 of each round's {@code metrics.json}, so two builds can be compared for speed
 * and for identical metrics. Run it on another build's classes by putting that build's jar first:
 *
 * <pre>
 * java -cp OTHER/benchmarks.jar:heritage-bench/target/benchmarks.jar dev.heritage.bench.EvaluatePassTiming \
 *     labelled.csv OUT_DIR [rounds] [engine]
 * </pre>
 *
 * <p>Not thread-safe; a program.
 */
public final class EvaluatePassTiming {
    private EvaluatePassTiming() {}

    /**
     * @param args the labelled CSV, an output folder, rounds (default 3), engine (default the default)
     * @throws Exception if the evaluation fails
     */
    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String engine = args.length > 3 ? args[3] : null;
        ModelArtifact artifact = ModelZoos.open(AnnotateBenchmark.MODEL);
        long rows = Files.lines(csv).count() - 1;
        for (int r = 0; r < rounds; r++) {
            Path dir = out.resolve("round-" + r);
            long start = System.nanoTime();
            ModelEvaluation.evaluate(artifact, Engines.resolve(engine), csv, null, dir, n -> {}, false);
            double ms = (System.nanoTime() - start) / 1e6;
            System.out.printf(
                    Locale.ROOT,
                    "round %d: %.0f ms, %.2f ms per row, metrics.json %s%n",
                    r,
                    ms,
                    ms / rows,
                    Digests.sha256(dir.resolve("metrics.json")).substring(0, 16));
        }
    }
}
