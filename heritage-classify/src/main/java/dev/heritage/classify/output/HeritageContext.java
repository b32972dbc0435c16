package dev.heritage.classify.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Heritage's JSON-LD vocabulary: the namespace of its terms ({@value #NAMESPACE}), the IRI of the
 * context document that defines them ({@value #CONTEXT}), and that document itself, which ships in
 * this jar ({@link #document()}) and in the repository as {@code docs/ns/context.jsonld}.
 *
 * <p>Both IRIs are under {@code https://w3id.org/heritage/}, a permanent-identifier path that the
 * maintainers register with w3id.org at release (a pull request to the {@code perma-id/w3id.org}
 * repository redirecting it to the published context and term list); until then a consumer uses
 * the copy of the context in this jar (JSON-LD processors take a document loader for that).
 *
 * <p>Thread-safe (constants and a pure read of a class-path resource).
 */
public final class HeritageContext {
    /** The namespace of Heritage's terms: {@code confidence} expands to {@code NAMESPACE + "confidence"}. */
    public static final String NAMESPACE = "https://w3id.org/heritage/ns#";
    /** The IRI of the JSON-LD context document that defines every Heritage term a page uses. */
    public static final String CONTEXT = "https://w3id.org/heritage/context.jsonld";
    /** Heritage's home, the {@code homepage} of the {@code generator} of every annotation. */
    public static final String HOMEPAGE = "https://w3id.org/heritage/";
    /** Where the context document is in this jar. */
    public static final String RESOURCE = "dev/heritage/classify/output/heritage-context.jsonld";

    private HeritageContext() {}

    /**
     * @return the JSON-LD context document served at {@link #CONTEXT}, as UTF-8 JSON text
     * @throws UncheckedIOException if the jar is incomplete (the resource is missing or unreadable)
     */
    public static String document() {
        try (InputStream in = HeritageContext.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is missing from the class path: the heritage-classify jar is"
                        + " incomplete; use the released jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Heritage's JSON-LD context: " + e.getMessage(), e);
        }
    }
}
