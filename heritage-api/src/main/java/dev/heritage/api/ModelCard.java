package dev.heritage.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A model's card ({@code model.json}): what it is, what it predicts from which inputs, where its
 * networks and files are, with the SHA-256 of every file, and its provenance (training data and
 * licence, seed, split, configuration, metrics, library versions) so that every result can be
 * traced back.
 *
 * <p>Free-form sections ({@code provenance}, {@code preprocessing}, {@code metrics}, …) are kept in
 * {@link #properties()} as plain JSON values (maps, lists, strings, numbers, booleans).
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder(String, ModelKind)}; read and write
 * one with {@link ModelCards}.
 *
 * @param formatVersion the card schema version ({@value #FORMAT_VERSION})
 * @param id the model id, e.g. {@code paintings-multitask}
 * @param version the model's own version
 * @param kind what the model does
 * @param description one paragraph for people
 * @param licence the licence and terms of use of the weights (and of the data they came from)
 * @param tasks the tasks, for annotators
 * @param inputs the input fields, for annotators
 * @param networks the networks by name
 * @param files SHA-256 (hex) of every file of the model, by path relative to the model directory
 * @param properties the free-form sections
 */
public record ModelCard(
        int formatVersion,
        String id,
        String version,
        ModelKind kind,
        String description,
        String licence,
        List<TaskSpec> tasks,
        List<FieldSpec> inputs,
        Map<String, NetworkEntry> networks,
        Map<String, String> files,
        Map<String, Object> properties) {

    /** The card schema version this library writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** Validates and copies. */
    public ModelCard {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
        description = description == null ? "" : description;
        licence = licence == null ? "" : licence;
        tasks = List.copyOf(tasks);
        inputs = List.copyOf(inputs);
        networks = Collections.unmodifiableMap(new LinkedHashMap<>(networks));
        files = Collections.unmodifiableMap(new TreeMap<>(files));
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /**
     * @param id the model id
     * @param kind what the model does
     * @return a builder
     */
    public static Builder builder(String id, ModelKind kind) {
        return new Builder(id, kind);
    }

    /** @return a builder holding this card's values */
    public Builder toBuilder() {
        Builder b =
                new Builder(id, kind).version(version).description(description).licence(licence);
        tasks.forEach(b::task);
        inputs.forEach(b::input);
        networks.forEach(b::network);
        b.files.putAll(files);
        b.properties.putAll(properties);
        return b;
    }

    /**
     * @param name a task name
     * @return that task
     * @throws IllegalArgumentException naming the model's tasks
     */
    public TaskSpec task(String name) {
        return tasks.stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("Model '" + id + "' has no task '" + name + "'; its tasks are "
                                + tasks.stream().map(TaskSpec::name).toList()));
    }

    /** A mutable builder of {@link ModelCard}; not thread-safe. */
    public static final class Builder {
        private final String id;
        private final ModelKind kind;
        private String version = "1.0.0";
        private String description = "";
        private String licence = "";
        private final List<TaskSpec> tasks = new ArrayList<>();
        private final List<FieldSpec> inputs = new ArrayList<>();
        private final Map<String, NetworkEntry> networks = new LinkedHashMap<>();
        private final Map<String, String> files = new TreeMap<>();
        private final Map<String, Object> properties = new LinkedHashMap<>();

        private Builder(String id, ModelKind kind) {
            this.id = Objects.requireNonNull(id, "id");
            this.kind = Objects.requireNonNull(kind, "kind");
        }

        /** @param v the model version @return this */
        public Builder version(String v) {
            this.version = v;
            return this;
        }

        /** @param d a paragraph for people @return this */
        public Builder description(String d) {
            this.description = d;
            return this;
        }

        /** @param l the licence and terms @return this */
        public Builder licence(String l) {
            this.licence = l;
            return this;
        }

        /** @param t a task @return this */
        public Builder task(TaskSpec t) {
            tasks.add(t);
            return this;
        }

        /** @param f an input field @return this */
        public Builder input(FieldSpec f) {
            inputs.add(f);
            return this;
        }

        /** @param name network name @param entry its files @return this */
        public Builder network(String name, NetworkEntry entry) {
            networks.put(name, entry);
            return this;
        }

        /** @param path relative path @param sha256 hex digest @return this */
        public Builder file(String path, String sha256) {
            files.put(path, sha256);
            return this;
        }

        /** Forgets all file digests (before recomputing them). @return this */
        public Builder clearFiles() {
            files.clear();
            return this;
        }

        /** @param key section name @param value a plain JSON value @return this */
        public Builder property(String key, Object value) {
            properties.put(key, value);
            return this;
        }

        /** @return the card */
        public ModelCard build() {
            return new ModelCard(
                    FORMAT_VERSION,
                    id,
                    version,
                    kind,
                    description,
                    licence,
                    tasks,
                    inputs,
                    networks,
                    files,
                    properties);
        }
    }
}
