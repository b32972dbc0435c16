package dev.heritage.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses an output that names the same file as an input (or as another output), so a run never
 * destroys what it reads. Two existing paths are compared with {@link Files#isSameFile} (which also
 * sees hard links and symbolic links); an output that does not exist yet is compared by its folder's
 * real path plus its name. {@code -} (standard output) is never a file. Stateless and thread-safe.
 */
final class SameFile {
    private SameFile() {}

    /**
     * @param output the file to write
     * @param outputOption its option, e.g. {@code --output}
     * @param other the file read (or written) by another option; null is ignored
     * @param otherOption that option, e.g. {@code --input}
     * @throws UsageException if both name the same file
     */
    static void refuse(Path output, String outputOption, Path other, String otherOption) {
        if (output == null || other == null || "-".equals(output.toString()) || "-".equals(other.toString())) {
            return;
        }
        if (same(output, other)) {
            throw new UsageException(outputOption + " " + output + " is the same file as " + otherOption + " " + other
                    + ": writing it would destroy it; choose another " + outputOption);
        }
    }

    static boolean same(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
            return canonical(a).equals(canonical(b));
        } catch (IOException unreadable) {
            return canonical(a).equals(canonical(b));
        }
    }

    /** The folder's real path (where it exists) plus the name. */
    private static Path canonical(Path p) {
        Path absolute = p.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent == null || absolute.getFileName() == null) {
            return absolute;
        }
        try {
            return parent.toRealPath().resolve(absolute.getFileName());
        } catch (IOException missingFolder) {
            return absolute;
        }
    }
}
