package dev.heritage.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The demo's public-domain paintings ({@code dev/heritage/cli/demo/NAME.jpg}), for tests. */
final class DemoImages {
    private DemoImages() {}

    /**
     * @param name a painting's name, e.g. {@code munch_the_scream}
     * @return its JPEG bytes
     */
    static byte[] bytes(String name) {
        try (InputStream in = DemoImages.class.getResourceAsStream("demo/" + name + ".jpg")) {
            if (in == null) {
                throw new IllegalArgumentException("no demo painting " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code NAME.jpg} of each painting into a folder.
     *
     * @param dir the folder
     * @param names the paintings
     * @throws IOException if a file cannot be written
     */
    static void copyInto(Path dir, String... names) throws IOException {
        for (String name : names) {
            Files.write(dir.resolve(name + ".jpg"), bytes(name));
        }
    }
}
