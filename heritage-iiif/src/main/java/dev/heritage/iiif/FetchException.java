package dev.heritage.iiif;

import dev.heritage.api.HeritageException;
import java.util.Objects;

/**
 * Something could not be fetched over HTTP, or what came back cannot be used: the message names the
 * URL, what went wrong and what to do; {@link #reason()} says which kind of problem it was, for a
 * caller that sorts failures.
 *
 * <p>Immutable and thread-safe.
 */
public class FetchException extends HeritageException {
    private static final long serialVersionUID = 1L;

    /** The kinds of failure. */
    public enum Reason {
        /** Not an {@code http} or {@code https} URL (also after a redirect). */
        NOT_HTTP,
        /** The host resolves to a private, loopback, link-local, multicast or unspecified address. */
        REFUSED_ADDRESS,
        /** The host name cannot be resolved, or the connection failed. */
        NETWORK,
        /** No answer within the connect or read timeout (tried again, with backoff). */
        TIMEOUT,
        /** The server answered with an error status (a 5xx is tried again, a 4xx is not). */
        HTTP_STATUS,
        /** More redirects than allowed, or a redirect without a location. */
        REDIRECTS,
        /** The body is longer than the byte cap. */
        TOO_MANY_BYTES,
        /** The body is not an image Heritage's decoder can read. */
        NOT_AN_IMAGE,
        /** The image has more pixels than the decoder's limit. */
        TOO_MANY_PIXELS
    }

    private final Reason reason;
    private final int status;

    /**
     * @param reason the kind of failure
     * @param status the HTTP status for {@link Reason#HTTP_STATUS}, else 0
     * @param message what went wrong, naming the URL, and what to do
     * @param cause the underlying failure, or {@code null}
     */
    public FetchException(Reason reason, int status, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.status = status;
    }

    /** @return the kind of failure */
    public Reason reason() {
        return reason;
    }

    /** @return the HTTP status of an {@link Reason#HTTP_STATUS} failure, else 0 */
    public int status() {
        return status;
    }

    /** @return whether trying again may help: a timeout or a server error (5xx) */
    public boolean transientFailure() {
        return reason == Reason.TIMEOUT || (reason == Reason.HTTP_STATUS && status >= 500);
    }
}
