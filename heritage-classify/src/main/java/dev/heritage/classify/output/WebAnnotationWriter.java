package dev.heritage.classify.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.Alternative;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Mask;
import dev.heritage.api.Prediction;
import dev.heritage.api.Reconstruction;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes a W3C Web Annotation {@code AnnotationPage} (JSON-LD): one machine-generated annotation
 * per predicted field, and, for reconstructions, one per reconstructed image region. The page is
 * streamed: items are written as results arrive, and {@link #close()} ends the page.
 *
 * <p>The page's {@code @context} is the Web Annotation context, then Heritage's
 * ({@value HeritageContext#CONTEXT}); every member that is not a Web Annotation term is defined by
 * the second, with its type, so a JSON-LD consumer keeps all of them.
 *
 * <p>Each annotation has {@code motivation} {@code classifying} (every Heritage field is a choice
 * among the model's classes); as {@code creator} the model that made the judgement (a
 * {@code Software} with its name, {@code softwareVersion} and the {@code engine} that ran it); as
 * {@code generator} Heritage (name, {@code softwareVersion}, {@code homepage}); {@code created};
 * {@code machineGenerated: true}; a {@code target} naming the object by IRI; and as {@code body}
 * a {@code TextualBody} carrying the value (with its {@code language} when the model card gives
 * one), the {@code field}, the {@code recordProperty} it fills ({@link RecordProperties}), the
 * calibrated {@code confidence}, {@code needsReview}, on a field with an open-set answer
 * {@code outside} and {@code outsideScore}, and the next most likely values as the ordered
 * {@code alternatives}. When the card knows identifiers for the value ({@link LabelIdentifiers}),
 * a second body, a {@code SpecificResource} whose {@code source} is the Wikidata entity (with the
 * Getty IRIs as its {@code sameAs}), says the same thing in identifiers a catalogue can link.
 * Objects that failed are listed in the page's {@code errors} (objectId, errorType, message), so
 * none is silently dropped. The guide {@code docs/guides/output-formats.md} shows a page.
 *
 * <p>Object ids become target IRIs: an id that already is an {@code http}, {@code https} or
 * {@code urn} IRI as it is; any other id percent-encoded after the
 * {@linkplain Builder#optTargetBase target base}, or after {@code urn:heritage:object:} when there
 * is none.
 *
 * <p>Not thread-safe. Closing it ends the page and closes the underlying writer.
 */
public final class WebAnnotationWriter implements AnnotationWriter {
    /** The W3C Web Annotation context. */
    public static final String ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld";
    /** The namespace of Heritage's terms ({@code confidence} and so on); {@link HeritageContext#NAMESPACE}. */
    public static final String HERITAGE_NAMESPACE = HeritageContext.NAMESPACE;
    /** The context defining Heritage's terms, the page's second context; {@link HeritageContext#CONTEXT}. */
    public static final String HERITAGE_CONTEXT = HeritageContext.CONTEXT;
    /** The motivation of an annotation that gives a field's value. */
    public static final String CLASSIFYING = "classifying";
    /** The motivation of an annotation that gives a reconstructed image region. */
    public static final String EDITING = "editing";

    private static final String OBJECT_URN = "urn:heritage:object:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Generator generator;
    private final String pageId;
    private final String targetBase;
    private final LabelIdentifiers identifiers;
    private final Clock clock;
    private final JsonGenerator out;
    private final List<Map<String, Object>> errors = new ArrayList<>();
    private int items;
    private boolean closed;

    private WebAnnotationWriter(Builder b, Writer writer) throws IOException {
        this.generator = b.generator;
        this.pageId = b.pageId != null ? b.pageId : "urn:uuid:" + UUID.randomUUID();
        this.targetBase = b.targetBase;
        this.identifiers = b.identifiers;
        this.clock = b.clock;
        this.out = JSON.getFactory().createGenerator(Objects.requireNonNull(writer, "writer"));
        if (b.pretty) {
            out.useDefaultPrettyPrinter();
        }
        out.writeStartObject();
        out.writeFieldName("@context");
        out.writeObject(List.of(ANNO_CONTEXT, HERITAGE_CONTEXT));
        out.writeStringField("id", pageId);
        out.writeStringField("type", "AnnotationPage");
        out.writeNumberField("startIndex", 0);
        out.writeArrayFieldStart("items");
    }

    /**
     * @param generator what produced the results (model, version, engine)
     * @return a builder
     */
    public static Builder builder(Generator generator) {
        return new Builder(generator);
    }

    /** @return the page's id */
    public String pageId() {
        return pageId;
    }

    @Override
    public void writeResult(AnnotationResult result) throws IOException {
        String target = targetIri(result.assetId());
        for (Prediction p : result.predictions().values()) {
            Map<String, Object> text = textualBody(p.field(), p.value());
            text.put("purpose", CLASSIFYING);
            text.put("field", p.field());
            RecordProperties.of(p.field()).ifPresent(iri -> text.put("recordProperty", iri));
            text.put("confidence", JsonLinesWriter.round(p.confidence()));
            text.put("needsReview", p.needsReview());
            if (p.hasOutsideScore()) {
                // "Outside the classes I know": the value is only the nearest known class, never an answer.
                text.put("outside", p.outside());
                text.put("outsideScore", JsonLinesWriter.round(p.outsideScore()));
            }
            List<Map<String, Object>> alts = new ArrayList<>();
            for (Alternative a : p.alternatives()) {
                Map<String, Object> m = textualBody(p.field(), a.value());
                m.put("confidence", JsonLinesWriter.round(a.confidence()));
                alts.add(m);
            }
            text.put("alternatives", alts);
            if (!p.evidence().isEmpty()) {
                List<Map<String, Object>> evidence = new ArrayList<>();
                p.evidence().forEach((input, drop) -> {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("input", input);
                    e.put("confidenceDrop", JsonLinesWriter.round(drop));
                    evidence.add(e);
                });
                text.put("evidence", evidence);
            }
            Object body = identified(p.field(), p.value())
                    .<Object>map(resource -> List.of(text, resource))
                    .orElse(text);
            item(annotationId(result.assetId(), p.field()), CLASSIFYING, body, target, generator);
        }
    }

    /** A value as text: {@code TextualBody}, the value, its language when the card says, plain text. */
    private Map<String, Object> textualBody(String field, String value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "TextualBody");
        m.put("value", value);
        identifiers.optLabelLanguage().ifPresent(language -> m.put("language", language));
        m.put("format", "text/plain");
        return m;
    }

    /**
     * The value as the thing museums identify: a {@code SpecificResource} whose {@code source} is the
     * Wikidata entity (else the Getty concept), the other IRIs as its {@code sameAs}.
     */
    private Optional<Map<String, Object>> identified(String field, String value) {
        List<String> iris = identifiers
                .find(field, value)
                .map(LabelIdentifiers.Identifier::iris)
                .orElse(List.of());
        if (iris.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("id", iris.get(0));
        source.put("label", value);
        if (iris.size() > 1) {
            source.put("sameAs", iris.subList(1, iris.size()));
        }
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("type", "SpecificResource");
        resource.put("purpose", CLASSIFYING);
        resource.put("source", source);
        return Optional.of(resource);
    }

    /**
     * Adds an annotation saying that a region of an object's image was reconstructed: motivation
     * {@code editing}, the reconstructed image as the body, and as the target the source image
     * narrowed by a media-fragment selector ({@code xywh=}) to the bounding box of the mask, with
     * the object as its {@code scope}.
     *
     * @param objectId the object's id (made an IRI as for results)
     * @param sourceImage the IRI of the damaged image
     * @param reconstructedImage the IRI of the reconstructed image (e.g. where it was written)
     * @param reconstruction the reconstruction (its mask and method)
     * @param reconstructor what produced it
     * @throws IllegalArgumentException if the mask is empty or an IRI is not absolute
     * @throws IOException if writing fails
     */
    public void writeReconstruction(
            String objectId,
            URI sourceImage,
            URI reconstructedImage,
            Reconstruction reconstruction,
            Generator reconstructor)
            throws IOException {
        requireAbsolute(sourceImage, "sourceImage");
        requireAbsolute(reconstructedImage, "reconstructedImage");
        Map<String, Object> body = reconstructedImageBody(reconstructedImage, reconstruction);
        Map<String, Object> selector = regionSelector(boundingBox(reconstruction.mask()));
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("type", "SpecificResource");
        target.put("source", sourceImage.toString());
        target.put("scope", targetIri(objectId));
        target.put("selector", selector);
        item(annotationId(objectId, "reconstruction:" + reconstructedImage), EDITING, body, target, reconstructor);
    }

    /**
     * Adds a reconstruction annotation on a IIIF canvas: motivation {@code editing}, the
     * reconstructed image as the body (as {@link #writeReconstruction}), and as the target the canvas
     * narrowed by a media-fragment selector ({@code xywh=}) in the canvas's own coordinates: the
     * bounding box of the mask, in image pixels, scaled by canvas size / image size (the mask's
     * size) and rounded outward, so the region covers every damaged pixel.
     *
     * @param canvas the canvas's IRI
     * @param canvasWidth the canvas's width in its coordinates
     * @param canvasHeight the canvas's height in its coordinates
     * @param reconstructedImage the IRI of the reconstructed image (e.g. where it was written)
     * @param reconstruction the reconstruction (its mask and method)
     * @param reconstructor what produced it
     * @throws IllegalArgumentException if the mask is empty, an IRI is not absolute or the canvas
     *     size is not positive
     * @throws IOException if writing fails
     */
    public void writeCanvasReconstruction(
            URI canvas,
            int canvasWidth,
            int canvasHeight,
            URI reconstructedImage,
            Reconstruction reconstruction,
            Generator reconstructor)
            throws IOException {
        requireAbsolute(canvas, "canvas");
        requireAbsolute(reconstructedImage, "reconstructedImage");
        if (canvasWidth < 1 || canvasHeight < 1) {
            throw new IllegalArgumentException("canvas " + canvas + ": its width and height must be positive, got "
                    + canvasWidth + "x" + canvasHeight);
        }
        Mask mask = reconstruction.mask();
        int[] box = toCanvas(boundingBox(mask), mask.width(), mask.height(), canvasWidth, canvasHeight);
        Map<String, Object> body = reconstructedImageBody(reconstructedImage, reconstruction);
        Map<String, Object> selector = regionSelector(box);
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("id", canvas.toString());
        source.put("type", "Canvas");
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("type", "SpecificResource");
        target.put("source", source);
        target.put("selector", selector);
        item(
                annotationId(canvas.toString(), "reconstruction:" + reconstructedImage),
                EDITING,
                body,
                target,
                reconstructor);
    }

    private static Map<String, Object> reconstructedImageBody(URI reconstructedImage, Reconstruction reconstruction) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", reconstructedImage.toString());
        body.put("type", "Image");
        body.put("format", "image/png");
        body.put("method", reconstruction.method());
        body.put("damagedFraction", JsonLinesWriter.round(reconstruction.coverage()));
        return body;
    }

    /** @param box x, y, width, height */
    private static Map<String, Object> regionSelector(int[] box) {
        Map<String, Object> selector = new LinkedHashMap<>();
        selector.put("type", "FragmentSelector");
        selector.put("conformsTo", "http://www.w3.org/TR/media-frags/");
        selector.put("value", "xywh=" + box[0] + "," + box[1] + "," + box[2] + "," + box[3]);
        return selector;
    }

    /**
     * @param box x, y, width, height in image pixels
     * @return the same region in canvas coordinates, rounded outward and kept on the canvas
     */
    static int[] toCanvas(int[] box, int imageWidth, int imageHeight, int canvasWidth, int canvasHeight) {
        long x0 = (long) box[0] * canvasWidth / imageWidth;
        long y0 = (long) box[1] * canvasHeight / imageHeight;
        long x1 = ((long) (box[0] + box[2]) * canvasWidth + imageWidth - 1) / imageWidth;
        long y1 = ((long) (box[1] + box[3]) * canvasHeight + imageHeight - 1) / imageHeight;
        x1 = Math.min(canvasWidth, Math.max(x1, x0 + 1));
        y1 = Math.min(canvasHeight, Math.max(y1, y0 + 1));
        return new int[] {(int) x0, (int) y0, (int) (x1 - x0), (int) (y1 - y0)};
    }

    private void item(String id, String motivation, Object body, Object target, Generator g) throws IOException {
        requireOpen();
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", id);
        a.put("type", "Annotation");
        a.put("motivation", motivation);
        a.put("created", Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        a.put("creator", creator(g));
        a.put("generator", heritage(g));
        a.put("machineGenerated", true);
        a.put("body", body);
        a.put("target", target);
        out.writeObject(a);
        items++;
    }

    /** The model that made the judgement, with the engine that ran it. */
    private static Map<String, Object> creator(Generator g) {
        Map<String, Object> engine = new LinkedHashMap<>();
        engine.put("type", "Software");
        engine.put("name", g.engine());
        engine.put("softwareVersion", g.engineVersion());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "urn:heritage:model:" + encode(g.modelId()) + ":" + encode(g.modelVersion()));
        m.put("type", "Software");
        m.put("name", g.modelId());
        m.put("softwareVersion", g.modelVersion());
        m.put("engine", engine);
        return m;
    }

    /** Heritage, the software that wrote the annotation. */
    private static Map<String, Object> heritage(Generator g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "Software");
        m.put("name", "Heritage");
        m.put("softwareVersion", g.softwareVersion());
        m.put("homepage", HeritageContext.HOMEPAGE);
        return m;
    }

    @Override
    public void writeError(String id, String type, String message) throws IOException {
        requireOpen();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("objectId", id);
        e.put("errorType", type);
        e.put("message", message);
        errors.add(e);
    }

    /** @return the number of annotations written so far */
    public int itemCount() {
        return items;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Ends the page (the items, then {@code errors}) and closes the underlying writer. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.writeEndArray();
            out.writeFieldName("errors");
            out.writeObject(errors);
            out.writeEndObject();
            out.writeRaw('\n');
        } finally {
            out.close();
        }
    }

    /**
     * @param objectId an object's id
     * @return its target IRI under this writer's rules (see the class comment)
     */
    public String targetIri(String objectId) {
        String lower = objectId.toLowerCase(Locale.ROOT);
        if ((lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("urn:"))
                && isAbsoluteUri(objectId)) {
            return objectId;
        }
        return (targetBase != null ? targetBase : OBJECT_URN) + encode(objectId);
    }

    private String annotationId(String objectId, String what) {
        return "urn:uuid:"
                + UUID.nameUUIDFromBytes((pageId + "\n" + objectId + "\n" + what).getBytes(StandardCharsets.UTF_8));
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this annotation page is already closed");
        }
    }

    private static boolean isAbsoluteUri(String s) {
        try {
            return new URI(s).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void requireAbsolute(URI uri, String what) {
        if (uri == null || !uri.isAbsolute()) {
            throw new IllegalArgumentException(
                    what + " must be an absolute IRI (e.g. file:///... or https://...), got " + uri);
        }
    }

    /** @return x, y, width, height of the damaged pixels */
    static int[] boundingBox(Mask mask) {
        Rectangle box = mask.damagedBounds()
                .orElseThrow(() -> new IllegalArgumentException(
                        "The mask is empty: no region was reconstructed, so there is nothing to annotate"));
        return new int[] {box.x, box.y, box.width, box.height};
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters, as UTF-8. */
    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte raw : s.getBytes(StandardCharsets.UTF_8)) {
            int c = raw & 0xff;
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                b.append((char) c);
            } else {
                b.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    /** A mutable builder of {@link WebAnnotationWriter}; not thread-safe. */
    public static final class Builder {
        private final Generator generator;
        private String pageId;
        private String targetBase;
        private LabelIdentifiers identifiers = LabelIdentifiers.none();
        private Clock clock = Clock.systemUTC();
        private boolean pretty = true;

        private Builder(Generator generator) {
            this.generator = Objects.requireNonNull(generator, "generator");
        }

        /**
         * @param id the page's IRI (default: a random {@code urn:uuid:}); annotation ids derive from it
         * @return this
         * @throws IllegalArgumentException if it is not an absolute IRI
         */
        public Builder optPageId(String id) {
            if (!isAbsoluteUri(id)) {
                throw new IllegalArgumentException("The page id must be an absolute IRI, got '" + id + "'");
            }
            this.pageId = id;
            return this;
        }

        /**
         * @param base an absolute IRI that object ids are appended to, e.g.
         *     {@code https://collection.example.org/objects/}
         * @return this
         * @throws IllegalArgumentException if it is not an absolute IRI
         */
        public Builder optTargetBase(String base) {
            if (base != null && !isAbsoluteUri(base)) {
                throw new IllegalArgumentException("The target base must be an absolute IRI such as"
                        + " https://collection.example.org/objects/, got '" + base + "'");
            }
            this.targetBase = base;
            return this;
        }

        /**
         * @param ids the language and identifiers of the model's labels (default none), usually
         *     {@link LabelIdentifiers#of(dev.heritage.api.ModelCard) LabelIdentifiers.of(card)}
         * @return this
         */
        public Builder optIdentifiers(LabelIdentifiers ids) {
            this.identifiers = Objects.requireNonNull(ids, "identifiers");
            return this;
        }

        /** @param c the clock of {@code created} (default: the system's, UTC) @return this */
        public Builder optClock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** @param indent whether to indent the JSON (default true) @return this */
        public Builder optPretty(boolean indent) {
            this.pretty = indent;
            return this;
        }

        /**
         * Starts the page.
         *
         * @param writer where to write; the returned writer closes it
         * @return the writer
         * @throws IOException if the page's beginning cannot be written
         */
        public WebAnnotationWriter open(Writer writer) throws IOException {
            return new WebAnnotationWriter(this, writer);
        }
    }
}
