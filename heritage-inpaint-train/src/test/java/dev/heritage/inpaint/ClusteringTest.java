package dev.heritage.inpaint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.MalformedModelException;
import dev.heritage.api.Mask;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusteringTest {

    static List<double[]> blobs(long seed) {
        Random r = new Random(seed);
        double[][] centres = {{0, 0, 0}, {10, 0, 5}, {0, 10, -5}};
        List<double[]> data = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            double[] c = centres[i % 3];
            data.add(new double[] {c[0] + r.nextGaussian(), c[1] + r.nextGaussian(), c[2] + r.nextGaussian()});
        }
        return data;
    }

    @Test
    void kMeansFindsSeparatedBlobsAndRepeats() {
        List<double[]> data = blobs(1);
        Clustering a = KMeans.of(3, 42).fit(data);
        Clustering b = KMeans.of(3, 42).fit(data);
        assertEquals(a, b);
        assertArrayEquals(
                new int[] {30, 30, 30}, Arrays.stream(a.sizes()).sorted().toArray());
        // Points of one blob share a cluster; points of different blobs do not.
        for (int i = 3; i < data.size(); i++) {
            assertEquals(a.nearest(data.get(i % 3)), a.nearest(data.get(i)));
        }
        assertNotEquals(a.nearest(data.get(0)), a.nearest(data.get(1)));
        assertTrue(a.meanSquaredDistance() < 0.5, "within-cluster spread " + a.meanSquaredDistance());
    }

    @Test
    void kMeansRejectsTooFewPoints() {
        assertThrows(IllegalArgumentException.class, () -> KMeans.of(4, 1).fit(blobs(1).subList(0, 3)));
    }

    @Test
    void clusteringRoundTripsThroughJson(@TempDir Path dir) throws Exception {
        Clustering c = TinyModels.clustering();
        Path f = dir.resolve(Clustering.FILE_NAME);
        c.write(f);
        assertEquals(c, Clustering.read(f));
        Files.writeString(f, "{\"format\": \"something-else\"}");
        assertThrows(MalformedModelException.class, () -> Clustering.read(f));
    }

    @Test
    void descriptorsIgnoreDamagedPixels() {
        BufferedImage a = TinyModels.image(60, 50, 3);
        BufferedImage b = TinyModels.image(60, 50, 3);
        Mask mask = MaskGenerator.mixed().generate(2, 60, 50, 0.2, 0.3);
        for (int y = 0; y < 50; y++) {
            for (int x = 0; x < 60; x++) {
                if (mask.isDamaged(x, y)) {
                    b.setRGB(x, y, 0xff00ff);
                }
            }
        }
        double[] da = ImageDescriptors.describe(a, mask);
        assertArrayEquals(da, ImageDescriptors.describe(b, mask));
        assertEquals(ImageDescriptors.SIZE, da.length);
        assertEquals(ImageDescriptors.SIZE, ImageDescriptors.names().size());
        // Without the mask the magenta damage shows.
        assertNotEquals(ImageDescriptors.describe(a, null)[6], ImageDescriptors.describe(b, null)[6]);
        for (double v : da) {
            assertTrue(Double.isFinite(v) && v >= 0);
        }
    }

    @Test
    void fullyDamagedImageHasAZeroDescriptor() {
        boolean[] all = new boolean[16];
        Arrays.fill(all, true);
        assertArrayEquals(
                new double[ImageDescriptors.SIZE],
                ImageDescriptors.describe(TinyModels.image(4, 4, 1), Mask.of(4, 4, all)));
    }
}
