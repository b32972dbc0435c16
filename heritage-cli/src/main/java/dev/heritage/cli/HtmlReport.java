package dev.heritage.cli;

import dev.heritage.api.Prediction;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The one HTML report renderer, used by {@code heritage demo} and {@code heritage report}: one card
 * per object with its thumbnail, known fields, predicted fields with confidence bars and review
 * flags, error records, and before/after reconstructions with their metrics.
 *
 * <p>The page is self-contained: thumbnails are embedded as {@code data:} URIs (JPEG, scaled down
 * to {@link #THUMBNAIL_SIDE} pixels), styles are inline, there is no JavaScript and nothing is
 * fetched; a thumbnail may link to a full-size file beside the page. Every text is HTML-escaped.
 * Stateless and thread-safe; the values it renders are immutable.
 */
final class HtmlReport {
    /** The longer side of an embedded thumbnail, in pixels. */
    static final int THUMBNAIL_SIDE = 320;

    private HtmlReport() {}

    /**
     * A whole page.
     *
     * @param title the page's heading
     * @param intro paragraphs of plain text under the heading
     * @param entries one card per object, in order
     * @param omitted entries left out of the page (shown as a note); 0 when none
     */
    record Page(String title, List<String> intro, List<Entry> entries, int omitted) {
        Page {
            intro = List.copyOf(intro);
            entries = List.copyOf(entries);
        }
    }

    /**
     * One object. Build with {@link #builder(String)}.
     *
     * @param id the object's id
     * @param heading the card's heading (the title when known, else the id)
     * @param subheading a line under the heading; empty for none
     * @param thumbnail the object's image; null for none
     * @param imageProblem why there is no thumbnail; empty for none
     * @param known fields recorded for the object, in order
     * @param columns predicted fields, one column per run (e.g. "from image", "from image + title")
     * @param truth the values the predicted fields are known to have (the demo's answers); may be empty
     * @param error the error record of a row that could not be annotated; null for none
     * @param figures before/after images
     * @param metrics the reconstruction metrics table; null for none
     * @param notes small print under the card
     */
    record Entry(
            String id,
            String heading,
            String subheading,
            Figure thumbnail,
            String imageProblem,
            Map<String, String> known,
            List<Column> columns,
            Map<String, String> truth,
            Failure error,
            List<Figure> figures,
            Metrics metrics,
            List<String> notes) {
        Entry {
            known = Collections.unmodifiableMap(new LinkedHashMap<>(known));
            columns = List.copyOf(columns);
            truth = Collections.unmodifiableMap(new LinkedHashMap<>(truth));
            figures = List.copyOf(figures);
            notes = List.copyOf(notes);
        }

        static Builder builder(String id) {
            return new Builder(id);
        }

        /** Builds an {@link Entry}; not thread-safe. */
        static final class Builder {
            private final String id;
            private String heading;
            private String subheading = "";
            private Figure thumbnail;
            private String imageProblem = "";
            private final Map<String, String> known = new LinkedHashMap<>();
            private final List<Column> columns = new ArrayList<>();
            private final Map<String, String> truth = new LinkedHashMap<>();
            private Failure error;
            private final List<Figure> figures = new ArrayList<>();
            private Metrics metrics;
            private final List<String> notes = new ArrayList<>();

            private Builder(String id) {
                this.id = id;
                this.heading = id;
            }

            Builder heading(String text) {
                heading = text;
                return this;
            }

            Builder subheading(String text) {
                subheading = text;
                return this;
            }

            Builder thumbnail(Figure figure) {
                thumbnail = figure;
                return this;
            }

            Builder imageProblem(String text) {
                imageProblem = text;
                return this;
            }

            Builder known(String field, String value) {
                known.put(field, value);
                return this;
            }

            Builder column(Column column) {
                columns.add(column);
                return this;
            }

            Builder truth(String field, String value) {
                truth.put(field, value);
                return this;
            }

            Builder error(Failure failure) {
                error = failure;
                return this;
            }

            Builder figure(Figure figure) {
                figures.add(figure);
                return this;
            }

            Builder metrics(Metrics m) {
                metrics = m;
                return this;
            }

            Builder note(String text) {
                notes.add(text);
                return this;
            }

            Entry build() {
                return new Entry(
                        id,
                        heading,
                        subheading,
                        thumbnail,
                        imageProblem,
                        known,
                        columns,
                        truth,
                        error,
                        figures,
                        metrics,
                        notes);
            }
        }
    }

    /**
     * An embedded image.
     *
     * @param caption shown under it and as its alt text
     * @param dataUri a {@code data:image/...;base64,} URI
     * @param link a relative link to the full-size file; empty for none
     */
    record Figure(String caption, String dataUri, String link) {}

    /**
     * The predictions of one run over an object.
     *
     * @param label what the run saw, e.g. "image + title"
     * @param predictions by field, in display order
     */
    record Column(String label, Map<String, Shown> predictions) {
        Column {
            predictions = Collections.unmodifiableMap(new LinkedHashMap<>(predictions));
        }
    }

    /**
     * One predicted field.
     *
     * @param value the predicted value
     * @param confidence calibrated, 0 to 1
     * @param needsReview below the field's review threshold
     * @param runnerUp the second most likely value; empty for none
     * @param runnerUpConfidence its confidence
     * @param outside answered "outside the classes I know" (the value is then only the nearest known class)
     * @param outsideScore the open-set score in [0, 1], or {@code NaN} when the field has none
     */
    record Shown(
            String value,
            double confidence,
            boolean needsReview,
            String runnerUp,
            double runnerUpConfidence,
            boolean outside,
            double outsideScore) {
        /**
         * A field without an open-set answer.
         *
         * @param value the predicted value
         * @param confidence calibrated, 0 to 1
         * @param needsReview below the field's review threshold
         * @param runnerUp the second most likely value; empty for none
         * @param runnerUpConfidence its confidence
         */
        Shown(String value, double confidence, boolean needsReview, String runnerUp, double runnerUpConfidence) {
            this(value, confidence, needsReview, runnerUp, runnerUpConfidence, false, Double.NaN);
        }

        /**
         * @param p a prediction
         * @return how the report shows it
         */
        static Shown of(Prediction p) {
            return p.alternatives().isEmpty()
                    ? new Shown(p.value(), p.confidence(), p.needsReview(), "", 0, p.outside(), p.outsideScore())
                    : new Shown(
                            p.value(),
                            p.confidence(),
                            p.needsReview(),
                            p.alternatives().get(0).value(),
                            p.alternatives().get(0).confidence(),
                            p.outside(),
                            p.outsideScore());
        }
    }

    /**
     * An error record.
     *
     * @param type e.g. {@code invalid_image}
     * @param message what went wrong and what to do
     */
    record Failure(String type, String message) {}

    /**
     * Reconstruction metrics inside the mask.
     *
     * @param coverage the damaged fraction of the image
     * @param damagedPsnr PSNR of the damaged image, before reconstruction
     * @param rows one row per method
     */
    record Metrics(double coverage, double damagedPsnr, List<MetricRow> rows) {
        Metrics {
            rows = List.copyOf(rows);
        }
    }

    /**
     * One reconstruction method's figures.
     *
     * @param method the method's name
     * @param psnr PSNR inside the mask, dB
     * @param ssim SSIM inside the mask
     * @param ms time taken, milliseconds
     */
    record MetricRow(String method, double psnr, double ssim, double ms) {}

    /**
     * Scales an image down to a thumbnail and embeds it.
     *
     * @param image any RGB image
     * @param caption its caption
     * @param link a relative link to the full-size file; empty for none
     * @return the figure
     * @throws IOException if no JPEG writer is available
     */
    static Figure thumbnail(BufferedImage image, String caption, String link) throws IOException {
        return new Figure(
                caption,
                "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg(scaled(image, THUMBNAIL_SIDE))),
                link);
    }

    static BufferedImage scaled(BufferedImage image, int side) {
        double scale = Math.min(1.0, (double) side / Math.max(image.getWidth(), image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        var writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IOException("No JPEG writer available for the report's thumbnails");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.85f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * Renders a page.
     *
     * @param page what to show
     * @return the HTML document
     */
    static String render(Page page) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<link rel=\"icon\" href=\"data:,\">")
                .append("<title>")
                .append(esc(page.title()))
                .append("</title><style>")
                .append(CSS)
                .append("</style></head><body>\n<header><h1>")
                .append(esc(page.title()))
                .append("</h1>");
        for (String p : page.intro()) {
            h.append("<p class=\"note\">").append(esc(p)).append("</p>");
        }
        summary(h, page);
        h.append("</header>\n<main>\n");
        for (Entry e : page.entries()) {
            entry(h, e);
        }
        if (page.omitted() > 0) {
            h.append("<p class=\"note\">")
                    .append(page.omitted())
                    .append(" more rows are not shown (see --max-rows).</p>\n");
        }
        return h.append("</main></body></html>\n").toString();
    }

    /** Counts per field over the last (best informed) column of every entry: predicted, needing review, mean confidence. */
    private static void summary(StringBuilder h, Page page) {
        int errors = 0;
        Map<String, double[]> fields = new LinkedHashMap<>(); // n, review, sum of confidence
        for (Entry e : page.entries()) {
            errors += e.error() != null ? 1 : 0;
            if (e.columns().isEmpty()) {
                continue;
            }
            e.columns().get(e.columns().size() - 1).predictions().forEach((field, s) -> {
                double[] c = fields.computeIfAbsent(field, f -> new double[3]);
                c[0]++;
                c[1] += s.needsReview() ? 1 : 0;
                c[2] += s.confidence();
            });
        }
        h.append("<div class=\"summary\"><p><b>").append(page.entries().size()).append("</b> objects");
        if (errors > 0) {
            h.append(" &middot; <b class=\"err\">").append(errors).append("</b> could not be annotated");
        }
        h.append("</p>");
        if (!fields.isEmpty()) {
            h.append("<table><tr><th>field</th><th>predicted</th><th>needs review</th><th>mean confidence</th></tr>");
            fields.forEach((field, c) -> h.append("<tr><th>")
                    .append(esc(field))
                    .append("</th><td>")
                    .append((int) c[0])
                    .append("</td><td>")
                    .append((int) c[1])
                    .append(String.format(
                            Locale.ROOT,
                            " (%.0f%%)</td><td>%s</td></tr>",
                            100 * c[1] / c[0],
                            bar(c[2] / c[0], false))));
            h.append("</table>");
        }
        h.append("</div>");
    }

    private static void entry(StringBuilder h, Entry e) {
        h.append("<section id=\"")
                .append(esc(anchor(e.id())))
                .append("\" class=\"card")
                .append(e.error() != null ? " failed" : "")
                .append("\">");
        h.append("<div class=\"head\">");
        if (e.thumbnail() != null) {
            figure(h, e.thumbnail(), "thumb");
        } else if (!e.imageProblem().isEmpty()) {
            h.append("<div class=\"noimage\">").append(esc(e.imageProblem())).append("</div>");
        }
        h.append("<div class=\"body\"><h2>").append(esc(e.heading())).append("</h2>");
        if (!e.heading().equals(e.id())) {
            h.append("<p class=\"id\">").append(esc(e.id())).append("</p>");
        }
        if (!e.subheading().isEmpty()) {
            h.append("<p>").append(esc(e.subheading())).append("</p>");
        }
        if (!e.known().isEmpty()) {
            h.append("<dl class=\"known\">");
            e.known()
                    .forEach((k, v) -> h.append("<dt>")
                            .append(esc(k))
                            .append("</dt><dd>")
                            .append(esc(v))
                            .append("</dd>"));
            h.append("</dl>");
        }
        if (e.error() != null) {
            h.append("<p class=\"error\"><b>")
                    .append(esc(e.error().type()))
                    .append("</b>: ")
                    .append(esc(e.error().message()))
                    .append("</p>");
        }
        predictions(h, e);
        h.append("</div></div>");
        if (!e.figures().isEmpty()) {
            h.append("<div class=\"figures\">");
            for (Figure f : e.figures()) {
                figure(h, f, "");
            }
            h.append("</div>");
        }
        if (e.metrics() != null) {
            metrics(h, e.metrics());
        }
        for (String n : e.notes()) {
            h.append("<p class=\"small\">").append(esc(n)).append("</p>");
        }
        h.append("</section>\n");
    }

    private static void predictions(StringBuilder h, Entry e) {
        if (e.columns().isEmpty()) {
            return;
        }
        Set<String> fields = new LinkedHashSet<>();
        e.columns().forEach(c -> fields.addAll(c.predictions().keySet()));
        h.append("<table class=\"pred\"><tr><th>predicted</th>");
        for (Column c : e.columns()) {
            h.append("<th>").append(esc(c.label())).append("</th>");
        }
        if (!e.truth().isEmpty()) {
            h.append("<th>known to be</th>");
        }
        h.append("</tr>");
        for (String field : fields) {
            h.append("<tr><th>").append(esc(field)).append("</th>");
            for (Column c : e.columns()) {
                Shown s = c.predictions().get(field);
                h.append("<td>");
                if (s != null) {
                    if (s.outside()) {
                        // Never shown as a confident label: the value is only the nearest class the model knows.
                        h.append("<span class=\"outside\">outside the ")
                                .append(esc(field))
                                .append(String.format(Locale.ROOT, " values I know (score %.2f)", s.outsideScore()))
                                .append("</span><small>nearest known: </small>");
                    }
                    h.append("<span class=\"value\">")
                            .append(esc(s.value()))
                            .append("</span><span class=\"conf\">")
                            .append(bar(s.confidence(), s.needsReview()));
                    if (s.needsReview()) {
                        h.append("<span class=\"review\">needs review</span>");
                    }
                    h.append("</span>");
                    if (!s.runnerUp().isEmpty()) {
                        h.append("<small>then ")
                                .append(esc(s.runnerUp()))
                                .append(String.format(Locale.ROOT, " (%.0f%%)", 100 * s.runnerUpConfidence()))
                                .append("</small>");
                    }
                }
                h.append("</td>");
            }
            if (!e.truth().isEmpty()) {
                h.append("<td>").append(esc(e.truth().getOrDefault(field, ""))).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>");
    }

    private static String bar(double confidence, boolean review) {
        double c = Math.max(0, Math.min(1, confidence));
        return String.format(
                Locale.ROOT,
                "<span class=\"meter\"><span class=\"fill%s\" style=\"width:%.1f%%\">"
                        + "</span></span><span class=\"pct\">%.0f%%</span>",
                review ? " low" : "",
                100 * c,
                100 * c);
    }

    private static void metrics(StringBuilder h, Metrics m) {
        h.append(String.format(
                        Locale.ROOT,
                        "<table class=\"metrics\"><caption>Damage covers %.1f%% of the image;"
                                + " PSNR and SSIM inside the mask, against the undamaged image</caption>",
                        100 * m.coverage()))
                .append("<tr><th>method</th><th>PSNR (dB)</th><th>SSIM</th><th>time (ms)</th></tr>")
                .append(String.format(
                        Locale.ROOT,
                        "<tr><th>damaged, not reconstructed</th><td>%.2f</td>" + "<td></td><td></td></tr>",
                        m.damagedPsnr()));
        for (MetricRow r : m.rows()) {
            h.append(String.format(
                    Locale.ROOT,
                    "<tr><th>%s</th><td>%.2f</td><td>%.3f</td><td>%.0f</td></tr>",
                    esc(r.method()),
                    r.psnr(),
                    r.ssim(),
                    r.ms()));
        }
        h.append("</table>");
    }

    private static void figure(StringBuilder h, Figure f, String cssClass) {
        h.append("<figure")
                .append(cssClass.isEmpty() ? "" : " class=\"" + cssClass + "\"")
                .append(">");
        if (!f.link().isEmpty()) {
            h.append("<a href=\"").append(esc(f.link())).append("\">");
        }
        h.append("<img src=\"")
                .append(f.dataUri())
                .append("\" alt=\"")
                .append(esc(f.caption()))
                .append("\">");
        if (!f.link().isEmpty()) {
            h.append("</a>");
        }
        h.append("<figcaption>").append(esc(f.caption())).append("</figcaption></figure>");
    }

    /** An id attribute value from any object id: letters, digits, '-' and '_' kept, the rest as '_'. */
    static String anchor(String id) {
        return "o-" + id.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /**
     * Escapes text for HTML element content and double-quoted attributes.
     *
     * @param s any text
     * @return the escaped text
     */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String CSS = String.join(
            "",
            "*{box-sizing:border-box}",
            "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;padding:1.5rem 2rem;",
            "color:#222;background:#f6f3ee;line-height:1.4}",
            "header{max-width:72rem;margin:0 auto 1rem}h1{font-weight:600;margin:.2rem 0 .6rem}",
            "main{max-width:72rem;margin:0 auto}",
            ".note{color:#555;font-size:.92rem;max-width:60rem;margin:.3rem 0}",
            ".summary{background:#fff;border-radius:8px;padding:.6rem 1rem;box-shadow:0 1px 3px #0002;margin-top:.8rem}",
            ".summary p{margin:.2rem 0 .4rem}.err{color:#b3261e}",
            ".card{background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002;padding:1rem 1.2rem;margin:1rem 0}",
            ".card.failed{border-left:6px solid #b3261e}",
            ".head{display:flex;gap:1.2rem;align-items:flex-start}.body{flex:1;min-width:0}",
            "h2{font-size:1.2rem;margin:0 0 .2rem}.id{color:#777;font-size:.8rem;margin:0 0 .4rem;",
            "font-family:ui-monospace,monospace}",
            "figure{display:inline-block;margin:.3rem .5rem .3rem 0;text-align:center;vertical-align:top}",
            "figure img{max-height:170px;max-width:260px;border:1px solid #ccc;border-radius:3px;display:block}",
            "figure.thumb img{max-height:200px;max-width:200px}",
            "figcaption{font-size:.8rem;color:#555;margin-top:.2rem}",
            ".noimage{width:160px;height:120px;display:flex;align-items:center;justify-content:center;",
            "background:#eee;color:#777;font-size:.8rem;text-align:center;padding:.5rem;border-radius:3px}",
            "dl.known{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.3rem 0 .6rem;",
            "font-size:.9rem}dl.known dt{color:#777}dl.known dd{margin:0}",
            "table{border-collapse:collapse;font-size:.9rem}td,th{padding:.3rem .7rem;border-bottom:1px solid #eee;",
            "text-align:left;vertical-align:top}th{font-weight:600;color:#444}",
            "table.metrics td{text-align:right}caption{text-align:left;color:#555;font-size:.85rem;padding:.3rem 0}",
            ".value{font-weight:500;display:block}.conf{display:block;white-space:nowrap}",
            "td small{display:block}table.pred{width:100%}",
            ".meter{display:inline-block;width:6rem;height:.6rem;background:#e4e0d8;border-radius:3px;",
            "vertical-align:middle;overflow:hidden}",
            ".fill{display:block;height:100%;background:#3f8f5f}.fill.low{background:#d08a1e}",
            ".pct{font-size:.8rem;color:#555;margin-left:.35rem}",
            ".outside{display:block;font-size:.78rem;font-weight:600;color:#7a1f1f;background:#f9d8d8;"
                    + "border-radius:4px;padding:1px 6px;margin-bottom:2px}",
            ".review{display:inline-block;font-size:.72rem;font-weight:600;color:#8a4b00;background:#fde7c4;",
            "border-radius:3px;padding:0 .35rem;margin-left:.3rem}",
            ".error{color:#b3261e;background:#fdecea;padding:.4rem .6rem;border-radius:4px}",
            ".figures{margin-top:.6rem}.small{color:#777;font-size:.8rem;margin:.4rem 0 0}",
            "small{color:#666}");
}
