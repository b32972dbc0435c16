package dev.heritage.iiif;

import dev.heritage.api.DecodeLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * The bounds on what Heritage fetches for a IIIF manifest: which addresses it may reach, how long it
 * waits, how often it tries again, how many bytes and pixels it accepts, and the size it asks the
 * Image API for. Build one with {@link #builder()}; {@link #defaults()} are the settings of
 * {@code heritage annotate --iiif}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param allowPrivateNetwork whether private, loopback, link-local and unspecified addresses may be
 *     fetched from (default no: a manifest must not make Heritage reach into the user's own network)
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for a whole response (headers and body) of one try
 * @param attempts how many tries a request gets when it times out or the server answers 5xx (a 4xx
 *     is not tried again)
 * @param backoff the wait before the second try, doubled before each further one
 * @param maxRedirects how many redirects a request follows
 * @param maxImageBytes the most bytes accepted for one image
 * @param maxManifestBytes the most bytes accepted for a manifest
 * @param maxImageSide the longest side asked of an Image API service ({@code !S,S})
 * @param decodeLimits the pixel limit an image must keep to (that of the one decoder)
 */
public record IiifFetchOptions(
        boolean allowPrivateNetwork,
        Duration connectTimeout,
        Duration readTimeout,
        int attempts,
        Duration backoff,
        int maxRedirects,
        long maxImageBytes,
        long maxManifestBytes,
        int maxImageSide,
        DecodeLimits decodeLimits) {
    /** Default longest side asked of an Image API service: 1024 pixels, plenty for a 224-pixel model input. */
    public static final int DEFAULT_MAX_IMAGE_SIDE = 1024;
    /** Default byte cap of one image: 32 MiB (a static full-size JPEG fits; a 1024-pixel one is far below). */
    public static final long DEFAULT_MAX_IMAGE_BYTES = 32L << 20;
    /** Default byte cap of a manifest: 16 MiB. */
    public static final long DEFAULT_MAX_MANIFEST_BYTES = 16L << 20;

    /** Validates. */
    public IiifFetchOptions {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        Objects.requireNonNull(backoff, "backoff");
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative, got " + backoff);
        }
        if (attempts < 1 || maxRedirects < 0 || maxImageBytes < 1 || maxManifestBytes < 1 || maxImageSide < 1) {
            throw new IllegalArgumentException("attempts, byte caps and the image side must be at least 1 and"
                    + " redirects at least 0; got attempts " + attempts + ", redirects " + maxRedirects
                    + ", image bytes " + maxImageBytes + ", manifest bytes " + maxManifestBytes + ", side "
                    + maxImageSide);
        }
        Objects.requireNonNull(decodeLimits, "decodeLimits");
    }

    private static void requirePositive(Duration d, String name) {
        if (Objects.requireNonNull(d, name).isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    /** @return the defaults: public addresses only, 10 s to connect, 60 s per response, 3 tries from 0.5 s */
    public static IiifFetchOptions defaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** A mutable builder of {@link IiifFetchOptions}; not thread-safe. */
    public static final class Builder {
        private boolean allowPrivateNetwork;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);
        private int attempts = 3;
        private Duration backoff = Duration.ofMillis(500);
        private int maxRedirects = 5;
        private long maxImageBytes = DEFAULT_MAX_IMAGE_BYTES;
        private long maxManifestBytes = DEFAULT_MAX_MANIFEST_BYTES;
        private int maxImageSide = DEFAULT_MAX_IMAGE_SIDE;
        private DecodeLimits decodeLimits = DecodeLimits.defaults();

        private Builder() {}

        /** @param allow whether private, loopback and link-local addresses may be fetched from (default false) @return this */
        public Builder optAllowPrivateNetwork(boolean allow) {
            this.allowPrivateNetwork = allow;
            return this;
        }

        /** @param d how long to wait for a connection (default 10 s) @return this */
        public Builder optConnectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        /** @param d how long to wait for a whole response of one try (default 60 s) @return this */
        public Builder optReadTimeout(Duration d) {
            this.readTimeout = d;
            return this;
        }

        /** @param n tries per request on timeouts and 5xx answers (default 3) @return this */
        public Builder optAttempts(int n) {
            this.attempts = n;
            return this;
        }

        /** @param d the wait before the second try, doubled before each next (default 0.5 s) @return this */
        public Builder optBackoff(Duration d) {
            this.backoff = d;
            return this;
        }

        /** @param n redirects followed per request (default 5) @return this */
        public Builder optMaxRedirects(int n) {
            this.maxRedirects = n;
            return this;
        }

        /** @param bytes the byte cap of one image (default {@value #DEFAULT_MAX_IMAGE_BYTES}) @return this */
        public Builder optMaxImageBytes(long bytes) {
            this.maxImageBytes = bytes;
            return this;
        }

        /** @param bytes the byte cap of a manifest (default {@value #DEFAULT_MAX_MANIFEST_BYTES}) @return this */
        public Builder optMaxManifestBytes(long bytes) {
            this.maxManifestBytes = bytes;
            return this;
        }

        /** @param pixels the longest side asked of an Image API service (default 1024) @return this */
        public Builder optMaxImageSide(int pixels) {
            this.maxImageSide = pixels;
            return this;
        }

        /** @param limits the pixel limit of fetched images (default {@link DecodeLimits#defaults()}) @return this */
        public Builder optDecodeLimits(DecodeLimits limits) {
            this.decodeLimits = limits;
            return this;
        }

        /** @return the options @throws IllegalArgumentException if a setting is out of range */
        public IiifFetchOptions build() {
            return new IiifFetchOptions(
                    allowPrivateNetwork,
                    connectTimeout,
                    readTimeout,
                    attempts,
                    backoff,
                    maxRedirects,
                    maxImageBytes,
                    maxManifestBytes,
                    maxImageSide,
                    decodeLimits);
        }
    }
}
