package dev.heritage.api.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 23 in the library's decoder: a path that is not a regular file never blocks and says what it
 * is; a missing file says it is missing; a JPEG with a garbage or truncated ICC profile decodes.
 */
class SecondPassDecoderTest {
    @TempDir
    Path dir;

    @Test
    void aFifoIsRefusedAtOnceInsteadOfBlocking() throws Exception {
        Path fifo = dir.resolve("pipe.jpg");
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException noMkfifo) {
            assumeTrue(false, "no mkfifo");
            return;
        }
        assumeTrue(p.waitFor() == 0, "mkfifo failed");
        // A hang detector (the FIFO used to block forever), not a timing assertion.
        InvalidImageException e = assertTimeoutPreemptively(
                Duration.ofMinutes(1),
                () -> assertThrows(InvalidImageException.class, () -> ImageDecoder.decode(ImageSource.of(fifo))));
        assertTrue(e.getMessage().startsWith(fifo + ": is not a regular file"), e.getMessage());
        assertThrows(InvalidImageException.class, () -> ImageDecoder.readHeader(ImageSource.of(fifo)));
    }

    @Test
    void aFolderAndAMissingFileSayWhatTheyAre() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("folder.png"));
        InvalidImageException f =
                assertThrows(InvalidImageException.class, () -> ImageDecoder.decode(ImageSource.of(folder)));
        assertTrue(f.getMessage().contains("is a folder"), f.getMessage());
        Path missing = dir.resolve("missing.png");
        InvalidImageException m =
                assertThrows(InvalidImageException.class, () -> ImageDecoder.decode(ImageSource.of(missing)));
        assertTrue(m.getMessage().contains("does not exist"), m.getMessage());
        assertFalse(m.getMessage().contains("corrupt") || m.getMessage().contains("Exception"), m.getMessage());
    }

    /** A JPEG with an APP2 ICC_PROFILE segment inserted after SOI, holding {@code profile}. */
    static byte[] jpegWithIcc(byte[] profile) throws Exception {
        BufferedImage img = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 32; x++) {
                img.setRGB(x, y, (x * 8) << 16 | (y * 10) << 8 | 0x40);
            }
        }
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", plain);
        byte[] jpeg = plain.toByteArray();
        byte[] id = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
        int length = 2 + id.length + 2 + profile.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        out.write(0xFF);
        out.write(0xE2);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write(id);
        out.write(1); // chunk 1 of 1
        out.write(1);
        out.write(profile);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"garbage", "truncated", "empty"})
    void aJpegWithABadIccProfileDecodesAsSrgb(String kind) throws Exception {
        byte[] profile = switch (kind) {
            case "garbage" -> {
                byte[] g = new byte[600];
                new Random(23).nextBytes(g);
                yield g;
            }
            case "truncated" ->
                Arrays.copyOf(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData(), 200);
            default -> new byte[0];
        };
        byte[] jpeg = jpegWithIcc(profile);
        BufferedImage decoded = ImageDecoder.decode(ImageSource.of(jpeg, "bad-icc-" + kind + ".jpg"));
        assertEquals(32, decoded.getWidth());
        assertEquals(24, decoded.getHeight());
        // The pixels are the image's (sRGB assumed): compare with the same JPEG without the profile.
        BufferedImage reference = ImageDecoder.decode(ImageSource.of(jpegWithoutIcc(jpeg), "plain.jpg"));
        for (int y = 0; y < 24; y += 5) {
            for (int x = 0; x < 32; x += 5) {
                int a = decoded.getRGB(x, y);
                int b = reference.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    assertTrue(
                            Math.abs((a >> shift & 0xFF) - (b >> shift & 0xFF)) <= 2,
                            kind + " pixel " + x + "," + y + ": " + Integer.toHexString(a) + " vs "
                                    + Integer.toHexString(b));
                }
            }
        }
    }

    private static byte[] jpegWithoutIcc(byte[] jpeg) {
        int length = (jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF);
        byte[] out = new byte[jpeg.length - 2 - length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(jpeg, 4 + length, out, 2, jpeg.length - 4 - length);
        return out;
    }
}
