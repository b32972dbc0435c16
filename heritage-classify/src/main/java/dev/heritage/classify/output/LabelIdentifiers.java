package dev.heritage.classify.output;

import dev.heritage.api.ModelCard;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a model's labels mean outside the model: the language its labels are written in and, per
 * field and label, the identifiers museums use for the same thing (a Wikidata item, a Getty AAT
 * concept, a Getty ULAN name). Read from the model card's {@code properties.linkedData}:
 *
 * <pre>{@code
 * "linkedData": {
 *   "labelLanguage": "en",
 *   "labels": {
 *     "style": {"LABEL": {"wikidata": "Q…", "aat": "300…"}},
 *     "artist": {"LABEL": {"wikidata": "Q…", "ulan": "500…"}}
 *   }
 * }
 * }</pre>
 *
 * <p>A card without the section has no identifiers and no label language; a label without an entry
 * has no identifier (the Web Annotation body then carries only the text). Immutable and thread-safe.
 *
 * @param labelLanguage the BCP 47 language tag of the labels (e.g. {@code en}), or null when unknown
 * @param labels per field, per label, its identifiers
 */
public record LabelIdentifiers(String labelLanguage, Map<String, Map<String, Identifier>> labels) {
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*");
    private static final Pattern WIKIDATA = Pattern.compile("Q[1-9][0-9]*");
    private static final Pattern GETTY = Pattern.compile("[1-9][0-9]{8}");

    /** Validates and copies. */
    public LabelIdentifiers {
        Objects.requireNonNull(labels, "labels");
        Map<String, Map<String, Identifier>> copy = new LinkedHashMap<>();
        labels.forEach((field, byLabel) -> copy.put(field, Map.copyOf(byLabel)));
        labels = Map.copyOf(copy);
    }

    /** @return no identifiers and no label language */
    public static LabelIdentifiers none() {
        return new LabelIdentifiers(null, Map.of());
    }

    /**
     * @param card a model card
     * @return the identifiers of its {@code properties.linkedData}, or {@link #none()} without one
     * @throws IllegalArgumentException naming the entry of the card that is malformed and how to fix it
     */
    public static LabelIdentifiers of(ModelCard card) {
        Object section = card.properties().get("linkedData");
        if (section == null) {
            return none();
        }
        String where = "Model card '" + card.id() + "' " + card.version() + ": properties.linkedData";
        if (!(section instanceof Map<?, ?> linked)) {
            throw new IllegalArgumentException(where + " must be an object with labelLanguage and labels");
        }
        String language = null;
        if (linked.get("labelLanguage") != null) {
            language = linked.get("labelLanguage").toString();
            if (!LANGUAGE.matcher(language).matches()) {
                throw new IllegalArgumentException(where + ".labelLanguage must be a BCP 47 language tag such as"
                        + " 'en', got '" + language + "'");
            }
        }
        Map<String, Map<String, Identifier>> labels = new LinkedHashMap<>();
        Object all = linked.get("labels");
        if (all != null && !(all instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(where + ".labels must be an object of fields");
        }
        if (all instanceof Map<?, ?> fields) {
            for (Map.Entry<?, ?> f : fields.entrySet()) {
                String field = f.getKey().toString();
                if (!(f.getValue() instanceof Map<?, ?> byLabel)) {
                    throw new IllegalArgumentException(where + ".labels." + field + " must be an object of labels");
                }
                Map<String, Identifier> ids = new LinkedHashMap<>();
                for (Map.Entry<?, ?> l : byLabel.entrySet()) {
                    String at = where + ".labels." + field + "['" + l.getKey() + "']";
                    if (!(l.getValue() instanceof Map<?, ?> entry)) {
                        throw new IllegalArgumentException(
                                at + " must be an object of identifiers: wikidata, aat, ulan");
                    }
                    ids.put(
                            l.getKey().toString(),
                            new Identifier(
                                    text(entry, "wikidata", WIKIDATA, "a Wikidata item id (Q and digits)", at),
                                    text(entry, "aat", GETTY, "a Getty AAT id (nine digits)", at),
                                    text(entry, "ulan", GETTY, "a Getty ULAN id (nine digits)", at)));
                }
                labels.put(field, ids);
            }
        }
        return new LabelIdentifiers(language, labels);
    }

    private static String text(Map<?, ?> entry, String key, Pattern form, String what, String at) {
        Object v = entry.get(key);
        if (v == null) {
            return null;
        }
        if (!form.matcher(v.toString()).matches()) {
            throw new IllegalArgumentException(
                    at + "." + key + " must be " + what + ", got '" + v + "'; correct it or remove the entry");
        }
        return v.toString();
    }

    /** @return the language of the labels, if the card says */
    public Optional<String> optLabelLanguage() {
        return Optional.ofNullable(labelLanguage);
    }

    /**
     * @param field a field
     * @param label one of its labels
     * @return the label's identifiers, if the card has any
     */
    public Optional<Identifier> find(String field, String label) {
        Map<String, Identifier> byLabel = labels.get(field);
        return Optional.ofNullable(byLabel == null ? null : byLabel.get(label));
    }

    /**
     * The identifiers of one label; each may be null (not known, or not verified).
     *
     * @param wikidata a Wikidata item id, Q and digits
     * @param aat a Getty Art &amp; Architecture Thesaurus id, nine digits
     * @param ulan a Getty Union List of Artist Names id, nine digits
     */
    public record Identifier(String wikidata, String aat, String ulan) {
        /**
         * @return the IRIs of the thing, the Wikidata entity first ({@code
         *     http://www.wikidata.org/entity/Q…}), then the Getty AAT and ULAN ones; those known
         */
        public List<String> iris() {
            return Stream.of(
                            wikidata == null ? null : "http://www.wikidata.org/entity/" + wikidata,
                            aat == null ? null : "http://vocab.getty.edu/aat/" + aat,
                            ulan == null ? null : "http://vocab.getty.edu/ulan/" + ulan)
                    .filter(Objects::nonNull)
                    .toList();
        }
    }
}
