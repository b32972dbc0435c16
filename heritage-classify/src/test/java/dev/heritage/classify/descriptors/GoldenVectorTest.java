package dev.heritage.classify.descriptors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the values of {@link HandcraftedDescriptors#ID}: trained models and descriptor caches depend
 * on them. If this fails, the descriptors changed: bump {@code ID} (say to {@code handcrafted-v2}),
 * regenerate the golden file with {@link #main(String[])}, and say so in the change.
 */
class GoldenVectorTest {

    static final String RESOURCE = "/descriptors/golden-" + HandcraftedDescriptors.ID + ".txt";

    /** A procedural, colourful, non-square test image with edges, gradients and texture. */
    static BufferedImage testImage() {
        int w = 200;
        int h = 150;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 7 + y * 3) & 0xff;
                int g = (int) (128 + 127 * StrictMath.sin(x / 9.0) * StrictMath.cos(y / 13.0));
                int b = ((x / 25 + y / 25) % 2 == 0) ? 40 : 220;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    @Test
    void valuesMatchTheGoldenFileOfThisLayoutId() throws IOException {
        List<String> lines;
        try (InputStream in = GoldenVectorTest.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(in, "missing " + RESOURCE + ": a new descriptor ID needs a golden file (see main)");
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
        }
        HandcraftedDescriptors d = HandcraftedDescriptors.create();
        float[] v = d.compute(testImage());
        assertEquals(d.dimension(), lines.size(), "the dimension changed: bump HandcraftedDescriptors.ID");
        for (int i = 0; i < v.length; i++) {
            String[] parts = lines.get(i).split("\t");
            assertEquals(parts[0], d.names().get(i), "the layout changed: bump HandcraftedDescriptors.ID");
            assertEquals(
                    Float.parseFloat(parts[1]),
                    v[i],
                    1e-6f,
                    d.names().get(i) + " changed: bump HandcraftedDescriptors.ID and regenerate the golden file");
        }
    }

    /**
     * Writes the golden file for the current ID.
     *
     * @param args the test resources directory
     * @throws IOException if writing fails
     */
    public static void main(String[] args) throws IOException {
        HandcraftedDescriptors d = HandcraftedDescriptors.create();
        float[] v = d.compute(testImage());
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            lines.add(d.names().get(i) + "\t" + v[i]);
        }
        Path file = Path.of(args[0]).resolve(RESOURCE.substring(1));
        Files.createDirectories(file.getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
        System.out.println("wrote " + file);
    }
}
