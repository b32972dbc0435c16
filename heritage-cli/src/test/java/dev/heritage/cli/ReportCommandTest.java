package dev.heritage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.Alternative;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Prediction;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code heritage report} over annotate output: the page's contents, and the page in a real headless Chromium. */
class ReportCommandTest {
    /** The colour of the first object's image; nothing else on the page has it. */
    private static final int MAGENTA = 0xFF00FF;

    @TempDir
    Path dir;

    private static void image(Path file, Color colour) throws Exception {
        BufferedImage img = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, 400, 300);
        g.setColor(Color.DARK_GRAY);
        g.fillOval(150, 100, 100, 100);
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    private static AnnotationResult result(
            String id, String style, double confidence, boolean review, List<String> inputs) {
        Map<String, Prediction> p = new LinkedHashMap<>();
        p.put(
                "style",
                Prediction.builder("style", style, confidence)
                        .optAlternatives(List.of(new Alternative("Baroque", 0.04)))
                        .optNeedsReview(review)
                        .build());
        p.put("century", Prediction.builder("century", "19th century", 0.97).build());
        return new AnnotationResult(id, "paintings-multitask", p, inputs, List.of());
    }

    /** A collection of four rows, and the annotate output for it: two results, two error records. */
    private Path annotations() throws Exception {
        image(dir.resolve("images/a.png"), new Color(MAGENTA));
        image(dir.resolve("images/b.png"), new Color(40, 90, 160));
        Files.write(dir.resolve("images/broken.png"), new byte[] {1, 2, 3, 4});
        Files.write(
                dir.resolve("metadata.csv"),
                List.of(
                        "id,image,title,artist",
                        "a,images/a.png,\"Haystacks <script>alert(1)</script> & \"\"sun\"\"\",Claude Monet",
                        "b,images/b.png,Harbour at dawn,",
                        "broken,images/broken.png,,",
                        "gone,images/nowhere.png,Lost,"),
                StandardCharsets.UTF_8);
        Path jsonl = dir.resolve("out.jsonl");
        Files.writeString(
                jsonl,
                AnnotateCommand.resultLine(
                                result("a", "Impressionism", 0.93, false, List.of("image", "title", "artist")))
                        + AnnotateCommand.resultLine(result("b", "Romanticism", 0.41, true, List.of("image", "title")))
                        + AnnotateCommand.errorLine(
                                "broken", "invalid_image", "images/broken.png: not an image the decoder knows")
                        + AnnotateCommand.errorLine("gone", "invalid_image", "images/nowhere.png: no such file"),
                StandardCharsets.UTF_8);
        return jsonl;
    }

