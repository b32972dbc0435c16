package dev.heritage.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The machine's theoretical FP32 peak: cores × clock × FLOPs per cycle of the vector units present,
 * read from {@code /proc/cpuinfo} (the cores the JVM may use, the {@code cpu MHz} the kernel reports,
 * the vendor, family and the vector flags).
 *
 * <p>FLOPs per cycle per core, FP32, counting a fused multiply-add as 2:
 *
 * <ul>
 *   <li>AMD Zen 4 (family 25 with {@code avx512f}): two FMA pipes, each 256 bits wide; a 512-bit
 *       instruction is executed on the 256-bit hardware ("double-pumped"), so AVX-512 does not raise
 *       the peak over AVX2: 2 × 8 lanes × 2 = <b>32</b>. Sources: A. J. Yee, "Zen5's AVX512 Teardown",
 *       numberworld.org, 2024 (Zen 4 reuses Zen 3's 256-bit units for 512-bit instructions); the Zen 3
 *       pipe layout of two 256-bit multiply/FMA and two add pipes (wlog.flatlib.jp, 2024, measured).
 *   <li>AMD Zen 5 (family 26) with {@code avx512f}, desktop and server parts: the FMA pipes are 512 bits
 *       wide: 2 × 16 × 2 = <b>64</b> (same source; mobile Zen 5, models 0x20–0x2f, keeps 256-bit
 *       units: 32).
 *   <li>Other CPUs with {@code avx512f}: two 512-bit FMA units assumed, 64 (an upper bound: some Intel
 *       parts have one); {@code fma} + {@code avx2}: 32; {@code avx}: 16; otherwise SSE, 8.
 * </ul>
 *
 * The adders of AMD's two extra FP add pipes are left out: a matrix product or a convolution is all
 * multiply-adds. The clock is the one the kernel reports; on a virtual machine that is usually the
 * nominal clock, and boost can lift the real rate above this "peak" (a measured rate above 100 % says
 * so).
 *
 * <p>Immutable and thread-safe.
 *
 * @param cpu the model name, vendor, family and model
 * @param cores the processors the JVM may use
 * @param ghz the clock the kernel reports, GHz
 * @param flopsPerCycle FP32 FLOPs per cycle per core
 * @param why how {@code flopsPerCycle} was chosen
 */
public record TheoreticalPeak(String cpu, int cores, double ghz, int flopsPerCycle, String why) {

    /** @return the theoretical peak, GFLOP/s */
    public double gflops() {
        return cores * ghz * flopsPerCycle;
    }

    /**
     * @return this machine's peak, or empty where {@code /proc/cpuinfo} cannot be read (not Linux)
     */
    public static java.util.Optional<TheoreticalPeak> ofThisMachine() {
        try {
            return java.util.Optional.of(parse(
                    Files.readAllLines(Path.of("/proc/cpuinfo")),
                    Runtime.getRuntime().availableProcessors()));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * @param cpuinfo the lines of {@code /proc/cpuinfo}
     * @param cores the processors used
     * @return the peak described by the first processor's entry
     * @throws IllegalArgumentException if the entry has no clock
     */
    static TheoreticalPeak parse(List<String> cpuinfo, int cores) {
        String vendor = "";
        String name = "";
        int family = -1;
        int model = -1;
        double mhz = Double.NaN;
        Set<String> flags = new HashSet<>();
        for (String line : cpuinfo) {
            if (line.isBlank() && !Double.isNaN(mhz)) {
                break; // the first processor's entry is enough
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "vendor_id" -> vendor = value;
                case "model name" -> name = value;
                case "cpu family" -> family = Integer.parseInt(value);
                case "model" -> model = Integer.parseInt(value);
                case "cpu MHz" -> mhz = Double.parseDouble(value);
                case "flags" -> flags.addAll(Arrays.asList(value.split("\\s+")));
                default -> {}
            }
        }
        if (Double.isNaN(mhz)) {
            throw new IllegalArgumentException("/proc/cpuinfo gives no 'cpu MHz'");
        }
        boolean amd = vendor.equals("AuthenticAMD");
        boolean avx512 = flags.contains("avx512f");
        int perCycle;
        String why;
        if (amd && family == 25 && avx512) {
            perCycle = 32;
            why = "AMD Zen 4: 2 FMA pipes × 256 bits (AVX-512 double-pumped) = 2 × 8 × 2";
        } else if (amd && family == 26 && avx512 && (model < 0x20 || model > 0x2f)) {
            perCycle = 64;
            why = "AMD Zen 5 (desktop/server): 2 FMA pipes × 512 bits = 2 × 16 × 2";
        } else if (amd && family == 26 && avx512) {
            perCycle = 32;
            why = "AMD Zen 5 (mobile): 2 FMA pipes × 256 bits = 2 × 8 × 2";
        } else if (avx512) {
            perCycle = 64;
            why = "AVX-512, 2 FMA units assumed (upper bound) = 2 × 16 × 2";
        } else if (flags.contains("fma") && flags.contains("avx2")) {
            perCycle = 32;
            why = "AVX2 + FMA: 2 FMA units × 256 bits = 2 × 8 × 2";
        } else if (flags.contains("avx")) {
            perCycle = 16;
            why = "AVX, no FMA: 1 multiply + 1 add × 8 lanes";
        } else {
            perCycle = 8;
            why = "SSE: 1 multiply + 1 add × 4 lanes";
        }
        String cpu = String.format(
                Locale.ROOT,
                "%s (%s family %d model %d)",
                name.isEmpty() ? "unknown CPU" : name,
                vendor,
                family,
                model);
        return new TheoreticalPeak(cpu, cores, mhz / 1000, perCycle, why);
    }
}
