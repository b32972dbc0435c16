package dev.heritage.iiif;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * A IIIF Presentation manifest as Heritage uses it: its id, the Presentation API version it follows
 * (3, or 2 for the many collections still serving it), its label, its {@code metadata} as plain
 * label/value pairs, and its canvases in order. Read one with {@link ManifestReader#read} (a file or
 * an http(s) URL) or {@link #parse} (JSON already in memory).
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the manifest's IRI (empty when it has none)
 * @param version the Presentation API version, 2 or 3
 * @param label the manifest's label as plain text (empty when it has none)
 * @param metadata the manifest's {@code metadata}, in order
 * @param canvases the canvases, in order (at least one)
 */
public record IiifManifest(String id, int version, String label, List<MetadataEntry> metadata, List<Canvas> canvases) {
    /** Validates and copies. */
    public IiifManifest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("Presentation API version must be 2 or 3, got " + version);
        }
        metadata = List.copyOf(Objects.requireNonNull(metadata, "metadata"));
        canvases = List.copyOf(Objects.requireNonNull(canvases, "canvases"));
    }

    /**
     * Reads a manifest from its JSON. Presentation 3 is recognised by its context
     * ({@code http://iiif.io/api/presentation/3/context.json}) or {@code "type": "Manifest"}, with
     * canvases in {@code items}; Presentation 2 by its context or {@code "@type": "sc:Manifest"},
     * with canvases in {@code sequences[0].canvases}.
     *
     * @param json the manifest's JSON
     * @param source where it came from, for messages (a path or URL)
     * @return the manifest
     * @throws ManifestException if it is not a Presentation 2 or 3 manifest with canvases
     */
    public static IiifManifest parse(JsonNode json, String source) throws ManifestException {
        return new ManifestParser(source).parse(json);
    }
}
