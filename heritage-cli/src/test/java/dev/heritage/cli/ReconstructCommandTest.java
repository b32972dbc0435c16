package dev.heritage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code heritage reconstruct} and {@code heritage demo}, end to end in process. */
class ReconstructCommandTest {
    @TempDir
    Path dir;

    private int run(StringWriter err, String... args) {
        return HeritageCli.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    }

    private Path png(String name, BufferedImage img) throws Exception {
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    private static BufferedImage texture(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (int) (128 + 100 * Math.sin(x / 5.0));
                int g = (int) (128 + 100 * Math.cos(y / 7.0));
                img.setRGB(x, y, r << 16 | g << 8 | ((x * y) & 0xff));
            }
        }
        return img;
    }

    @Test
    void reconstructsKeepsEveryUndamagedPixelAndWritesTheSidecar() throws Exception {
        BufferedImage image = texture(60, 40);
        BufferedImage mask = new BufferedImage(60, 40, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 10; y < 20; y++) {
            for (int x = 20; x < 35; x++) {
                mask.getRaster().setSample(x, y, 0, 255);
            }
        }
        Path out = dir.resolve("out.png");
        StringWriter err = new StringWriter();
        int code = run(
                err,
                "reconstruct",
                "--model",
                "telea",
                "--image",
                png("in.png", image).toString(),
                "--mask",
                png("mask.png", mask).toString(),
                "--output",
                out.toString(),
                "--overlay",
                dir.resolve("overlay.png").toString());
        assertEquals(0, code, err.toString());
        BufferedImage result = ImageIO.read(out.toFile());
        int changedInside = 0;
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 60; x++) {
                boolean damaged = mask.getRaster().getSample(x, y, 0) > 0;
                if (!damaged) {
                    assertEquals(image.getRGB(x, y), result.getRGB(x, y), "pixel " + x + "," + y);
                } else if (image.getRGB(x, y) != result.getRGB(x, y)) {
                    changedInside++;
                }
            }
        }
        assertTrue(changedInside > 0);
        JsonNode sidecar =
                ReconstructCommand.JSON.readTree(dir.resolve("out.png.json").toFile());
        // No --model: the best method whose weights a commercial user may use (no public-domain refiner
        // meets the zoo rule yet, so Telea).
        assertEquals("telea", sidecar.path("method").asText());
        assertEquals(150.0 / 2400, sidecar.path("maskCoverage").asDouble(), 1e-9);
        assertTrue(Files.size(dir.resolve("overlay.png")) > 0);
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void exemplarMethodByNameKeepsEveryUndamagedPixel() throws Exception {
        BufferedImage image = texture(60, 40);
        BufferedImage mask = new BufferedImage(60, 40, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 12; y < 28; y++) {
            for (int x = 22; x < 38; x++) {
                mask.getRaster().setSample(x, y, 0, 255);
            }
        }
        Path out = dir.resolve("ex.png");
        StringWriter err = new StringWriter();
        int code = run(
                err,
                "reconstruct",
                "--model",
                "exemplar",
                "--image",
                png("in.png", image).toString(),
                "--mask",
                png("mask.png", mask).toString(),
                "--output",
                out.toString());
        assertEquals(0, code, err.toString());
        BufferedImage result = ImageIO.read(out.toFile());
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 60; x++) {
                if (mask.getRaster().getSample(x, y, 0) == 0) {
                    assertEquals(image.getRGB(x, y), result.getRGB(x, y), "pixel " + x + "," + y);
                }
            }
        }
        assertEquals(
                "exemplar",
                ReconstructCommand.JSON
                        .readTree(dir.resolve("ex.png.json").toFile())
                        .path("method")
                        .asText());
    }

    @Test
    void maskOfAnotherSizeIsExit2NamingBothSizes() throws Exception {
        StringWriter err = new StringWriter();
        int code = run(
                err,
                "reconstruct",
                "--image",
                png("in.png", texture(30, 20)).toString(),
                "--mask",
                png("mask.png", new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_GRAY))
                        .toString(),
                "--output",
                dir.resolve("o.png").toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("20") && err.toString().contains("30"), err.toString());
        assertFalse(Files.exists(dir.resolve("o.png")));
    }

    @Test
    void unknownMethodAndMissingFilesAreExit2() throws Exception {
        StringWriter err = new StringWriter();
        assertEquals(
                2,
                run(
                        err,
                        "reconstruct",
                        "--model",
                        "magic",
                        "--image",
                        png("i.png", texture(8, 8)).toString(),
                        "--mask",
                        png("m.png", texture(8, 8)).toString(),
                        "--output",
                        dir.resolve("o.png").toString()));
        assertTrue(err.toString().contains("telea"), err.toString());
        StringWriter err2 = new StringWriter();
        assertEquals(2, run(err2, "reconstruct", "--image", "nope.png", "--mask", "nope.png", "--output", "o.png"));
        assertTrue(err2.toString().contains("no such file"), err2.toString());
    }

    @Test
    void demoWritesAReportWithEveryImage() throws Exception {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        int code = HeritageCli.run(
                new String[] {"demo", "--output", dir.toString()},
                new PrintWriter(out, true),
                new PrintWriter(err, true));
        // Every reconstruction is far closer to the undamaged painting than the damaged image is.
        Matcher m = Pattern.compile("PSNR in mask\\s+([0-9.]+) dB \\(damaged\\s+([0-9.]+) dB\\)")
                .matcher(out.toString());
        int found = 0;
        while (m.find()) {
            found++;
            assertTrue(Double.parseDouble(m.group(1)) > Double.parseDouble(m.group(2)) + 5, out.toString());
        }
        assertEquals(
                DemoCommand.reconstructionMethods().size()
                        * DemoCommand.samples().size(),
                found,
                out.toString());
        assertEquals(0, code, err.toString());
        // The annotator's speed on this machine, on the console and in the report.
        Matcher timing = Pattern.compile(
                        "Timing on this machine: paintings-multitask answered (\\d+) images in one call, image alone,"
                                + " in ([0-9.]+) ms per image")
                .matcher(out.toString());
        assertTrue(timing.find(), out.toString());
        assertEquals(DemoCommand.samples().size(), Integer.parseInt(timing.group(1)));
        assertTrue(Double.parseDouble(timing.group(2)) > 0, timing.group());
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains(HtmlReport.esc(timing.group())), "the report shows the timing");
        for (DemoCommand.Sample s : DemoCommand.samples()) {
            assertTrue(html.contains(HtmlReport.esc(s.title())), s.title());
            for (String suffix : new String[] {
                "-original.png",
                "-damaged.png",
                "-telea.png",
                "-ns-overlay.png",
                "-exemplar.png",
                "-paintings-inpaint.png",
                "-paintings-inpaint-overlay.png"
            }) {
                assertTrue(html.contains(s.id() + suffix), s.id() + suffix);
                assertTrue(Files.isRegularFile(dir.resolve(s.id() + suffix)), s.id() + suffix);
            }
        }
    }
}
