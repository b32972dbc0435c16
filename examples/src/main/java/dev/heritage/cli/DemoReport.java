package dev.heritage.cli;

import java.util.List;
import java.util.Locale;

/** Renders the demo's HTML report: one section per painting, images side by side, metrics. Stateless. */
final class DemoReport {
    private DemoReport() {
    }

    static String html(List<DemoCommand.Row> rows) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Heritage demo</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2rem;color:#222;background:#faf8f4}")
                .append("h1{font-weight:600}section{margin:2rem 0;padding:1rem;background:#fff;border-radius:8px;")
                .append("box-shadow:0 1px 3px #0002}figure{display:inline-block;margin:.5rem;text-align:center}")
                .append("img{max-height:260px;border:1px solid #ccc}figcaption{font-size:.85rem;color:#555}")
                .append("table{border-collapse:collapse;margin-top:.5rem}td,th{padding:.25rem .75rem;")
                .append("border-bottom:1px solid #eee;text-align:right}th{text-align:left}")
                .append(".note{color:#555;font-size:.9rem;max-width:60rem}</style></head><body>\n")
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

    private static void figure(StringBuilder h, String src, String caption) {
        h.append("<figure><img src=\"").append(esc(src)).append("\" alt=\"").append(esc(caption))
                .append("\"><figcaption>").append(esc(caption)).append("</figcaption></figure>");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
