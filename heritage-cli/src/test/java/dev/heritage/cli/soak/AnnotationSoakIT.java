package dev.heritage.cli.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.api.ImageSource;
import dev.heritage.classify.Annotators;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 8's long run, opt-in ({@code mvn -pl examples -am verify -Psoak}; not part of the default
 * build): the zoo annotator answers {@code heritage.soak.annotations} requests (default 100,000) in
 * batches of 32 over the bundled public-domain paintings with varying known fields, while heap (after
 * a full GC), resident memory, open file descriptors, threads and the temporary directory are sampled.
 * Then the annotator is loaded, used and closed {@code heritage.soak.cycles} times (default 30) to show
 * that closing releases its native resources. Results must not drift: every sampled answer equals the
 * first answer for the same input. Writes {@code target/soak/memory.csv} and {@code summary.json}.
 */
class AnnotationSoakIT {
    private static final String[] IMAGES = {
        "munch_the_scream.jpg",
        "van_gogh_cafe_terrace_at_night.jpg",
        "van_gogh_the_church_at_auvers.jpg",
        "van_gogh_the_starry_night.jpg"
    };
    private static final String[] TITLES = {
        "", "The church", "Night café", "Ein Schrei", "La nuit étoilée", "Landscape with cypresses"
    };
    private static final String[] STYLES = {"", "Post-Impressionism", "Expressionism", "Not a style we know"};
    private static final int BATCH = 32;

    @Test
    void annotatesAHundredThousandTimesWithoutGrowing() throws Exception {
        int total = Integer.getInteger("heritage.soak.annotations", 100_000);
        int cycles = Integer.getInteger("heritage.soak.cycles", 30);
        Path out = Path.of("target", "soak");
        Files.createDirectories(out);
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        List<byte[]> images = new ArrayList<>();
        for (String name : IMAGES) {
            images.add(resource(name));
        }
        List<Asset> inputs = new ArrayList<>();
        for (int i = 0; i < images.size() * TITLES.length * STYLES.length; i++) {
            int img = i % images.size();
            Asset.Builder b = Asset.builder("soak-" + i).image(ImageSource.of(images.get(img), IMAGES[img]));
            String title = TITLES[(i / images.size()) % TITLES.length];
            String style = STYLES[(i / (images.size() * TITLES.length)) % STYLES.length];
            if (!title.isEmpty()) {
                b.field("title", title);
            }
            if (!style.isEmpty()) {
                b.field("style", style);
            }
            inputs.add(b.build());
        }
        AnnotatorOptions options = AnnotatorOptions.builder()
                .engine("onnxruntime")
                .optBatchSize(BATCH)
                .build();
        List<Map<String, Object>> samples = new ArrayList<>();
        int sampleEvery = Math.max(BATCH, total / 50 / BATCH * BATCH);
        long started = System.nanoTime();
        int mismatches = 0;
        try (Annotator annotator = Annotators.load("paintings-multitask", options)) {
            List<AnnotationResult> first = annotator.annotate(inputs);
            samples.add(sample(0, started));
            int done = 0;
            int cursor = 0;
            while (done < total) {
                int n = Math.min(BATCH, total - done);
                List<Asset> batch = new ArrayList<>(n);
                List<Integer> which = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    which.add(cursor);
                    batch.add(inputs.get(cursor));
                    cursor = (cursor + 7) % inputs.size();
                }
                List<AnnotationResult> results = annotator.annotate(batch);
                assertEquals(n, results.size());
                for (int k = 0; k < n; k++) {
                    if (!first.get(which.get(k)).equals(results.get(k))) {
                        mismatches++;
                    }
                }
                done += n;
                if (done % sampleEvery == 0 || done == total) {
                    samples.add(sample(done, started));
                    System.out.println(line(samples.get(samples.size() - 1)));
                }
            }
        }
        Map<String, Object> afterRun = sample(total, started);
        for (int c = 0; c < cycles; c++) {
            try (Annotator annotator = Annotators.load("paintings-multitask", options)) {
                assertNotNull(annotator.annotate(inputs.get(c % inputs.size())));
            }
        }
        Map<String, Object> afterCycles = sample(total, started);

