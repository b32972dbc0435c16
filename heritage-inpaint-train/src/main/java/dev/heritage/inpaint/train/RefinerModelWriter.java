package dev.heritage.inpaint.train;

import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelKind;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.inpaint.RefinedReconstructor;
import dev.heritage.inpaint.RefinerStage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a {@link RefinedReconstructor} model directory: one {@code weights/stage-N.bin} per stage and a
 * sealed {@code model.json} (SHA-256 of every file) whose properties name the method, the stages in
 * order and whatever provenance the caller adds.
 *
 * <p><b>Thread-safety:</b> stateless; the static method is thread-safe for distinct directories.
 */
public final class RefinerModelWriter {
    private RefinerModelWriter() {}

    /**
     * What the card says about the model besides its stages.
     *
     * @param id the model id
     * @param version its version
     * @param description what it is and what it was trained on
     * @param licence the terms of the weights
     * @param provenance training data, settings and measured figures, recorded under {@code properties}
     */
    public record Description(
            String id, String version, String description, String licence, Map<String, Object> provenance) {
        /** Validates and copies. */
        public Description {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(licence, "licence");
            provenance = Map.copyOf(provenance);
        }
    }

    /**
     * Writes the model.
     *
     * @param directory a directory that does not exist yet, or is empty
     * @param stages the stages, in order
     * @param description the card's text and provenance
     * @return the sealed, verified model
     * @throws IOException if the directory is not empty or a file cannot be written
     */
    public static ModelArtifact write(Path directory, List<RefinerStage> stages, Description description)
            throws IOException {
        Objects.requireNonNull(directory, "directory");
        if (Files.exists(directory)) {
            try (var entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException("Model directory " + directory + " is not empty; choose a new one.");
                }
            }
        }
        Path weights = Files.createDirectories(directory.resolve("weights"));
        List<String> files = new ArrayList<>();
        for (int s = 0; s < stages.size(); s++) {
            String name = "weights/stage-" + (s + 1) + ".bin";
            try (OutputStream out = Files.newOutputStream(weights.resolve("stage-" + (s + 1) + ".bin"))) {
                stages.get(s).write(out);
            }
            files.add(name);
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("method", RefinedReconstructor.METHOD);
        properties.put(RefinedReconstructor.STAGES_PROPERTY, files);
        properties.put("prefill", "telea (radius 5)");
        properties.putAll(description.provenance());
        ModelCard.Builder card = ModelCard.builder(description.id(), ModelKind.RECONSTRUCTOR)
                .version(description.version())
                .description(description.description())
                .licence(description.licence());
        properties.forEach(card::property);
        return ModelArtifact.seal(directory, card.build());
    }
}
