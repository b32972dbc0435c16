package dev.heritage.api.io;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;
import javax.imageio.ImageIO;

/**
 * Writes files atomically: into a unique temporary sibling first, renamed over the target only when
 * complete, so an interrupted write never leaves a half-written file that looks complete. The one home
 * of Heritage's atomic file writes (outputs, model cards, caches, reports, plots).
 *
 * <p>{@link #commit} is the only rename over a target, and it replaces only a regular file, a symbolic
 * link (the link itself, never what it points to) or nothing; never a folder, device node, FIFO or
 * socket. Temporary siblings get the default permissions (not {@code createTempFile}'s owner-only
 * ones), so a web server can serve what was written.
 *
 * <p>Stateless and thread-safe; writers of the same target race and the last rename wins.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Streams the content of a file. */
    @FunctionalInterface
    public interface Body {
        /**
         * @param out where to write; closed by the caller
         * @throws IOException if writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes what {@code body} streams to {@code target}, creating missing parent folders.
     *
     * @param target the file to write
     * @param body the content
     * @throws IOException if writing or the final rename fails, or the target may not be replaced
     */
    public static void write(Path target, Body body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        requireReplaceable(target);
        Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out =
                    Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                body.writeTo(out);
            }
            commit(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * @param target the file to write
     * @param text its content, written as UTF-8
     * @throws IOException if writing fails
     */
    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    /**
     * @param target the file to write
     * @param bytes its content
     * @throws IOException if writing fails
     */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * @param target the file to write
     * @param image the image
     * @param format an ImageIO format name, e.g. {@code png}
     * @throws IOException if writing fails or no writer exists for the format
     */
    public static void writeImage(Path target, RenderedImage image, String format) throws IOException {
        write(target, out -> {
            if (!ImageIO.write(image, format, out)) {
                throw new IOException("No ImageIO writer for format '" + format + "'");
            }
        });
    }

    /**
     * Renames a finished file over the target, atomically. Refuses (and leaves {@code finished} in place
     * for the caller to remove) when the target is a folder, a device node, a FIFO or a socket.
     *
     * @param finished the complete file, in the target's folder
     * @param target the file it becomes
     * @throws IOException if the rename fails or the target may not be replaced
     */
    public static void commit(Path finished, Path target) throws IOException {
        requireReplaceable(target);
        Files.move(finished, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * @param target a path
     * @return whether {@link #commit} may replace what is there: nothing, a regular file or a link
     */
    public static boolean replaceable(Path target) {
        try {
            BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() || a.isSymbolicLink();
        } catch (NoSuchFileException absent) {
            return true;
        } catch (IOException unreadable) {
            return false;
        }
    }

    private static void requireReplaceable(Path target) throws FileSystemException {
        if (!replaceable(target)) {
            throw new FileSystemException(
                    target.toString(),
                    null,
                    "exists and is not a regular file; only a regular file is ever replaced by a write");
        }
    }
}
