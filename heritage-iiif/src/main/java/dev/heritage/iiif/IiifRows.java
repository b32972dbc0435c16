package dev.heritage.iiif;

import dev.heritage.api.Asset;
import dev.heritage.classify.collection.CollectionRow;
import dev.heritage.classify.collection.CollectionSchema;
import dev.heritage.classify.collection.RowError;
import dev.heritage.classify.collection.RowSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The canvases of a IIIF manifest as the rows of an annotation run ({@link RowSource}, for
 * {@code classify.batch.BatchAnnotation}): one row per canvas, in order, whose id is the canvas's
 * IRI (so a Web Annotation page targets the canvas), whose known fields come from the metadata
 * ({@link MetadataFields}) and whose image is fetched, when the row is read, into memory
 * ({@link CanvasImages}). A canvas that cannot be used is a row with an error, and the run goes on:
 * no id ({@code missing_id}), an id used by an earlier canvas ({@code duplicate_id}), no image
 * ({@code image}), an image that cannot be fetched or is not an image within the limits
 * ({@code image_fetch}, the message naming the URL and the problem).
 *
 * <p>Memory: the rows a run holds before annotating them (its chunk) keep their images' bytes;
 * each is at most {@link IiifFetchOptions#maxImageBytes()} and, through an Image API service, a
 * {@link IiifFetchOptions#maxImageSide()}-pixel JPEG (typically a few hundred kB).
 *
 * <p>Not thread-safe: one run reads it. Nothing to close; nothing is written to disk.
 */
public final class IiifRows implements RowSource {
    private final IiifManifest manifest;
    private final CanvasImages images;
    private final List<Map<String, String>> known = new ArrayList<>();
    private final Set<String> warnings = new LinkedHashSet<>();
    private final Map<String, Integer> firstCanvasOfId = new HashMap<>();
    private int next;

    /**
     * @param manifest the manifest whose canvases are the rows
     * @param schema the fields the model reads and answers (e.g. {@code AnnotationSchema.of(card)})
     * @param images fetches each canvas's image
     */
    public IiifRows(IiifManifest manifest, CollectionSchema schema, CanvasImages images) {
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.images = Objects.requireNonNull(images, "images");
        MetadataFields fields = new MetadataFields(schema);
        for (Canvas c : manifest.canvases()) {
            known.add(fields.known(manifest, c, warnings::add));
        }
    }

    /**
     * Reads a manifest and gives its canvases as rows.
     *
     * @param location the manifest: a file path or an http(s) URL
     * @param schema the fields the model reads and answers
     * @param options the bounds of every fetch
     * @return the rows
     * @throws ManifestException if the manifest cannot be fetched or read, or is not a manifest with canvases
     */
    public static IiifRows open(String location, CollectionSchema schema, IiifFetchOptions options)
            throws ManifestException {
        SafeHttpClient http = new SafeHttpClient(options);
        return new IiifRows(ManifestReader.read(location, http), schema, new CanvasImages(http));
    }

    /** @return the manifest */
    public IiifManifest manifest() {
        return manifest;
    }

    /** @return the number of rows, one per canvas */
    public int size() {
        return manifest.canvases().size();
    }

    @Override
    public CollectionRow next() {
        if (next >= manifest.canvases().size()) {
            return null;
        }
        int index = next++;
        long row = index + 1L;
        Canvas canvas = manifest.canvases().get(index);
        String where = "canvas " + row + " of " + describeManifest();
        if (canvas.id().isEmpty()) {
            return error(row, null, RowError.Type.MISSING_ID, where + " has no id; give every canvas an id");
        }
        Integer earlier = firstCanvasOfId.putIfAbsent(canvas.id(), index + 1);
        if (earlier != null) {
            return error(
                    row,
                    canvas.id(),
                    RowError.Type.DUPLICATE_ID,
                    where + ": id " + canvas.id() + " is already used by canvas " + earlier);
        }
        if (canvas.image() == null) {
            return error(
                    row,
                    canvas.id(),
                    RowError.Type.IMAGE,
                    where + " (" + canvas.id() + ") paints no image: no painting annotation with an image body");
        }
        FetchedImage image;
        try {
            image = images.fetch(canvas.image());
        } catch (FetchException e) {
            return error(row, canvas.id(), RowError.Type.IMAGE_FETCH, "canvas " + canvas.id() + ": " + e.getMessage());
        }
        Asset.Builder asset = Asset.builder(canvas.id()).image(image.source());
        known.get(index).forEach(asset::field);
        return new CollectionRow(row, -1, asset.build(), null, List.of());
    }

    private String describeManifest() {
        return manifest.id().isEmpty() ? "the manifest" : manifest.id();
    }

    private static CollectionRow error(long row, String id, RowError.Type type, String message) {
        return new CollectionRow(row, -1, null, null, List.of(new RowError(row, -1, id, type, null, message)));
    }

    /** @return the metadata values left out (not a value of their field), once each */
    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** @return empty: the rows come from a manifest, so a run over them cannot be resumed */
    @Override
    public Optional<Path> inputFile() {
        return Optional.empty();
    }

    /** @return empty: images are fetched, not read from a folder */
    @Override
    public Optional<Path> imagesDir() {
        return Optional.empty();
    }
}
