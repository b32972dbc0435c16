package dev.heritage.api.model;

import dev.heritage.api.MalformedModelException;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelIntegrityException;
import dev.heritage.api.NetworkEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A model directory whose files have been checked against its card: {@code model.json} plus the
 * files it lists ({@code weights/…}, {@code extras/…}).
 *
 * <p>{@link #open(Path)} refuses a directory in which any listed file is missing or differs from the
 * SHA-256 recorded in the card, or in which a network's weights are not covered by a digest, so no
 * unchecked byte ever reaches an engine. {@link #seal(Path, ModelCard)} writes the card of a
 * freshly exported directory with the digests of every file in it.
 *
 * <p>Immutable and thread-safe. It holds no open resources.
 */
public final class ModelArtifact {
    private final Path directory;
    private final ModelCard card;

    private ModelArtifact(Path directory, ModelCard card) {
        this.directory = directory;
        this.card = card;
    }

    /**
     * Reads the card and verifies every file.
     *
     * @param directory a model directory
     * @return the verified model
     * @throws MalformedModelException if the card is missing or malformed, or a listed file is missing
     * @throws ModelIntegrityException if a file's digest differs from the card, naming the file
     */
    public static ModelArtifact open(Path directory) throws MalformedModelException {
        return open(directory, null);
    }

    /**
     * Opens and verifies a model directory whose card is pinned too: a zoo that keeps its models in a
     * cache passes the digest of the card it shipped, so a modified cached card is refused like a
     * modified weight file.
     *
     * @param directory the model directory
     * @param cardSha256 the SHA-256 the {@code model.json} must have, or null to trust the card
     * @return the verified model
     * @throws MalformedModelException if the card is missing or malformed, a file is missing, or a
     *     path points outside the directory
     * @throws ModelIntegrityException if the card or a file does not match its digest
     */
    public static ModelArtifact open(Path directory, String cardSha256) throws MalformedModelException {
        Path dir = directory.toAbsolutePath().normalize();
        if (cardSha256 != null) {
            Path cardFile = dir.resolve(ModelCards.FILE_NAME);
            String actual;
            try {
                actual = Digests.sha256(cardFile);
            } catch (IOException e) {
                throw new MalformedModelException(cardFile + ": cannot be read (" + e.getMessage() + ")", e);
            }
            if (!actual.equals(cardSha256)) {
                throw new ModelIntegrityException(cardFile + " does not match the card this zoo shipped (expected"
                        + " SHA-256 " + cardSha256 + ", found " + actual + "). It was changed; it is refused."
                        + " Delete " + dir + " to unpack the model again.");
            }
        }
        ModelCard card = ModelCards.read(dir.resolve(ModelCards.FILE_NAME));
        for (Map.Entry<String, String> e : card.files().entrySet()) {
            Path file = resolveInside(dir, e.getKey(), card);
            if (!Files.isRegularFile(file)) {
                throw new MalformedModelException("Model '" + card.id() + "': file " + file
                        + " is listed in the card but missing. Restore the model directory from its source.");
            }
            String actual;
            try {
                actual = Digests.sha256(file);
            } catch (IOException ex) {
                throw new MalformedModelException("Model '" + card.id() + "': cannot read " + file + ": " + ex, ex);
            }
            if (!actual.equals(e.getValue())) {
                throw new ModelIntegrityException("Model '" + card.id() + "': file " + file
                        + " does not match its SHA-256 in the card (expected " + e.getValue() + ", found " + actual
                        + "). It was changed, truncated or replaced; it is refused. Restore the original file.");
            }
        }
        for (Map.Entry<String, NetworkEntry> n : card.networks().entrySet()) {
            List<String> refs = new ArrayList<>(n.getValue().formats().values());
            refs.add(n.getValue().graph());
            for (String ref : refs) {
                requireCovered(dir, ref, card, n.getKey());
            }
        }
        return new ModelArtifact(dir, card);
    }

    /**
     * Records the SHA-256 of every file under {@code directory} (except the card itself) in the card
     * and writes it as {@code model.json}.
     *
     * @param directory the model directory, holding the exported files
     * @param card the card; its file list is replaced
     * @return the verified model
     * @throws IOException if the files cannot be read or the card written
     */
    public static ModelArtifact seal(Path directory, ModelCard card) throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        ModelCard.Builder b = card.toBuilder().clearFiles();
        for (Path f : regularFiles(dir)) {
            String rel = dir.relativize(f).toString().replace('\\', '/');
            if (!rel.equals(ModelCards.FILE_NAME) && !rel.endsWith(".tmp")) {
                b.file(rel, Digests.sha256(f));
            }
        }
        ModelCard sealed = b.build();
        ModelCards.write(sealed, dir.resolve(ModelCards.FILE_NAME));
        return new ModelArtifact(dir, sealed);
    }

    /**
     * Copies this model into a new directory keeping only some weight formats (e.g. only the portable
     * weights, to ship a small zoo model that every engine derives its format from). Files no kept
     * format uses are left out; every other file (graphs, extras, notices, plots) is copied. The copy
     * is sealed with fresh digests.
     *
     * @param target a directory that does not exist yet
     * @param formatIds the format ids to keep, e.g. {@code portable}
     * @return the sealed copy
     * @throws IOException if files cannot be copied
     * @throws IllegalArgumentException if a network would be left with no format
     */
    public ModelArtifact copyWithFormats(Path target, Set<String> formatIds) throws IOException {
        Set<String> dropped = new HashSet<>();
        ModelCard.Builder b = card.toBuilder();
        for (Map.Entry<String, NetworkEntry> n : card.networks().entrySet()) {
            Map<String, String> kept = new LinkedHashMap<>();
            n.getValue().formats().forEach((f, path) -> {
                if (formatIds.contains(f)) {
                    kept.put(f, path);
                } else {
                    dropped.add(path);
                }
            });
            if (kept.isEmpty()) {
                throw new IllegalArgumentException(
                        "Network '" + n.getKey() + "' of model '" + card.id() + "' has none of the formats " + formatIds
                                + "; it has " + n.getValue().formats().keySet());
            }
            b.network(n.getKey(), new NetworkEntry(n.getValue().graph(), kept));
        }
        Files.createDirectories(target);
        for (String rel : card.files().keySet()) {
            boolean drop = dropped.stream().anyMatch(d -> rel.equals(d) || rel.startsWith(d + "/"));
            if (!drop) {
                Path dst = target.resolve(rel);
                Files.createDirectories(dst.getParent());
                Files.copy(resolve(rel), dst, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return seal(target, b.build());
    }

    /** @return the absolute model directory */
    public Path directory() {
        return directory;
    }

    /** @return the card */
    public ModelCard card() {
        return card;
    }

    /**
     * @param relative a path relative to the model directory
     * @return the absolute path
     */
    public Path resolve(String relative) {
        return directory.resolve(relative).normalize();
    }

    /**
     * @param name a network name
     * @return the card's entry for it
     * @throws IllegalArgumentException naming the model's networks
     */
    public NetworkEntry network(String name) {
        NetworkEntry e = card.networks().get(name);
        if (e == null) {
            throw new IllegalArgumentException("Model '" + card.id() + "' has no network '" + name + "'; it has "
                    + card.networks().keySet());
        }
        return e;
    }

    private static void requireCovered(Path dir, String ref, ModelCard card, String network)
            throws MalformedModelException {
        Path p = resolveInside(dir, ref, card);
        String rel = dir.relativize(p).toString().replace('\\', '/');
        if (Files.isDirectory(p)) {
            List<Path> files = regularFiles(p);
            if (files.isEmpty()) {
                throw new MalformedModelException("Model '" + card.id() + "': network '" + network + "' points at " + p
                        + ", an empty directory.");
            }
            for (Path f : files) {
                String fr = dir.relativize(f).toString().replace('\\', '/');
                if (!card.files().containsKey(fr)) {
                    throw new ModelIntegrityException("Model '" + card.id() + "': file " + f
                            + " has no SHA-256 in the card, so it cannot be trusted. Re-export the model.");
                }
            }
        } else if (!card.files().containsKey(rel)) {
            throw new ModelIntegrityException("Model '" + card.id() + "': network '" + network + "' uses " + p
                    + ", which has no SHA-256 in the card. Re-export the model.");
        }
    }

    private static Path resolveInside(Path dir, String rel, ModelCard card) throws MalformedModelException {
        Path p = dir.resolve(rel).normalize();
        if (!p.startsWith(dir)) {
            throw new MalformedModelException(
                    "Model '" + card.id() + "': path '" + rel + "' points outside the model directory; it is refused.");
        }
        // Containment on real paths too: a symbolic link (the file or a folder on its way) may point
        // anywhere, and a file outside the model is not the model's even when its digest matches.
        if (Files.exists(p)) {
            try {
                Path realDir = dir.toRealPath();
                Path real = p.toRealPath();
                if (!real.startsWith(realDir)) {
                    throw new MalformedModelException("Model '" + card.id() + "': '" + rel + "' is a link to " + real
                            + ", outside the model directory; it is refused. Copy the file into the model directory.");
                }
            } catch (IOException e) {
                throw new MalformedModelException("Model '" + card.id() + "': cannot resolve '" + rel + "': " + e, e);
            }
        }
        return p;
    }

    private static List<Path> regularFiles(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "ModelArtifact[" + card.id() + " " + card.version() + " at " + directory + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelArtifact m && m.directory.equals(directory) && m.card.equals(card);
    }

    @Override
    public int hashCode() {
        return Objects.hash(directory, card);
    }

    /** @return digests by path, for reports */
    public Map<String, String> digests() {
        return new TreeMap<>(card.files());
    }
}
