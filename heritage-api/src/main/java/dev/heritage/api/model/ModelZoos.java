package dev.heritage.api.model;

import dev.heritage.api.HeritageException;
import dev.heritage.api.HeritageVersion;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Looks models up by id across every {@link ModelZoo} on the class path, or opens a model
 * directory by path.
 *
 * <p>Thread-safe. Zoos are discovered on each call, so a zoo added to a running class loader is
 * seen.
 */
public final class ModelZoos {
    /**
     * Heritage's zoo models with the artifact that carries each, for the message when one is asked for
     * but its artifact is not on the class path (the library jars carry no model weights).
     */
    private static final Map<String, String> KNOWN = Map.of(
            "paintings-multitask", "heritage-zoo-paintings",
            "paintings-inpaint", "heritage-zoo-inpaint");

    /** {@code ID:VERSION}, the version starting with a digit (so a Windows drive letter is not taken for one). */
    private static final Pattern PINNED = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*):(\\d[A-Za-z0-9.+-]*)");

    private ModelZoos() {}

    /** @return every zoo on the class path */
    public static List<ModelZoo> zoos() {
        List<ModelZoo> list = new ArrayList<>();
        ServiceLoader.load(ModelZoo.class, ModelZoos.class.getClassLoader()).forEach(list::add);
        return list;
    }

    /** @return the cards of every zoo model */
    public static List<ModelCard> models() {
        return zoos().stream().flatMap(z -> z.models().stream()).toList();
    }

    /**
     * Opens a model by zoo id, optionally pinned to a version ({@code paintings-multitask:1.3.0}), or by
     * directory path when {@code idOrPath} names a directory.
     *
     * @param idOrPath a zoo id such as {@code paintings-multitask}, {@code ID:VERSION}, or a model directory
     * @return the verified model
     * @throws ModelNotFoundException listing the zoo models when nothing matches, or the versions present when
     *     only the version differs
     * @throws HeritageException if the model fails verification
     */
    public static ModelArtifact open(String idOrPath) throws HeritageException {
        Path p = Path.of(idOrPath);
        if (Files.isDirectory(p)) {
            return ModelArtifact.open(p);
        }
        Matcher pinned = PINNED.matcher(idOrPath);
        String id = pinned.matches() ? pinned.group(1) : idOrPath;
        String version = pinned.matches() ? pinned.group(2) : null;
        List<String> versionsPresent = new ArrayList<>();
        for (ModelZoo zoo : zoos()) {
            for (ModelCard c : zoo.models()) {
                if (c.id().equals(id)) {
                    if (version == null || version.equals(c.version())) {
                        return zoo.open(id);
                    }
                    versionsPresent.add(c.version());
                }
            }
        }
        if (!versionsPresent.isEmpty()) {
            throw new ModelNotFoundException("Model '" + id + "' version " + version + " is not on the class path;"
                    + " the version present is " + String.join(", ", versionsPresent) + ". Ask for '" + id
                    + "' (no version) to use it, or put the artifact of the release that ships " + version
                    + " on the class path.");
        }
        idOrPath = id;
        String known = models().stream().map(ModelCard::id).collect(Collectors.joining(", "));
        String artifact = KNOWN.get(idOrPath);
        if (artifact != null) {
            throw new ModelNotFoundException("Model '" + idOrPath + "' ships in the artifact "
                    + HeritageVersion.GROUP_ID
                    + ":" + artifact + ":" + HeritageVersion.get() + ", which is not on the class path. Add that"
                    + " Maven dependency (its weights were trained on WikiArt images: non-commercial research and"
                    + " educational use only). Zoo models on the class path now: " + (known.isEmpty() ? "none" : known)
                    + ".");
        }
        throw new ModelNotFoundException("No model '" + idOrPath + "': it is neither a model directory nor a zoo id."
                + " Zoo models on the class path: " + (known.isEmpty() ? "none" : known)
                + ". Run 'heritage models' to list them.");
    }
}
