package dev.heritage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code heritage demo}'s report, opened in a real headless Chromium: it renders, shows what the demo printed, and fetches nothing. */
class DemoReportBrowserTest {
    @TempDir
    Path dir;

    @Test
    void theDemoReportOpensInHeadlessChromium() throws Exception {
        HeadlessChromium browser = HeadlessChromium.require(Files.createDirectories(dir.resolve("browser")));
        Path output = dir.resolve("demo");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HeritageCli.run(
                new String[] {"demo", "--output", output.toString()},
                new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertEquals(0, code, err + "\n" + out);
        Path html = output.resolve("report.html");
        String source = Files.readString(html);
        assertFalse(source.contains("<script"), "the report needs no JavaScript");

        HeadlessChromium.Page page = browser.open(html, 1280, 2400);
        ImageIO.write(page.screenshot(), "png", output.resolve("screenshot.png").toFile());
        assertEquals(List.of(), page.console(), "no console errors");
        assertEquals(Set.of("/report.html"), Set.copyOf(page.requests()), "everything is embedded");
        assertTrue(page.dom().contains("data-broken-images=\"\""), "every image decoded");
        int paintings = DemoCommand.samples().size();
        int perPainting = 2 + 2 * DemoCommand.reconstructionMethods().size();
        assertTrue(
                page.dom().contains("data-images=\"" + paintings * perPainting + "\""),
                "original, damaged and every reconstruction with its overlay per painting");
        for (DemoCommand.Sample s : DemoCommand.samples()) {
            assertTrue(page.dom().contains(HtmlReport.esc(s.title())), s.title());
        }
        // every value the demo printed for the last painting appears on the page
        Set<String> printed = new LinkedHashSet<>();
        Matcher m =
                Pattern.compile("(?:style|artist|decade|century): ([^(]+) \\(").matcher(out.toString());
        while (m.find()) {
            printed.add(m.group(1).strip());
        }
        if (!out.toString().contains("No annotator model")) {
            assertFalse(printed.isEmpty(), out.toString());
        }
        for (String value : printed) {
            assertTrue(page.dom().contains(HtmlReport.esc(value)), "predicted value on the page: " + value);
        }
        assertTrue(HeadlessChromium.lumaVariance(page.screenshot()) > 500, "not blank");
        assertTrue(HeadlessChromium.count(page.screenshot(), 0x3F8F5F, 12) > 50, "confidence bars are drawn");
    }
}
