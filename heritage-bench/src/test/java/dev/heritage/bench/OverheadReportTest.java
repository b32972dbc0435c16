package dev.heritage.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelZoos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue-21 parts of the report (headline, wrapper, DJL route, physical limit, accuracy against
 * throughput) from a made-up JMH file, the theoretical peak from {@code /proc/cpuinfo} text, and the
 * operating points' benchmark and accuracy figures.
 */
class OverheadReportTest {

    @Test
    void headlineAndSectionsComeFromOneRun(@TempDir Path dir) throws Exception {
        String ort32 = "{\"engine\":\"onnxruntime\",\"batch\":\"32\",\"model\":\"paintings-multitask\"}";
        String ort1 = "{\"engine\":\"onnxruntime\",\"batch\":\"1\",\"model\":\"paintings-multitask\"}";
        String json = "["
                + result("AnnotateBenchmark.bareEngine", ort32, "[[160,160,160]]") + ","
                + result("AnnotateBenchmark.bareEngine", ort1, "[[5,5,5]]") + ","
                + result("AnnotateBenchmark.annotate", ort32, "[[200,200,200]]") + ","
                + result(
                        "WrapperOverheadBenchmark.annotateReplayed",
                        "{\"engine\":\"onnxruntime\",\"batch\":\"32\"}",
                        "[[38.4,38.4,38.4]]")
                + ","
                + result(
                        "WrapperOverheadBenchmark.annotateReplayed",
                        "{\"engine\":\"onnxruntime\",\"batch\":\"1\"}",
                        "[[2.5,2.5,2.5]]")
                + ","
                + result("WrapperOverheadBenchmark.modelJavaWork", "{\"batch\":\"32\"}", "[[32,32,32]]") + ","
                + result("WrapperOverheadBenchmark.modelJavaWork", "{\"batch\":\"1\"}", "[[2,2,2]]") + ","
                + result("WrapperOverheadBenchmark.decode", "{}", "[[0.7,0.7,0.7]]") + ","
                + result("DjlRouteBenchmark.heritageAnnotate", "{\"batch\":\"32\"}", "[[192,192,192]]") + ","
                + result("DjlRouteBenchmark.djlRoute", "{\"batch\":\"32\"}", "[[384,384,384]]") + ","
                + result("DjlRouteBenchmark.heritageAnnotate", "{\"batch\":\"1\"}", "[[8,8,8]]") + ","
                + result("DjlRouteBenchmark.djlRoute", "{\"batch\":\"1\"}", "[[9,9,9]]") + ","
                + result(
                        "PeakFlopsBenchmark.matmul",
                        "{\"engine\":\"onnxruntime\",\"rows\":\"1024\",\"size\":\"512\"}",
                        "[[10,10,10]]")
                + ","
                + result(
                        "PeakFlopsBenchmark.matmul",
                        "{\"engine\":\"onnxruntime\",\"rows\":\"1024\",\"size\":\"1024\"}",
                        "[[16,16,16]]")
                + ","
                + result(
                        "OperatingPointBenchmark.annotate",
                        "{\"point\":\"paintings-multitask\",\"batch\":\"32\"}",
                        "[[200,200,200]]")
                + ","
                + result(
                        "OperatingPointBenchmark.annotate",
                        "{\"point\":\"paintings-multitask+mirror\",\"batch\":\"32\"}",
                        "[[400,400,400]]")
                + "]";
        Files.writeString(dir.resolve("jmh.json"), json);
        String md = Files.readString(Report.write(dir.resolve("jmh.json"), dir));
        // wrapper = (38.4 − 32) / 32 = 0.2 ms per image against a 5 ms bare call; batch 1: 0.5 / 5.
        assertTrue(
                md.contains("| wrapper / bare engine call, onnxruntime | 10 % | 4 % | ≤ 5 % at batch 32 | met |"), md);
        assertTrue(
                md.contains("| wrapper / bare engine call, pytorch | n/a | n/a | ≤ 5 % at batch 32 | not measured |"),
                md);
        assertTrue(md.contains("| 1.13× | 2.00× | ≥ 1.30× / ≥ 1.80× | not met / met |"), md);
        assertTrue(md.contains("| onnxruntime | 32 | 1.20 | 1.00 | 0.200 | 5.00 | 4 % |"), md);
        assertTrue(md.contains("| decode | 0.700 (0.700–0.700) |"), md);
        assertTrue(md.contains("| 32 | 6.00 (6.00–6.00) | 12.0 (12.0–12.0) | 5.00 | 2.00× | ≥ 1.80× |"), md);
        // 2 · 1024³ FLOPs in 16 ms = 134 GFLOP/s beats 2 · 1024 · 512² in 10 ms = 53.7.
        assertTrue(md.contains("| onnxruntime | 134 (1024) |"), md);
        assertTrue(md.contains("| paintings-multitask 2.1.0 | n/a | 160 | 0.673 | 0.719 | 0.349 | 0.899 |"), md);
        assertTrue(md.contains("| paintings-multitask 2.1.0 --mirror | n/a | 80.0 | 0.672 | 0.736 |"), md);
        assertTrue(Files.size(dir.resolve(OverheadReport.TRADE_OFF_PLOT)) > 1000);
        assertFalse(md.contains("NaN"));
    }

