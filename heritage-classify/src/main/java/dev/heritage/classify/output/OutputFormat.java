package dev.heritage.classify.output;

import dev.heritage.api.ModelCard;
import dev.heritage.api.TaskSpec;
import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The output formats of an annotation run, by the names the command line's {@code --format} takes.
 * Thread-safe (an enum).
 */
public enum OutputFormat {
    /** JSON Lines: one result or error object per line ({@link JsonLinesWriter}). */
    JSONL,
    /** A W3C Web Annotation page, JSON-LD ({@link WebAnnotationWriter}). */
    JSONLD,
    /** A review spreadsheet, one row per object ({@link ReviewCsvWriter}). */
    CSV;

    /** @return the name as written on the command line, e.g. {@code jsonld} */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name a format name, case-insensitive
     * @return the format
     * @throws IllegalArgumentException naming the formats there are
     */
    public static OutputFormat parse(String name) {
        for (OutputFormat f : values()) {
            if (f.cliName().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("Unknown output format '" + name + "'; use one of "
                + Arrays.stream(values()).map(OutputFormat::cliName).collect(Collectors.joining(", ")));
    }

    /**
     * Makes the writer of this format.
     *
     * @param out where to write; the returned writer closes it
     * @param card the model's card (its tasks are the review CSV's columns; its label language and
     *     identifiers go into the Web Annotations)
     * @param generator what produced the results (the Web Annotations' generator)
     * @return a writer the caller closes
     * @throws IOException if the beginning of the document cannot be written
     */
    public AnnotationWriter open(Writer out, ModelCard card, Generator generator) throws IOException {
        return open(out, card, generator, null);
    }

    /**
     * Makes the writer of this format, with the Web Annotations' targets under a base IRI.
     *
     * @param out where to write; the returned writer closes it
     * @param card the model's card (as for {@link #open(Writer, ModelCard, Generator)})
     * @param generator what produced the results
     * @param targetBase the IRI object ids are appended to for the Web Annotations' targets
     *     ({@link WebAnnotationWriter.Builder#optTargetBase}), or {@code null}; other formats ignore it
     * @return a writer the caller closes
     * @throws IOException if the beginning of the document cannot be written
     * @throws IllegalArgumentException if {@code targetBase} is not an absolute IRI
     */
    public AnnotationWriter open(Writer out, ModelCard card, Generator generator, String targetBase)
            throws IOException {
        return openWriter(out, card, generator, targetBase);
    }

    /**
     * @param card a model's card
     * @return the fields with an open-set answer (the card's {@code annotator.openSet.task}), or none
     */
    public static Set<String> openSetFields(ModelCard card) {
        Object annotator = card.properties().get("annotator");
        if (annotator instanceof Map<?, ?> a && a.get("openSet") instanceof Map<?, ?> os && os.get("task") != null) {
            return Set.of(os.get("task").toString());
        }
        return Set.of();
    }

    private AnnotationWriter openWriter(Writer out, ModelCard card, Generator generator, String targetBase)
            throws IOException {
        return switch (this) {
            case JSONL -> new JsonLinesWriter(out);
            case JSONLD ->
                WebAnnotationWriter.builder(generator)
                        .optTargetBase(targetBase)
                        .optIdentifiers(LabelIdentifiers.of(card))
                        .open(out);
            case CSV ->
                new ReviewCsvWriter(
                        out, card.tasks().stream().map(TaskSpec::name).toList(), openSetFields(card));
        };
    }
}
