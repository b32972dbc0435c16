package dev.heritage.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Where the bytes of an encoded image (JPEG, PNG, TIFF, BMP, GIF) come from: a file or bytes in
 * memory. Decoding is done by {@link dev.heritage.api.ImageDecoder}, with its size limits.
 *
 * <p>Implementations are immutable and thread-safe: every call to {@link #open()} gives a new
 * stream, which the caller closes.
 */
public interface ImageSource {

    /**
     * @return a new stream over the encoded bytes; the caller closes it
     * @throws IOException if the bytes cannot be read
     */
    InputStream open() throws IOException;

    /** @return a short description for messages, e.g. the file path */
    String describe();

    /**
     * @param path an image file
     * @return a source reading that file on each {@link #open()}
     */
    static ImageSource of(Path path) {
        Objects.requireNonNull(path, "path");
        return new ImageSource() {
            @Override
            public InputStream open() throws IOException {
                // Opening a FIFO or a device blocks (or never ends): only a regular file is read.
                // The decoder turns these exceptions into a message that says what the path is.
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                if (attributes.isDirectory()) {
                    throw new NotRegularFileException(path, "is a folder, not an image file");
                }
                if (!attributes.isRegularFile()) {
                    throw new NotRegularFileException(
                            path, "is not a regular file (a FIFO, socket or device, which may block forever)");
                }
                return Files.newInputStream(path);
            }

            @Override
            public String describe() {
                return path.toString();
            }

            @Override
            public String toString() {
                return "ImageSource[" + path + "]";
            }
        };
    }

    /**
     * What {@link #open()} of a {@linkplain #of(Path) file source} throws when the path exists but
     * is not a regular file (a folder, FIFO, socket or device): reading it could block forever.
     * Immutable, thread-safe.
     */
    final class NotRegularFileException extends FileSystemException {
        private static final long serialVersionUID = 1L;

        /**
         * @param path the path
         * @param what what the path is instead, e.g. {@code "is a folder, not an image file"}
         */
        public NotRegularFileException(Path path, String what) {
            super(path.toString(), null, what);
        }
    }

    /**
     * @param bytes the encoded image; not copied, so do not change it afterwards
     * @param name a name for messages
     * @return a source over those bytes
     */
    static ImageSource of(byte[] bytes, String name) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(name, "name");
        return new ImageSource() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public String describe() {
                return name;
            }

            @Override
            public String toString() {
                return "ImageSource[" + name + ", " + bytes.length + " bytes]";
            }
        };
    }
}