    @Test
    void theoreticalPeakFromCpuinfo() {
        TheoreticalPeak zen4 =
                TheoreticalPeak.parse(cpuinfo("AuthenticAMD", 25, 17, "2096.013", "fma avx2 avx512f"), 2);
        assertEquals(32, zen4.flopsPerCycle());
        assertEquals(2 * 2.096013 * 32, zen4.gflops(), 1e-9);
        assertTrue(zen4.why().contains("Zen 4"), zen4.why());
        assertEquals(
                64,
                TheoreticalPeak.parse(cpuinfo("AuthenticAMD", 26, 2, "2000", "fma avx2 avx512f"), 2)
                        .flopsPerCycle());
        assertEquals(
                32,
                TheoreticalPeak.parse(cpuinfo("AuthenticAMD", 26, 0x24, "2000", "fma avx2 avx512f"), 2)
                        .flopsPerCycle());
        assertEquals(
                32,
                TheoreticalPeak.parse(cpuinfo("GenuineIntel", 6, 85, "2000", "fma avx avx2"), 4)
                        .flopsPerCycle());
        assertThrows(
                IllegalArgumentException.class, () -> TheoreticalPeak.parse(List.of("vendor_id\t: AuthenticAMD"), 1));
    }

    private static List<String> cpuinfo(String vendor, int family, int model, String mhz, String flags) {
        return List.of(
                "processor\t: 0",
                "vendor_id\t: " + vendor,
                "cpu family\t: " + family,
                "model\t\t: " + model,
                "model name\t: Test CPU",
                "cpu MHz\t\t: " + mhz,
                "flags\t\t: " + flags,
                "",
                "processor\t: 1",
                "cpu MHz\t\t: 9999");
    }

    @Test
    void operatingPointsWithoutTheFlipMatchTheModelCard() throws Exception {
        for (OperatingPoint p : OperatingPoint.ALL) {
            if (p.mirror()) {
                continue;
            }
            ModelArtifact a = ModelZoos.open(p.model());
            assertEquals(p.version(), a.card().version());
            JsonNode metrics = new ObjectMapper()
                    .readTree(a.resolve("model.json").toFile())
                    .path("properties")
                    .path("metrics")
                    .path("tasks");
            for (String task : OperatingPoint.TASKS) {
                assertEquals(
                        metrics.path(task).path("top1").asDouble(), p.top1().get(task), 5e-4, task);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> OperatingPoint.of("no-such-point"));
    }

    @Test
    void operatingPointBenchmarkAnnotatesEachPoint() throws Exception {
        AnnotationResult plain = annotateOnce("paintings-multitask");
        AnnotationResult mirrored = annotateOnce("paintings-multitask+mirror");
        assertEquals(plain.predictions().keySet(), mirrored.predictions().keySet());
        assertNotEquals(plain, mirrored, "the flip changes the confidences");
    }

    private static AnnotationResult annotateOnce(String point) throws Exception {
        OperatingPointBenchmark b = new OperatingPointBenchmark();
        b.point = point;
        b.batch = 2;
        b.setup();
        try {
            List<AnnotationResult> results = b.annotate();
            assertEquals(2, results.size());
            assertEquals(results.get(0).predictions(), results.get(1).predictions(), "same image, same answer");
            return results.get(0);
        } finally {
            b.tearDown();
        }
    }

    private static String result(String name, String params, String raw) {
        return "{\"benchmark\":\"dev.heritage.bench." + name + "\",\"params\":" + params
                + ",\"primaryMetric\":{\"score\":1,\"scoreUnit\":\"ms/op\",\"rawData\":" + raw + "}}";
    }
}
