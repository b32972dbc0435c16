package dev.heritage.inpaint.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageSource;
import dev.heritage.api.ImageTooLargeException;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstruction;
import dev.heritage.api.Reconstructor;
import dev.heritage.inpaint.Reconstructors;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Masks from files: wrong size, empty, hostile. */
class MaskReliabilityTest {
    @TempDir
    Path dir;

    private static byte[] encode(BufferedImage img, String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, out), format);
        return out.toByteArray();
    }

    private static BufferedImage texture(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((x * 9) & 0xff) << 16 | ((y * 11) & 0xff) << 8 | ((x * y) & 0xff));
            }
        }
        return img;
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** A 1x1 grey PNG whose IHDR (CRC fixed) claims width x height. */
    private static byte[] pngBomb(int width, int height) throws Exception {
        byte[] png = encode(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY), "png");
        for (int i = 0; i < 4; i++) {
            png[16 + i] = (byte) (width >>> (24 - 8 * i));
            png[20 + i] = (byte) (height >>> (24 - 8 * i));
        }
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        int v = (int) crc.getValue();
        for (int i = 0; i < 4; i++) {
            png[29 + i] = (byte) (v >>> (24 - 8 * i));
        }
        return png;
    }

    @ParameterizedTest
    @ValueSource(strings = {"telea", "ns"})
    void aMaskFileOfAnotherSizeIsAClearError(String method) throws Exception {
        Path mask = write("mask.png", encode(new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_GRAY), "png"));
        try (Reconstructor r = Reconstructors.classical(method)) {
            InvalidImageException e = assertThrows(
                    InvalidImageException.class,
                    () -> r.reconstruct(
                            ImageSource.of(encode(texture(30, 12), "png"), "painting.png"), Mask.fromPng(mask)));
            assertEquals(
                    "mask is 20x10 but image is 30x12: painting.png. Use a mask of the image's size"
                            + " (white = damaged).",
                    e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"telea", "ns"})
    void anEmptyMaskFileReturnsTheImageUnchanged(String method) throws Exception {
        BufferedImage image = texture(37, 23);
        Mask mask = Mask.fromPng(
                write("black.png", encode(new BufferedImage(37, 23, BufferedImage.TYPE_BYTE_GRAY), "png")));
        assertTrue(mask.isEmpty());
        try (Reconstructor r = Reconstructors.classical(method)) {
            Reconstruction rec = r.reconstruct(ImageSource.of(encode(image, "png"), "painting.png"), mask);
            assertArrayEquals(
                    image.getRGB(0, 0, 37, 23, null, 0, 37), rec.image().getRGB(0, 0, 37, 23, null, 0, 37));
            assertEquals(0.0, rec.coverage());
            // Also for an odd input type (RGBA with transparency): unchanged means equal to the decoded image.
            BufferedImage rgba = new BufferedImage(37, 23, BufferedImage.TYPE_INT_ARGB);
            rgba.setRGB(3, 4, 0x80FF0000);
            rgba.setRGB(5, 6, 0xFF123456);
            byte[] rgbaPng = encode(rgba, "png");
            BufferedImage decoded = ImageDecoder.decode(ImageSource.of(rgbaPng, "rgba.png"));
            Reconstruction rec2 = r.reconstruct(ImageSource.of(rgbaPng, "rgba.png"), mask);
            assertArrayEquals(
                    decoded.getRGB(0, 0, 37, 23, null, 0, 37), rec2.image().getRGB(0, 0, 37, 23, null, 0, 37));
            assertEquals(0xFF123456, rec2.image().getRGB(5, 6));
        }
    }

    @Test
    void hostileMaskFilesAreInvalidImageExceptionsNamingTheFile() throws Exception {
        Path bomb = write("bomb-mask.png", pngBomb(60_000, 60_000));
        ImageTooLargeException tooLarge = assertThrows(ImageTooLargeException.class, () -> Mask.fromPng(bomb));
        assertTrue(
                tooLarge.getMessage().startsWith(bomb + ": the image header declares 60000 x 60000"),
                tooLarge.getMessage());

        byte[] noise = new byte[2048];
        new Random(7).nextBytes(noise);
        Path garbage = write("garbage-mask.png", noise);
        InvalidImageException g = assertThrows(InvalidImageException.class, () -> Mask.fromPng(garbage));
        assertTrue(
                g.getMessage().equals(garbage + ": not a recognised image format. Use JPEG, PNG, TIFF, BMP or GIF."),
                g.getMessage());

        Path empty = write("empty-mask.png", new byte[0]);
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> Mask.fromPng(empty));
        assertEquals(empty + ": the file is empty (0 bytes).", e.getMessage());

        byte[] png = encode(texture(64, 64), "png");
        Path cut = write("cut-mask.png", Arrays.copyOf(png, png.length / 2));
        InvalidImageException c = assertThrows(InvalidImageException.class, () -> Mask.fromPng(cut));
        assertTrue(c.getMessage().startsWith(cut + ": the image cannot be decoded"), c.getMessage());

        Path missing = dir.resolve("no-such-mask.png");
        InvalidImageException m = assertThrows(InvalidImageException.class, () -> Mask.fromPng(missing));
        // Issue 23: a missing file is said in words, not as an exception name.
        assertTrue(
                m.getMessage().startsWith(missing + ": ") && m.getMessage().contains("does not exist"), m.getMessage());
    }

    /**
     * Regression: a mask exported as white strokes on a transparent layer was composited over white
     * by the decoder, so every transparent pixel counted as damaged (a fully transparent "empty"
     * mask marked 100% of the image and the whole painting was repainted).
     */
    @ParameterizedTest
    @ValueSource(strings = {"telea", "ns"})
    void transparentPixelsOfAMaskFileMarkNothing(String method) throws Exception {
        BufferedImage layer = new BufferedImage(12, 9, BufferedImage.TYPE_INT_ARGB); // all transparent black
        Mask none = Mask.fromPng(write("transparent.png", encode(layer, "png")));
        assertTrue(none.isEmpty(), none.toString());
        layer.setRGB(3, 4, 0xFFFFFFFF); // opaque white stroke
        layer.setRGB(4, 4, 0xC0FFFFFF); // 75% white: damaged
        layer.setRGB(5, 4, 0x40FFFFFF); // 25% white: intact
        layer.setRGB(6, 4, 0x00FFFFFF); // transparent white: intact
        Mask strokes = Mask.fromPng(write("strokes.png", encode(layer, "png")));
        assertEquals(2, strokes.damagedCount(), strokes.toString());
        assertTrue(strokes.isDamaged(3, 4) && strokes.isDamaged(4, 4));
        assertEquals(strokes, Mask.fromImage(layer), "fromImage agrees with fromPng");

        BufferedImage image = texture(12, 9);
        try (Reconstructor r = Reconstructors.classical(method)) {
            Reconstruction rec = r.reconstruct(ImageSource.of(encode(image, "png"), "painting.png"), none);
            assertArrayEquals(
                    image.getRGB(0, 0, 12, 9, null, 0, 12), rec.image().getRGB(0, 0, 12, 9, null, 0, 12));
        }
    }

    @Test
    void oddButValidMaskFilesAreRead() throws Exception {
        // 16-bit grey: bright = damaged.
        BufferedImage grey16 = new BufferedImage(6, 4, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(2, 1, 0, 65535);
        grey16.getRaster().setSample(4, 3, 0, 60000);
        grey16.getRaster().setSample(5, 3, 0, 9000);
        Mask m16 = Mask.fromPng(write("mask16.png", encode(grey16, "png")));
        assertEquals(2, m16.damagedCount());
        assertTrue(m16.isDamaged(2, 1) && m16.isDamaged(4, 3));
        // Palette GIF and 1-bit BMP.
        BufferedImage bw = new BufferedImage(8, 5, BufferedImage.TYPE_BYTE_BINARY);
        bw.setRGB(7, 4, 0xFFFFFF);
        bw.setRGB(0, 0, 0xFFFFFF);
        for (String format : new String[] {"gif", "bmp", "tiff"}) {
            Mask m = Mask.fromPng(write("mask." + format, encode(bw, format)));
            assertEquals(2, m.damagedCount(), format);
            assertTrue(m.isDamaged(7, 4) && m.isDamaged(0, 0), format);
        }
    }
}
