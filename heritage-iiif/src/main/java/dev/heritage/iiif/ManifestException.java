package dev.heritage.iiif;

import dev.heritage.api.HeritageException;

/**
 * A IIIF manifest cannot be used at all: it could not be fetched or read, is not JSON, is not a
 * Presentation 2 or 3 manifest (a collection, an image's {@code info.json}), or has no canvases.
 * The message names the manifest, what is wrong and what to do. Problems of one canvas are not
 * thrown but become that canvas's error record.
 *
 * <p>Immutable and thread-safe.
 */
public class ManifestException extends HeritageException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the manifest, and what to do */
    public ManifestException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the manifest, and what to do
     * @param cause the underlying failure
     */
    public ManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
