package dev.heritage.cli.logging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * One named logger of the command line's provider: checks the level ({@link LogLevels}, fixed when
 * the logger is made) and hands the event to {@link LogOutput}. Key-value pairs of SLF4J's fluent API
 * ({@code log.atInfo().addKeyValue("id", id).log(...)}) become fields of the JSON object.
 *
 * <p>Thread-safe.
 */
final class CliLogger extends LegacyAbstractLogger implements LoggingEventAware {
    private static final long serialVersionUID = 1L;
    /** The level read for {@link LogLevels#generation()} {@code generation}; one object, so both change together. */
    private transient volatile Threshold threshold;

    private record Threshold(int generation, int level) {}

    CliLogger(String name) {
        this.name = name;
    }

    private boolean enabled(Level level) {
        Threshold t = threshold;
        int generation = LogLevels.generation();
        if (t == null || t.generation() != generation) {
            t = new Threshold(generation, LogLevels.threshold(name));
            threshold = t;
        }
        return level.toInt() >= t.level();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
            Level level, Marker marker, String messagePattern, Object[] arguments, Throwable throwable) {
        emit(level, messagePattern, arguments, List.of(), throwable);
    }

    @Override
    public void log(LoggingEvent event) {
        if (enabled(event.getLevel())) {
            List<KeyValuePair> pairs = event.getKeyValuePairs();
            emit(
                    event.getLevel(),
                    event.getMessage(),
                    event.getArgumentArray(),
                    pairs == null ? List.of() : pairs,
                    event.getThrowable());
        }
    }

    private void emit(Level level, String pattern, Object[] arguments, List<KeyValuePair> pairs, Throwable thrown) {
        FormattingTuple t = MessageFormatter.arrayFormat(pattern, arguments);
        Throwable cause = thrown != null ? thrown : t.getThrowable();
        Map<String, Object> fields = new LinkedHashMap<>();
        for (KeyValuePair p : pairs) {
            fields.put(p.key, p.value);
        }
        LogOutput.write(level, name, t.getMessage() == null ? "" : t.getMessage(), fields, cause);
    }
}
