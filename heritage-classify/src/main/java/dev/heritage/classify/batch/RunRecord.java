package dev.heritage.classify.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.ModelCard;
import dev.heritage.api.model.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the rows of a partial output depend on, written beside it ({@code OUTPUT.partial.run.json})
 * so that resuming never mixes rows of another input, model or options: the input CSV's path and
 * SHA-256, the images folder, the model's id and version, and the settings that change answers
 * (the caller's; not the batch size, which only changes speed).
 *
 * <p>Immutable and thread-safe.
 *
 * @param input the input CSV, absolute and normalised
 * @param inputSha256 the SHA-256 (hex) of its bytes
 * @param images the folder relative image paths resolve against, absolute; {@code null} for the
 *     CSV's folder
 * @param model the model's id and version, e.g. {@code paintings-multitask 1.3.0}
 * @param options the settings that change answers, in order; values are JSON scalars or {@code null}
 */
public record RunRecord(Path input, String inputSha256, Path images, String model, Map<String, Object> options) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Validates and copies ({@code null} option values are kept: "not set" is part of the record). */
    public RunRecord {
        input = Objects.requireNonNull(input, "input").toAbsolutePath().normalize();
        Objects.requireNonNull(inputSha256, "inputSha256");
        images = images == null ? null : images.toAbsolutePath().normalize();
        Objects.requireNonNull(model, "model");
        options = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(options, "options")));
    }

    /**
     * @param input the input CSV
     * @param images the images folder, or {@code null} for the CSV's folder
     * @param card the model's card
     * @param options the settings that change answers
     * @return the record of a run over that input
     * @throws IOException if the input cannot be read (for its digest)
     */
    public static RunRecord of(Path input, Path images, ModelCard card, Map<String, ?> options) throws IOException {
        return new RunRecord(
                input, Digests.sha256(input), images, card.id() + " " + card.version(), new LinkedHashMap<>(options));
    }

    /**
     * @param output the output file of a run
     * @return the file beside {@code OUTPUT.partial} that records which run the partial belongs to
     */
    public static Path fileFor(Path output) {
        return output.resolveSibling(output.getFileName() + ".partial.run.json");
    }

    /**
     * @return the record as one JSON line (with the line break), as written beside the partial
     * @throws IOException if an option value cannot be written as JSON
     */
    public String toJson() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", input.toString());
        m.put("inputSha256", inputSha256);
        m.put("images", images == null ? null : images.toString());
        m.put("model", model);
        m.put("options", options);
        return JSON.writeValueAsString(m) + "\n";
    }

    /**
     * Refuses to resume a partial output that another run wrote: one without a record, or whose
     * record differs from this one (compared in order of what people change most).
     *
     * @param partial the partial output
     * @param recordFile its run record ({@link #fileFor})
     * @throws ResumeRefusedException if the partial may belong to another input, model or options
     * @throws IOException if the record cannot be read or is not JSON
     */
    public void requireResumable(Path partial, Path recordFile) throws IOException, ResumeRefusedException {
        if (!Files.isRegularFile(recordFile)) {
            throw new ResumeRefusedException(partial, recordFile, ResumeRefusedException.Reason.NO_RECORD, null);
        }
        JsonNode was = JSON.readTree(Files.readString(recordFile, StandardCharsets.UTF_8));
        JsonNode now = JSON.readTree(toJson());
        for (ResumeRefusedException.Reason reason : ResumeRefusedException.Reason.values()) {
            if (reason.key != null && !now.path(reason.key).equals(was.path(reason.key))) {
                JsonNode recorded = was.path(reason.key);
                throw new ResumeRefusedException(
                        partial, recordFile, reason, recorded.isValueNode() ? recorded.asText() : recorded.toString());
            }
        }
    }
}
