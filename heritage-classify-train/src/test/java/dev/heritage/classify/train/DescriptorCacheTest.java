package dev.heritage.classify.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.Asset;
import dev.heritage.classify.descriptors.HandcraftedDescriptors;
import dev.heritage.classify.descriptors.HandcraftedDescriptorsTest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescriptorCacheTest {

    @TempDir
    Path dir;

    @Test
    void writeThenReadGivesTheSameMatrix() throws IOException {
        List<String> names = List.of("a", "b", "c");
        DescriptorCache cache = DescriptorCache.of(
                "test-v1", "unit test", names, List.of("x", "ü-2"), List.of(new float[] {1, 2, 3}, new float[] {
                    -0.5f, Float.MIN_VALUE, 7e10f
                }));
        Path file = dir.resolve("sub/cache.bin");
        cache.write(file);
        DescriptorCache back = DescriptorCache.read(file);
        assertEquals("test-v1", back.descriptorId());
        assertEquals("unit test", back.source());
        assertEquals(names, back.names());
        assertEquals(List.of("x", "ü-2"), back.ids());
        assertArrayEquals(cache.row(1), back.row(1));
        assertEquals(1, back.indexOf("ü-2"));
        assertEquals(-1, back.indexOf("nope"));
        assertEquals(1, Files.list(file.getParent()).count(), "no temporary file is left behind");
        assertThrows(IllegalStateException.class, () -> back.requireDescriptor(HandcraftedDescriptors.ID));
    }

    @Test
    void corruptOrTruncatedFilesAreRefused() throws IOException {
        DescriptorCache cache = DescriptorCache.of(
                "t", "", List.of("a", "b"), List.of("x", "y"), List.of(new float[] {1, 2}, new float[] {3, 4}));
        Path file = dir.resolve("c.bin");
        cache.write(file);
        byte[] bytes = Files.readAllBytes(file);
        byte[] flipped = bytes.clone();
        flipped[bytes.length - 12] ^= 1;
        Files.write(file, flipped);
        IOException e = assertThrows(IOException.class, () -> DescriptorCache.read(file));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 20));
        assertThrows(IOException.class, () -> DescriptorCache.read(file));
        Files.write(file, new byte[] {1, 2, 3});
        assertThrows(IOException.class, () -> DescriptorCache.read(file));
    }

    @Test
    void computeKeepsOrderAndReportsFailures() throws Exception {
        Path good = dir.resolve("good.png");
        ImageIO.write(HandcraftedDescriptorsTest.noise(40, 30, 1), "png", good.toFile());
        Path garbage = dir.resolve("garbage.jpg");
        Files.write(garbage, new byte[] {1, 2, 3, 4});
        List<Asset> assets = List.of(
                Asset.builder("g1").image(good).build(),
                Asset.builder("bad").image(garbage).build(),
                Asset.builder("none").build(),
                Asset.builder("missing").image(dir.resolve("nope.png")).build(),
                Asset.builder("g2").image(good).build());
        DescriptorCache.Computed computed = DescriptorCache.compute(assets, 2, "test");
        assertEquals(List.of("g1", "g2"), computed.cache().ids());
        assertEquals(
                List.of("bad", "none", "missing"),
                computed.failures().stream().map(DescriptorCache.Failure::id).toList());
        BufferedImage decoded = ImageIO.read(good.toFile());
        assertArrayEquals(
                HandcraftedDescriptors.create().compute(decoded),
                computed.cache().row(0));
        assertEquals(HandcraftedDescriptors.ID, computed.cache().descriptorId());
        assertEquals(HandcraftedDescriptors.DIMENSION, computed.cache().dimension());
    }
}
