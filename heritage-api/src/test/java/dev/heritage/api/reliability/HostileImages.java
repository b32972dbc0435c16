package dev.heritage.api.reliability;

import com.twelvemonkeys.imageio.color.ColorSpaces;
import dev.heritage.api.ImageTooLargeException;
import dev.heritage.api.InvalidImageException;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The hostile and odd image corpus, generated in memory (no binary file is committed): every entry
 * is built from a small image written with ImageIO and, for the hostile ones, patched at the byte
 * level (header fields, CRCs, truncation).
 */
public final class HostileImages {
    /** The side every bomb claims: 60000 × 60000 = 3.6 gigapixels. */
    public static final int BOMB_SIDE = 60_000;

    private HostileImages() {}

    /**
     * One corpus entry.
     *
     * @param name file name (the extension is what a user would see, not necessarily the format)
     * @param bytes the encoded bytes
     * @param error the exception type expected from the decoder, {@code null} for a valid image
     * @param excerpt a piece of the expected message (bad) or a description (valid)
     * @param width the expected decoded width (valid only)
     * @param height the expected decoded height (valid only)
     */
    public record Entry(
            String name,
            byte[] bytes,
            Class<? extends InvalidImageException> error,
            String excerpt,
            int width,
            int height) {
        /** @return true for an odd-but-valid image that must decode */
        public boolean valid() {
            return error == null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Entry bad(String name, byte[] bytes, Class<? extends InvalidImageException> error, String excerpt) {
        return new Entry(name, bytes, error, excerpt, 0, 0);
    }

    static Entry good(String name, byte[] bytes, int width, int height, String what) {
        return new Entry(name, bytes, null, what, width, height);
    }

    /** @return the whole corpus: hostile entries first, then the odd-but-valid ones */
    public static List<Entry> corpus() {
        List<Entry> list = new ArrayList<>(hostile());
        list.addAll(oddButValid());
        return list;
    }

    /** @return images that must be refused with {@link InvalidImageException} */
    public static List<Entry> hostile() {
        byte[] jpeg = encode(texture(64, 48), "jpeg");
        byte[] png = encode(texture(64, 48), "png");
        byte[] gif = encode(texture(64, 48), "gif");
        byte[] bmp = encode(texture(64, 48), "bmp");
        byte[] tiff = encode(texture(64, 48), "tiff", "LZW");
        Class<InvalidImageException> invalid = InvalidImageException.class;
        Class<ImageTooLargeException> tooLarge = ImageTooLargeException.class;
        String bombText = BOMB_SIDE + " x " + BOMB_SIDE + " = 3600000000 pixels";
        return List.of(
                bad("zero-byte.jpg", new byte[0], invalid, "the file is empty (0 bytes)"),
                bad("truncated.jpg", Arrays.copyOf(jpeg, jpeg.length / 2), invalid, "incomplete"),
                bad("truncated.png", Arrays.copyOf(png, png.length / 2), invalid, "cannot be decoded"),
                bad("truncated.gif", Arrays.copyOf(gif, gif.length / 2), invalid, "cannot be decoded"),
                bad("truncated.bmp", Arrays.copyOf(bmp, bmp.length / 2), invalid, "cannot be decoded"),
                bad("truncated.tif", Arrays.copyOf(tiff, tiff.length / 2), invalid, "the file contains no image"),
                bad("header-only.png", Arrays.copyOf(png, 33), invalid, "cannot be decoded"),
                bad("zero-width.png", pngWithSize(0, 48), invalid, "cannot"),
                bad("garbage.png", garbage(4096, 1), invalid, "not a recognised image format"),
                bad(
                        "html-named.jpg",
                        "<!DOCTYPE html><html><body>Not found</body></html>\n".getBytes(StandardCharsets.UTF_8),
                        invalid,
                        "not a recognised image format"),
                bad("bomb.png", pngWithSize(BOMB_SIDE, BOMB_SIDE), tooLarge, bombText),
                bad("bomb.gif", gifBomb(BOMB_SIDE, BOMB_SIDE), tooLarge, bombText),
                bad("bomb.jpg", jpegWithSize(BOMB_SIDE, BOMB_SIDE), tooLarge, bombText),
                bad("bomb.bmp", bmpWithSize(BOMB_SIDE, BOMB_SIDE), tooLarge, bombText),
                bad("bomb.tif", tiffWithSize(BOMB_SIDE, BOMB_SIDE), tooLarge, bombText));
    }

    /** @return odd images that must decode to 8-bit RGB */
    public static List<Entry> oddButValid() {
        return List.of(
                good("one-pixel.png", encode(solid(1, 1, 0x336699), "png"), 1, 1, "1x1 PNG"),
                good("cmyk.jpg", cmykJpeg(16, 12), 16, 12, "CMYK JPEG with an Adobe APP14 marker"),
                good("grey16.png", grey16Png(5, 4), 5, 4, "16-bit grey PNG"),
                good("rgba.png", encode(rgba(8, 8), "png"), 8, 8, "RGBA PNG"),
                good("interlaced.png", encode(texture(33, 17), "png", null, true), 33, 17, "Adam7-interlaced PNG"),
                good("palette.gif", encode(texture(20, 10), "gif"), 20, 10, "palette GIF"),
                good("lzw.tif", encode(texture(21, 13), "tiff", "LZW"), 21, 13, "LZW TIFF"),
                good("rgb.bmp", encode(texture(9, 7), "bmp"), 9, 7, "24-bit BMP"),
                good("png-named.jpg", encode(texture(12, 10), "png"), 12, 10, "a PNG with a .jpg name"));
    }

    // ---- images ----

    /** @return a deterministic, textured RGB image */
    public static BufferedImage texture(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (int) (128 + 100 * Math.sin(x / 3.0));
                int g = (int) (128 + 100 * Math.cos(y / 4.0));
                img.setRGB(x, y, r << 16 | g << 8 | ((x * 7 + y * 13) & 0xff));
            }
        }
        return img;
    }

