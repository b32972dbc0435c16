package dev.heritage.classify.train;

import dev.heritage.api.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Small PNG charts drawn with Java2D: training curves, confusion matrices, reliability diagrams.
 * Written atomically. Stateless and thread-safe.
 */
public final class TrainingPlots {
    private static final int W = 720;
    private static final int H = 440;
    private static final int PAD = 60;

    private TrainingPlots() {}

    /**
     * @param history the epochs
     * @param file the PNG to write
     * @throws IOException if it cannot be written
     */
    public static void trainingCurves(List<TrainedHead.EpochStats> history, Path file) throws IOException {
        BufferedImage img = canvas();
        Graphics2D g = graphics(img);
        double maxLoss = history.stream()
                .mapToDouble(s -> Math.max(s.trainLoss(), s.validationLoss()))
                .max()
                .orElse(1);
        axes(g, "epoch", "loss (left) / validation top-1 (right)");
        int n = Math.max(2, history.size());
        series(g, history.stream().mapToDouble(s -> s.trainLoss() / maxLoss).toArray(), n, new Color(0x1f77b4));
        series(
                g,
                history.stream().mapToDouble(s -> s.validationLoss() / maxLoss).toArray(),
                n,
                new Color(0xff7f0e));
        series(
                g,
                history.stream()
                        .mapToDouble(TrainedHead.EpochStats::validationTop1)
                        .toArray(),
                n,
                new Color(0x2ca02c));
        legend(g, new String[] {"training loss", "validation loss", "validation top-1"}, new Color[] {
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c)
        });
        g.setColor(Color.DARK_GRAY);
        g.drawString(String.format(Locale.ROOT, "max loss %.3f", maxLoss), PAD + 4, PAD - 8);
        g.dispose();
        write(img, file);
    }

    /**
     * @param title the chart title
     * @param labels class labels
     * @param confusion counts [truth][prediction]
     * @param maxClasses the most frequent classes shown (others are left out)
     * @param file the PNG to write
     * @throws IOException if it cannot be written
     */
    public static void confusion(String title, List<String> labels, long[][] confusion, int maxClasses, Path file)
            throws IOException {
        int k = labels.size();
        Integer[] order = new Integer[k];
        long[] rowSum = new long[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
            for (long v : confusion[i]) {
                rowSum[i] += v;
            }
        }
        Arrays.sort(order, (a, b) -> Long.compare(rowSum[b], rowSum[a]));
        int m = Math.min(maxClasses, k);
        int cell = Math.max(6, Math.min(40, 560 / Math.max(1, m)));
        int left = 200;
        int top = 40;
        BufferedImage img = new BufferedImage(left + m * cell + 20, top + m * cell + 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(img);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.drawString(title + " (rows: truth, columns: prediction; row-normalised)", 10, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.min(12, cell)));
        for (int i = 0; i < m; i++) {
            int t = order[i];
            String name = labels.get(t);
            g.setColor(Color.BLACK);
            g.drawString(name.length() > 28 ? name.substring(0, 27) + "…" : name, 4, top + i * cell + cell - 2);
            for (int j = 0; j < m; j++) {
                double v = rowSum[t] == 0 ? 0 : confusion[t][order[j]] / (double) rowSum[t];
                int shade = (int) Math.round(255 * (1 - v));
                g.setColor(i == j ? new Color(shade, 255, shade) : new Color(255, shade, shade));
                g.fillRect(left + j * cell, top + i * cell, cell - 1, cell - 1);
            }
        }
        g.dispose();
        write(img, file);
    }

    /**
     * A reliability diagram: per confidence bin, the accuracy after calibration (filled bars) and
     * before it (outlined bars), against the diagonal of perfect calibration.
     *
     * @param title the chart title
     * @param before {mean confidence, accuracy} per bin before calibration ({@code null}: not drawn)
     * @param after {mean confidence, accuracy} per bin after calibration
     * @param file the PNG to write
     * @throws IOException if it cannot be written
     */
    public static void reliability(String title, double[][] before, double[][] after, Path file) throws IOException {
        BufferedImage img = canvas();
        Graphics2D g = graphics(img);
        axes(g, "confidence", "accuracy");
        g.setColor(Color.LIGHT_GRAY);
        g.drawLine(PAD, H - PAD, W - PAD, PAD);
        int bins = after[1].length;
        int bw = (W - 2 * PAD) / bins;
        Color afterColor = new Color(0x1f77b4);
        Color beforeColor = new Color(0xff7f0e);
        for (int b = 0; b < bins; b++) {
            if (!Double.isNaN(after[1][b])) {
                int h = (int) ((H - 2 * PAD) * after[1][b]);
                g.setColor(afterColor);
                g.fillRect(PAD + b * bw + 1, H - PAD - h, bw - 2, h);
            }
            if (before != null && !Double.isNaN(before[1][b])) {
                int h = (int) ((H - 2 * PAD) * before[1][b]);
                g.setColor(beforeColor);
                g.setStroke(new BasicStroke(2f));
                g.drawRect(PAD + b * bw + 3, H - PAD - h, bw - 6, h);
                g.setStroke(new BasicStroke(1f));
            }
        }
        legend(
                g,
                before == null
                        ? new String[] {"after calibration"}
                        : new String[] {"after calibration", "before calibration"},
                before == null ? new Color[] {afterColor} : new Color[] {afterColor, beforeColor});
        g.setColor(Color.BLACK);
        g.drawString(title, PAD, PAD - 20);
        g.dispose();
        write(img, file);
    }

    private static BufferedImage canvas() {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.dispose();
        return img;
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    private static void axes(Graphics2D g, String x, String y) {
        g.setColor(Color.BLACK);
        g.drawLine(PAD, H - PAD, W - PAD, H - PAD);
        g.drawLine(PAD, PAD, PAD, H - PAD);
        g.drawString(x, W / 2, H - PAD / 3);
        g.drawString(y, 8, PAD / 2);
        for (int i = 0; i <= 4; i++) {
            int yy = H - PAD - i * (H - 2 * PAD) / 4;
            g.drawString(String.format(Locale.ROOT, "%.2f", i / 4.0), 20, yy + 4);
        }
    }

    private static void series(Graphics2D g, double[] values, int n, Color c) {
        g.setColor(c);
        g.setStroke(new BasicStroke(2f));
        for (int i = 1; i < values.length; i++) {
            int x0 = PAD + (i - 1) * (W - 2 * PAD) / (n - 1);
            int x1 = PAD + i * (W - 2 * PAD) / (n - 1);
            int y0 = H - PAD - (int) (values[i - 1] * (H - 2 * PAD));
            int y1 = H - PAD - (int) (values[i] * (H - 2 * PAD));
            g.drawLine(x0, y0, x1, y1);
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static void legend(Graphics2D g, String[] names, Color[] colors) {
        for (int i = 0; i < names.length; i++) {
            g.setColor(colors[i]);
            g.fillRect(W - PAD - 160, PAD + 6 + i * 18, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(names[i], W - PAD - 142, PAD + 17 + i * 18);
        }
    }

    static void write(BufferedImage img, Path file) throws IOException {
        AtomicFiles.writeImage(file, img, "png");
    }
}
