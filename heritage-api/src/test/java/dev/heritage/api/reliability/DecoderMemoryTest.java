package dev.heritage.api.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageSource;
import dev.heritage.api.ImageTooLargeException;
import dev.heritage.api.InvalidImageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The allocation case: an image under the pixel limit that needs more memory than the heap has
 * gives {@link InvalidImageException}, not an {@link OutOfMemoryError} that kills the caller; other
 * {@link VirtualMachineError}s are never swallowed.
 *
 * <p>Regression (found by this suite): in a JVM with a small heap, a 37-byte GIF, a 58-byte BMP or
 * a 631-byte JPEG that declare 9000 x 9000 pixels (81 Mpx, under the default 89.5 Mpx limit) made
 * {@code ImageDecoder.decode} throw {@code OutOfMemoryError: Java heap space}.
 */
class DecoderMemoryTest {
    static final int SIDE = 9000;

    /** The child JVM: decodes each under-the-limit bomb and prints one line per outcome. */
    public static void main(String[] args) {
        List<HostileImages.Entry> bombs = List.of(
                new HostileImages.Entry("under-limit.gif", HostileImages.gifBomb(SIDE, SIDE), null, "", 0, 0),
                new HostileImages.Entry("under-limit.bmp", HostileImages.bmpWithSize(SIDE, SIDE), null, "", 0, 0),
                new HostileImages.Entry("under-limit.jpg", HostileImages.jpegWithSize(SIDE, SIDE), null, "", 0, 0),
                new HostileImages.Entry("under-limit.png", HostileImages.pngWithSize(SIDE, SIDE), null, "", 0, 0),
                new HostileImages.Entry("under-limit.tif", HostileImages.tiffWithSize(SIDE, SIDE), null, "", 0, 0));
        for (HostileImages.Entry e : bombs) {
            String outcome;
            try {
                ImageDecoder.decode(ImageSource.of(e.bytes(), e.name()));
                outcome = "decoded";
            } catch (Throwable t) {
                outcome = t.getClass().getSimpleName() + " "
                        + String.valueOf(t.getMessage()).replace('\n', ' ');
            }
            System.out.println("OUTCOME " + e.name() + " " + outcome);
        }
        // The JVM is still fine after the failed allocations: a normal image decodes.
        try {
            ImageDecoder.decode(ImageSource.of(HostileImages.encode(HostileImages.texture(64, 64), "png"), "ok.png"));
            System.out.println("AFTER decoded");
        } catch (Throwable t) {
            System.out.println("AFTER " + t);
        }
    }

    @Test
    @Timeout(120)
    void underTheLimitButOverTheHeapIsInvalidImageExceptionInASmallJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-Xmx48m",
                "-Djava.awt.headless=true",
                "-cp",
                System.getProperty("java.class.path"),
                DecoderMemoryTest.class.getName());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        List<String> outcomes = new ArrayList<>();
        text.lines().filter(l -> l.startsWith("OUTCOME ")).forEach(outcomes::add);
        assertEquals(5, outcomes.size(), text);
        for (String line : outcomes) {
            // Every reader allocates its 81 Mpx before finding that the data is missing: the heap
            // (48 MB) is exhausted, and that is said, as an InvalidImageException naming the file.
            assertTrue(line.matches("OUTCOME under-limit\\.\\w+ InvalidImageException under-limit\\.\\w+: .*"), line);
            assertTrue(
                    line.contains("decoding the 9000 x 9000 image (at least 308 MiB as 8-bit RGB) needs more"
                            + " memory than this JVM can allocate now (OutOfMemoryError: Java heap space)"),
                    line);
            assertTrue(line.contains("-Dheritage.image.maxPixels=N"), line);
        }
        assertTrue(text.contains("AFTER decoded"), text);
    }

    // ---- the policy, in process: a stream that fails the way an allocation inside a reader does ----

    /** Valid PNG bytes whose stream throws {@code error} once more than {@code after} bytes were read. */
    private static ImageSource failingAfter(int after, Supplier<Throwable> error) {
        byte[] png = HostileImages.encode(HostileImages.texture(400, 300), "png");
        return new ImageSource() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(png) {
                    private int served;

                    @Override
                    public synchronized int read(byte[] b, int off, int len) {
                        if (served > after) {
                            Throwable t = error.get();
                            if (t instanceof Error e) {
                                throw e;
                            }
                            throw (RuntimeException) t;
                        }
                        int n = super.read(b, off, Math.min(len, 512));
                        served += Math.max(n, 0);
                        return n;
                    }

                    @Override
                    public synchronized int read() {
                        byte[] one = new byte[1];
                        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                    }
                };
            }

            @Override
            public String describe() {
                return "failing.png";
            }
        };
    }

    @Test
    void heapExhaustionInsideTheReaderBecomesInvalidImageException() throws Exception {
        // While reading pixel data the JDK PNG reader wraps any Throwable in an IIOException.
        InvalidImageException e = assertThrows(
                InvalidImageException.class,
                () -> ImageDecoder.decode(failingAfter(65_536, () -> new OutOfMemoryError("Java heap space"))));
        assertTrue(e.getMessage().startsWith("failing.png: decoding the 400 x 300 image"), e.getMessage());
        assertTrue(e.getMessage().contains("OutOfMemoryError: Java heap space"), e.getMessage());
        // Before any reader runs (the format sniffing): the same.
        InvalidImageException early = assertThrows(
                InvalidImageException.class,
                () -> ImageDecoder.decode(failingAfter(-1, () -> new OutOfMemoryError("Java heap space"))));
        assertTrue(early.getMessage().contains("needs more memory"), early.getMessage());
    }

    @Test
    void otherVirtualMachineErrorsAreNeverSwallowed() {
        for (int after : new int[] {-1, 65_536}) { // while sniffing, and wrapped by the PNG reader
            StackOverflowError soe = new StackOverflowError("deep");
            assertSame(
                    soe,
                    assertThrows(StackOverflowError.class, () -> ImageDecoder.decode(failingAfter(after, () -> soe))),
                    "after " + after);
            InternalError internal = new InternalError("jvm fault");
            assertSame(
                    internal,
                    assertThrows(InternalError.class, () -> ImageDecoder.decode(failingAfter(after, () -> internal))),
                    "after " + after);
            OutOfMemoryError metaspace = new OutOfMemoryError("Metaspace");
            assertSame(
                    metaspace,
                    assertThrows(
                            OutOfMemoryError.class, () -> ImageDecoder.decode(failingAfter(after, () -> metaspace))),
                    "after " + after);
        }
    }

    @Test
    void ioFailuresOfTheSourceAreInvalidImageExceptionWithTheCause() {
        ImageSource unreadable = new ImageSource() {
            @Override
            public InputStream open() throws IOException {
                throw new NoSuchFileException("/uploads/gone.jpg");
            }

            @Override
            public String describe() {
                return "/uploads/gone.jpg";
            }
        };
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> ImageDecoder.decode(unreadable));
        // Issue 23: a missing file says so in words (no exception name), and keeps the cause.
        assertTrue(
                e.getMessage().startsWith("/uploads/gone.jpg: ")
                        && e.getMessage().contains("does not exist"),
                e.getMessage());
        assertTrue(e.getCause() instanceof NoSuchFileException, String.valueOf(e.getCause()));
        assertTrue(!(e instanceof ImageTooLargeException));
    }
}
