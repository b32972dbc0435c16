package dev.heritage.cli;

import dev.heritage.api.io.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The command line's output paths: checks, before any work, that an option's path can receive an
 * output, with a usage message naming the option. The outputs themselves are written with
 * {@link AtomicFiles}, the one home of atomic writes. Stateless and thread-safe.
 */
final class AtomicOutput {
    private AtomicOutput() {}

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
        if (!AtomicFiles.replaceable(absolute)) {
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
}