    static BufferedImage solid(int w, int h, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    /** An 8×8 ARGB image: (1,1) fully transparent red, (2,2) opaque green, (3,3) half-transparent black. */
    static BufferedImage rgba(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, 0xFF0000FF);
            }
        }
        img.setRGB(1, 1, 0x00FF0000);
        img.setRGB(2, 2, 0xFF00FF00);
        img.setRGB(3, 3, 0x80000000);
        return img;
    }

    /** @return random bytes */
    public static byte[] garbage(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    // ---- encoders ----

    /** @return the image written by ImageIO in that format */
    public static byte[] encode(BufferedImage img, String format) {
        return encode(img, format, null, false);
    }

    static byte[] encode(BufferedImage img, String format, String compression) {
        return encode(img, format, compression, false);
    }

    static byte[] encode(BufferedImage img, String format, String compression, boolean progressive) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (compression != null) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionType(compression);
            }
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(img, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * A CMYK JPEG written by the TwelveMonkeys writer (it writes an Adobe APP14 marker for a CMYK
     * image): cyan grows to the right, magenta downwards, no yellow, no black. Pixel (0,0) is paper
     * white; the far corner is a deep blue.
     */
    public static byte[] cmykJpeg(int w, int h) {
        ColorSpace cmyk = ColorSpaces.getColorSpace(ColorSpaces.CS_GENERIC_CMYK);
        ComponentColorModel cm = new ComponentColorModel(cmyk, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setSample(x, y, 0, x * 255 / (w - 1));
                raster.setSample(x, y, 1, y * 255 / (h - 1));
            }
        }
        byte[] jpeg = encode(new BufferedImage(cm, raster, false, null), "jpeg");
        if (findMarker(jpeg, 0xEE) < 0) {
            throw new IllegalStateException("the JPEG writer wrote no Adobe APP14 marker for a CMYK image");
        }
        return jpeg;
    }

    /** A 16-bit grey PNG: (3,2) is 65535 (white), everything else 0 except (1,1) = 32896 (mid-grey). */
    public static byte[] grey16Png(int w, int h) {
        BufferedImage grey16 = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(3, 2, 0, 65535);
        grey16.getRaster().setSample(1, 1, 0, 32896);
        return encode(grey16, "png");
    }

    // ---- patched headers ----

    /** A 1×1 PNG whose IHDR claims {@code width × height}, with a correct CRC. */
    public static byte[] pngWithSize(int width, int height) {
        byte[] png = encode(solid(1, 1, 0), "png");
        putInt(png, 16, width, true);
        putInt(png, 20, height, true);
        fixPngCrcs(png);
        return png;
    }

    /** A 1×1 GIF whose logical screen and image descriptor both claim {@code width × height}. */
    public static byte[] gifBomb(int width, int height) {
        byte[] gif = encode(solid(1, 1, 0), "gif");
        putShort(gif, 6, width, false);
        putShort(gif, 8, height, false);
        int descriptor = gifImageDescriptor(gif);
        putShort(gif, descriptor + 5, width, false);
        putShort(gif, descriptor + 7, height, false);
        return gif;
    }

    /** A 1×1 baseline JPEG whose SOF0 claims {@code width × height}. */
    public static byte[] jpegWithSize(int width, int height) {
        byte[] jpeg = encode(solid(1, 1, 0), "jpeg");
        int sof = findMarker(jpeg, 0xC0);
        putShort(jpeg, sof + 5, height, true);
        putShort(jpeg, sof + 7, width, true);
        return jpeg;
    }

    /** A 1×1 BMP whose info header claims {@code width × height}. */
    public static byte[] bmpWithSize(int width, int height) {
        byte[] bmp = encode(solid(1, 1, 0), "bmp");
        putInt(bmp, 18, width, false);
        putInt(bmp, 22, height, false);
        return bmp;
    }

    /** A 1×1 TIFF whose ImageWidth and ImageLength tags claim {@code width × height}. */
    public static byte[] tiffWithSize(int width, int height) {
        byte[] tiff = encode(solid(1, 1, 0), "tiff");
        boolean be = tiff[0] == 'M';
        int ifd = getInt(tiff, 4, be);
        int entries = getShort(tiff, ifd, be);
        int patched = 0;
        for (int i = 0; i < entries; i++) {
            int e = ifd + 2 + 12 * i;
            int tag = getShort(tiff, e, be);
            int type = getShort(tiff, e + 2, be);
            if (tag == 256 || tag == 257) {
                int value = tag == 256 ? width : height;
                if (type == 3) {
                    putShort(tiff, e + 8, value, be);
                } else {
                    putInt(tiff, e + 8, value, be);
                }
                patched++;
            }
        }
        if (patched != 2) {
            throw new IllegalStateException("TIFF without ImageWidth/ImageLength");
        }
        return tiff;
    }

    // ---- byte helpers ----

    static int gifImageDescriptor(byte[] gif) {
        int p = 13;
        int flags = gif[10] & 0xff;
        if ((flags & 0x80) != 0) {
            p += 3 * (1 << ((flags & 7) + 1));
        }
        while (p < gif.length && (gif[p] & 0xff) == 0x21) { // extension: label, then sub-blocks
            p += 2;
            while ((gif[p] & 0xff) != 0) {
                p += (gif[p] & 0xff) + 1;
            }
            p++;
        }
        if ((gif[p] & 0xff) != 0x2C) {
            throw new IllegalStateException("no GIF image descriptor");
        }
        return p;
    }

    /** @return the offset of the first {@code FF marker} in a JPEG, or -1 */
    static int findMarker(byte[] jpeg, int marker) {
        int p = 2;
        while (p + 4 <= jpeg.length && (jpeg[p] & 0xff) == 0xFF) {
            int m = jpeg[p + 1] & 0xff;
            if (m == marker) {
                return p;
            }
            if (m == 0xDA) {
                return -1;
            }
            p += 2 + getShort(jpeg, p + 2, true);
        }
        return -1;
    }

    /** Recomputes the CRC of every complete chunk of a PNG. */
    public static void fixPngCrcs(byte[] png) {
        int p = 8;
        while (p + 12 <= png.length) {
            long len = getInt(png, p, true) & 0xffffffffL;
            if (p + 12 + len > png.length) {
                return;
            }
            CRC32 crc = new CRC32();
            crc.update(png, p + 4, (int) len + 4);
            putInt(png, p + 8 + (int) len, (int) crc.getValue(), true);
            p += 12 + (int) len;
        }
    }

    static void putShort(byte[] b, int p, int v, boolean bigEndian) {
        b[p] = (byte) (bigEndian ? v >>> 8 : v);
        b[p + 1] = (byte) (bigEndian ? v : v >>> 8);
    }

    static void putInt(byte[] b, int p, int v, boolean bigEndian) {
        for (int k = 0; k < 4; k++) {
            b[p + k] = (byte) (bigEndian ? v >>> (24 - 8 * k) : v >>> (8 * k));
        }
    }

    static int getShort(byte[] b, int p, boolean bigEndian) {
        return bigEndian ? (b[p] & 0xff) << 8 | (b[p + 1] & 0xff) : (b[p + 1] & 0xff) << 8 | (b[p] & 0xff);
    }

    static int getInt(byte[] b, int p, boolean bigEndian) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            v |= (b[p + k] & 0xff) << (bigEndian ? 24 - 8 * k : 8 * k);
        }
        return v;
    }
}
