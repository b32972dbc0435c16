package dev.heritage.cli;

import dev.heritage.cli.logging.LogFormat;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * What a run of the command line tells its user. {@code --log-format text} (the default): messages
 * and progress on standard output, warnings and errors on standard error, as lines for people.
 * {@code --log-format json}: standard output keeps its lines, and every message, progress report,
 * per-file line, warning, error and summary is also (warnings and errors only) one JSON object on
 * standard error, through the logger {@code dev.heritage.cli} and so in the same format as the
 * libraries' log lines. Each JSON event has an {@code event} field ({@code message}, {@code progress},
 * {@code file}, {@code warning}, {@code error}, {@code executors}) and its own structured fields.
 * {@code --verbose} adds one line per file (id, ok or error, the answer or the error, time in ms).
 *
 * <p>Used from the command's thread; not thread-safe. Does not own its writers.
 */
final class CliLog {
    private static final Logger LOG = LoggerFactory.getLogger("dev.heritage.cli");

    private final PrintWriter out;
    private final PrintWriter err;
    private final LogFormat format;
    private final boolean verbose;
    private final Progress progress;

    /**
     * @param out standard output
     * @param err standard error
     * @param format text or json
     * @param verbose whether to say one line per file
     */
    CliLog(PrintWriter out, PrintWriter err, LogFormat format, boolean verbose) {
        this.out = out;
        this.err = err;
        this.format = format;
        this.verbose = verbose;
        this.progress = new Progress(out, json() ? CliLog::progressEvent : null);
    }

    private boolean json() {
        return format == LogFormat.JSON;
    }

    /** @return whether {@code --verbose} asked for one line per file */
    boolean verbose() {
        return verbose;
    }

    /** @return standard output, for a command's own output (listings, tables) */
    PrintWriter out() {
        return out;
    }

    /**
     * A message for the user on standard output (ending a progress bar); in json mode also an event.
     *
     * @param text the line
     * @param event the event's kind, e.g. {@code summary}
     * @param fields its structured fields (json only)
     */
    void say(String text, String event, Map<String, ?> fields) {
        progress.line(text);
        if (json()) {
            emit(Level.INFO, text, event, fields, null);
        }
    }

    /** @param text a remark that is not an error: text {@code heritage: warning: …} on stderr, json a WARN event */
    void warning(String text) {
        if (json()) {
            emit(Level.WARN, text, "warning", Map.of(), null);
        } else {
            progress.end();
            err.println("heritage: warning: " + text);
            err.flush();
        }
    }

    /**
     * The one line of a failed run: text {@code heritage: …} on stderr (after the stack trace when
     * asked for), json an ERROR event with the exit code.
     *
     * @param text what went wrong and what to do
     * @param exitCode the run's exit code
     * @param stack a throwable whose stack trace to show ({@code --debug}), or {@code null}
     */
    void error(String text, int exitCode, Throwable stack) {
        if (json()) {
            emit(Level.ERROR, text, "error", Map.of("exitCode", exitCode), stack);
            return;
        }
        progress.end();
        if (stack != null) {
            stack.printStackTrace(err);
        }
        err.println("heritage: " + text);
        err.flush();
    }

    /**
     * Progress of a stage: on standard output as {@link Progress} draws it; in json mode also an event
     * at the plain lines' pace (every 10 %, or every 30 seconds when the total is unknown).
     */
    void step(String what, long done, long total) {
        progress.step(what, done, total);
    }

    /** Ends a progress bar being drawn. */
    void endProgress() {
        progress.end();
    }

    /**
     * With {@code --verbose}, one line for a file: text {@code ID: ok, ANSWER, 12 ms} on standard output,
     * json an event with the fields {@code id}, {@code outcome}, {@code ms} and {@code answer} or {@code error}.
     *
     * @param id the row's id
     * @param ok whether it succeeded
     * @param said the answer or the error, for people
     * @param detail the answer or the error, as JSON fields ({@code answer} or {@code error} and what else fits)
     * @param millis the time it took
     */
    void file(String id, boolean ok, String said, Map<String, ?> detail, long millis) {
        if (!verbose) {
            return;
        }
        String text = id + ": " + (ok ? "ok" : "error") + (said.isEmpty() ? "" : ", " + said) + ", " + millis + " ms";
        if (json()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("id", id);
            fields.put("outcome", ok ? "ok" : "error");
            fields.put("ms", millis);
            fields.putAll(detail);
            emit(Level.INFO, text, "file", fields, null);
        } else {
            progress.line(text);
        }
    }

    private static void progressEvent(String what, long done, long total, double perSecond, String text) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("stage", what);
        fields.put("done", done);
        if (total > 0) {
            fields.put("total", total);
        }
        if (perSecond > 0) {
            fields.put("perSecond", Math.round(perSecond * 10) / 10.0);
        }
        emit(Level.INFO, text, "progress", fields, null);
    }

    private static void emit(Level level, String text, String event, Map<String, ?> fields, Throwable thrown) {
        LoggingEventBuilder b = LOG.atLevel(level).addKeyValue("event", event);
        fields.forEach(b::addKeyValue);
        if (thrown != null) {
            b = b.setCause(thrown);
        }
        b.log(text);
    }
}
