package dev.heritage.cli;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Prediction;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** Renders the demo's HTML report: one section per painting, images side by side, metrics. Stateless. */
final class DemoReport {
    private DemoReport() {
    }

    static String html(List<DemoCommand.Row> rows, Map<String, List<AnnotationResult>> annotations) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Heritage demo</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2rem;color:#222;background:#faf8f4}")
                .append("h1{font-weight:600}section{margin:2rem 0;padding:1rem;background:#fff;border-radius:8px;")
                .append("box-shadow:0 1px 3px #0002}figure{display:inline-block;margin:.5rem;text-align:center}")
                .append("img{max-height:260px;border:1px solid #ccc}figcaption{font-size:.85rem;color:#555}")
                .append("table{border-collapse:collapse;margin-top:.5rem}td,th{padding:.25rem .75rem;")
                .append("border-bottom:1px solid #eee;text-align:right}th{text-align:left}")
                .append(".note{color:#555;font-size:.9rem;max-width:60rem}.bar{display:inline-block;height:.7rem;")
                .append("background:#4a7;vertical-align:middle;margin-right:.4rem}.review{color:#b50;font-weight:600}")
                .append("td.l{text-align:left}</style></head><body>\n")
                .append("<h1>Heritage demo</h1>\n<p class=\"note\">Each painting was damaged with a seeded,")
                .append(" realistic mask (strokes, scratches, blotches, losses), then reconstructed. Only the damaged")
                .append(" pixels were synthesised; every other pixel is the input pixel, bit for bit. The overlay")
                .append(" marks what was made up. PSNR and SSIM are measured inside the mask against the undamaged")
                .append(" painting.</p>\n");
        String current = null;
        for (DemoCommand.Row r : rows) {
            DemoCommand.Sample s = r.sample();
            if (!s.id().equals(current)) {
                if (current != null) {
                    h.append("</table></section>\n");
                }
                current = s.id();
                h.append("<section><h2>").append(esc(s.title())).append("</h2><p>").append(esc(s.artist()))
                        .append(", ").append(esc(s.year())).append(String.format(Locale.ROOT,
                                " &middot; damage covers %.1f%% of the image</p>", 100 * r.coverage()));
                annotations(h, s, annotations.get(s.id()));
                figure(h, s.id() + "-original.png", "original");
                figure(h, s.id() + "-damaged.png", "damaged");
                for (DemoCommand.Row other : rows) {
                    if (other.sample().id().equals(s.id())) {
                        figure(h, s.id() + "-" + other.method() + ".png", "reconstructed: " + other.method());
                        figure(h, s.id() + "-" + other.method() + "-overlay.png", "synthesised pixels: "
                                + other.method());
                    }
                }
                h.append("<p class=\"note\">Licence of the file: ").append(esc(s.licence())).append("</p>")
                        .append("<table><tr><th>method</th><th>PSNR in mask (dB)</th><th>SSIM in mask</th>")
                        .append("<th>time (ms)</th></tr>")
                        .append(String.format(Locale.ROOT, "<tr><th>damaged, not reconstructed</th><td>%.2f</td>"
                                + "<td></td><td></td></tr>", r.damagedPsnr()));
            }
            h.append(String.format(Locale.ROOT, "<tr><th>%s</th><td>%.2f</td><td>%.3f</td><td>%.0f</td></tr>",
                    esc(r.method()), r.psnr(), r.ssim(), r.ms()));
        }
        if (current != null) {
            h.append("</table></section>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    private static void annotations(StringBuilder h, DemoCommand.Sample s, List<AnnotationResult> results) {
        if (results == null) {
            return;
        }
        h.append("<h3>Predicted metadata</h3><table><tr><th>field</th>");
        for (AnnotationResult r : results) {
            h.append("<th class=\"l\">from ").append(esc(String.join(" + ", r.inputsUsed()))).append("</th>");
        }
        h.append("<th class=\"l\">known to be</th></tr>");
        for (String field : results.get(0).predictions().keySet()) {
            h.append("<tr><th>").append(esc(field)).append("</th>");
            for (AnnotationResult r : results) {
                Prediction p = r.predictions().get(field);
                h.append("<td class=\"l\">");
                if (p != null) {
                    h.append(String.format(Locale.ROOT, "<span class=\"bar\" style=\"width:%.1frem\"></span>",
                            6 * p.confidence())).append(esc(p.value()))
                            .append(String.format(Locale.ROOT, " (%.0f%%)", 100 * p.confidence()));
                    if (p.needsReview()) {
                        h.append(" <span class=\"review\">needs review</span>");
                    }
                    if (!p.alternatives().isEmpty()) {
                        h.append("<br><small>then ").append(esc(p.alternatives().get(0).value()))
                                .append(String.format(Locale.ROOT, " (%.0f%%)", 100 * p.alternatives().get(0).confidence()))
                                .append("</small>");
                    }
                }
                h.append("</td>");
            }
            String truth = switch (field) {
                case "artist" -> s.artist();
                case "decade" -> s.year().isEmpty() ? "" : s.year().substring(0, 3) + "0s";
                case "century" -> s.year().isEmpty() ? "" : (Integer.parseInt(s.year()) / 100 + 1) + "th century";
                default -> "(not recorded)";
            };
            h.append("<td class=\"l\">").append(esc(truth)).append("</td></tr>");
        }
        h.append("</table>");
    }

    private static void figure(StringBuilder h, String src, String caption) {
        h.append("<figure><img src=\"").append(esc(src)).append("\" alt=\"").append(esc(caption))
                .append("\"><figcaption>").append(esc(caption)).append("</figcaption></figure>");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
