package dev.heritage.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The bounded decoder: limits from the header, clear errors, normalisation. */
class ImageDecoderTest {

    private static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, out), "no writer for " + format);
        return out.toByteArray();
    }

    private static BufferedImage gradient(int w, int h, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 255 / w) << 16 | (y * 255 / h) << 8 | 128);
            }
        }
        return img;
    }

    /** A PNG whose IHDR claims a huge size; the pixel data is not there at all. */
    private static byte[] pngBomb(int width, int height) throws IOException {
        byte[] png = encode(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png");
        // IHDR width/height sit at bytes 16..23; the CRC after them no longer matches, which a
        // header-only read does not check.
        for (int i = 0; i < 4; i++) {
            png[16 + i] = (byte) (width >>> (24 - 8 * i));
            png[20 + i] = (byte) (height >>> (24 - 8 * i));
        }
        return png;
    }

    @Test
    void pngRoundTripsToRgb() throws Exception {
        BufferedImage src = gradient(40, 30, BufferedImage.TYPE_INT_RGB);
        BufferedImage out = ImageDecoder.decode(ImageSource.of(encode(src, "png"), "g.png"));
        assertEquals(BufferedImage.TYPE_INT_RGB, out.getType());
        assertEquals(40, out.getWidth());
        assertEquals(src.getRGB(13, 17), out.getRGB(13, 17));
    }

    @Test
    void imageAboveThePixelLimitIsRefusedFromTheHeaderBeforeDecoding() throws Exception {
        byte[] bomb = pngBomb(50_000, 50_000);
        AtomicLong bytesRead = new AtomicLong();
        ImageSource counting = new ImageSource() {
            @Override
            public InputStream open() {
                return new FilterInputStream(new ByteArrayInputStream(bomb)) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        bytesRead.addAndGet(Math.max(n, 0));
                        return n;
                    }
                };
            }

            @Override
            public String describe() {
                return "bomb.png";
            }
        };
        ImageTooLargeException e = assertThrows(
                ImageTooLargeException.class, () -> ImageDecoder.decode(counting, DecodeLimits.defaults()));
        assertEquals(50_000, e.width());
        assertEquals(DecodeLimits.DEFAULT_MAX_PIXELS, e.limit());
        assertTrue(e.getMessage().contains("bomb.png") && e.getMessage().contains("2500000000"), e.getMessage());
        assertTrue(bytesRead.get() <= bomb.length, "only the header was read");
    }

    @Test
    void configurableLimit() throws Exception {
        byte[] png = encode(gradient(100, 100, BufferedImage.TYPE_INT_RGB), "png");
        assertThrows(
                ImageTooLargeException.class,
                () -> ImageDecoder.decode(ImageSource.of(png, "p.png"), DecodeLimits.maxPixels(9_999)));
        assertEquals(
                100,
                ImageDecoder.decode(ImageSource.of(png, "p.png"), DecodeLimits.maxPixels(10_000))
                        .getHeight());
    }

    @Test
    void emptyGarbageAndTruncatedInputsGiveInvalidImageException() throws Exception {
        InvalidImageException empty = assertThrows(
                InvalidImageException.class, () -> ImageDecoder.decode(ImageSource.of(new byte[0], "empty.jpg")));
        assertTrue(
                empty.getMessage().contains("empty.jpg") && empty.getMessage().contains("empty"));

        byte[] garbage = new byte[4096];
        new Random(1).nextBytes(garbage);
        InvalidImageException bad = assertThrows(
                InvalidImageException.class, () -> ImageDecoder.decode(ImageSource.of(garbage, "garbage.png")));
        assertTrue(bad.getMessage().contains("not a recognised image format"), bad.getMessage());

        byte[] jpeg = encode(gradient(64, 64, BufferedImage.TYPE_INT_RGB), "jpeg");
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length / 3);
        InvalidImageException truncated =
                assertThrows(InvalidImageException.class, () -> ImageDecoder.decode(ImageSource.of(cut, "cut.jpg")));
        assertTrue(truncated.getMessage().contains("cut.jpg"), truncated.getMessage());
    }

    @Test
    void oddButValidImagesAreNormalisedToRgb() throws Exception {
        BufferedImage rgba = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(1, 1, 0x00FF0000); // fully transparent red: composited over white
        rgba.setRGB(2, 2, 0xFF00FF00);
        BufferedImage out = ImageDecoder.decode(ImageSource.of(encode(rgba, "png"), "rgba.png"));
        assertEquals(0xFFFFFF, out.getRGB(1, 1) & 0xFFFFFF);
        assertEquals(0x00FF00, out.getRGB(2, 2) & 0xFFFFFF);

        BufferedImage grey16 = new BufferedImage(5, 4, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(3, 2, 0, 65535);
        BufferedImage g = ImageDecoder.decode(ImageSource.of(encode(grey16, "png"), "grey16.png"));
        assertEquals(0xFFFFFF, g.getRGB(3, 2) & 0xFFFFFF);
        assertEquals(0, g.getRGB(0, 0) & 0xFFFFFF);

        for (String format : new String[] {"bmp", "tiff", "gif"}) {
            BufferedImage src = gradient(9, 7, BufferedImage.TYPE_INT_RGB);
            BufferedImage dec = ImageDecoder.decode(ImageSource.of(encode(src, format), "x." + format));
            assertEquals(9, dec.getWidth(), format);
            assertEquals(BufferedImage.TYPE_INT_RGB, dec.getType(), format);
        }
        BufferedImage one = ImageDecoder.decode(ImageSource.of(encode(gradient(1, 1, 1), "png"), "1x1.png"));
        assertEquals(1, one.getWidth() * one.getHeight());
    }

    @Test
    void headerOnly() throws Exception {
        ImageHeader h = ImageDecoder.readHeader(ImageSource.of(pngBomb(30_000, 20_000), "h.png"));
        assertEquals(30_000, h.width());
        assertEquals(600_000_000L, h.pixels());
    }
}
