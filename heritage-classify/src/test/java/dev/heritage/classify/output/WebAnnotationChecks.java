package dev.heritage.classify.output;

import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.loader.DocumentLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks every JSON-LD document Heritage writes must pass, shared by the tests of
 * heritage-classify and (through its test jar) heritage-cli:
 *
 * <ul>
 *   <li>{@link #mustViolations}: the W3C Web Annotation test suite's "MUST" assertions (JSON Schema,
 *       draft-04), as the suite applies them: the page against every assertion of
 *       {@code collections/pages/pageMusts.test}, each annotation against every assertion of
 *       {@code annotations/annotationMusts.test}; each assertion file is one schema whose relative
 *       references reach the suite's {@code definitions/} files.
 *   <li>{@link #droppedTerms}: a JSON-LD expansion, offline against the bundled contexts (the W3C
 *       {@code anno.jsonld} and Heritage's context from the main jar), after which every member
 *       name of the compact document must appear as its IRI: nothing a consumer reads is dropped.
 * </ul>
 *
 * <p>The suite's files are under {@code w3c/web-annotation-tests/} of the test resources with their
 * licence. Thread-safe after construction (the schemas are loaded once, lazily).
 */
public final class WebAnnotationChecks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUITE = "w3c/web-annotation-tests/";
    /** Where the suite's files pretend to live, so that their relative references resolve. */
    private static final String SUITE_BASE = "https://web-annotation-tests.invalid/";

    private static final String ANNO_RESOURCE = "w3c/anno/anno.jsonld";

    private static volatile Map<String, List<Assertion>> suites;

    private WebAnnotationChecks() {}

    private record Assertion(String file, String errorMessage, JsonSchema schema) {}

    /**
     * @param jsonLd a document Heritage wrote: an {@code AnnotationPage} or one {@code Annotation}
     * @return one line per failed MUST assertion (which object, which assertion, the suite's
     *     message and the validator's), empty when the document meets all of them
     */
    public static List<String> mustViolations(String jsonLd) {
        JsonNode doc = read(jsonLd);
        List<String> failures = new ArrayList<>();
        if ("AnnotationPage".equals(doc.path("type").asText())) {
            apply("pageMusts", doc, "page", failures);
            JsonNode items = doc.path("items");
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i).deepCopy();
                // An annotation inside a page inherits the page's context (model 5.2); the suite
                // checks annotations as standalone documents, so each gets the page's.
                ((com.fasterxml.jackson.databind.node.ObjectNode) item).set("@context", doc.path("@context"));
                apply("annotationMusts", item, "items[" + i + "]", failures);
            }
        } else {
            apply("annotationMusts", doc, "annotation", failures);
        }
        return failures;
    }

    /** @return how many MUST assertions each kind of document is checked against (page, annotation) */
    public static Map<String, Integer> assertionCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        suites().forEach((name, list) -> counts.put(name, list.size()));
        return counts;
    }

    private static void apply(String suite, JsonNode instance, String where, List<String> failures) {
        for (Assertion a : suites().get(suite)) {
            Set<ValidationMessage> messages = a.schema().validate(instance);
            if (!messages.isEmpty()) {
                failures.add(where + ": " + a.file() + ": " + a.errorMessage() + " " + messages);
            }
        }
    }

    private static Map<String, List<Assertion>> suites() {
        Map<String, List<Assertion>> s = suites;
        if (s == null) {
            synchronized (WebAnnotationChecks.class) {
                if (suites == null) {
                    suites = Map.of(
                            "pageMusts", load("collections/pages/pageMusts.test"),
                            "annotationMusts", load("annotations/annotationMusts.test"));
                }
                s = suites;
            }
        }
        return s;
    }

    private static List<Assertion> load(String testFile) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(
                SpecVersion.VersionFlag.V4,
                b -> b.schemaMappers(m -> m.mapPrefix(SUITE_BASE, "classpath:" + SUITE + "definitions/")));
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        List<Assertion> assertions = new ArrayList<>();
        for (JsonNode file : read(resource(SUITE + testFile)).path("assertions")) {
            JsonNode schema = read(resource(SUITE + file.asText()));
            if (!"must".equals(schema.path("assertionType").asText())
                    || !"valid".equals(schema.path("expectedResult").asText())) {
                throw new IllegalStateException(file.asText() + " is not a MUST assertion expecting 'valid';"
                        + " this helper applies only those");
            }
            // Every assertion's relative references name a file of definitions/: resolve them there.
            String name = file.asText().substring(file.asText().lastIndexOf('/') + 1);
            assertions.add(new Assertion(
                    file.asText(),
                    schema.path("errorMessage").asText(),
                    factory.getSchema(SchemaLocation.of(SUITE_BASE + name), schema, config)));
        }
        if (assertions.isEmpty()) {
            throw new IllegalStateException(testFile + " lists no assertions");
        }
        return assertions;
    }

    /**
     * Expands the document as JSON-LD (offline: only the two bundled contexts can be loaded) and
     * compares member names with the expansion's property IRIs.
     *
     * @param jsonLd a compact JSON-LD document Heritage wrote
     * @return the member names that no context defines or whose IRI the expansion lacks, each with
     *     the IRI it should have had; empty when nothing is dropped
     * @throws IllegalStateException if the document cannot be expanded at all (the processor's error)
     */
    public static Set<String> droppedTerms(String jsonLd) {
        JsonArray expanded;
        try {
            expanded = JsonLd.expand(JsonDocument.of(new StringReader(jsonLd)))
                    .loader(OFFLINE)
                    .get();
        } catch (JsonLdError e) {
            throw new IllegalStateException("JSON-LD expansion failed: " + e.getMessage(), e);
        }
        Set<String> present = new TreeSet<>();
        collectIris(expanded, present);
        Map<String, String> terms = terms();
        Set<String> names = new TreeSet<>();
        collectNames(read(jsonLd), names);
        Set<String> dropped = new TreeSet<>();
        for (String name : names) {
            String iri = terms.get(name);
            if (iri == null) {
                dropped.add(name + " (defined by no context)");
            } else if (!iri.startsWith("@") && !present.contains(iri)) {
                dropped.add(name + " (" + iri + " missing from the expansion)");
            }
        }
        return dropped;
    }

    /** @return the expansion of the document, offline, as JSON text (for messages and deeper checks) */
    public static JsonNode expand(String jsonLd) {
        try {
            return read(JsonLd.expand(JsonDocument.of(new StringReader(jsonLd)))
                    .loader(OFFLINE)
                    .get()
                    .toString());
        } catch (JsonLdError e) {
            throw new IllegalStateException("JSON-LD expansion failed: " + e.getMessage(), e);
        }
    }

    /** Serves the W3C context and Heritage's from resources; anything else is refused (no network). */
    private static final DocumentLoader OFFLINE = (url, options) -> {
        String resource = switch (url.toString()) {
            case WebAnnotationWriter.ANNO_CONTEXT, "https://www.w3.org/ns/anno.jsonld" -> ANNO_RESOURCE;
            case HeritageContext.CONTEXT -> HeritageContext.RESOURCE;
            default -> null;
        };
        if (resource == null) {
            throw new JsonLdError(
                    JsonLdErrorCode.LOADING_DOCUMENT_FAILED,
                    "offline test: no bundled copy of " + url + "; only the Web Annotation and Heritage contexts");
        }
        try (InputStream in = WebAnnotationChecks.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new JsonLdError(JsonLdErrorCode.LOADING_DOCUMENT_FAILED, resource + " is not on the class path");
            }
            JsonDocument doc = JsonDocument.of(in);
            doc.setDocumentUrl(url);
            return doc;
        } catch (IOException e) {
            throw new JsonLdError(JsonLdErrorCode.LOADING_DOCUMENT_FAILED, e);
        }
    };

    /** Term → IRI (or keyword) of the two contexts, Heritage's over anno.jsonld, prefixes expanded. */
    private static Map<String, String> terms() {
        Map<String, JsonNode> defs = new HashMap<>();
        for (String resource : List.of(ANNO_RESOURCE, HeritageContext.RESOURCE)) {
            read(resource(resource))
                    .path("@context")
                    .fields()
                    .forEachRemaining(e -> defs.put(e.getKey(), e.getValue()));
        }
        Map<String, String> terms = new HashMap<>();
        defs.forEach((term, def) -> {
            String id = def.isTextual() ? def.asText() : def.path("@id").asText(null);
            if (id != null) {
                int colon = id.indexOf(':');
                if (colon > 0 && defs.containsKey(id.substring(0, colon)) && !id.startsWith("http")) {
                    id = defs.get(id.substring(0, colon)).asText() + id.substring(colon + 1);
                }
                terms.put(term, id);
            }
        });
        terms.put("@context", "@context");
        return terms;
    }

    private static void collectNames(JsonNode node, Set<String> names) {
        if (node.isArray()) {
            node.forEach(n -> collectNames(n, names));
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                names.add(e.getKey());
                if (!e.getKey().equals("@context")) {
                    collectNames(e.getValue(), names);
                }
            }
        }
    }

    private static void collectIris(JsonValue value, Set<String> iris) {
        if (value instanceof JsonArray a) {
            a.forEach(v -> collectIris(v, iris));
        } else if (value instanceof JsonObject o) {
            o.forEach((k, v) -> {
                if (!k.startsWith("@")) {
                    iris.add(k);
                }
                collectIris(v, iris);
            });
        }
    }

    private static String resource(String name) {
        try (InputStream in = WebAnnotationChecks.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test class path");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + e.getMessage(), e);
        }
    }
}
