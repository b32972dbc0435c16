package dev.heritage.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Small file-tree operations shared by the modules that stage and unpack folders. Thread-safe. */
public final class FileTrees {
    private FileTrees() {}

    /**
     * Deletes a file or a folder with everything in it; nothing happens if it does not exist.
     *
     * @param root the file or folder
     * @throws IOException if something cannot be deleted
     */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> s = Files.walk(root)) {
            paths = s.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }
}
