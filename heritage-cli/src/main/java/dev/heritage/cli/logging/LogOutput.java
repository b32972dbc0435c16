package dev.heritage.cli.logging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.event.Level;

/**
 * Where and how this process writes log lines: the format ({@code text} unless the system property
 * {@value #FORMAT_PROPERTY} says {@code json}) and the writer (standard error). The command line sets
 * both for each run ({@link #configure}); an executor started from the command line's jars reads
 * the property. Each {@link #configure} also makes the loggers read their levels again ({@link LogLevels}).
 *
 * <p>Thread-safe: lines from any thread are written whole, one at a time.
 */
public final class LogOutput {
    /** The system property that selects the format of a JVM that is not the command line's (an executor). */
    public static final String FORMAT_PROPERTY = "heritage.log.format";

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final Object LOCK = new Object();
    private static volatile LogFormat format = initialFormat();
    private static volatile PrintWriter sink = new PrintWriter(System.err, true);

    private LogOutput() {}

    private static LogFormat initialFormat() {
        try {
            return LogFormat.parse(System.getProperty(FORMAT_PROPERTY, "text"));
        } catch (IllegalArgumentException e) {
            return LogFormat.TEXT;
        }
    }

    /**
     * Sends every later log line of this JVM to {@code writer} in {@code logFormat}.
     *
     * @param logFormat the format
     * @param writer where lines go (the caller owns it)
     */
    public static void configure(LogFormat logFormat, PrintWriter writer) {
        synchronized (LOCK) {
            format = Objects.requireNonNull(logFormat, "logFormat");
            sink = Objects.requireNonNull(writer, "writer");
            LogLevels.reread();
        }
    }

    /** Back to the start-up settings: the property's format, on standard error. */
    public static void reset() {
        configure(initialFormat(), new PrintWriter(System.err, true));
    }

    /** @return the format lines are written in now */
    public static LogFormat format() {
        return format;
    }

    /**
     * Writes one event.
     *
     * @param level its level
     * @param logger the logger's name
     * @param message the formatted message
     * @param fields key-value pairs (JSON: fields of the object; text: appended as {@code key=value})
     * @param thrown a throwable, or {@code null}
     */
    static void write(Level level, String logger, String message, Map<String, Object> fields, Throwable thrown) {
        synchronized (LOCK) {
            String line = format == LogFormat.JSON
                    ? json(level, logger, message, fields, thrown)
                    : text(level, logger, message, fields, thrown);
            sink.println(line);
            sink.flush();
        }
    }

    private static String text(
            Level level, String logger, String message, Map<String, Object> fields, Throwable thrown) {
        StringBuilder s = new StringBuilder()
                .append(level)
                .append(' ')
                .append(logger)
                .append(" - ")
                .append(message);
        fields.forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
        if (thrown != null) {
            s.append(System.lineSeparator()).append(stackTrace(thrown).stripTrailing());
        }
        return s.toString();
    }

    static String json(Level level, String logger, String message, Map<String, Object> fields, Throwable thrown) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("ts", Instant.now().toString());
        o.put("level", level.toString());
        o.put("logger", logger);
        o.put("thread", Thread.currentThread().getName());
        o.put("message", message);
        // An event's own field never replaces one of the five above.
        fields.forEach((k, v) -> o.putIfAbsent(k, v));
        if (thrown != null) {
            o.putIfAbsent("exception", thrown.getClass().getName() + ": " + thrown.getMessage());
            o.putIfAbsent("stack", stackTrace(thrown));
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            // A field Jackson cannot write: keep the line, with the fields as text.
            Map<String, Object> plain = new LinkedHashMap<>();
            o.forEach((k, v) -> plain.put(k, v == null ? null : v.toString()));
            try {
                return JSON.writeValueAsString(plain);
            } catch (JsonProcessingException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
