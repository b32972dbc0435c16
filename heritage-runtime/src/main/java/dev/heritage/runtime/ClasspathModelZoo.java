package dev.heritage.runtime;

import dev.heritage.api.HeritageException;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelNotFoundException;
import dev.heritage.api.model.Digests;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelCards;
import dev.heritage.api.model.ModelZoo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A model zoo whose models live inside a jar, each under {@code heritage/models/<id>/} with its
 * {@code model.json}. Opening a model copies the files its card lists into Heritage's cache (once
 * per card digest, atomically) and verifies every file's SHA-256 there with
 * {@link ModelArtifact#open(Path, String)}, with the cached card pinned to the jar's card by its
 * SHA-256, so a tampered cache (weights or card) is refused like a tampered model.
 *
 * <p>Subclass it in a module that ships models and register the subclass in
 * {@code META-INF/services/dev.heritage.api.model.ModelZoo}. Thread-safe.
 */
public abstract class ClasspathModelZoo implements ModelZoo {
    /** The resource folder holding one folder per model. */
    public static final String ROOT = "heritage/models/";

    private final String name;
    private final List<String> ids;

    /**
     * @param name the zoo's name
     * @param ids the ids of the models under {@value #ROOT} in this module's jar
     */
    protected ClasspathModelZoo(String name, List<String> ids) {
        this.name = name;
        this.ids = List.copyOf(ids);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<ModelCard> models() {
        List<ModelCard> cards = new ArrayList<>();
        for (String id : ids) {
            try {
                byte[] card = resource(id, ModelCards.FILE_NAME);
                if (card != null) {
                    cards.add(ModelCards.parse(new String(card, StandardCharsets.UTF_8), ROOT + id + "/model.json"));
                }
            } catch (IOException | MalformedModelException e) {
                throw new IllegalStateException(
                        "Zoo '" + name + "': the card of '" + id + "' is unreadable: " + e.getMessage(), e);
            }
        }
        return cards;
    }

    @Override
    public ModelArtifact open(String id) throws HeritageException {
        if (!ids.contains(id)) {
            throw new ModelNotFoundException("Zoo '" + name + "' has no model '" + id + "'; it has " + ids);
        }
        try {
            byte[] cardBytes = resource(id, ModelCards.FILE_NAME);
            if (cardBytes == null) {
                throw new ModelNotFoundException("Zoo '" + name + "': " + ROOT + id + "/model.json is missing from"
                        + " the class path; the module's jar is incomplete.");
            }
            ModelCard card = ModelCards.parse(new String(cardBytes, StandardCharsets.UTF_8), ROOT + id + "/model.json");
            String cardDigest = Digests.sha256(cardBytes);
            Path dir = HeritageCache.directory()
                    .resolve("models")
                    .resolve(id + "-" + card.version() + "-" + cardDigest.substring(0, 16));
            if (!Files.isRegularFile(dir.resolve(ModelCards.FILE_NAME))) {
                unpack(id, card, cardBytes, dir);
            }
            // The cached card is pinned to the one in the jar: a modified copy is refused.
            return ModelArtifact.open(dir, cardDigest);
        } catch (IOException e) {
            throw new HeritageException(
                    "Zoo '" + name + "': cannot unpack model '" + id + "' into "
                            + HeritageCache.directory() + ": " + e.getMessage() + ". Set -D" + HeritageCache.PROPERTY
                            + " to a writable folder.",
                    e);
        }
    }

    private void unpack(String id, ModelCard card, byte[] cardBytes, Path dir) throws IOException, HeritageException {
        Files.createDirectories(dir.getParent());
        Path staging = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".partial-");
        try {
            for (String file : card.files().keySet()) {
                byte[] bytes = resource(id, file);
                if (bytes == null) {
                    throw new MalformedModelException("Zoo '" + name + "': model '" + id + "' lists " + file
                            + " but the jar does not contain it.");
                }
                Path target = staging.resolve(file).normalize();
                if (!target.startsWith(staging)) {
                    throw new MalformedModelException(
                            "Zoo '" + name + "': model '" + id + "' lists a path outside" + " its folder: " + file);
                }
                Files.createDirectories(target.getParent());
                Files.write(target, bytes);
            }
            Files.write(staging.resolve(ModelCards.FILE_NAME), cardBytes);
            try {
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isRegularFile(dir.resolve(ModelCards.FILE_NAME))) {
                    throw e;
                }
            }
        } finally {
            FileTrees.deleteRecursively(staging);
        }
    }

    private byte[] resource(String id, String file) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ROOT + id + "/" + file)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    @Override
    public String toString() {
        return "ClasspathModelZoo[" + name + " " + ids + "]";
    }
}
