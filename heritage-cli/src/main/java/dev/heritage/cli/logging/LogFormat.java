package dev.heritage.cli.logging;

import java.util.Locale;

/** How log lines are written: {@code text} for people, {@code json} (one object per line) for log collectors. */
public enum LogFormat {
    /** {@code LEVEL logger - message}, as slf4j-simple writes it. */
    TEXT,
    /** One JSON object per line: ts, level, logger, thread, message, then the event's key-value fields. */
    JSON;

    /**
     * @param name {@code text} or {@code json}, in any case
     * @return the format
     * @throws IllegalArgumentException naming the accepted values
     */
    public static LogFormat parse(String name) {
        for (LogFormat f : values()) {
            if (f.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException(
                "--log-format " + name + ": use text (for people) or json (one JSON object per line on stderr)");
    }

    /** @return the name as the command line writes it */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
