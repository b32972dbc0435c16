package dev.heritage.iiif;

import java.net.URI;
import java.util.Objects;

/**
 * A IIIF Image API service attached to a canvas's image: its base IRI (without a trailing
 * {@code /}), its type and profile as the manifest gives them, and the Image API version they
 * indicate (2 or 3). Requests follow the Image API's
 * {@code {id}/{region}/{size}/{rotation}/{quality}.{format}}, which both versions share for the
 * whole image scaled to fit a box: {@code {id}/full/!S,S/0/default.jpg}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the service's base IRI
 * @param type the type, e.g. {@code ImageService3}, {@code ImageService2}; empty when the manifest
 *     gives none (Presentation 2 services usually give only a context)
 * @param profile the profile, e.g. {@code level1} or {@code http://iiif.io/api/image/2/level2.json};
 *     empty when not given
 * @param version the Image API version, 2 or 3
 */
public record ImageService(String id, String type, String profile, int version) {
    /** Validates and drops a trailing {@code /} from the id. */
    public ImageService {
        Objects.requireNonNull(id, "id");
        while (id.endsWith("/")) {
            id = id.substring(0, id.length() - 1);
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(profile, "profile");
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("Image API version must be 2 or 3, got " + version);
        }
    }

    /**
     * @param maxSide the longest side wanted, in pixels
     * @return the request for the whole image scaled, keeping its aspect ratio, to fit a
     *     {@code maxSide} square (never enlarged), as a JPEG
     */
    public URI boundedRequest(int maxSide) {
        if (maxSide < 1) {
            throw new IllegalArgumentException("maxSide must be at least 1, got " + maxSide);
        }
        return URI.create(id + "/full/!" + maxSide + "," + maxSide + "/0/default.jpg");
    }
}
