package dev.heritage.iiif;

import dev.heritage.api.HeritageVersion;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches what a IIIF manifest points at, within the bounds of {@link IiifFetchOptions}, with
 * {@link HttpClient}: {@code GET} of {@code http}/{@code https} URLs only; each URL's host checked
 * on its resolved addresses (no private, loopback, link-local or unspecified address unless
 * allowed); redirects followed by hand, each new location checked the same way; a connect timeout
 * and a deadline for the whole response; the body collected up to a byte cap (a longer one is cut
 * off as soon as that is known); a timeout or a 5xx answer tried again after a doubling backoff, a
 * 4xx answer not.
 *
 * <p>Thread-safe: one client may serve several threads. Holds the JDK client's connection pool,
 * released when the client is no longer referenced; nothing to close.
 */
public final class SafeHttpClient {
    private static final Logger LOG = LoggerFactory.getLogger(SafeHttpClient.class);

    private final IiifFetchOptions options;
    private final AddressGuard guard;
    private final HttpClient client;

    /** @param options the bounds to keep to */
    public SafeHttpClient(IiifFetchOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.guard = new AddressGuard(options.allowPrivateNetwork());
        // Redirects are followed here, not by the client, so that every location is checked first.
        this.client = HttpClient.newBuilder()
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** @return the bounds this client keeps to */
    public IiifFetchOptions options() {
        return options;
    }

    /**
     * @param uri what to fetch
     * @param maxBytes the most bytes accepted
     * @param accept the {@code Accept} header, e.g. {@code image/*}
     * @return the body of the final {@code 2xx} answer
     * @throws FetchException if it cannot be fetched within the bounds (see {@link FetchException#reason()})
     */
    public byte[] get(URI uri, long maxBytes, String accept) throws FetchException {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(accept, "accept");
        Duration wait = options.backoff();
        for (int attempt = 1; ; attempt++) {
            try {
                return followRedirects(uri, maxBytes, accept);
            } catch (FetchException e) {
                if (!e.transientFailure() || attempt >= options.attempts()) {
                    throw e;
                }
                LOG.debug(
                        "{} (try {} of {}); trying again in {} ms",
                        e.getMessage(),
                        attempt,
                        options.attempts(),
                        wait.toMillis());
                sleep(wait, uri);
                wait = wait.multipliedBy(2);
            }
        }
    }

    private byte[] followRedirects(URI start, long maxBytes, String accept) throws FetchException {
        URI uri = start;
        for (int hop = 0; ; hop++) {
            guard.check(uri);
            HttpResponse<byte[]> response = send(uri, maxBytes, accept);
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response.body();
            }
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                String location = response.headers().firstValue("Location").orElse(null);
                if (location == null || location.isBlank()) {
                    throw new FetchException(
                            FetchException.Reason.REDIRECTS,
                            status,
                            uri + ": the server answered " + status + " without a Location to go to",
                            null);
                }
                if (hop >= options.maxRedirects()) {
                    throw new FetchException(
                            FetchException.Reason.REDIRECTS,
                            status,
                            start + ": more than " + options.maxRedirects() + " redirects; check the URL",
                            null);
                }
                try {
                    uri = uri.resolve(location.strip());
                } catch (IllegalArgumentException e) {
                    throw new FetchException(
                            FetchException.Reason.REDIRECTS,
                            status,
                            uri + ": the server redirects to '" + location + "', which is not a URL",
                            e);
                }
                continue;
            }
            throw new FetchException(
                    FetchException.Reason.HTTP_STATUS,
                    status,
                    uri + ": the server answered HTTP " + status
                            + (status >= 500
                                    ? " (a server error; tried " + options.attempts() + " times)"
                                    : status == 404
                                            ? " (not found); check the manifest's URL for it"
                                            : "; check that the resource is public"),
                    null);
        }
    }

    private HttpResponse<byte[]> send(URI uri, long maxBytes, String accept) throws FetchException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(options.readTimeout())
                .header("Accept", accept)
                .header("User-Agent", "Heritage/" + HeritageVersion.get())
                .build();
        CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(request, info -> {
            if (info.statusCode() < 200 || info.statusCode() >= 300) {
                return HttpResponse.BodySubscribers.replacing(new byte[0]);
            }
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            return new CappedBody(maxBytes, declared);
        });
        try {
            return pending.get(options.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw timeout(uri, e);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new FetchException(FetchException.Reason.NETWORK, 0, uri + ": interrupted while fetching", e);
        } catch (ExecutionException e) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof CappedBody.TooManyBytes) {
                    throw new FetchException(
                            FetchException.Reason.TOO_MANY_BYTES,
                            0,
                            uri + ": the answer is longer than " + maxBytes + " bytes, the cap; raise the cap if"
                                    + " you trust this server",
                            c);
                }
                if (c instanceof HttpTimeoutException) {
                    throw timeout(uri, c);
                }
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new FetchException(
                    FetchException.Reason.NETWORK,
                    0,
                    uri + ": cannot fetch (" + describe(cause) + "); check the URL and that the server is up",
                    cause);
        }
    }

    private FetchException timeout(URI uri, Throwable cause) {
        return new FetchException(
                FetchException.Reason.TIMEOUT,
                0,
                uri + ": no complete answer within " + options.readTimeout().toSeconds() + " s (connect timeout "
                        + options.connectTimeout().toSeconds() + " s); tried " + options.attempts()
                        + " times; try again later",
                cause);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t instanceof IOException && m != null && !m.isBlank()
                ? m
                : t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static void sleep(Duration wait, URI uri) throws FetchException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException(
                    FetchException.Reason.NETWORK, 0, uri + ": interrupted while waiting to try" + " again", e);
        }
    }
}
