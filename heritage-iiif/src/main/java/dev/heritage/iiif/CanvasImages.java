package dev.heritage.iiif;

import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageHeader;
import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Fetches the image of a canvas at a bounded size: through its Image API service as
 * {@code {service}/full/!S,S/0/default.jpg} (S = {@link IiifFetchOptions#maxImageSide()}; the same
 * request in Image API 2 and 3), or, when the canvas names no service (static, level-0 hosting),
 * the image's own URL. A level-0 service that refuses the scaled request (4xx) is asked for the
 * image's own URL instead, since such services need not scale. The bytes are checked with the one
 * decoder's header reader: something that is not an image, or an image above the pixel limit, is
 * refused before any pixel is decoded.
 *
 * <p>Thread-safe (as the client is).
 */
public final class CanvasImages {
    private final SafeHttpClient http;

    /** @param http the client that fetches, with its bounds */
    public CanvasImages(SafeHttpClient http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    /**
     * @param image the image a canvas paints
     * @return the URL the image is asked for first
     * @throws FetchException if the image's id is not a URL
     */
    public URI requestFor(ImageResource image) throws FetchException {
        if (image.service() != null) {
            try {
                return image.service().boundedRequest(http.options().maxImageSide());
            } catch (IllegalArgumentException e) {
                throw new FetchException(
                        FetchException.Reason.NOT_HTTP,
                        0,
                        "'" + image.service().id() + "' is not a"
                                + " URL: the manifest must name its image service by an http(s) URL",
                        e);
            }
        }
        return uri(image.id());
    }

    /**
     * @param image the image a canvas paints
     * @return the fetched image, checked to be an image within the pixel limit
     * @throws FetchException if it cannot be fetched, is not an image, or is too large
     */
    public FetchedImage fetch(ImageResource image) throws FetchException {
        URI first = requestFor(image);
        try {
            return fetch(first);
        } catch (FetchException e) {
            boolean levelZero = image.service() != null
                    && image.service().profile().toLowerCase(Locale.ROOT).contains("level0");
            if (levelZero && e.reason() == FetchException.Reason.HTTP_STATUS && e.status() < 500) {
                return fetch(uri(image.id()));
            }
            throw e;
        }
    }

    private FetchedImage fetch(URI uri) throws FetchException {
        byte[] bytes = http.get(uri, http.options().maxImageBytes(), "image/*");
        ImageSource source = ImageSource.of(bytes, uri.toString());
        ImageHeader header;
        try {
            header = ImageDecoder.readHeader(source);
        } catch (InvalidImageException e) {
            throw new FetchException(
                    FetchException.Reason.NOT_AN_IMAGE,
                    0,
                    uri + ": the answer (" + bytes.length + " bytes) is not an image Heritage can read (JPEG, PNG,"
                            + " TIFF, BMP or GIF); check that the manifest points at the image",
                    e);
        }
        long limit = http.options().decodeLimits().maxPixels();
        if (header.pixels() > limit) {
            throw new FetchException(
                    FetchException.Reason.TOO_MANY_PIXELS,
                    0,
                    uri + ": the image is " + header.width() + "x" + header.height() + " pixels, more than the limit"
                            + " of " + limit + " pixels; ask the Image API for a smaller size, or raise the limit",
                    null);
        }
        return new FetchedImage(uri, source, header.width(), header.height());
    }

    private static URI uri(String id) throws FetchException {
        try {
            return URI.create(id);
        } catch (IllegalArgumentException e) {
            throw new FetchException(
                    FetchException.Reason.NOT_HTTP,
                    0,
                    "'" + id + "' is not a URL: the manifest" + " must name its image by an http(s) URL",
                    e);
        }
    }
}
