package dev.heritage.bench;

import java.util.List;
import java.util.Map;

/**
 * One way to run a zoo annotator, with its measured accuracy: the rows of the report's accuracy
 * against throughput table ({@link OperatingPointBenchmark} measures the throughput of each). A new
 * zoo variant, or a new option that trades speed for accuracy, is one more entry in {@link #ALL}
 * and one more value of the benchmark's {@code point} parameter.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the benchmark's {@code point} parameter value
 * @param model the zoo id
 * @param version the model's version the accuracy was measured on
 * @param mirror whether the test-time flip is on ({@code --mirror})
 * @param top1 validation top-1 per task (each task with every other field the model reads known)
 * @param source where the accuracy figures come from
 */
public record OperatingPoint(
        String id, String model, String version, boolean mirror, Map<String, Double> top1, String source) {

    /** The tasks shown, in this order. */
    public static final List<String> TASKS = List.of("style", "artist", "decade", "century");

    /**
     * Every operating point of the zoo annotators. Top-1 on the 3,392-row validation split of
     * docs/STATUS.md ({@code heritage evaluate}, with and without {@code --mirror}, 7 Dec 2026); the
     * figures without the flip are the model card's own metrics (a test checks they agree).
     */
    public static final List<OperatingPoint> ALL = List.of(
            new OperatingPoint(
                    "paintings-multitask",
                    "paintings-multitask",
                    "2.1.0",
                    false,
                    Map.of("style", 0.673, "artist", 0.719, "decade", 0.349, "century", 0.899),
                    "model card; docs/STATUS.md"),
            new OperatingPoint(
                    "paintings-multitask+mirror",
                    "paintings-multitask",
                    "2.1.0",
                    true,
                    Map.of("style", 0.672, "artist", 0.736, "decade", 0.346, "century", 0.904),
                    "heritage evaluate --mirror; docs/STATUS.md"));

    /**
     * @param id a {@code point} parameter value
     * @return its operating point
     * @throws IllegalArgumentException naming the known ones, if there is none
     */
    public static OperatingPoint of(String id) {
        return ALL.stream()
                .filter(p -> p.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No operating point '" + id + "'; known: "
                        + ALL.stream().map(OperatingPoint::id).toList() + ". Add it to OperatingPoint.ALL."));
    }

    /** @return how the point is named in tables: the model, its version and the flip */
    public String label() {
        return model + " " + version + (mirror ? " --mirror" : "");
    }
}