        // memory.csv and summary.json
        StringBuilder csv = new StringBuilder("annotations,seconds,heapMiB,rssMiB,fds,threads,tmpEntries\n");
        for (Map<String, Object> s : samples) {
            csv.append(String.format(
                    Locale.ROOT,
                    "%d,%.1f,%.1f,%.1f,%d,%d,%d%n",
                    s.get("annotations"),
                    s.get("seconds"),
                    s.get("heapMiB"),
                    s.get("rssMiB"),
                    s.get("fds"),
                    s.get("threads"),
                    s.get("tmpEntries")));
        }
        Files.writeString(out.resolve("memory.csv"), csv);
        Map<String, Object> warm = samples.get(Math.min(samples.size() - 1, Math.max(1, samples.size() / 10)));
        Map<String, Object> end = samples.get(samples.size() - 1);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("annotations", total);
        summary.put("batch", BATCH);
        summary.put("engine", "onnxruntime");
        summary.put("model", "paintings-multitask");
        summary.put("seconds", end.get("seconds"));
        summary.put("annotationsPerSecond", total / (double) end.get("seconds"));
        summary.put("mismatchedAnswers", mismatches);
        summary.put("warmSample", warm);
        summary.put("endSample", end);
        // Resident memory swings by a few hundred MiB between samples (native arenas of the engine),
        // so growth is the median of the last third of the samples minus the median of the first third
        // after warm-up (the first 10 %): a leak moves the medians, a swing does not.
        List<Map<String, Object>> steady = samples.subList(samples.indexOf(warm), samples.size());
        int third = Math.max(1, steady.size() / 3);
        summary.put(
                "heapGrowthMiBAfterWarmUp",
                median(steady.subList(steady.size() - third, steady.size()), "heapMiB")
                        - median(steady.subList(0, third), "heapMiB"));
        summary.put(
                "rssGrowthMiBAfterWarmUp",
                median(steady.subList(steady.size() - third, steady.size()), "rssMiB")
                        - median(steady.subList(0, third), "rssMiB"));
        summary.put(
                "rssMiBRangeAfterWarmUp",
                List.of(
                        steady.stream()
                                .mapToDouble(m -> (double) m.get("rssMiB"))
                                .min()
                                .orElseThrow(),
                        steady.stream()
                                .mapToDouble(m -> (double) m.get("rssMiB"))
                                .max()
                                .orElseThrow()));
        summary.put("afterRun", afterRun);
        summary.put("loadUseCloseCycles", cycles);
        summary.put("afterCycles", afterCycles);
        summary.put("rssGrowthMiBOverCycles", (double) afterCycles.get("rssMiB") - (double) afterRun.get("rssMiB"));
        summary.put("fdGrowthOverCycles", (int) afterCycles.get("fds") - (int) afterRun.get("fds"));
        summary.put(
                "tmpEntriesGrowthOverCycles", (int) afterCycles.get("tmpEntries") - (int) afterRun.get("tmpEntries"));
        Files.writeString(
                out.resolve("summary.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
        System.out.println(summary);

        assertEquals(0, mismatches, "answers drifted during the run");
        assertTrue((double) summary.get("heapGrowthMiBAfterWarmUp") < 32, "heap after GC grew: " + summary);
        assertTrue((double) summary.get("rssGrowthMiBAfterWarmUp") < 100, "resident memory grew: " + summary);
        assertTrue((int) end.get("fds") - (int) warm.get("fds") <= 2, "file descriptors leaked: " + summary);
        assertTrue((int) summary.get("fdGrowthOverCycles") <= 2, "closing did not release files: " + summary);
        assertTrue((int) summary.get("tmpEntriesGrowthOverCycles") <= 0, "temporary files accumulate: " + summary);
        assertTrue((double) summary.get("rssGrowthMiBOverCycles") < 300, "closing did not release memory: " + summary);
    }

    private static Map<String, Object> sample(int annotations, long started) throws IOException {
        System.gc();
        System.gc();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("annotations", annotations);
        s.put("seconds", (System.nanoTime() - started) / 1e9);
        s.put(
                "heapMiB",
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0);
        s.put("rssMiB", residentKiB() / 1024.0);
        s.put("fds", count(Path.of("/proc/self/fd")));
        s.put("threads", Thread.activeCount());
        s.put("tmpEntries", count(Path.of(System.getProperty("java.io.tmpdir"))));
        return s;
    }

    private static double median(List<Map<String, Object>> samples, String key) {
        double[] v =
                samples.stream().mapToDouble(m -> (double) m.get(key)).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String line(Map<String, Object> s) {
        return String.format(
                Locale.ROOT,
                "soak: %d annotations, %.0f s, heap %.1f MiB, RSS %.1f MiB, fds %d",
                s.get("annotations"),
                s.get("seconds"),
                s.get("heapMiB"),
                s.get("rssMiB"),
                s.get("fds"));
    }

    private static long residentKiB() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/self/status: the soak measures resident memory on Linux only");
    }

    private static int count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.count();
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = AnnotationSoakIT.class.getResourceAsStream("/dev/heritage/cli/demo/" + name)) {
            assertNotNull(in, "bundled demo image " + name);
            return in.readAllBytes();
        }
    }
}
