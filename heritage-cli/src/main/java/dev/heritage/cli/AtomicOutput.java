package dev.heritage.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import javax.imageio.ImageIO;

/**
 * Writes output files atomically: into a temporary sibling first, renamed over the target only when
 * complete, so an interrupted run never leaves a half-written file that looks complete. The one home
 * of the command line's atomic writes: {@link #commit} is the only rename over an output, and it
 * replaces only a regular file (or nothing), never a folder, device node, FIFO or socket.
 * Stateless and thread-safe.
 */
final class AtomicOutput {
    private AtomicOutput() {
    }

    /** Writes what {@code body} streams. */
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Checks, before any work, that {@code target} can receive an output: its folder exists and
     * nothing but a regular file (or nothing) is there. Writing under a folder that does not exist is
     * refused rather than creating it, so a mistyped path is caught.
     *
     * @param target the output file
     * @param option the option that named it, for the message (e.g. {@code --output})
     * @throws UsageException if the output cannot go there
     */
    static void checkTarget(Path target, String option) {
        checkTarget(target, option, false);
    }

    /**
     * Like {@link #checkTarget(Path, String)}; with {@code createsFolder} a missing folder is fine
     * (the command creates it, as {@link #write} does) when the nearest existing one is writable.
     */
    static void checkTarget(Path target, String option, boolean createsFolder) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || target.getFileName() == null) {
            throw new UsageException(option + " " + target + ": not a file name; give the path of a file to write");
        }
        if (Files.isDirectory(absolute)) {
            throw new UsageException(option + " " + target + " is a folder; give the name of a file to write"
                    + " (e.g. " + target.resolve("out") + ")");
        }
        if (!replaceable(absolute)) {
            throw new UsageException(option + " " + target + " exists and is not a regular file (a device, FIFO or"
                    + " socket); give the name of a regular file");
        }
        if (createsFolder) {
            while (dir != null && !Files.exists(dir)) {
                dir = dir.getParent();
            }
            if (dir == null || !Files.isDirectory(dir)) {
                throw new UsageException(option + " " + target + ": " + dir + " is not a folder; fix the path");
            }
        }
        if (!Files.isDirectory(dir)) {
            throw new UsageException(option + " " + target + ": the folder " + dir + " does not exist;"
                    + " create it first or fix the path");
        }
        if (!Files.isWritable(dir)) {
            throw new UsageException(option + " " + target + ": cannot write in " + dir
                    + " (read-only file system or no permission); choose a writable folder");
        }
    }

    /** @return whether a rename may replace what is at {@code target}: nothing, a regular file or a link */
    private static boolean replaceable(Path target) {
        try {
            BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            // A symbolic link is replaced itself (the rename never writes through it).
            return a.isRegularFile() || a.isSymbolicLink();
        } catch (NoSuchFileException absent) {
            return true;
        } catch (IOException unreadable) {
            return false;
        }
    }

    /**
     * Renames a finished file over the target, atomically. Refuses (and leaves {@code finished} in
     * place for the caller to remove) when the target is a folder, a device node, a FIFO or a socket.
     *
     * @param finished the complete file, in the target's folder
     * @param target the output
     * @throws IOException if the rename fails or the target may not be replaced
     */
    static void commit(Path finished, Path target) throws IOException {
        if (!replaceable(target)) {
            throw new FileSystemException(target.toString(), null,
                    "exists and is not a regular file; only a regular file is ever replaced by an output");
        }
        Files.move(finished, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void write(Path target, Body body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (!replaceable(target)) {
            throw new FileSystemException(target.toString(), null,
                    "exists and is not a regular file; only a regular file is ever replaced by an output");
        }
        // A unique sibling created with the default permissions (createTempFile would make the
        // result owner-only, which a web server serving a report could not read).
        Path tmp = dir.resolve("." + target.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                body.writeTo(out);
            }
            commit(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    static void writePng(Path target, BufferedImage image) throws IOException {
        write(target, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("No PNG writer available");
            }
        });
    }
}
