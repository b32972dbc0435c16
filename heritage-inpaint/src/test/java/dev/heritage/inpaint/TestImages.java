package dev.heritage.inpaint;

import dev.heritage.api.Mask;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** Synthetic images and masks for the tests. */
final class TestImages {
    private TestImages() {}

    /** A smooth colour ramp: every channel linear in x and y. */
    static BufferedImage ramp(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = clamp(40 + 1.2 * x);
                int g = clamp(30 + 1.3 * y);
                int b = clamp(200 - 0.6 * (x + y));
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    /** A texture: crossed sinusoids of a few periods in each channel, with mild seeded noise. */
    static BufferedImage texture(int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double s1 = Math.sin(x / 6.0) * Math.cos(y / 9.0);
                double s2 = Math.sin((x + 2 * y) / 13.0);
                int r = clamp(128 + 70 * s1 + 20 * s2 + random.nextInt(-6, 7));
                int g = clamp(110 + 40 * s2 - 30 * s1 + random.nextInt(-6, 7));
                int b = clamp(90 + 50 * Math.cos(y / 7.0) + random.nextInt(-6, 7));
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    /** Uniform random pixels: every bit pattern of the low 24 bits is likely. */
    static BufferedImage noise(int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return img;
    }

    /** A mask of discs. Each disc: {cx, cy, radius}. */
    static Mask discs(int width, int height, int[]... discs) {
        boolean[] flags = new boolean[width * height];
        for (int[] d : discs) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int dx = x - d[0];
                    int dy = y - d[1];
                    if (dx * dx + dy * dy <= d[2] * d[2]) {
                        flags[y * width + x] = true;
                    }
                }
            }
        }
        return Mask.of(width, height, flags);
    }

    /** A copy of {@code img} with every masked pixel painted {@code rgb} (what damage looks like). */
    static BufferedImage damage(BufferedImage img, Mask mask, int rgb) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                out.setRGB(x, y, mask.isDamaged(x, y) ? rgb : img.getRGB(x, y));
            }
        }
        return out;
    }

    /** Every masked pixel set to one colour: the mean of the intact pixels, or {@code rgb} if given. */
    static BufferedImage constantFill(BufferedImage img, Mask mask, Integer rgb) {
        int fill;
        if (rgb != null) {
            fill = rgb;
        } else {
            long r = 0;
            long g = 0;
            long b = 0;
            long n = 0;
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    if (!mask.isDamaged(x, y)) {
                        int p = img.getRGB(x, y);
                        r += (p >> 16) & 0xff;
                        g += (p >> 8) & 0xff;
                        b += p & 0xff;
                        n++;
                    }
                }
            }
            fill = (int) Math.round(r / (double) n) << 16
                    | (int) Math.round(g / (double) n) << 8
                    | (int) Math.round(b / (double) n);
        }
        return damage(img, mask, fill);
    }

    static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
