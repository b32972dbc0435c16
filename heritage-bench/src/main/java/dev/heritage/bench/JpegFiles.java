package dev.heritage.bench;

import dev.heritage.runtime.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A temporary folder of JPEG files, the benchmark's 224 px painting ({@link BenchImages#smallJpeg()})
 * once per file, for routes that read files as a user's would.
 *
 * <p>Not thread-safe to close; {@link #close()} deletes the folder.
 *
 * @param dir the folder
 * @param files the files, {@code painting-00.jpg} onwards
 */
record JpegFiles(Path dir, List<Path> files) implements AutoCloseable {

    /**
     * @param count how many files
     * @return the folder of files; close it
     * @throws IOException if they cannot be written
     */
    static JpegFiles write(int count) throws IOException {
        Path dir = Files.createTempDirectory("heritage-bench-jpegs");
        byte[] jpeg = BenchImages.smallJpeg();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            files.add(Files.write(dir.resolve(String.format("painting-%02d.jpg", i)), jpeg));
        }
        return new JpegFiles(dir, List.copyOf(files));
    }

    @Override
    public void close() throws IOException {
        FileTrees.deleteRecursively(dir);
    }
}
