package dev.heritage.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress for long commands: a redrawn bar on a terminal, plain lines (every 10 %) otherwise.
 * Used from one thread.
 */
final class Progress {
    private final PrintWriter out;
    private final boolean terminal = System.console() != null;
    private int lastPercent = -1;

    Progress(PrintWriter out) {
        this.out = out;
    }

    void line(String message) {
        if (terminal && lastPercent >= 0) {
            out.println();
        }
        lastPercent = -1;
        out.println(message);
    }

    void step(String what, int done, int total) {
        int percent = total == 0 ? 100 : (int) (100L * done / total);
        if (terminal) {
            int width = 40;
            int filled = width * percent / 100;
            out.print(String.format(Locale.ROOT, "\r%-16s [%s%s] %3d%% %d/%d", what, "#".repeat(filled),
                    " ".repeat(width - filled), percent, done, total));
            out.flush();
            lastPercent = percent;
            if (done >= total) {
                out.println();
                lastPercent = -1;
            }
        } else if (percent / 10 != lastPercent / 10 || done >= total) {
            out.println(String.format(Locale.ROOT, "%s: %d/%d (%d%%)", what, done, total, percent));
            lastPercent = percent;
        }
    }
}
