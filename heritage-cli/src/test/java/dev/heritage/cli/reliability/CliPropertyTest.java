package dev.heritage.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.model.Digests;
import dev.heritage.cli.CliRun;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A property-based suite over the command line (issue 23): generated combinations of commands,
 * options and file kinds (regular, missing, folder, FIFO, symbolic link, read-only, the same file
 * as an input, an output under a missing folder) must keep the exit-code contract — 2 when an input
 * or output is unusable, otherwise 0 or 3 — with no stack trace or exception name on stderr, and
 * must never change an input file (nor a FIFO, nor what an output link points at).
 *
 * <p>Seeded and bounded: {@value #CASES} cases (about a minute, most of it loading the zoo model);
 * {@code -Dheritage.cli.property.seed=N} and {@code -Dheritage.cli.property.cases=N} change them,
 * and the seed is in every case's name so a failure can be replayed.
 */
class CliPropertyTest {
    private static final int CASES = 40;
    private static final Duration HANG = Duration.ofMinutes(2);

    /** How a path option is filled. */
    enum Kind {
        REGULAR,
        MISSING,
        FOLDER,
        FIFO,
        LINK,
        READ_ONLY,
        SAME_AS_INPUT,
        MISSING_FOLDER
    }

    private static final List<Kind> INPUT_KINDS =
            List.of(Kind.REGULAR, Kind.REGULAR, Kind.MISSING, Kind.FOLDER, Kind.FIFO, Kind.LINK, Kind.READ_ONLY);
    private static final List<Kind> OUTPUT_KINDS = List.of(
            Kind.REGULAR,
            Kind.REGULAR,
            Kind.MISSING,
            Kind.FOLDER,
            Kind.FIFO,
            Kind.LINK,
            Kind.READ_ONLY,
            Kind.SAME_AS_INPUT,
            Kind.MISSING_FOLDER);

    /** One generated case: the command and the kind of each of its path options. */
    record Case(int index, long seed, String command, Kind in1, Kind in2, Kind out, Kind out2, boolean flag) {
        @Override
        public String toString() {
            return "#" + index + " seed " + seed + ": " + command + " inputs " + in1 + "/" + in2 + " output " + out
                    + (out2 != null ? " second output " + out2 : "") + (flag ? " +flag" : "");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCombinationKeepsTheExitCodeContract() {
        long seed = Long.getLong("heritage.cli.property.seed", 20261207L);
        int cases = Integer.getInteger("heritage.cli.property.cases", CASES);
        Random random = new Random(seed);
        List<String> commands = List.of("annotate", "reconstruct", "reconstruct-batch", "report");
        List<Case> all = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            String command = commands.get(i % commands.size()); // every command equally often
            Kind out2 = command.equals("reconstruct") && random.nextBoolean()
                    ? OUTPUT_KINDS.get(random.nextInt(OUTPUT_KINDS.size()))
                    : null;
            all.add(new Case(
                    i,
                    seed,
                    command,
                    INPUT_KINDS.get(random.nextInt(INPUT_KINDS.size())),
                    INPUT_KINDS.get(random.nextInt(INPUT_KINDS.size())),
                    OUTPUT_KINDS.get(random.nextInt(OUTPUT_KINDS.size())),
                    out2,
                    random.nextBoolean()));
        }
        return all.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
    }

    private static boolean usableInput(Kind k) {
        return k == Kind.REGULAR || k == Kind.LINK || k == Kind.READ_ONLY;
    }

    private void check(Case c) throws Exception {
        Path dir = Files.createTempDirectory("cli-property-");
        Fixture f = new Fixture(dir);
        List<String> args = new ArrayList<>();
        boolean expectUsage;
        Path firstInput;
        switch (c.command()) {
            case "annotate" -> {
                firstInput = f.input("metadata.csv", c.in1(), f.csv);
                Path out = f.output("out.jsonl", c.out(), firstInput, false);
                args.addAll(List.of(
                        "annotate", "--input", firstInput.toString(), "--output", out.toString(), "--batch", "4"));
                expectUsage = !usableInput(c.in1()) || !outputUsable(c.out(), false, false);
            }
            case "reconstruct" -> {
                firstInput = f.input("image.png", c.in1(), f.image);
                Path mask = f.input("mask.png", c.in2(), f.mask);
                Path out = f.output("restored.png", c.out(), c.flag() ? mask : firstInput, true);
                args.addAll(List.of(
                        "reconstruct",
                        "--image",
                        firstInput.toString(),
                        "--mask",
                        mask.toString(),
                        "--output",
                        out.toString()));
                boolean overlayUsable = true;
                if (c.out2() != null) {
                    Path overlay =
                            c.out2() == Kind.SAME_AS_INPUT ? out : f.output("overlay.png", c.out2(), firstInput, true);
                    args.addAll(List.of("--overlay", overlay.toString()));
                    overlayUsable = outputUsable(c.out2(), true, false);
                }
                expectUsage = !usableInput(c.in1())
                        || !usableInput(c.in2())
                        || !outputUsable(c.out(), true, false)
                        || !overlayUsable;
            }
            case "reconstruct-batch" -> {
                firstInput = f.input("pairs.csv", c.in1(), f.pairs);
                Path out = f.outputFolder("restored", c.out(), firstInput);
                args.addAll(List.of("reconstruct", "--input", firstInput.toString(), "--output", out.toString()));
                if (c.flag()) {
                    args.add("--overlays");
                }
                expectUsage = !usableInput(c.in1()) || !outputUsable(c.out(), true, true);
            }
            default -> {
                firstInput = f.input("annotations.jsonl", c.in1(), f.annotations);
                Path out = f.output("report.html", c.out(), firstInput, true);
                args.addAll(List.of("report", "--annotations", firstInput.toString(), "--output", out.toString()));
                expectUsage = !usableInput(c.in1()) || !outputUsable(c.out(), true, false);
            }
        }
        Map<Path, String> before = f.snapshot();
        CliRun r = assertTimeoutPreemptively(HANG, () -> CliRun.of(args.toArray(String[]::new)), c.toString());
        String context = c + "\n  " + String.join(" ", args) + "\n  exit " + r.code() + "\n  " + r.err();
        if (expectUsage) {
            assertEquals(2, r.code(), context);
            assertEquals(1, r.err().strip().lines().count(), "one line: " + context);
        } else {
            assertTrue(r.code() == 0 || r.code() == 3, context);
        }
        assertFalse(
                r.err().contains("\tat ")
                        || r.err().contains("Exception")
                        || r.err().contains("internal error"),
                "no stack trace, exception name or internal error: " + context);
        assertEquals(before, f.snapshot(), "no input changed: " + context);
        for (Path fifo : f.fifos) {
            assertTrue(
                    Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)
                            && !Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS),
                    "the FIFO is still a FIFO: " + context);
        }
    }

    /**
     * @param createsFolders whether the command creates a missing output folder (reconstruct, report)
     * @param folderOutput whether the option names a folder (batch reconstruct)
     */
    private static boolean outputUsable(Kind k, boolean createsFolders, boolean folderOutput) {
        if (folderOutput) { // a folder, new or existing; never a file
            return k == Kind.MISSING || k == Kind.FOLDER || k == Kind.MISSING_FOLDER;
        }
        return switch (k) {
            case REGULAR, MISSING, LINK, READ_ONLY -> true; // a read-only file is replaced by a rename, as by mv
            case FOLDER -> false;
            case MISSING_FOLDER -> createsFolders;
            case FIFO, SAME_AS_INPUT -> false;
        };
    }

    /** Real files for one case: valid inputs, and the paths of each kind. */
    static final class Fixture {
        final Path dir;
        final byte[] image;
        final byte[] mask;
        final byte[] csv;
        final byte[] pairs;
        final byte[] annotations;
        final List<Path> fifos = new ArrayList<>();
        final List<Path> watched = new ArrayList<>();

        Fixture(Path dir) throws Exception {
            this.dir = dir;
            image = png(40, 30, false);
            mask = png(40, 30, true);
            Files.write(dir.resolve("a.png"), image);
            Files.write(dir.resolve("a-mask.png"), mask);
            watched.add(dir.resolve("a.png"));
            watched.add(dir.resolve("a-mask.png"));
            csv = "id,image,style\nobj-1,a.png,\nobj-2,nowhere.png,\n".getBytes(StandardCharsets.UTF_8);
            pairs = "id,image,mask\nx,a.png,a-mask.png\nx.overlay,a.png,a-mask.png\n".getBytes(StandardCharsets.UTF_8);
            annotations = ("{\"id\":\"obj-1\",\"error\":{\"type\":\"invalid_image\",\"message\":\"test\"}}\n")
                    .getBytes(StandardCharsets.UTF_8);
        }

        private static byte[] png(int w, int h, boolean isMask) throws Exception {
            BufferedImage img =
                    new BufferedImage(w, h, isMask ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (isMask) {
                        img.getRaster().setSample(x, y, 0, (x + y) % 4 == 0 ? 255 : 0);
                    } else {
                        img.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | 0x30);
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        }

        /** An input path of that kind; a regular one holds {@code content}. */
        Path input(String name, Kind kind, byte[] content) throws Exception {
            Path p = dir.resolve(name);
            switch (kind) {
                case MISSING -> {}
                case FOLDER -> Files.createDirectory(p);
                case FIFO -> fifo(p);
                case LINK -> {
                    Path target = dir.resolve("target-of-" + name);
                    Files.write(target, content);
                    watched.add(target);
                    Files.createSymbolicLink(p, target);
                }
                case READ_ONLY -> {
                    Files.write(p, content);
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("r--r--r--"));
                    watched.add(p);
                }
                default -> {
                    Files.write(p, content);
                    watched.add(p);
                }
            }
            return p;
        }

        /** An output path of that kind. */
        Path output(String name, Kind kind, Path input, boolean unused) throws Exception {
            Path p = dir.resolve(name);
            switch (kind) {
                case REGULAR -> Files.writeString(p, "an older output\n");
                case FOLDER -> Files.createDirectory(p);
                case FIFO -> fifo(p);
                case LINK -> {
                    Path target = dir.resolve("link-target-of-" + name);
                    Files.writeString(target, "not to be written through a link\n");
                    watched.add(target);
                    Files.createSymbolicLink(p, target);
                }
                case READ_ONLY -> {
                    Files.writeString(p, "a read-only older output\n");
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("r--r--r--"));
                }
                case SAME_AS_INPUT -> {
                    return input;
                }
                case MISSING_FOLDER -> {
                    return dir.resolve("no/such/folder").resolve(name);
                }
                default -> {}
            }
            return p;
        }

        /** A batch output folder of that kind (a regular file there is refused). */
        Path outputFolder(String name, Kind kind, Path input) throws Exception {
            return output(name, kind, input, true);
        }

        void fifo(Path p) throws Exception {
            Process proc = new ProcessBuilder("mkfifo", p.toString())
                    .redirectErrorStream(true)
                    .start();
            if (proc.waitFor() != 0) {
                throw new IllegalStateException("mkfifo failed for " + p);
            }
            fifos.add(p);
        }

        /** The digest of every input file (and link target), to show that none changed. */
        Map<Path, String> snapshot() throws Exception {
            Map<Path, String> m = new LinkedHashMap<>();
            for (Path p : watched) {
                m.put(p, Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Digests.sha256(p) : "gone");
            }
            return m;
        }
    }
}
