package dev.heritage.iiif;

import dev.heritage.api.FieldKind;
import dev.heritage.api.FieldSpec;
import dev.heritage.classify.collection.CollectionSchema;
import dev.heritage.classify.collection.FieldKinds;
import dev.heritage.classify.collection.FieldValueException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the {@code metadata} of a manifest (and of a canvas, whose own entries win) into the known
 * fields of a model: an entry whose label, compared without case and surrounding white space, is a
 * field's name or one of its {@link #SYNONYMS} gives that field its value, if the model reads or
 * answers that field (its {@link CollectionSchema}). Values are checked as a CSV cell is
 * ({@link FieldKinds}); for a year field the first 3- or 4-digit number of the value is taken
 * ({@code c. 1665} gives 1665, {@code 1503–1519} gives 1503). A value that still does not fit is
 * left out with a warning, and the canvas is annotated without it. Without a title entry, the
 * manifest's label is the title.
 *
 * <p>Immutable and thread-safe.
 */
public final class MetadataFields {
    /**
     * Metadata labels (lower case) that name a field of Heritage's models, beside the field names
     * themselves: the labels museums' manifests commonly use.
     */
    public static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("title", "title"),
            Map.entry("name", "title"),
            Map.entry("object title", "title"),
            Map.entry("artist", "artist"),
            Map.entry("creator", "artist"),
            Map.entry("maker", "artist"),
            Map.entry("painter", "artist"),
            Map.entry("author", "artist"),
            Map.entry("attribution", "artist"),
            Map.entry("artist/maker", "artist"),
            Map.entry("date", "year"),
            Map.entry("dated", "year"),
            Map.entry("date created", "year"),
            Map.entry("creation date", "year"),
            Map.entry("date of creation", "year"),
            Map.entry("created", "year"),
            Map.entry("year", "year"),
            Map.entry("style", "style"),
            Map.entry("movement", "style"),
            Map.entry("art movement", "style"),
            Map.entry("style/period", "style"));

    private static final Pattern YEAR = Pattern.compile("(?<![\\d.])-?\\d{3,4}(?![\\d])");

    private final CollectionSchema schema;

    /** @param schema the fields the model reads and answers (e.g. {@code AnnotationSchema.of(card)}) */
    public MetadataFields(CollectionSchema schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    /**
     * @param label a metadata label
     * @return the schema's field it names, if any
     */
    public Optional<FieldSpec> fieldFor(String label) {
        String l = label.strip().toLowerCase(Locale.ROOT);
        Optional<FieldSpec> direct = schema.fields().stream()
                .filter(f -> f.name().equalsIgnoreCase(l))
                .findFirst();
        if (direct.isPresent()) {
            return direct;
        }
        String name = SYNONYMS.get(l);
        return name == null ? Optional.empty() : schema.field(name);
    }

    /**
     * @param manifest the manifest
     * @param canvas one of its canvases
     * @param warnings hears each value left out, with the reason (a manifest's entry for every canvas
     *     alike)
     * @return the known fields of the canvas, by field name, in schema order
     */
    public Map<String, String> known(IiifManifest manifest, Canvas canvas, Consumer<String> warnings) {
        Map<String, String> values = new LinkedHashMap<>();
        collect(manifest.metadata(), values, "manifest", warnings);
        collect(canvas.metadata(), values, "canvas " + canvas.id(), warnings);
        if (!manifest.label().isEmpty()) {
            schema.field("title").ifPresent(title -> values.putIfAbsent(title.name(), manifest.label()));
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        for (FieldSpec f : schema.fields()) {
            if (values.containsKey(f.name())) {
                ordered.put(f.name(), values.get(f.name()));
            }
        }
        return ordered;
    }

    private void collect(List<MetadataEntry> entries, Map<String, String> values, String where, Consumer<String> warn) {
        for (MetadataEntry e : entries) {
            Optional<FieldSpec> field = fieldFor(e.label());
            if (field.isEmpty()) {
                continue;
            }
            FieldSpec f = field.get();
            String raw = e.value();
            if (f.kind() == FieldKind.YEAR) {
                Matcher m = YEAR.matcher(raw);
                raw = m.find() ? m.group() : raw;
            }
            try {
                String value = FieldKinds.normalise(f.kind(), raw);
                if (value != null) {
                    values.put(f.name(), value);
                }
            } catch (FieldValueException problem) {
                warn.accept(where + ", metadata '" + e.label() + "': " + problem.getMessage() + "; left out of field "
                        + f.name());
            }
        }
    }
}
