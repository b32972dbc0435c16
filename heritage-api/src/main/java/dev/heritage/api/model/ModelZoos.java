package dev.heritage.api.model;

import dev.heritage.api.HeritageException;
import dev.heritage.api.HeritageVersion;
import dev.heritage.api.ModelNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
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

    private ModelZoos() {
    }

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
     * Opens a model by zoo id, or by directory path when {@code idOrPath} names a directory.
     *
     * @param idOrPath a zoo id such as {@code paintings-multitask}, or a model directory
     * @return the verified model
     * @throws ModelNotFoundException listing the zoo models when nothing matches
     * @throws HeritageException if the model fails verification
     */
    public static ModelArtifact open(String idOrPath) throws HeritageException {
        Path p = Path.of(idOrPath);
        if (Files.isDirectory(p)) {
            return ModelArtifact.open(p);
        }
        for (ModelZoo zoo : zoos()) {
            for (ModelCard c : zoo.models()) {
                if (c.id().equals(idOrPath)) {
                    return zoo.open(idOrPath);
                }
            }
        }
        String known = models().stream().map(ModelCard::id).collect(Collectors.joining(", "));
        String artifact = KNOWN.get(idOrPath);
        if (artifact != null) {
            throw new ModelNotFoundException("Model '" + idOrPath + "' ships in the artifact " + HeritageVersion.GROUP_ID
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
