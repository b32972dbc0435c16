package dev.heritage.api.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageHeader;
import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile images (docs/RELIABILITY.md): every hostile input gives {@link InvalidImageException} (or its subclass
 * {@code ImageTooLargeException} for bombs) naming the file and the reason; every odd-but-valid one
 * comes out as 8-bit RGB of its size.
 */
class HostileImageCorpusTest {

    static Stream<HostileImages.Entry> hostile() {
        return HostileImages.hostile().stream();
    }

    static Stream<HostileImages.Entry> valid() {
        return HostileImages.oddButValid().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostileImageIsRefusedWithTheReason(HostileImages.Entry e) {
        InvalidImageException ex = assertThrows(
                InvalidImageException.class, () -> ImageDecoder.decode(ImageSource.of(e.bytes(), e.name())));
        assertEquals(e.error(), ex.getClass(), ex.toString());
        String m = ex.getMessage();
        assertTrue(m.startsWith(e.name() + ": "), "names the source: " + m);
        assertTrue(m.contains(e.excerpt()), "says why (" + e.excerpt() + "): " + m);
        assertEquals(1, m.lines().count(), "one line: " + m);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void oddButValidImageIsNormalisedToRgb(HostileImages.Entry e) throws Exception {
        BufferedImage img = ImageDecoder.decode(ImageSource.of(e.bytes(), e.name()));
        assertEquals(BufferedImage.TYPE_INT_RGB, img.getType(), e.excerpt());
        assertEquals(e.width(), img.getWidth(), e.excerpt());
        assertEquals(e.height(), img.getHeight(), e.excerpt());
    }

    @Test
    void bombHeadersAreReadableWithoutDecoding() throws Exception {
        for (HostileImages.Entry e : HostileImages.hostile()) {
            if (e.name().startsWith("bomb.")) {
                ImageHeader h = ImageDecoder.readHeader(ImageSource.of(e.bytes(), e.name()));
                assertEquals(HostileImages.BOMB_SIDE, h.width(), e.name());
                assertEquals(HostileImages.BOMB_SIDE, h.height(), e.name());
            }
        }
    }

    @Test
    void cmykJpegIsConvertedAsCmykNotReadAsRgb() throws Exception {
        BufferedImage img = ImageDecoder.decode(ImageSource.of(HostileImages.cmykJpeg(16, 12), "cmyk.jpg"));
        int paper = img.getRGB(0, 0);
        // No ink: paper white (a generic CMYK profile gives a slightly off-white).
        assertTrue(red(paper) > 230 && green(paper) > 230 && blue(paper) > 230, hex(paper));
        // Full cyan + full magenta, no yellow: a deep blue. Read as RGB or uninverted it would differ.
        int blue = img.getRGB(15, 11);
        assertTrue(blue(blue) > red(blue) + 100 && blue(blue) > green(blue) + 100, hex(blue));
        // Cyan only: blue-green (little red).
        int cyan = img.getRGB(15, 0);
        assertTrue(red(cyan) < 80 && green(cyan) > 120 && blue(cyan) > 180, hex(cyan));
    }

    @Test
    void sixteenBitGreyKeepsItsRangeInEightBits() throws Exception {
        BufferedImage img = ImageDecoder.decode(ImageSource.of(HostileImages.grey16Png(5, 4), "grey16.png"));
        assertEquals(0xFFFFFF, img.getRGB(3, 2) & 0xFFFFFF);
        assertEquals(0x000000, img.getRGB(0, 0) & 0xFFFFFF);
        int mid = img.getRGB(1, 1);
        assertEquals(red(mid), green(mid));
        assertEquals(red(mid), blue(mid));
        // 32896/65535 is 50% linear grey; the decoder may apply the grey gamma, but it is not black or white.
        assertTrue(red(mid) > 90 && red(mid) < 200, hex(mid));
    }

    @Test
    void alphaIsCompositedOverWhite() throws Exception {
        BufferedImage img =
                ImageDecoder.decode(ImageSource.of(HostileImages.encode(HostileImages.rgba(8, 8), "png"), "rgba.png"));
        assertEquals(0xFFFFFF, img.getRGB(1, 1) & 0xFFFFFF, "transparent red shows white");
        assertEquals(0x00FF00, img.getRGB(2, 2) & 0xFFFFFF, "opaque green stays green");
        int half = img.getRGB(3, 3);
        assertTrue(
                Math.abs(red(half) - 127) <= 2 && red(half) == blue(half),
                "half-transparent black is grey: " + hex(half));
        assertEquals(0x0000FF, img.getRGB(7, 7) & 0xFFFFFF);
    }

    @Test
    void losslessFormatsKeepEveryPixel() throws Exception {
        for (String name : List.of("lzw.tif", "rgb.bmp", "interlaced.png", "png-named.jpg", "one-pixel.png")) {
            HostileImages.Entry e = HostileImages.oddButValid().stream()
                    .filter(x -> x.name().equals(name))
                    .findFirst()
                    .orElseThrow();
            BufferedImage img = ImageDecoder.decode(ImageSource.of(e.bytes(), e.name()));
            BufferedImage expected = name.equals("one-pixel.png")
                    ? HostileImages.solid(1, 1, 0x336699)
                    : HostileImages.texture(img.getWidth(), img.getHeight());
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    assertEquals(expected.getRGB(x, y), img.getRGB(x, y), name + " pixel " + x + "," + y);
                }
            }
        }
    }

    private static int red(int p) {
        return (p >> 16) & 0xff;
    }

    private static int green(int p) {
        return (p >> 8) & 0xff;
    }

    private static int blue(int p) {
        return p & 0xff;
    }

    private static String hex(int p) {
        return String.format("#%06X", p & 0xFFFFFF);
    }
}
