package dev.heritage.api.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heritage.api.FieldKind;
import dev.heritage.api.FieldSpec;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelKind;
import dev.heritage.api.NetworkEntry;
import dev.heritage.api.TaskSpec;
import dev.heritage.api.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and writes {@code model.json} with a schema check: every required entry present and of the
 * right type, with a message naming the file and the entry otherwise. No Java serialisation is
 * involved; the card is plain JSON.
 *
 * <p>Stateless and thread-safe.
 */
public final class ModelCards {
    /** The card's file name inside a model directory. */
    public static final String FILE_NAME = "model.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelCards() {}

    /**
     * @param file a {@code model.json}
     * @return the card
     * @throws MalformedModelException if the file is missing, not JSON, or fails the schema check
     */
    public static ModelCard read(Path file) throws MalformedModelException {
        if (!Files.isRegularFile(file)) {
            throw new MalformedModelException(file + ": no model card here. A model directory holds a " + FILE_NAME
                    + "; check the path, or use a model id listed by 'heritage models'.");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new MalformedModelException(file + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new MalformedModelException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        return parse(root, file.toString());
    }

    /**
     * @param json the card's JSON text
     * @param where a name for messages
     * @return the card
     * @throws MalformedModelException if the text fails the schema check
     */
    public static ModelCard parse(String json, String where) throws MalformedModelException {
        try {
            return parse(JSON.readTree(json), where);
        } catch (JsonProcessingException e) {
            throw new MalformedModelException(where + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    private static ModelCard parse(JsonNode root, String where) throws MalformedModelException {
        if (root == null || !root.isObject()) {
            throw new MalformedModelException(where + ": the card must be a JSON object");
        }
        int formatVersion = requireInt(root, "formatVersion", where);
        if (formatVersion != ModelCard.FORMAT_VERSION) {
            throw new MalformedModelException(where + ": formatVersion " + formatVersion + " is not supported; this"
                    + " library reads version " + ModelCard.FORMAT_VERSION + ". Use a matching Heritage version.");
        }
        String id = requireText(root, "id", where);
        if (!SAFE_ID.matcher(id).matches() || id.contains("..")) {
            throw new MalformedModelException(
                    where + ": 'id' is '" + printable(id) + "'; an id names a folder, so use"
                            + " 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit (no '/', '\\' or '..')");
        }
        String version = requireText(root, "version", where);
        ModelKind kind;
        String kindText = requireText(root, "kind", where);
        try {
            kind = ModelKind.valueOf(kindText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MalformedModelException(
                    where + ": 'kind' is '" + kindText + "'; expected annotator, reconstructor or network");
        }
        List<TaskSpec> tasks = new ArrayList<>();
        Set<String> taskNames = new HashSet<>();
        for (JsonNode t : optionalArray(root, "tasks", where)) {
            String name = requireText(t, "name", where + " tasks[]");
            if (!taskNames.add(name)) {
                throw new MalformedModelException(
                        where + ": tasks[" + name + "] appears twice; task names must be unique");
            }
            List<String> labels = textList(t, "labels", where + " tasks[" + name + "]");
            if (kind == ModelKind.ANNOTATOR && labels.isEmpty()) {
                throw new MalformedModelException(
                        where + ": tasks[" + name + "].labels is empty; a task needs at least" + " one label");
            }
            requireUniqueNonBlank(labels, where + ": tasks[" + name + "].labels");
            tasks.add(new TaskSpec(name, labels));
        }
        List<FieldSpec> inputs = new ArrayList<>();
        for (JsonNode f : optionalArray(root, "inputs", where)) {
            String name = requireText(f, "name", where + " inputs[]");
            String k = requireText(f, "kind", where + " inputs[" + name + "]");
            FieldKind fk;
            try {
                fk = FieldKind.valueOf(k.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new MalformedModelException(where + ": inputs[" + name + "].kind is '" + k
                        + "'; expected categorical, text, year or numeric");
            }
            List<String> vocabulary = f.has("vocabulary") ? textList(f, "vocabulary", where) : List.of();
            requireUniqueNonBlank(vocabulary, where + ": inputs[" + name + "].vocabulary");
            inputs.add(new FieldSpec(name, fk, vocabulary));
        }
        Map<String, NetworkEntry> networks = new LinkedHashMap<>();
        JsonNode nets = root.path("networks");
        if (!nets.isMissingNode()) {
            if (!nets.isObject()) {
                throw new MalformedModelException(where + ": 'networks' must be an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = nets.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String w = where + " networks." + e.getKey();
                Map<String, String> formats = textMap(e.getValue(), "formats", w);
                for (Map.Entry<String, String> f : formats.entrySet()) {
                    requireRelativePath(f.getValue(), w + ".formats." + f.getKey());
                }
                networks.put(e.getKey(), new NetworkEntry(requireText(e.getValue(), "graph", w), formats));
            }
        }
        Map<String, String> files = textMap(root, "files", where);
        for (Map.Entry<String, String> e : files.entrySet()) {
            requireRelativePath(e.getKey(), where + " files['" + e.getKey() + "']");
            if (!e.getValue().matches("[0-9a-f]{64}")) {
                throw new MalformedModelException(
                        where + ": files['" + e.getKey() + "'] is not a SHA-256 hex digest (64 lower-case hex digits)");
            }
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        JsonNode props = root.path("properties");
        if (!props.isMissingNode()) {
            if (!props.isObject()) {
                throw new MalformedModelException(where + ": 'properties' must be an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> plain = JSON.convertValue(props, Map.class);
            properties.putAll(plain);
        }
        return new ModelCard(
                formatVersion,
                id,
                version,
                kind,
                root.path("description").asText(""),
                root.path("licence").asText(""),
                tasks,
                inputs,
                networks,
                files,
                properties);
    }

    /**
     * @param card a card
     * @return its JSON text
     */
    public static String toJson(ModelCard card) {
        ObjectNode root = JSON.createObjectNode();
        root.put("formatVersion", card.formatVersion());
        root.put("id", card.id());
        root.put("version", card.version());
        root.put("kind", card.kind().name().toLowerCase(Locale.ROOT));
        root.put("description", card.description());
        root.put("licence", card.licence());
        ArrayNode tasks = root.putArray("tasks");
        for (TaskSpec t : card.tasks()) {
            ObjectNode n = tasks.addObject();
            n.put("name", t.name());
            t.labels().forEach(n.putArray("labels")::add);
        }
        ArrayNode inputs = root.putArray("inputs");
        for (FieldSpec f : card.inputs()) {
            ObjectNode n = inputs.addObject();
            n.put("name", f.name());
            n.put("kind", f.kind().name().toLowerCase(Locale.ROOT));
            if (!f.vocabulary().isEmpty()) {
                f.vocabulary().forEach(n.putArray("vocabulary")::add);
            }
        }
        ObjectNode nets = root.putObject("networks");
        card.networks().forEach((name, e) -> {
            ObjectNode n = nets.putObject(name);
            n.put("graph", e.graph());
            ObjectNode f = n.putObject("formats");
            e.formats().forEach(f::put);
        });
        ObjectNode files = root.putObject("files");
        card.files().forEach(files::put);
        root.set("properties", JSON.valueToTree(card.properties()));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Card properties must be plain JSON values: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a card atomically (temporary file, then rename).
     *
     * @param card the card
     * @param file the target, usually {@code DIR/model.json}
     * @throws IOException if it cannot be written
     */
    public static void write(ModelCard card, Path file) throws IOException {
        AtomicFiles.writeString(file, toJson(card));
    }

    /** Ids name folders (zoo caches, output paths): no separators, no '..', no control characters. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(80).forEach(c -> b.append(Character.isISOControl(c) ? "?" : Character.toString(c)));
        return b.toString();
    }

    private static void requireUniqueNonBlank(List<String> values, String what) throws MalformedModelException {
        Set<String> seen = new HashSet<>();
        for (String v : values) {
            if (v.isBlank()) {
                throw new MalformedModelException(what + " holds an empty value");
            }
            if (!seen.add(v)) {
                throw new MalformedModelException(what + " holds '" + printable(v) + "' twice; values must be unique");
            }
        }
    }

    /** A file of the model: relative, inside its directory (no absolute path, no '..' segment). */
    private static void requireRelativePath(String path, String what) throws MalformedModelException {
        boolean bad = path.isBlank()
                || path.startsWith("/")
                || path.startsWith("\\")
                || path.matches("^[A-Za-z]:.*")
                || path.indexOf('\0') >= 0;
        for (String segment : path.split("[/\\\\]")) {
            bad |= segment.equals("..");
        }
        if (bad) {
            throw new MalformedModelException(
                    what + ": '" + printable(path) + "' points outside the model directory or is not a relative path"
                            + " (no absolute path, no '..'); it is refused");
        }
    }

    private static String requireText(JsonNode node, String field, String where) throws MalformedModelException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new MalformedModelException(where + ": required entry '" + field + "' is "
                    + (v == null ? "missing" : "not a non-empty string"));
        }
        return v.asText();
    }

    private static int requireInt(JsonNode node, String field, String where) throws MalformedModelException {
        JsonNode v = node.get(field);
        if (v == null || !v.isInt()) {
            throw new MalformedModelException(
                    where + ": required entry '" + field + "' is " + (v == null ? "missing" : "not an integer"));
        }
        return v.asInt();
    }

    private static Iterable<JsonNode> optionalArray(JsonNode node, String field, String where)
            throws MalformedModelException {
        JsonNode v = node.get(field);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new MalformedModelException(where + ": '" + field + "' must be an array");
        }
        return v;
    }

    private static List<String> textList(JsonNode node, String field, String where) throws MalformedModelException {
        List<String> out = new ArrayList<>();
        for (JsonNode v : optionalArray(node, field, where)) {
            if (!v.isTextual()) {
                throw new MalformedModelException(where + ": '" + field + "' must hold only strings");
            }
            out.add(v.asText());
        }
        return out;
    }

    private static Map<String, String> textMap(JsonNode node, String field, String where)
            throws MalformedModelException {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode v = node.get(field);
        if (v == null) {
            return out;
        }
        if (!v.isObject()) {
            throw new MalformedModelException(where + ": '" + field + "' must be an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new MalformedModelException(where + ": '" + field + "." + e.getKey() + "' must be a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
