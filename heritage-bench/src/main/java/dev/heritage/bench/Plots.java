package dev.heritage.bench;

import dev.heritage.api.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's two plots, drawn with Java2D: annotate time per image by engine and batch (annotate
 * with one and with several batches per call, against the bare engine call), and reconstruction time per megapixel by method. Bars are medians,
 * whiskers the min–max over iterations. Small indexed-colour PNGs.
 *
 * <p>Stateless and thread-safe.
 */
final class Plots {
    private static final Color[] COLOURS = {new Color(0x2b6cb0), new Color(0xdd8452), new Color(0x55a868)};
    private static final Map<String, String> SHORT =
            Map.of("onnxruntime", "ORT", "pytorch", "PyTorch", "tensorflow", "TF");
    private static final int W = 900;
    private static final int H = 420;

    private Plots() {}

    /** A group of bars: a label and one value (with whiskers) per series. */
    record Group(String label, List<Report.Stat> values) {}

    static void annotate(Map<String, Report.Stat> r, Path png) throws IOException {
        List<Group> groups = new ArrayList<>();
        for (String e : Report.ENGINES) {
            for (int b : Report.BATCHES) {
                Report.Stat a = Report.annotate(r, "annotate", e, b);
                Report.Stat stream = Report.annotate(r, "annotateStream", e, b);
                Report.Stat bare = Report.annotate(r, "bareEngine", e, b);
                if (a != null && stream != null && bare != null) {
                    groups.add(new Group(
                            SHORT.getOrDefault(e, e) + " b" + b,
                            List.of(a.div(b), stream.div((double) b * AnnotateBenchmark.STREAM_BATCHES), bare.div(b))));
                }
            }
        }
        draw(
                groups,
                List.of(
                        "Annotator.annotate, one batch per call",
                        "Annotator.annotate, " + AnnotateBenchmark.STREAM_BATCHES + " batches per call",
                        "bare engine call"),
                "paintings-multitask: ms per 224 px image by engine and batch (median, min-max)",
                png);
    }

    static void reconstruct(Map<String, Report.Stat> r, Path png) throws IOException {
        List<Group> groups = new ArrayList<>();
        for (String m : ReconstructBenchmark.METHODS) {
            Report.Stat s = r.get(Report.key("ReconstructBenchmark." + m, Map.of("megapixels", "1.0")));
            if (s != null) {
                groups.add(new Group(m, List.of(s)));
            }
        }
        draw(groups, List.of("ms per megapixel"), "Reconstruction: ms per megapixel (median, min-max)", png);
    }

    /**
     * @param groups the bars, one group per label
     * @param series the legend, one entry per bar of a group
     * @param title the title
     * @param png the file to write (atomically); nothing is written without groups
     * @throws IOException if it cannot be written
     */
    static void draw(List<Group> groups, List<String> series, String title, Path png) throws IOException {
        if (groups.isEmpty()) {
            return;
        }
        double max = 0;
        for (Group g : groups) {
            for (Report.Stat s : g.values()) {
                max = Math.max(max, s.max());
            }
        }
        max = niceCeiling(max);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, W, H);
            int left = 70;
            int right = W - 20;
            int top = 50;
            int bottom = H - 70;
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, left, 25);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int t = 0; t <= 5; t++) {
                double v = max * t / 5;
                int y = bottom - (int) Math.round((bottom - top) * t / 5.0);
                g.setColor(new Color(0xdddddd));
                g.drawLine(left, y, right, y);
                g.setColor(Color.BLACK);
                String label = String.format(Locale.ROOT, v >= 10 ? "%.0f" : "%.1f", v);
                g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), y + 4);
            }
            g.drawLine(left, top, left, bottom);
            g.drawLine(left, bottom, right, bottom);
            double slot = (right - left) / (double) groups.size();
            int barW = (int) Math.max(4, slot * 0.7 / series.size());
            for (int i = 0; i < groups.size(); i++) {
                Group gr = groups.get(i);
                int x0 = left + (int) Math.round(slot * i + (slot - barW * series.size()) / 2);
                for (int k = 0; k < gr.values().size(); k++) {
                    Report.Stat s = gr.values().get(k);
                    int x = x0 + k * barW;
                    int y = bottom - (int) Math.round((bottom - top) * s.median() / max);
                    g.setColor(COLOURS[k % COLOURS.length]);
                    g.fillRect(x, y, barW - 2, bottom - y);
                    g.setColor(Color.BLACK);
                    g.setStroke(new BasicStroke(1.2f));
                    int yMin = bottom - (int) Math.round((bottom - top) * s.min() / max);
                    int yMax = bottom - (int) Math.round((bottom - top) * s.max() / max);
                    int cx = x + (barW - 2) / 2;
                    g.drawLine(cx, yMin, cx, yMax);
                    g.drawLine(cx - 3, yMin, cx + 3, yMin);
                    g.drawLine(cx - 3, yMax, cx + 3, yMax);
                }
                String label = gr.label();
                int lw = g.getFontMetrics().stringWidth(label);
                g.drawString(label, left + (int) Math.round(slot * i + (slot - lw) / 2), bottom + 18);
            }
            int lx = left;
            for (int k = 0; k < series.size(); k++) {
                g.setColor(COLOURS[k % COLOURS.length]);
                g.fillRect(lx, H - 30, 14, 14);
                g.setColor(Color.BLACK);
                g.drawString(series.get(k), lx + 20, H - 18);
                lx += 40 + g.getFontMetrics().stringWidth(series.get(k));
            }
        } finally {
            g.dispose();
        }
        AtomicFiles.writeImage(png, img, "png");
    }

    private static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
