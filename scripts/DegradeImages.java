import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import java.io.UncheckedIOException;
/**
 * Writes a degraded copy of every 224 px image of a folder, imitating how the S1 rows of
 * wikiart-more-styles were made (its README): one axis of the painting shrunk to a short side of
 * about 166 px (normal, sd 20, clipped to 96-224; the other axis kept at 224), scaled back to 224 x 224,
 * then saved as JPEG quality 90 and once more at quality 85. The copy of image {@code NAME.jpg} is
 * {@code NAME.jpg} in the output folder; the draw is seeded by the file name, so a rerun writes the
 * same files. Used to build the 16-style training set (docs/STATUS.md, "paintings-multitask 2.0.0"):
 *
 * <pre>java scripts/DegradeImages.java ../shared/data/wikiart-10styles/images target/degraded-10styles</pre>
 */
public final class DegradeImages {
    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        List<Path> files;
        try (var s = Files.list(in)) {
            files = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        AtomicInteger done = new AtomicInteger();
        files.parallelStream().forEach(p -> {
            try {
                Path target = out.resolve(p.getFileName().toString());
                if (!Files.exists(target)) {
                    Files.write(target, degrade(ImageIO.read(p.toFile()), p.getFileName().toString()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(p.toString(), e);
            }
            int d = done.incrementAndGet();
            if (d % 1000 == 0) {
                System.out.println(d + "/" + files.size());
            }
        });
        System.out.println("wrote " + files.size() + " degraded copies to " + out);
    }

    static byte[] degrade(BufferedImage src, String name) throws IOException {
        Random r = new Random(name.hashCode() * 0x9E3779B97F4A7C15L);
        int w = src.getWidth();
        int h = src.getHeight();
        int shortSide = (int) Math.round(Math.max(96, Math.min(224, 166 + 20 * r.nextGaussian())));
        boolean shrinkWidth = r.nextBoolean();
        int sw = shrinkWidth ? Math.max(1, shortSide * w / 224) : w;
        int sh = shrinkWidth ? h : Math.max(1, shortSide * h / 224);
        BufferedImage small = draw(src.getScaledInstance(sw, sh, Image.SCALE_AREA_AVERAGING), sw, sh, false);
        BufferedImage back = draw(small, w, h, true);
        byte[] q90 = jpeg(back, 0.90f);
        return jpeg(ImageIO.read(new ByteArrayInputStream(q90)), 0.85f);
    }

    private static BufferedImage draw(Image img, int w, int h, boolean bicubic) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        if (bicubic) {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        }
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static byte[] jpeg(BufferedImage img, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = writer.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream os = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(os);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
