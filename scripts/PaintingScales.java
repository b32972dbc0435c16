import java.awt.Image;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/**
 * Writes whole-painting copies of full-size images at the sizes the validation paintings have, so that
 * a reconstructor trained on a few public-domain paintings sees them as it will be judged: every image
 * squashed to 224 x 224 (as WikiArt's 224-px paintings were made), and kept in proportion with its
 * longer side at 320, 448 and 640 pixels (sizes larger than the original are skipped), and
 * {@code WINDOWS} seeded windows of each image (each side 35-100 % of the image's, anywhere in it, half
 * of them mirrored) squashed to 224 x 224, so that a few paintings give many painting-sized views at
 * many scales. Averaging down (area averaging), saved as PNG so no JPEG loss is added. {@code NAME.jpg}
 * gives {@code NAME-224sq.png}, {@code NAME-320.png}, {@code NAME-w00.png} and so on; the draw is
 * seeded by the file name, so a rerun writes the same files. Ids listed in the exclude file (one per
 * line, {@code #} starts a comment) are skipped: the demo's paintings are never trained on.
 *
 * <pre>java scripts/PaintingScales.java target/pd-scales configs/demo-image-ids.txt 16 \
 *     ../shared/data/large ../shared/data/public-domain-paintings/images</pre>
 */
public final class PaintingScales {
    private static final int[] LONGER_SIDES = {320, 448, 640};

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: PaintingScales OUTPUT EXCLUDE_FILE WINDOWS INPUT_FOLDER...");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Set<String> excluded = Files.readAllLines(Path.of(args[1])).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(Collectors.toSet());
        int windows = Integer.parseInt(args[2]);
        Files.createDirectories(out);
        List<Path> files = new ArrayList<>();
        for (int a = 3; a < args.length; a++) {
            try (var s = Files.list(Path.of(args[a]))) {
                s.filter(p -> p.toString().endsWith(".jpg")).sorted().forEach(files::add);
            }
        }
        int written = 0;
        for (Path p : files) {
            String id = p.getFileName().toString().replaceFirst("\\.jpg$", "");
            if (excluded.contains(id)) {
                continue;
            }
            BufferedImage image = ImageIO.read(p.toFile());
            write(scaled(image, 224, 224), out.resolve(id + "-224sq.png"));
            written++;
            int longer = Math.max(image.getWidth(), image.getHeight());
            for (int side : LONGER_SIDES) {
                if (side >= longer) {
                    continue;
                }
                int w = Math.max(1, Math.round(image.getWidth() * (float) side / longer));
                int h = Math.max(1, Math.round(image.getHeight() * (float) side / longer));
                write(scaled(image, w, h), out.resolve(id + "-" + side + ".png"));
                written++;
            }
            Random random = new Random(id.hashCode());
            for (int k = 0; k < windows; k++) {
                int w = Math.max(1, (int) Math.round(image.getWidth() * (0.35 + 0.65 * random.nextDouble())));
                int h = Math.max(1, (int) Math.round(image.getHeight() * (0.35 + 0.65 * random.nextDouble())));
                int x = random.nextInt(image.getWidth() - w + 1);
                int y = random.nextInt(image.getHeight() - h + 1);
                BufferedImage window = scaled(image.getSubimage(x, y, w, h), 224, 224);
                if (random.nextBoolean()) {
                    window = mirrored(window);
                }
                write(window, out.resolve(String.format("%s-w%02d.png", id, k)));
                written++;
            }
        }
        System.out.println(written + " images written to " + out);
    }

    private static BufferedImage scaled(BufferedImage image, int w, int h) {
        Image smooth = image.getScaledInstance(w, h, Image.SCALE_AREA_AVERAGING);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(smooth, 0, 0, null);
        return out;
    }

    private static BufferedImage mirrored(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                out.setRGB(image.getWidth() - 1 - x, y, image.getRGB(x, y));
            }
        }
        return out;
    }

    private static void write(BufferedImage image, Path file) throws Exception {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        ImageIO.write(image, "png", partial.toFile());
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
