package dev.heritage.cli.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heritage.zoo.inpaint.InpaintZoo;
import dev.heritage.zoo.paintings.PaintingsZoo;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library artifacts carry no model weights: weights live in the zoo and backbone artifacts, each with its
 * own licence. Lists the entries of each artifact as the build produced it (its jar after {@code package},
 * its classes folder in a plain {@code test} run).
 */
class LibraryJarsCarryNoWeightsTest {

    @Test
    void noLibraryArtifactHoldsAModelOrWeightsFile() throws Exception {
        for (Class<?> c : LibraryArtifacts.LIBRARIES) {
            List<String> entries = entries(c);
            assertThat(entries).as(c.getName() + "'s artifact is listed").anyMatch(e -> e.endsWith(".class"));
            assertThat(entries)
                    .as("model files in " + location(c))
                    .filteredOn(e -> !e.endsWith("/"))
                    .noneMatch(e -> e.startsWith("heritage/models/")
                            || e.startsWith("heritage/backbones/")
                            || e.matches(".*\\.(hqw|bin|onnx|params|pb|pt)$"));
        }
    }

    @Test
    void theZooArtifactsHoldTheirModelsAndSayTheirTerms() throws Exception {
        assertThat(entries(PaintingsZoo.class))
                .contains(
                        "heritage/models/paintings-multitask/model.json",
                        "heritage/models/paintings-multitask/weights/head.hqw");
        assertThat(entries(InpaintZoo.class)).contains("heritage/models/paintings-inpaint/model.json");
        for (Class<?> zoo : List.of(PaintingsZoo.class, InpaintZoo.class)) {
            Path where = location(zoo);
            if (Files.isRegularFile(where)) {
                try (JarFile jar = new JarFile(where.toFile())) {
                    assertThat(jar.getManifest().getMainAttributes().getValue("Heritage-Weights-Licence"))
                            .as(where.toString())
                            .contains("non-commercial");
                }
            }
        }
    }

    private static Path location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static List<String> entries(Class<?> c) throws IOException, URISyntaxException {
        Path where = location(c);
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(where)) {
            try (Stream<Path> files = Files.walk(where)) {
                files.filter(Files::isRegularFile)
                        .forEach(f -> out.add(where.relativize(f).toString().replace('\\', '/')));
            }
        } else {
            try (JarFile jar = new JarFile(where.toFile())) {
                Collections.list(jar.entries()).forEach(e -> out.add(e.getName()));
            }
        }
        return out;
    }
}
