package dev.heritage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch form {@code heritage reconstruct --input pairs.csv} and {@code heritage evaluate-reconstruction}. */
class BatchReconstructionTest {
    @TempDir
    Path dir;

    private int run(StringWriter out, StringWriter err, String... args) {
        return HeritageCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private static BufferedImage texture(int w, int h, int phase) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (int) (128 + 100 * Math.sin((x + phase) / 5.0));
                int g = (int) (128 + 100 * Math.cos(y / 7.0));
                img.setRGB(x, y, r << 16 | g << 8 | ((x * y + phase) & 0xff));
            }
        }
        return img;
    }

    private static BufferedImage square(int w, int h, int x0, int y0, int side) {
        BufferedImage mask = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = y0; y < y0 + side; y++) {
            for (int x = x0; x < x0 + side; x++) {
                mask.getRaster().setSample(x, y, 0, 255);
            }
        }
        return mask;
    }

    private void png(String relative, BufferedImage img) throws Exception {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        ImageIO.write(img, "png", p.toFile());
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(ReconstructCommand.JSON.readTree(line));
        }
        return out;
    }

    @Test
    void aFolderAsInputPairsEachImageWithItsMaskAndLeavesTheFolderAlone() throws Exception {
        png("folder/room 1/painting.png", texture(40, 30, 1));
        png("folder/room 1/painting.mask.png", square(40, 30, 10, 8, 9));
        png("folder/unmasked.png", texture(40, 30, 2));
        Path folder = dir.resolve("folder");
        List<Path> before;
        try (var files = Files.walk(folder)) {
            before = files.sorted().toList();
        }
        Path out = dir.resolve("folder-out");
        CliRun r = CliRun.of("reconstruct", "--input", folder.toString(), "--output", out.toString());
        org.assertj.core.api.Assertions.assertThat(r.code())
                .as(r.err() + r.out())
                .isEqualTo(3);
        List<JsonNode> records = lines(out.resolve("batch.jsonl"));
        org.assertj.core.api.Assertions.assertThat(records)
                .extracting(n -> n.path("id").asText())
                .containsExactly("room_1__painting", "unmasked");
        org.assertj.core.api.Assertions.assertThat(records.get(1).path("error").asText())
                .isNotEmpty();
        BufferedImage original =
                ImageIO.read(folder.resolve("room 1/painting.png").toFile());
        BufferedImage result = ImageIO.read(out.resolve("room_1__painting.png").toFile());
        org.assertj.core.api.Assertions.assertThat(result.getRGB(0, 0)).isEqualTo(original.getRGB(0, 0));
        org.assertj.core.api.Assertions.assertThat(out.resolve("batch.input.csv"))
                .doesNotExist();
        try (var files = Files.walk(folder)) {
            org.assertj.core.api.Assertions.assertThat(files.sorted().toList()).isEqualTo(before);
        }
        CliRun inside = CliRun.of(
                "reconstruct",
                "--input",
                folder.toString(),
                "--output",
                folder.resolve("out").toString());
        org.assertj.core.api.Assertions.assertThat(inside.code()).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThat(inside.err()).contains("inside the --input folder");
    }

    @Test
    void batchWritesEachGoodRowAndAnErrorRecordForEachBadOne() throws Exception {
        png("in/a.png", texture(40, 30, 0));
        png("in/a-mask.png", square(40, 30, 5, 5, 8));
        png("in/b.png", texture(32, 32, 3));
        png("in/b-mask.png", square(32, 32, 10, 12, 6));
        png("in/small-mask.png", square(20, 20, 2, 2, 4));
        Files.writeString(
                dir.resolve("in/pairs.csv"),
                String.join(
                        "\n",
                        "id,image,mask,note",
                        "a,a.png,a-mask.png,first",
                        "\"b\",b.png,b-mask.png,\"quoted, with a comma\"",
                        "missing,nope.png,a-mask.png,",
                        "wrong-size,a.png,small-mask.png,",
                        "../escape,a.png,a-mask.png,",
                        "a,b.png,b-mask.png,repeated id",
                        ""));
        Path outDir = dir.resolve("out");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(
                out,
                err,
                "reconstruct",
                "--model",
                "telea",
                "--input",
                dir.resolve("in/pairs.csv").toString(),
                "--output",
                outDir.toString(),
                "--overlays");
        assertEquals(HeritageCli.PARTIAL, code, out + "\n" + err);

        List<JsonNode> records = lines(outDir.resolve("batch.jsonl"));
        assertEquals(6, records.size());
        assertEquals("ok", records.get(0).path("status").asText());
        assertEquals("ok", records.get(1).path("status").asText());
        assertTrue(
                records.get(2).path("error").asText().contains("nope.png"),
                records.get(2).toString());
        assertTrue(
                records.get(3).path("error").asText().contains("20x20"),
                records.get(3).toString());
        assertTrue(
                records.get(4).path("error").asText().contains("cannot name an output file"),
                records.get(4).toString());
        assertTrue(
                records.get(5).path("error").asText().contains("appears twice"),
                records.get(5).toString());

        BufferedImage a = ImageIO.read(outDir.resolve("a.png").toFile());
        BufferedImage original = texture(40, 30, 0);
        BufferedImage mask = square(40, 30, 5, 5, 8);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                if (mask.getRaster().getSample(x, y, 0) == 0) {
                    assertEquals(original.getRGB(x, y), a.getRGB(x, y), "outside the mask at " + x + "," + y);
                }
            }
        }
        assertEquals(
                64.0 / 1200,
                ReconstructCommand.JSON
                        .readTree(outDir.resolve("a.png.json").toFile())
                        .path("maskCoverage")
                        .asDouble(),
                1e-9);
        assertTrue(Files.isRegularFile(outDir.resolve("b.png")));
        assertTrue(Files.isRegularFile(outDir.resolve("b.overlay.png")));
        assertFalse(Files.exists(outDir.resolve("missing.png")));
        assertFalse(Files.exists(dir.resolve("escape.png")));

        // --resume skips the finished rows and keeps them in the log.
        StringWriter out2 = new StringWriter();
        int again = run(
                out2,
                new StringWriter(),
                "reconstruct",
                "--input",
                dir.resolve("in/pairs.csv").toString(),
                "--output",
                outDir.toString(),
                "--resume");
        assertEquals(HeritageCli.PARTIAL, again);
        List<JsonNode> resumed = lines(outDir.resolve("batch.jsonl"));
        assertEquals("done before (--resume)", resumed.get(0).path("status").asText());
        assertEquals("done before (--resume)", resumed.get(1).path("status").asText());
    }

    @Test
    void batchOfGoodRowsIsExit0AndAMissingColumnIsExit2() throws Exception {
        png("a.png", texture(24, 24, 1));
        png("m.png", square(24, 24, 4, 4, 5));
        Files.writeString(dir.resolve("pairs.csv"), "id,image,mask\nx,a.png,m.png\n");
        StringWriter err = new StringWriter();
        assertEquals(
                HeritageCli.OK,
                run(
                        new StringWriter(),
                        err,
                        "reconstruct",
                        "--model",
                        "ns",
                        "--input",
                        dir.resolve("pairs.csv").toString(),
                        "--output",
                        dir.resolve("o").toString()),
                err.toString());
        assertTrue(Files.isRegularFile(dir.resolve("o/x.png")));
        // Outputs get the permissions of any new file (umask), not a temporary file's owner-only ones.
        Path control = Files.createFile(dir.resolve("o/control"));
        assertEquals(Files.getPosixFilePermissions(control), Files.getPosixFilePermissions(dir.resolve("o/x.png")));
        assertEquals(
                Files.getPosixFilePermissions(control), Files.getPosixFilePermissions(dir.resolve("o/batch.jsonl")));

        Files.writeString(dir.resolve("bad.csv"), "id,picture,mask\nx,a.png,m.png\n");
        StringWriter err2 = new StringWriter();
        assertEquals(
                HeritageCli.USAGE,
                run(
                        new StringWriter(),
                        err2,
                        "reconstruct",
                        "--input",
                        dir.resolve("bad.csv").toString(),
                        "--output",
                        dir.resolve("o2").toString()));
        assertTrue(err2.toString().contains("id,image,mask"), err2.toString());

        StringWriter err3 = new StringWriter();
        assertEquals(
                HeritageCli.USAGE,
                run(
                        new StringWriter(),
                        err3,
                        "reconstruct",
                        "--input",
                        dir.resolve("pairs.csv").toString(),
                        "--image",
                        "a.png",
                        "--output",
                        dir.resolve("o3").toString()));
        assertTrue(err3.toString().contains("does not take --image"), err3.toString());
    }

    @Test
    void evaluateReconstructionWritesMetricsPerMethodWithPairedDifferences() throws Exception {
        for (int i = 0; i < 3; i++) {
            png("clean/img" + i + ".png", texture(48, 40, 7 * i));
        }
        Path outDir = dir.resolve("eval");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(
                out,
                err,
                "evaluate-reconstruction",
                "--model",
                "telea,ns",
                "--images",
                dir.resolve("clean").toString(),
                "--output",
                outDir.toString(),
                "--coverage",
                "0.10-0.20");
        assertEquals(0, code, out + "\n" + err);
        JsonNode metrics =
                ReconstructCommand.JSON.readTree(outDir.resolve("metrics.json").toFile());
        for (String method : new String[] {"telea", "ns"}) {
            JsonNode m = metrics.path(method);
            assertEquals(3, m.path("n").asInt(), metrics.toString());
            assertTrue(m.path("psnrMask").asDouble() > 15, metrics.toString());
            assertTrue(m.path("ssim").asDouble() > 0 && m.path("ssim").asDouble() <= 1, metrics.toString());
            assertTrue(m.path("msPerMegapixel").asDouble() > 0, metrics.toString());
        }
        assertTrue(metrics.path("ns").has("psnrVsTelea"), metrics.toString());
        assertFalse(metrics.path("telea").has("psnrVsTelea"), metrics.toString());
        JsonNode setup =
                ReconstructCommand.JSON.readTree(outDir.resolve("setup.json").toFile());
        double meanCoverage = setup.path("meanCoverage").asDouble();
        assertTrue(meanCoverage >= 0.08 && meanCoverage <= 0.22, setup.toString());
        assertEquals(4, Files.readAllLines(outDir.resolve("per-image.csv")).size());

        StringWriter err2 = new StringWriter();
        assertEquals(
                HeritageCli.USAGE,
                run(
                        new StringWriter(),
                        err2,
                        "evaluate-reconstruction",
                        "--images",
                        dir.resolve("clean").toString(),
                        "--output",
                        outDir.toString(),
                        "--coverage",
                        "0.5-0.2"));
        assertTrue(err2.toString().contains("MIN-MAX"), err2.toString());
    }

    @Test
    void evaluateReconstructionReportsEveryKindAndCoverageBucketWithIntervalsAgainstTelea() throws Exception {
        // Two of the demo's public-domain paintings, bundled in the jar.
        Path clean = dir.resolve("paintings");
        Files.createDirectories(clean);
        for (String name : new String[] {"munch_the_scream.jpg", "van_gogh_the_church_at_auvers.jpg"}) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("dev/heritage/cli/demo/" + name)) {
                Files.copy(in, clean.resolve(name));
            }
        }
        Path outDir = dir.resolve("kinds");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(
                out,
                err,
                "evaluate-reconstruction",
                "--model",
                "telea,ns",
                "--images",
                clean.toString(),
                "--output",
                outDir.toString());
        assertEquals(0, code, out + "\n" + err);
        JsonNode metrics =
                ReconstructCommand.JSON.readTree(outDir.resolve("metrics.json").toFile());
        // The overall figures as before, now with the perceptual distance.
        assertEquals(2, metrics.path("telea").path("n").asInt(), metrics.toString());
        assertTrue(metrics.path("ns").has("psnrVsTelea"), metrics.toString());
        assertTrue(metrics.path("ns").path("perceptual").asDouble() > 0, metrics.toString());

        JsonNode byKind = metrics.path("byKind");
        List<String> kinds = new ArrayList<>();
        byKind.fieldNames().forEachRemaining(kinds::add);
        assertEquals(List.of("cracks", "strokes", "blotches", "mixed"), kinds);
        for (String kind : kinds) {
            JsonNode telea = byKind.path(kind).path("telea");
            JsonNode ns = byKind.path(kind).path("ns");
            assertEquals(2, ns.path("n").asInt(), kind + ": " + byKind);
            assertTrue(
                    telea.path("psnrMask").asDouble() > 10
                            && telea.path("perceptual").asDouble() > 0
                            && telea.path("msPerMegapixel").asDouble() > 0,
                    kind + ": " + telea);
            assertFalse(telea.has("versus"), kind + ": " + telea);
            JsonNode vs = ns.path("versus");
            assertEquals("telea", vs.path("method").asText());
            for (String metric : new String[] {"psnrMask", "ssim", "perceptual"}) {
                JsonNode d = vs.path(metric);
                assertEquals(2, d.path("ci95").size(), kind + " " + metric + ": " + d);
                assertTrue(
                        d.path("ci95").get(0).asDouble()
                                        <= d.path("meanDifference").asDouble()
                                && d.path("meanDifference").asDouble()
                                        <= d.path("ci95").get(1).asDouble(),
                        d.toString());
                assertTrue(d.has("betterShare"), d.toString());
            }
        }
        double cracks = byKind.path("cracks").path("telea").path("coverage").asDouble();
        double blotches = byKind.path("blotches").path("telea").path("coverage").asDouble();
        assertTrue(cracks < 0.05 && blotches >= 0.05, cracks + " " + blotches);
        int inBuckets = 0;
        for (JsonNode bucket : metrics.path("byCoverage")) {
            inBuckets += bucket.path("ns").path("n").asInt();
        }
        assertEquals(8, inBuckets, metrics.path("byCoverage").toString());
        JsonNode about = metrics.path("evaluation");
        assertEquals(20240521L, about.path("maskSeed").asLong());
        assertEquals(64, about.path("imagesDigest").asText().length());
        assertEquals(2, about.path("images").size());
        assertEquals(0.35, about.path("kinds").path("blotches").get(1).asDouble());

        String report = Files.readString(outDir.resolve("report.md"));
        assertTrue(report.contains("| cracks | ns | 2 |") && report.contains("| blotches | telea | 2 |"), report);
        assertTrue(out.toString().contains("ΔPSNR vs telea"), out.toString());
        assertEquals(9, Files.readAllLines(outDir.resolve("per-sample.csv")).size());

        StringWriter err2 = new StringWriter();
        assertEquals(
                HeritageCli.USAGE,
                run(
                        new StringWriter(),
                        err2,
                        "evaluate-reconstruction",
                        "--images",
                        clean.toString(),
                        "--output",
                        outDir.toString(),
                        "--kinds",
                        "cracks,holes"));
        assertTrue(err2.toString().contains("holes") && err2.toString().contains("blotches"), err2.toString());
    }
}
