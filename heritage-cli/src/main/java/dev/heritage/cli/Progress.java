package dev.heritage.cli;

import dev.heritage.classify.collection.CsvReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of long commands (train, evaluate, annotate). On a terminal ({@code System.console() !=
 * null}) one line is redrawn with {@code \r}: a bar, count/total, rate and time left. Otherwise
 * (a pipe, a log file) plain lines are printed: one per 10 % of the total, or every 30 seconds when
 * the total is unknown, each with the rate and time left. The rate counts from the first step of
 * each stage (a stage is named by {@code what}).
 *
 * <p>A {@link Listener} hears each report at the plain lines' pace, whether or not a bar is drawn (the
 * command line's {@code --log-format json} writes them as log events).
 *
 * <p>Used from one thread; not thread-safe. Writes to the given writer, which the caller owns.
 */
final class Progress {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long PLAIN_NANOS = 30_000_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private final LongSupplier clock;
    private final Listener listener;
    private String stage;
    private long stageStart;
    private long stageFirst;
    private long lastPrint;
    private long lastPlain;
    private long lastDecile = -1;
    private boolean barOpen;
    private boolean stageDone;
    private int barLength;

    Progress(PrintWriter out) {
        this(out, null);
    }

    /**
     * @param out where to write
     * @param listener hears each report at the plain lines' pace, or {@code null}
     */
    Progress(PrintWriter out, Listener listener) {
        this(out, System.console() != null, System::nanoTime, listener);
    }

    /** Hears the reports of a {@link Progress}. */
    @FunctionalInterface
    interface Listener {
        /**
         * @param what the stage
         * @param done items done
         * @param total all items, 0 or less when unknown
         * @param perSecond items per second since the stage began, 0 when not yet known
         * @param text the report as a plain line says it
         */
        void reported(String what, long done, long total, double perSecond, String text);
    }

    /**
     * @param out where to write
     * @param terminal redraw one line (true) or print plain lines (false)
     * @param clock nanoseconds, for rates and time left
     */
    Progress(PrintWriter out, boolean terminal, LongSupplier clock) {
        this(out, terminal, clock, null);
    }

    Progress(PrintWriter out, boolean terminal, LongSupplier clock, Listener listener) {
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
        this.listener = listener;
    }

    /** Prints a line of its own, ending a bar being drawn. */
    void line(String message) {
        end();
        out.println(message);
        out.flush();
    }

    /** Ends the bar being drawn, if any, so that what follows starts on a new line. */
    void end() {
        if (barOpen) {
            out.println();
            out.flush();
            barOpen = false;
        }
    }

    /**
     * Reports that {@code done} of {@code total} items of a stage are done.
     *
     * @param what the stage, e.g. "annotated"
     * @param done items done so far
     * @param total all items; 0 or less when unknown
     */
    void step(String what, long done, long total) {
        long now = clock.getAsLong();
        if (!what.equals(stage)) {
            end();
            stage = what;
            stageStart = now;
            stageFirst = done;
            lastPrint = now - PLAIN_NANOS;
            lastPlain = now - PLAIN_NANOS;
            lastDecile = -1;
            stageDone = false;
        }
        boolean finished = total > 0 && done >= total;
        if (stageDone) {
            return;
        }
        stageDone = finished;
        double seconds = (now - stageStart) / 1e9;
        double rate = seconds > 0 ? (done - stageFirst) / seconds : 0;
        long decile = total > 0 ? Math.min(10, 10 * done / total) : -1;
        boolean plainDue = total > 0 ? decile != lastDecile : now - lastPlain >= PLAIN_NANOS;
        String plain = null;
        if (plainDue) {
            plain = plainLine(what, done, total, rate, finished);
            lastPlain = now;
            lastDecile = decile;
            if (listener != null) {
                listener.reported(what, done, total, rate, plain);
            }
        }
        if (terminal) {
            if (!finished && now - lastPrint < REDRAW_NANOS && barOpen) {
                return;
            }
            String text = total > 0
                    ? bar(what, done, total, rate)
                    : String.format(Locale.ROOT, "%s %,d%s", what, done, rateText(rate));
            out.print("\r" + text + " ".repeat(Math.max(0, barLength - text.length())));
            barLength = text.length();
            barOpen = true;
            lastPrint = now;
            if (finished) {
                end();
            } else {
                out.flush();
            }
            return;
        }
        if (plain != null) {
            out.println(plain);
            out.flush();
            lastPrint = now;
        }
    }

    private static String plainLine(String what, long done, long total, double rate, boolean finished) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s: %,d", what, done));
        if (total > 0) {
            s.append(String.format(Locale.ROOT, "/%,d (%d%%)", total, 100 * done / total));
        }
        s.append(rateText(rate));
        if (total > 0 && !finished) {
            s.append(eta(done, total, rate));
        }
        return s.toString();
    }

    private static String bar(String what, long done, long total, double rate) {
        long shown = Math.min(done, total);
        int filled = (int) (WIDTH * shown / total);
        return String.format(
                Locale.ROOT,
                "%s [%s%s] %3d%% %,d/%,d%s%s",
                what,
                "#".repeat(filled),
                "-".repeat(WIDTH - filled),
                100 * shown / total,
                done,
                total,
                rateText(rate),
                done < total ? eta(done, total, rate) : "");
    }

    private static String rateText(double rate) {
        return rate <= 0 ? "" : String.format(Locale.ROOT, rate >= 10 ? ", %.0f/s" : ", %.1f/s", rate);
    }

    private static String eta(long done, long total, double rate) {
        return rate <= 0 ? "" : ", " + duration((long) Math.ceil((total - done) / rate)) + " left";
    }

    /** Formats seconds as {@code 45 s}, {@code 3:07} or {@code 1:02:03}. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    /**
     * Counts the data rows of a CSV, to give a progress bar its total.
     *
     * @param csv a CSV with a header
     * @return its data rows (malformed ones included), or 0 when it cannot be read (the total is then unknown)
     */
    static long csvRows(Path csv) {
        try (CsvReader r = CsvReader.open(csv)) {
            return r.stream().count();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
