package dev.heritage.cli.logging;

import java.util.Locale;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * Which levels each logger writes. The default is {@code warn}; the command line's own messages
 * ({@value #CLI_LOGGER}) are {@code info}; DJL's CUDA probe is {@code error} (it warns on every machine
 * with a CUDA toolkit but no driver). System properties change them: {@code -Dheritage.log.level=info}
 * for every logger, {@code -Dheritage.log.level.NAME=debug} for a logger and those below it (the
 * longest matching name wins); levels are {@code trace}, {@code debug}, {@code info}, {@code warn},
 * {@code error} and {@code off}.
 *
 * <p>Loggers read the properties again after {@link #reread()} (each command-line run calls it), so a
 * run sees the levels set before it. Thread-safe.
 */
final class LogLevels {
    /** The logger of the command line's own messages (progress, per-file lines, summaries, errors). */
    static final String CLI_LOGGER = "dev.heritage.cli";
    /** The system property of the default level. */
    static final String PROPERTY = "heritage.log.level";

    private static final int OFF = Integer.MAX_VALUE;
    private static final Map<String, String> DEFAULTS =
            Map.of(CLI_LOGGER, "info", "ai.djl.util.cuda.CudaUtils", "error");

    private static volatile int generation;

    private LogLevels() {}

    /** Makes every logger read its level from the system properties again at its next call. */
    static void reread() {
        generation++;
    }

    /** @return a number that changes whenever the levels must be read again */
    static int generation() {
        return generation;
    }

    /**
     * @param logger a logger name
     * @return the lowest {@link Level#toInt()} it writes ({@link Integer#MAX_VALUE} for {@code off})
     */
    static int threshold(String logger) {
        String name = logger;
        while (true) {
            String configured = System.getProperty(PROPERTY + "." + name, DEFAULTS.get(name));
            if (configured != null) {
                return parse(configured, PROPERTY + "." + name);
            }
            int dot = name.lastIndexOf('.');
            if (dot < 0) {
                return parse(System.getProperty(PROPERTY, "warn"), PROPERTY);
            }
            name = name.substring(0, dot);
        }
    }

    private static int parse(String level, String property) {
        String l = level.strip().toUpperCase(Locale.ROOT);
        if (l.equals("OFF")) {
            return OFF;
        }
        try {
            return Level.valueOf(l).toInt();
        } catch (IllegalArgumentException e) {
            // A typo must not silence logging: keep warnings and errors.
            return Level.WARN.toInt();
        }
    }
}
