package dev.heritage.classify.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.heritage.api.model.ModelArtifact;
import dev.heritage.classify.backbone.MobileNetV2;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reproducibility: converting the npm package again gives the committed files byte for byte. Runs only
 * where the package has been unpacked (by {@code scripts/convert-backbone.sh}, into
 * {@code target/nsfwjs/package}, or wherever the system property {@code heritage.nsfwjs.package} points).
 */
class NsfwjsConverterTest {

    private static Path packageDirectory() {
        String p = System.getProperty("heritage.nsfwjs.package");
        Path dir = p != null ? Path.of(p) : Path.of("..", "target", "nsfwjs", "package");
        return Files.isDirectory(dir.resolve(NsfwjsConverter.MODEL_DIRECTORY)) ? dir : null;
    }

    @Test
    void reconvertingThePackageReproducesTheCommittedArtifact(@TempDir Path out) throws Exception {
        Path pkg = packageDirectory();
        assumeTrue(pkg != null, "nsfwjs package not unpacked; run scripts/convert-backbone.sh");
        long t0 = System.nanoTime();
        NsfwjsConverter.Conversion c = NsfwjsConverter.convert(pkg);
        ModelArtifact a = NsfwjsConverter.write(c, pkg, out);
        System.out.printf("conversion and writing: %.2f s%n", (System.nanoTime() - t0) / 1e9);
        for (String f : List.of(
                "model.json",
                NsfwjsConverter.GRAPH_FILE,
                NsfwjsConverter.WEIGHTS_FILE,
                NsfwjsConverter.LICENSE_FILE,
                NsfwjsConverter.NOTICE_FILE)) {
            try (InputStream in =
                    getClass().getClassLoader().getResourceAsStream(MobileNetV2.RESOURCE_DIRECTORY + "/" + f)) {
                assertArrayEquals(in.readAllBytes(), Files.readAllBytes(a.resolve(f)), f);
            }
        }
        assertEquals(c.graph(), MobileNetV2.load().graph());
    }
}
