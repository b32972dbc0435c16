package dev.heritage.inpaint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heritage.api.MalformedModelException;
import dev.heritage.api.Mask;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A refiner stage: its file round trip, its refusal of bad files, and what it changes. */
class RefinerStageTest {
    @TempDir
    Path dir;

    /** Two clusters (near the border / deep inside); cluster 1 adds a constant 0.1 to red. */
    static RefinerStage stage() {
        return stage(false);
    }

    /**
     * @param sequential whether the stage refines border inwards
     * @return two clusters (near the border / deep inside); cluster 0 pulls each pixel a tenth of the way
     *     towards its right-hand neighbour, cluster 1 also adds 0.1 to red
     */
    static RefinerStage stage(boolean sequential) {
        double[] mean = new double[RefinerTile.DESCRIPTOR];
        double[] std = new double[RefinerTile.DESCRIPTOR];
        Arrays.fill(std, 1);
        double[][] centres = new double[2][RefinerTile.DESCRIPTOR];
        centres[0][0] = 1;
        centres[1][0] = 10;
        float[][][] weights = new float[2][3][RefinerTile.FEATURES];
        weights[1][0][RefinerTile.FEATURES - 1] = 0.1f;
        if (sequential) {
            // Feature 3·12 + o is E(x+1, y) − E(x, y) for channel o (the 13th of the 24 window neighbours).
            for (int c = 0; c < 2; c++) {
                for (int o = 0; o < 3; o++) {
                    weights[c][o][3 * 12 + o] = 0.1f;
                }
            }
        }
        return new RefinerStage(new Clustering(mean, std, centres, new int[2], 0), weights, sequential);
    }

    @Test
    void aWrittenStageReadsBackByteForByte() throws Exception {
        Path file = dir.resolve("stage.bin");
        try (var out = Files.newOutputStream(file)) {
            stage().write(out);
        }
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        RefinerStage.read(file).write(again);
        assertThat(again.toByteArray()).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void truncatedOrForeignFilesAreRefusedSayingWhatToDo() throws Exception {
        Path file = dir.resolve("stage.bin");
        try (var out = Files.newOutputStream(file)) {
            stage().write(out);
        }
        byte[] bytes = Files.readAllBytes(file);
        Path truncated = Files.write(dir.resolve("truncated.bin"), Arrays.copyOf(bytes, bytes.length - 5));
        assertThatThrownBy(() -> RefinerStage.read(truncated))
                .isInstanceOf(MalformedModelException.class)
                .hasMessageContaining("truncated");
        Path foreign = Files.write(dir.resolve("foreign.bin"), "not a stage".getBytes());
        assertThatThrownBy(() -> RefinerStage.read(foreign))
                .isInstanceOf(MalformedModelException.class)
                .hasMessageContaining("not a heritage-refiner/1 file");
        byte[] nan = bytes.clone();
        // The last weight is a float at the end of the file: make it NaN.
        nan[nan.length - 4] = 0x7f;
        nan[nan.length - 3] = (byte) 0xc0;
        Path bad = Files.write(dir.resolve("nan.bin"), nan);
        assertThatThrownBy(() -> RefinerStage.read(bad))
                .isInstanceOf(MalformedModelException.class)
                .hasMessageContaining("non-finite");
    }

    @Test
    void onlyDeepPixelsRoutedToTheSecondClusterChangeAndIntactPixelsNever() throws Exception {
        int w = 40;
        int h = 40;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, 0x404040);
            }
        }
        boolean[] flags = new boolean[w * h];
        for (int y = 5; y < 35; y++) {
            for (int x = 5; x < 35; x++) {
                flags[y * w + x] = true;
            }
        }
        Mask mask = Mask.of(w, h, flags);
        BufferedImage out = new RefinedReconstructor("t", List.of(stage())).inpaint(img, mask);
        // Telea fills a constant image with its constant; the border pixel stays, the centre gains 0.1 red.
        assertThat(out.getRGB(5, 20) & 0xffffff).isEqualTo(0x404040);
        assertThat(out.getRGB(20, 20) & 0xffffff).isEqualTo(((0x40 + 26) << 16) | 0x4040);
        assertThat(out.getRGB(2, 2) & 0xffffff).isEqualTo(0x404040);
    }

    @Test
    void aSequentialStageRefinesFromTheBorderInwardsSeeingEarlierCorrections() {
        int w = 30;
        int h = 24;
        byte[] mask = new byte[w * h];
        int[] rgb = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rgb[y * w + x] = ((x * 8) << 16) | ((y * 9) << 8) | 0x30;
                if (x >= 6 && x < 25 && y >= 4 && y < 20) {
                    mask[y * w + x] = 1;
                }
            }
        }
        List<Integer> visited = new ArrayList<>();
        RefinerTile sequentialTile = RefinerTile.ofPacked(rgb, mask, w, h);
        stage(true).apply(sequentialTile, visited::add);
        assertThat(visited).hasSize(19 * 16);
        for (int j = 1; j < visited.size(); j++) {
            assertThat(sequentialTile.distance(visited.get(j)))
                    .isGreaterThanOrEqualTo(sequentialTile.distance(visited.get(j - 1)));
        }
        // The same weights applied all at once read only the previous estimate, so the results differ.
        RefinerStage parallelTwin =
                new RefinerStage(stage(true).clustering(), stage(true).weights(), false);
        RefinerTile parallelTile = RefinerTile.ofPacked(rgb, mask, w, h);
        parallelTwin.apply(parallelTile);
        assertThat(sequentialTile.current()[0]).isNotEqualTo(parallelTile.current()[0]);
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == 0) {
                assertThat(sequentialTile.current()[0][i])
                        .isEqualTo(parallelTile.current()[0][i]);
            }
        }
    }
}
