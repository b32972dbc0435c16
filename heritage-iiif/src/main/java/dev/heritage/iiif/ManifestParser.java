package dev.heritage.iiif;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the JSON of a Presentation 2 or 3 manifest into an {@link IiifManifest}. Lenient where
 * manifests in the wild differ (a single object where the specification has an array, {@code @id}
 * beside {@code id}, a {@code Choice} of images: its first), strict about what makes a manifest.
 * Not thread-safe; one per manifest.
 */
final class ManifestParser {
    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    private final String source;
    private int presentation;

    ManifestParser(String source) {
        this.source = source;
    }

    IiifManifest parse(JsonNode root) throws ManifestException {
        if (root == null || !root.isObject()) {
            throw bad("is not a JSON object; a IIIF manifest is one object with \"type\": \"Manifest\"");
        }
        String type = type(root);
        String context = contexts(root);
        if (type.equals("Collection") || type.equals("sc:Collection")) {
            throw bad("is a IIIF collection, not a manifest; give one of the manifests it lists");
        }
        if (root.has("protocol") && root.path("protocol").asText().contains("iiif.io/api/image")) {
            throw bad("is an Image API info.json, not a Presentation manifest; give the manifest that paints"
                    + " this image on a canvas");
        }
        if (context.contains("iiif.io/api/presentation/3")) {
            presentation = 3;
        } else if (context.contains("iiif.io/api/presentation/2")) {
            presentation = 2;
        } else if (type.equals("Manifest")) {
            presentation = 3;
        } else if (type.equals("sc:Manifest")) {
            presentation = 2;
        } else {
            throw bad("is not a IIIF Presentation manifest: no Presentation 2 or 3 @context and no type"
                    + " Manifest (found type '" + type + "'); give a manifest's URL or file");
        }
        String expected = presentation == 3 ? "Manifest" : "sc:Manifest";
        if (!type.equals(expected)) {
            throw bad("has type '" + type + "', but a Presentation " + presentation + " manifest has type '" + expected
                    + "'; give the manifest itself, not one of its parts");
        }
        List<Canvas> canvases = presentation == 3 ? canvasesV3(root) : canvasesV2(root);
        return new IiifManifest(id(root), presentation, text(root.get("label")), metadata(root), canvases);
    }

