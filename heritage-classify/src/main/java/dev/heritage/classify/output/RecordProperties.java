package dev.heritage.classify.output;

import java.util.Map;
import java.util.Optional;

/**
 * Which property of a catalogue record a Heritage field fills, as an RDF property IRI: the
 * {@code recordProperty} of a Web Annotation body, so that a consumer knows where an accepted value
 * goes without knowing Heritage's field names.
 *
 * <table>
 *   <caption>Fields and properties</caption>
 *   <tr><th>field</th><th>property</th><th>why</th></tr>
 *   <tr><td>{@code style}</td><td>{@code http://www.wikidata.org/prop/direct/P135} (movement)</td>
 *       <td>the labels are art movements; schema.org has no style property, and {@code schema:genre}
 *       means the subject type (portrait, landscape) in museum data</td></tr>
 *   <tr><td>{@code artist}</td><td>{@code http://schema.org/creator}</td><td>the maker of the work</td></tr>
 *   <tr><td>{@code decade}, {@code century}, {@code year}, {@code date}</td>
 *       <td>{@code http://schema.org/dateCreated}</td><td>when the work was made (a period label such as
 *       {@code 1880s}, not an {@code xsd:date}); {@code schema:temporalCoverage} would say the work
 *       depicts that period</td></tr>
 *   <tr><td>{@code title}</td><td>{@code http://schema.org/name}</td><td>the work's name</td></tr>
 * </table>
 *
 * <p>Other fields (a custom model's) have none; their bodies carry only {@code field}. Thread-safe.
 */
public final class RecordProperties {
    /** The Wikidata property "movement" (P135), for {@code style}. */
    public static final String WIKIDATA_MOVEMENT = "http://www.wikidata.org/prop/direct/P135";
    /** {@code schema:creator}, for {@code artist}. */
    public static final String SCHEMA_CREATOR = "http://schema.org/creator";
    /** {@code schema:dateCreated}, for {@code decade}, {@code century}, {@code year} and {@code date}. */
    public static final String SCHEMA_DATE_CREATED = "http://schema.org/dateCreated";
    /** {@code schema:name}, for {@code title}. */
    public static final String SCHEMA_NAME = "http://schema.org/name";

    private static final Map<String, String> BY_FIELD = Map.of(
            "style", WIKIDATA_MOVEMENT,
            "artist", SCHEMA_CREATOR,
            "decade", SCHEMA_DATE_CREATED,
            "century", SCHEMA_DATE_CREATED,
            "year", SCHEMA_DATE_CREATED,
            "date", SCHEMA_DATE_CREATED,
            "title", SCHEMA_NAME);

    private RecordProperties() {}

    /**
     * @param field a field name, e.g. {@code style}
     * @return the IRI of the record property it fills, or empty for a field with none
     */
    public static Optional<String> of(String field) {
        return Optional.ofNullable(BY_FIELD.get(field));
    }
}