    @Test
    void anAnswerOutsideTheKnownStylesIsShownAsSuchNotAsAConfidentLabel() throws Exception {
        image(dir.resolve("images/a.png"), new Color(MAGENTA));
        Files.write(dir.resolve("metadata.csv"), List.of("id,image", "a,images/a.png"), StandardCharsets.UTF_8);
        Map<String, Prediction> p = new LinkedHashMap<>();
        p.put(
                "style",
                Prediction.builder("style", "Pop Art", 0.72)
                        .optAlternatives(List.of(new Alternative("Fauvism", 0.1)))
                        .optNeedsReview(true)
                        .optOutside(true, 0.991)
                        .build());
        Path jsonl = dir.resolve("outside.jsonl");
        Files.writeString(
                jsonl,
                AnnotateCommand.resultLine(
                        new AnnotationResult("a", "paintings-multitask", p, List.of("image"), List.of())),
                StandardCharsets.UTF_8);
        Path html = dir.resolve("outside.html");
        CliRun r = CliRun.of(
                "report",
                "--annotations",
                jsonl.toString(),
                "--input",
                dir.resolve("metadata.csv").toString(),
                "--output",
                html.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        String page = Files.readString(html);
        assertTrue(page.contains("outside the style values I know (score 0.99)"), page);
        assertTrue(page.contains("nearest known: </small><span class=\"value\">Pop Art"), page);
        assertTrue(page.contains("needs review"));
    }

    @Test
    void writesEveryRowEscapedAndSelfContained() throws Exception {
        Path jsonl = annotations();
        Path html = dir.resolve("site/report.html");
        CliRun r = CliRun.of(
                "report",
                "--annotations",
                jsonl.toString(),
                "--input",
                dir.resolve("metadata.csv").toString(),
                "--output",
                html.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("4 rows (2 error records)"), r.out());
        String page = Files.readString(html);
        assertFalse(page.contains("<script"), "no script, and the hostile title is escaped");
        assertTrue(page.contains("Haystacks &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;sun&quot;"), page);
        assertTrue(page.contains("Impressionism") && page.contains("Romanticism") && page.contains("19th century"));
        assertTrue(page.contains("needs review"));
        assertTrue(page.contains("not an image the decoder knows") && page.contains("no such file"));
        assertTrue(page.contains("Claude Monet"), "known fields from the CSV");
        Matcher src = Pattern.compile("src=\"([^\"]{0,20})").matcher(page);
        int images = 0;
        while (src.find()) {
            assertTrue(src.group(1).startsWith("data:image/jpeg;base"), "only embedded images: " + src.group(1));
            images++;
        }
        assertEquals(2, images, "a thumbnail for each readable image");
        assertTrue(page.contains("image not shown"), "the unreadable image is explained, not a broken <img>");
        try (var files = Files.list(html.getParent())) {
            assertEquals(List.of(html), files.toList(), "one file, no temporary left");
        }
    }

    @Test
    void unreadableLinesAreShownAndExit3() throws Exception {
        Path jsonl = dir.resolve("cut.jsonl");
        Files.writeString(jsonl, AnnotateCommand.errorLine("x", "invalid_image", "bad") + "{\"id\": \"y\", \"predic");
        Path html = dir.resolve("report.html");
        CliRun r = CliRun.of("report", "--annotations", jsonl.toString(), "--output", html.toString());
        assertEquals(3, r.code(), r.err() + r.out());
        assertTrue(Files.readString(html).contains("unreadable_line"));
    }

    @Test
    void missingAnnotationsIsAUsageError() {
        CliRun r = CliRun.of(
                "report",
                "--annotations",
                dir.resolve("nope.jsonl").toString(),
                "--output",
                dir.resolve("r.html").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--annotations") && r.err().contains("no such file"), r.err());
    }

    @Test
    void opensInHeadlessChromium() throws Exception {
        HeadlessChromium browser = HeadlessChromium.require(Files.createDirectories(dir.resolve("browser")));
        Path jsonl = annotations();
        Path html = dir.resolve("site/report.html");
        assertEquals(
                0,
                CliRun.of(
                                "report",
                                "--annotations",
                                jsonl.toString(),
                                "--input",
                                dir.resolve("metadata.csv").toString(),
                                "--output",
                                html.toString())
                        .code());
        HeadlessChromium.Page page = browser.open(html, 1200, 1400);
        assertEquals(List.of(), page.console(), "no console errors");
        assertEquals(Set.of("/report.html"), Set.copyOf(page.requests()), "the page fetches nothing else");
        assertTrue(page.dom().contains("data-broken-images=\"\""), "every image decoded");
        assertTrue(page.dom().contains("data-images=\"2\""));
        assertTrue(page.dom().contains("Impressionism") && page.dom().contains("Romanticism"));
        assertNotNull(page.screenshot());
        assertTrue(HeadlessChromium.lumaVariance(page.screenshot()) > 100, "not blank");
        assertTrue(HeadlessChromium.count(page.screenshot(), MAGENTA, 40) > 1000, "the thumbnail is drawn");
        assertTrue(HeadlessChromium.count(page.screenshot(), 0xD08A1E, 12) > 20, "a review-coloured bar is drawn");
    }

    @Test
    void theBrowserCheckCatchesABrokenPage() throws Exception {
        HeadlessChromium browser = HeadlessChromium.require(Files.createDirectories(dir.resolve("browser")));
        Path html = dir.resolve("report.html");
        Files.writeString(
                html,
                "<!DOCTYPE html><html><body><img alt=\"gone\" src=\"missing.png\">"
                        + "<img alt=\"corrupt\" src=\"data:image/jpeg;base64,AAAA\"></body></html>");
        HeadlessChromium.Page page = browser.open(html, 400, 300);
        assertTrue(page.requests().contains("/missing.png"), page.requests().toString());
        assertTrue(page.dom().contains("data-broken-images=\"gone|corrupt\""), page.dom());
        assertTrue(
                page.console().stream().anyMatch(l -> l.contains("broken images")),
                page.console().toString());
    }
}