    private List<Canvas> canvasesV3(JsonNode root) throws ManifestException {
        JsonNode items = root.get("items");
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw bad("has no canvases: a Presentation 3 manifest lists them in \"items\"");
        }
        List<Canvas> out = new ArrayList<>();
        for (JsonNode c : items) {
            if (!type(c).equals("Canvas")) {
                throw bad("lists a '" + type(c) + "' in \"items\" where a Canvas belongs");
            }
            ImageResource image = null;
            for (JsonNode page : list(c.get("items"))) {
                for (JsonNode annotation : list(page.get("items"))) {
                    String motivation = annotation.path("motivation").asText("painting");
                    if (image == null && motivation.contains("painting")) {
                        image = image(first(annotation.get("body")));
                    }
                }
            }
            out.add(canvas(c, image));
        }
        return out;
    }

    private List<Canvas> canvasesV2(JsonNode root) throws ManifestException {
        JsonNode sequence = first(root.get("sequences"));
        JsonNode canvases = sequence == null ? null : sequence.get("canvases");
        if (canvases == null || !canvases.isArray() || canvases.isEmpty()) {
            throw bad("has no canvases: a Presentation 2 manifest lists them in \"sequences\"[0].\"canvases\"");
        }
        List<Canvas> out = new ArrayList<>();
        for (JsonNode c : canvases) {
            ImageResource image = null;
            for (JsonNode annotation : list(c.get("images"))) {
                if (image == null) {
                    image = image(first(annotation.get("resource")));
                }
            }
            out.add(canvas(c, image));
        }
        return out;
    }

    private Canvas canvas(JsonNode c, ImageResource image) {
        return new Canvas(
                id(c),
                text(c.get("label")),
                Math.max(0, c.path("width").asInt(0)),
                Math.max(0, c.path("height").asInt(0)),
                image,
                metadata(c));
    }

    /** @return the image of a painting body or resource (of a Choice, its default or first item) */
    private ImageResource image(JsonNode body) {
        if (body == null || !body.isObject()) {
            return null;
        }
        String type = type(body);
        if (type.equals("Choice") || type.equals("oa:Choice")) {
            JsonNode chosen = body.has("default") ? body.get("default") : first(body.get("items"));
            return image(first(chosen != null ? chosen : body.get("item")));
        }
        String id = id(body);
        if (id.isEmpty()) {
            return null;
        }
        ImageService service = null;
        for (JsonNode s : list(body.get("service"))) {
            service = service(s);
            if (service != null) {
                break;
            }
        }
        return new ImageResource(id, body.path("format").asText(""), service);
    }

    /** @return the Image API 2 or 3 service this entry describes, or null (another kind of service, or Image API 1) */
    private ImageService service(JsonNode s) {
        String id = id(s);
        if (!s.isObject() || id.isEmpty()) {
            return null;
        }
        String type = type(s);
        String context = contexts(s);
        String profile = profile(s.get("profile"));
        int version;
        if (type.equals("ImageService3") || context.contains("iiif.io/api/image/3")) {
            version = 3;
        } else if (type.equals("ImageService2")
                || context.contains("iiif.io/api/image/2")
                || profile.contains("iiif.io/api/image/2")) {
            version = 2;
        } else if (type.equals("ImageService1")
                || context.contains("image-api/1")
                || context.contains("api/image/1")
                || profile.contains("image-api/1")
                || profile.contains("api/image/1")) {
            return null;
        } else if (context.contains("iiif.io/api/image")
                || profile.startsWith("level")
                || profile.contains("iiif.io/api/image")) {
            version = presentation;
        } else {
            return null;
        }
        return new ImageService(id, type, profile, version);
    }

    private static String profile(JsonNode p) {
        for (JsonNode each : list(p)) {
            if (each.isTextual()) {
                return each.asText();
            }
        }
        return "";
    }

    private static List<MetadataEntry> metadata(JsonNode node) {
        List<MetadataEntry> out = new ArrayList<>();
        for (JsonNode m : list(node.get("metadata"))) {
            String label = text(m.get("label"));
            String value = text(m.get("value"));
            if (!label.isEmpty() && !value.isEmpty()) {
                out.add(new MetadataEntry(label, value));
            }
        }
        return out;
    }

    /**
     * Plain text of a label or value: a string; a Presentation 3 language map (English, else
     * {@code none}, else the first language); a Presentation 2 {@code @value} object or an array of
     * strings and such objects (the English ones when some are tagged). HTML tags are removed.
     */
    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "";
        }
        if (node.isValueNode()) {
            return plain(node.asText());
        }
        if (node.isArray()) {
            List<String> english = new ArrayList<>();
            List<String> all = new ArrayList<>();
            for (JsonNode each : node) {
                String t = text(each);
                if (!t.isEmpty()) {
                    all.add(t);
                    if (each.path("@language")
                            .asText("")
                            .toLowerCase(Locale.ROOT)
                            .startsWith("en")) {
                        english.add(t);
                    }
                }
            }
            return String.join("; ", english.isEmpty() ? all : english);
        }
        if (node.has("@value")) {
            return text(node.get("@value"));
        }
        JsonNode english = null;
        JsonNode none = null;
        JsonNode firstLanguage = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String language = e.getKey().toLowerCase(Locale.ROOT);
            if (english == null && (language.equals("en") || language.startsWith("en-"))) {
                english = e.getValue();
            } else if (language.equals("none")) {
                none = e.getValue();
            } else if (firstLanguage == null) {
                firstLanguage = e.getValue();
            }
        }
        JsonNode chosen = english != null ? english : none != null ? none : firstLanguage;
        return chosen == null ? "" : text(chosen);
    }

    /** Removes HTML tags (values may carry a few) and the entities they leave, and trims. */
    private static String plain(String s) {
        if (s.indexOf('<') < 0 && s.indexOf('&') < 0) {
            return s.strip();
        }
        return TAG.matcher(s)
                .replaceAll("")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&nbsp;", " ")
                .replace("&amp;", "&")
                .strip();
    }

    private static String id(JsonNode node) {
        if (node == null) {
            return "";
        }
        if (node.isTextual()) {
            return node.asText().strip();
        }
        JsonNode id = node.has("id") ? node.get("id") : node.get("@id");
        return id == null || !id.isTextual() ? "" : id.asText().strip();
    }

    private static String type(JsonNode node) {
        JsonNode t = node.has("type") ? node.get("type") : node.get("@type");
        return t == null ? "" : t.isTextual() ? t.asText() : first(t) == null ? "" : first(t).asText("");
    }

    private static String contexts(JsonNode node) {
        StringBuilder b = new StringBuilder();
        for (JsonNode c : list(node.get("@context"))) {
            if (c.isTextual()) {
                b.append(c.asText()).append(' ');
            }
        }
        return b.toString();
    }

    /** @return an array's elements, a single value as a list of one, nothing for null */
    private static List<JsonNode> list(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return List.of();
        }
        if (node.isArray()) {
            List<JsonNode> out = new ArrayList<>();
            node.forEach(out::add);
            return out;
        }
        return List.of(node);
    }

    private static JsonNode first(JsonNode node) {
        List<JsonNode> l = list(node);
        return l.isEmpty() ? null : l.get(0);
    }

    private ManifestException bad(String problem) {
        return new ManifestException("IIIF manifest " + source + " " + problem);
    }
}
