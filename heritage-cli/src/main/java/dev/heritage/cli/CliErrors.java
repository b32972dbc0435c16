package dev.heritage.cli;

import dev.heritage.api.DeviceUnavailableException;
import dev.heritage.api.EngineNotFoundException;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.ModelIntegrityException;
import dev.heritage.api.ModelNotFoundException;
import dev.heritage.classify.collection.CsvFormatException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Sorts what a command threw into the exit-code contract ({@link HeritageCli}: 0, 1, 2, 3): a problem with the arguments,
 * the input files or where the output goes is exit 2 with one line that says what to do, in the
 * user's terms and without Java exception names; anything else is an internal error (exit 1).
 * Stateless and thread-safe.
 */
final class CliErrors {
    private CliErrors() {}

    /**
     * @param e what a command threw
     * @return the one-line message for exit 2, or null when {@code e} is an internal error
     */
    static String usageMessage(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return usageMessage(u.getCause());
        }
        if (e instanceof UsageException
                || e instanceof CsvFormatException
                || e instanceof InvalidImageException
                || e instanceof ModelNotFoundException
                || e instanceof MalformedModelException
                || e instanceof ModelIntegrityException
                || e instanceof EngineNotFoundException
                || e instanceof DeviceUnavailableException) {
            return oneLineMessage(e);
        }
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file or folder; check the path (and that its folder exists)";
        }
        if (e instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied; choose a file or folder this user may read or write";
        }
        if (e instanceof FileSystemException f) {
            String reason = f.getReason() == null ? "file system error" : f.getReason();
            return f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + reason
                    + "; check the path, that it is a regular file and that its folder is writable";
        }
        if (e instanceof CharacterCodingException) {
            return "an input file is not UTF-8 text (it may be binary or in another encoding); give the text"
                    + " file the command expects, saved as UTF-8";
        }
        return null;
    }

    /** @return the exception's message on one line */
    static String oneLineMessage(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    /** @return the exception's class and message on one line (for internal errors, where the name helps) */
    static String oneLine(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + oneLineMessage(e));
    }
}
