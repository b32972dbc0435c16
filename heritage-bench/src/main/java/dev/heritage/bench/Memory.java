package dev.heritage.bench;

import dev.heritage.api.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's memory as Linux reports it ({@code /proc/self/status}), recorded by benchmarks at
 * tear-down into the folder named by the system property {@value #OUT_PROPERTY}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Memory {
    /** The system property naming the folder for the benchmarks' side outputs. */
    public static final String OUT_PROPERTY = "heritage.bench.out";

    private Memory() {}

    /**
     * @param key a status field such as {@code VmHWM} (peak resident set) or {@code VmRSS}
     * @return its value in MiB, or -1 where the file or field does not exist (not Linux)
     */
    public static double mib(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    String[] parts = line.substring(key.length() + 1).trim().split("\\s+");
                    return Long.parseLong(parts[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Writes the peak and current resident set to {@code memory-NAME.txt} in the output folder,
     * atomically; does nothing when the property is unset.
     *
     * @param name the arrangement measured
     */
    public static synchronized void record(String name) {
        String dir = System.getProperty(OUT_PROPERTY);
        if (dir == null) {
            return;
        }
        try {
            AtomicFiles.writeString(
                    Path.of(dir).resolve("memory-" + name + ".txt"),
                    String.join(
                                    "\n",
                                    "VmHWM_MiB=" + mib("VmHWM"),
                                    "VmRSS_MiB=" + mib("VmRSS"),
                                    "heapUsed_MiB="
                                            + (Runtime.getRuntime().totalMemory()
                                                            - Runtime.getRuntime()
                                                                    .freeMemory())
                                                    / 1048576.0)
                            + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
