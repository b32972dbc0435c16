package dev.heritage.cli.reliability;

import com.twelvemonkeys.imageio.color.ColorSpaces;
import java.awt.Transparency;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The hostile and odd image corpus for the command line, written into a folder by the test code
 * (a compact copy of heritage-api's {@code HostileImages}: test classes are not shared between
 * modules).
 */
final class CliHostileFiles {
    private CliHostileFiles() {}

    /**
     * @param name the file name
     * @param bytes its bytes
     * @param excerpt (hostile) a piece of the expected message; {@code null} for a valid image
     * @param width (valid) the decoded width
     * @param height (valid) the decoded height
     */
    record Entry(String name, byte[] bytes, String excerpt, int width, int height) {
        boolean valid() {
            return excerpt == null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Entry> hostile() {
        byte[] jpeg = encode(texture(64, 48), "jpeg", null);
        byte[] png = encode(texture(64, 48), "png", null);
        String bomb = "the image header declares 60000 x 60000 = 3600000000 pixels, more than the limit of 89478485";
        return List.of(
                new Entry("zero-byte.jpg", new byte[0], "the file is empty (0 bytes)", 0, 0),
                new Entry("truncated.jpg", Arrays.copyOf(jpeg, jpeg.length / 2), "the image data is incomplete", 0, 0),
                new Entry("truncated.png", Arrays.copyOf(png, png.length / 2), "the image cannot be decoded", 0, 0),
                new Entry("garbage.png", garbage(4096), "not a recognised image format", 0, 0),
                new Entry(
                        "html-named.jpg",
                        "<!DOCTYPE html><html><body>404</body></html>\n".getBytes(StandardCharsets.UTF_8),
                        "not a recognised image format",
                        0,
                        0),
                new Entry("bomb.png", pngBomb(), bomb, 0, 0),
                new Entry("bomb.gif", gifBomb(), bomb, 0, 0),
                new Entry("bomb.jpg", jpegBomb(), bomb, 0, 0));
    }

    static List<Entry> oddButValid() {
        BufferedImage rgba = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(1, 1, 0x00FF0000);
        rgba.setRGB(2, 2, 0xFF00FF00);
        BufferedImage grey16 = new BufferedImage(6, 5, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(3, 2, 0, 65535);
        return List.of(
                new Entry("one-pixel.png", encode(texture(1, 1), "png", null), null, 1, 1),
                new Entry("cmyk.jpg", cmykJpeg(16, 12), null, 16, 12),
                new Entry("grey16.png", encode(grey16, "png", null), null, 6, 5),
                new Entry("rgba.png", encode(rgba, "png", null), null, 8, 8),
                new Entry("palette.gif", encode(texture(20, 10), "gif", null), null, 20, 10),
                new Entry("lzw.tif", encode(texture(21, 13), "tiff", "LZW"), null, 21, 13),
                new Entry("rgb.bmp", encode(texture(9, 7), "bmp", null), null, 9, 7),
                new Entry("png-named.jpg", encode(texture(12, 10), "png", null), null, 12, 10));
    }

    static List<Entry> all() {
        List<Entry> all = new ArrayList<>(hostile());
        all.addAll(oddButValid());
        return all;
    }

    static Path write(Path dir, Entry e) {
        try {
            Path p = dir.resolve(e.name());
            Files.write(p, e.bytes());
            return p;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static BufferedImage texture(int w, int h) {
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

    static byte[] garbage(int n) {
        byte[] b = new byte[n];
        new Random(1).nextBytes(b);
        return b;
    }

    static byte[] encode(BufferedImage img, String format, String compression) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (compression != null) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionType(compression);
            }
            writer.write(null, new IIOImage(img, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** TwelveMonkeys writes an Adobe APP14 marker for a CMYK image. */
    static byte[] cmykJpeg(int w, int h) {
        ComponentColorModel cm = new ComponentColorModel(
                ColorSpaces.getColorSpace(ColorSpaces.CS_GENERIC_CMYK),
                false,
                false,
                Transparency.OPAQUE,
                DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setSample(x, y, 0, x * 255 / (w - 1));
                raster.setSample(x, y, 1, y * 255 / (h - 1));
            }
        }
        return encode(new BufferedImage(cm, raster, false, null), "jpeg", null);
    }

    private static BufferedImage black() {
        return new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    }

    /** A 1x1 PNG whose IHDR (CRC fixed) claims 60000 x 60000. */
    static byte[] pngBomb() {
        return pngHeaderOnly(60_000, 60_000);
    }

    /** A 1x1 PNG whose IHDR (CRC fixed) claims {@code w} x {@code h}. */
    static byte[] pngHeaderOnly(int w, int h) {
        byte[] png = encode(black(), "png", null);
        for (int i = 0; i < 4; i++) {
            png[16 + i] = (byte) (w >>> (24 - 8 * i));
            png[20 + i] = (byte) (h >>> (24 - 8 * i));
        }
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        int v = (int) crc.getValue();
        for (int i = 0; i < 4; i++) {
            png[29 + i] = (byte) (v >>> (24 - 8 * i));
        }
        return png;
    }

    /** A 1x1 GIF whose logical screen and image descriptor claim 60000 x 60000. */
    static byte[] gifBomb() {
        byte[] gif = encode(black(), "gif", null);
        int flags = gif[10] & 0xff;
        int descriptor = 13 + ((flags & 0x80) != 0 ? 3 * (1 << ((flags & 7) + 1)) : 0);
        if ((gif[descriptor] & 0xff) != 0x2C) {
            throw new IllegalStateException("unexpected GIF layout");
        }
        for (int p : new int[] {6, 8, descriptor + 5, descriptor + 7}) {
            gif[p] = (byte) 60_000;
            gif[p + 1] = (byte) (60_000 >>> 8);
        }
        return gif;
    }

    /** A 1x1 JPEG whose SOF0 claims 60000 x 60000. */
    static byte[] jpegBomb() {
        byte[] jpeg = encode(black(), "jpeg", null);
        for (int p = 2; p + 9 < jpeg.length; ) {
            int marker = jpeg[p + 1] & 0xff;
            if (marker == 0xC0) {
                for (int q : new int[] {p + 5, p + 7}) {
                    jpeg[q] = (byte) (60_000 >>> 8);
                    jpeg[q + 1] = (byte) 60_000;
                }
                return jpeg;
            }
            p += 2 + ((jpeg[p + 2] & 0xff) << 8 | (jpeg[p + 3] & 0xff));
        }
        throw new IllegalStateException("no SOF0");
    }
}
