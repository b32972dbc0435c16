package dev.heritage.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.cli.CliRun;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 (reliability, second pass) on the command line, in process, with real files and the zoo
 * models: no hang on a FIFO, no input destroyed by an output, outputs never collide or replace
 * anything but a regular file, and exit 2 with one line saying what to do for unusable inputs.
 */
class SecondPassCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A hang detector, not a timing assertion: a FIFO used to block forever. */
    private static final Duration HANG = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    /** @return a FIFO at {@code path}, or skips the test where mkfifo is unavailable */
    static Path fifo(Path path) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", path.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException noMkfifo) {
            assumeTrue(false, "mkfifo is not available here");
            return path;
        }
        assumeTrue(p.waitFor() == 0 && Files.exists(path, LinkOption.NOFOLLOW_LINKS), "mkfifo failed");
        return path;
    }

    private Path png(String name, int w, int h, boolean mask) throws Exception {
        BufferedImage img = new BufferedImage(w, h, mask ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (mask) {
                    img.getRaster().setSample(x, y, 0, (x + y) % 5 == 0 ? 255 : 0);
                } else {
                    img.setRGB(x, y, (x * 7) << 16 | (y * 5) << 8 | ((x + y) & 0xff));
                }
            }
        }
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    private static void assertOneCleanLine(CliRun r) {
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), "one line: " + r.err());
        assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace, no exception name: " + err);
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    // Case 2 and 11: a FIFO, a folder and a missing file as images are error records that say what they are.
    @Test
    void annotateTurnsAFifoAFolderAndAMissingImageIntoErrorRecordsWithoutHanging() throws Exception {
        png("good.png", 40, 30, false);
        fifo(dir.resolve("pipe.jpg"));
        Files.createDirectory(dir.resolve("folder.jpg"));
        Path csv = dir.resolve("m.csv");
        Files.writeString(csv, "id,image\ngood,good.png\npipe,pipe.jpg\nfolder,folder.jpg\nmissing,nowhere.jpg\n");
        Path output = dir.resolve("out.jsonl");
        CliRun r = assertTimeoutPreemptively(
                HANG, () -> CliRun.of("annotate", "--input", csv.toString(), "--output", output.toString()));
        assertEquals(3, r.code(), r.out() + r.err());
        List<JsonNode> rows = lines(output);
        assertEquals(4, rows.size());
        assertTrue(rows.get(0).has("predictions"), rows.get(0).toString());
        assertTrue(
                rows.get(1).path("error").path("message").asText().contains("not a regular file"),
                rows.get(1).toString());
        assertTrue(
                rows.get(2).path("error").path("message").asText().contains("is a folder"),
                rows.get(2).toString());
        String missing = rows.get(3).path("error").path("message").asText();
        assertTrue(missing.contains("does not exist") && !missing.contains("corrupt"), missing);
    }

    // Case 3: an output on top of an input is refused, the input unchanged.
    @Test
    void annotateRefusesAnOutputThatIsItsInputIncludingAHardLink() throws Exception {
        png("good.png", 40, 30, false);
        Path csv = dir.resolve("m.csv");
        Files.writeString(csv, "id,image\ngood,good.png\n");
        byte[] before = Files.readAllBytes(csv);
        CliRun same = CliRun.of("annotate", "--input", csv.toString(), "--output", csv.toString());
        assertEquals(2, same.code(), same.err());
        assertTrue(same.err().contains("is the same file as --input"), same.err());
        assertOneCleanLine(same);
        Path link = Files.createLink(dir.resolve("link.csv"), csv);
        CliRun hard = CliRun.of("annotate", "--input", csv.toString(), "--output", link.toString());
        assertEquals(2, hard.code(), hard.err());
        CliRun dotted = CliRun.of(
                "annotate",
                "--input",
                csv.toString(),
                "--output",
                dir.resolve("sub/../m.csv").toString());
        assertEquals(2, dotted.code(), dotted.err());
        assertArrayEquals(before, Files.readAllBytes(csv));
    }

    @Test
    void reconstructRefusesOutputsOnTopOfItsInputsOrOfEachOther() throws Exception {
        Path image = png("image.png", 30, 20, false);
        Path mask = png("mask.png", 30, 20, true);
        byte[] imageBytes = Files.readAllBytes(image);
        byte[] maskBytes = Files.readAllBytes(mask);
        Path out = dir.resolve("out.png");
        List<List<String>> cases = List.of(
                List.of("--output", image.toString()),
                List.of("--output", mask.toString()),
                List.of("--output", out.toString(), "--overlay", out.toString()),
                List.of("--output", out.toString(), "--overlay", image.toString()));
        for (List<String> c : cases) {
            List<String> args =
                    new ArrayList<>(List.of("reconstruct", "--image", image.toString(), "--mask", mask.toString()));
            args.addAll(c);
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertEquals(2, r.code(), c + ": " + r.err());
            assertTrue(r.err().contains("is the same file as"), r.err());
            assertOneCleanLine(r);
        }
        assertArrayEquals(imageBytes, Files.readAllBytes(image));
        assertArrayEquals(maskBytes, Files.readAllBytes(mask));
        assertFalse(Files.exists(out));
    }

    // Case 5: ids x and x.overlay would both write x.overlay.png.
    @Test
    void batchOverlaysNeverShareAFileBetweenRows() throws Exception {
        png("a.png", 30, 20, false);
        png("b.png", 30, 20, false);
        png("m.png", 30, 20, true);
        Path csv = dir.resolve("pairs.csv");
        Files.writeString(csv, "id,image,mask\nx,a.png,m.png\nx.overlay,b.png,m.png\n");
        Path outDir = dir.resolve("out");
        CliRun r = CliRun.of("reconstruct", "--input", csv.toString(), "--output", outDir.toString(), "--overlays");
        assertEquals(3, r.code(), r.out() + r.err());
        List<JsonNode> log = lines(outDir.resolve("batch.jsonl"));
        assertEquals("ok", log.get(0).path("status").asText(), log.toString());
        assertTrue(log.get(1).path("error").asText().contains("x.overlay.png"), log.toString());
        // x's overlay is x's: its pixels outside the mask come from a.png, not b.png.
        BufferedImage overlay = ImageIO.read(outDir.resolve("x.overlay.png").toFile());
        BufferedImage a = ImageIO.read(dir.resolve("a.png").toFile());
        assertEquals(a.getRGB(1, 0) & 0xffffff, overlay.getRGB(1, 0) & 0xffffff);
    }

    // Case 6: only a regular file (or nothing) is ever replaced.
    @Test
    void anOutputNeverReplacesAFifo() throws Exception {
        Path image = png("image.png", 30, 20, false);
        Path mask = png("mask.png", 30, 20, true);
        Path target = fifo(dir.resolve("target.png"));
        CliRun r = assertTimeoutPreemptively(
                HANG,
                () -> CliRun.of(
                        "reconstruct",
                        "--image",
                        image.toString(),
                        "--mask",
                        mask.toString(),
                        "--output",
                        target.toString()));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("not a regular file"), r.err());
        assertOneCleanLine(r);
        assertTrue(
                Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                        && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS),
                "still a FIFO");
    }

    // Case 10: exit 2 with one line saying what to do.
    @Test
    void unusableInputsAndOutputsExitWithTwoAndOneLine() throws Exception {
        png("good.png", 40, 30, false);
        Path csv = dir.resolve("m.csv");
        Files.writeString(csv, "id,image\ngood,good.png\n");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        Path dup = Files.writeString(dir.resolve("dup.csv"), "id,image,id\n1,good.png,2\n");
        Path folder = Files.createDirectory(dir.resolve("folder"));
        Path binary = dir.resolve("bin.jsonl");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, 0, 1, 2, (byte) 0x80, 10});
        List<String[]> cases = List.of(
                new String[] {
                    "annotate",
                    "--input",
                    empty.toString(),
                    "--output",
                    dir.resolve("o1.jsonl").toString()
                },
                new String[] {
                    "annotate",
                    "--input",
                    dup.toString(),
                    "--output",
                    dir.resolve("o2.jsonl").toString()
                },
                new String[] {
                    "annotate",
                    "--input",
                    csv.toString(),
                    "--output",
                    dir.resolve("o3.jsonl").toString(),
                    "--precision",
                    "7"
                },
                new String[] {
                    "annotate",
                    "--input",
                    csv.toString(),
                    "--output",
                    dir.resolve("o4.jsonl").toString(),
                    "--precision",
                    "NaN"
                },
                new String[] {
                    "annotate",
                    "--input",
                    csv.toString(),
                    "--output",
                    dir.resolve("missing/folder/o.jsonl").toString()
                },
                new String[] {"annotate", "--input", csv.toString(), "--output", folder.toString()},
                new String[] {
                    "annotate",
                    "--input",
                    folder.toString(),
                    "--output",
                    dir.resolve("o5.jsonl").toString()
                },
                new String[] {
                    "report",
                    "--annotations",
                    binary.toString(),
                    "--output",
                    dir.resolve("r.html").toString()
                });
        for (String[] args : cases) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.out() + r.err());
            assertOneCleanLine(r);
        }
        assertFalse(Files.exists(dir.resolve("folder.partial")), "no partial beside a folder output");
        // A folder is a valid --input (its images are the rows); one without images is refused, saying so.
        assertTrue(CliRun.of("annotate", "--input", folder.toString(), "--output", "x.jsonl")
                .err()
                .contains("no image files below it"));
    }

    // Case 11: a CSV without id/image columns stops, naming the columns it saw.
    @Test
    void aCsvWithoutIdOrImageColumnStopsNamingTheColumnsItSaw() throws Exception {
        Path semicolon = Files.writeString(dir.resolve("semi.csv"), "id;image;style\n1;good.png;Cubism\n");
        Path utf16 = dir.resolve("utf16.csv");
        Files.write(utf16, "id,image\n1,good.png\n".getBytes(StandardCharsets.UTF_16));
        for (Path csv : List.of(semicolon, utf16)) {
            Path output = dir.resolve(csv.getFileName() + ".jsonl");
            CliRun r = CliRun.of("annotate", "--input", csv.toString(), "--output", output.toString());
            assertEquals(2, r.code(), r.out() + r.err());
            assertTrue(r.err().contains("no 'id' or 'image' column"), r.err());
            assertOneCleanLine(r);
            assertFalse(Files.exists(output));
        }
        assertTrue(CliRun.of(
                        "annotate",
                        "--input",
                        semicolon.toString(),
                        "--output",
                        dir.resolve("s.jsonl").toString())
                .err()
                .contains("[id;image;style]"));
    }

    // Case 11: a huge mask for a small image is compared by header, never decoded.
    @Test
    void anOversizeMaskIsReportedFromItsHeader() throws Exception {
        Path image = png("image.png", 200, 150, false);
        // A 9000 x 9000 PNG header with no pixel data: decoding it would need ~324 MB.
        Path mask = dir.resolve("huge-mask.png");
        Files.write(mask, CliHostileFiles.pngHeaderOnly(9000, 9000));
        CliRun r = CliRun.of(
                "reconstruct",
                "--image",
                image.toString(),
                "--mask",
                mask.toString(),
                "--output",
                dir.resolve("out.png").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("mask is 9000x9000 but image is 200x150"), r.err());
        assertOneCleanLine(r);
    }
}
