package dev.heritage.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.FieldKind;
import dev.heritage.api.FieldSpec;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelIntegrityException;
import dev.heritage.api.ModelKind;
import dev.heritage.api.ModelNotFoundException;
import dev.heritage.api.NetworkEntry;
import dev.heritage.api.TaskSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model directories: sealing, verification, tampering and malformed cards. */
class ModelArtifactTest {
    @TempDir
    Path dir;

    private ModelArtifact sealedModel() throws IOException {
        Files.createDirectories(dir.resolve("weights/net.savedmodel"));
        Files.write(dir.resolve("weights/net.onnx"), new byte[] {1, 2, 3, 4, 5});
        Files.writeString(dir.resolve("weights/net.graph.json"), "{}");
        Files.write(dir.resolve("weights/net.savedmodel/saved_model.pb"), new byte[] {9, 9});
        ModelCard card = ModelCard.builder("demo", ModelKind.ANNOTATOR)
                .task(new TaskSpec("style", List.of("Baroque", "Cubism")))
                .input(new FieldSpec("style", FieldKind.CATEGORICAL, List.of("Baroque", "Cubism")))
                .input(FieldSpec.of("title", FieldKind.TEXT))
                .network(
                        "net",
                        new NetworkEntry(
                                "weights/net.graph.json",
                                Map.of("onnx", "weights/net.onnx", "savedmodel", "weights/net.savedmodel")))
                .property("seed", 42)
                .build();
        return ModelArtifact.seal(dir, card);
    }

    @Test
    void sealedModelOpensAndRoundTripsItsCard() throws Exception {
        ModelArtifact sealed = sealedModel();
        ModelArtifact opened = ModelArtifact.open(dir);
        assertEquals(sealed.card(), opened.card());
        assertEquals(3, opened.card().files().size());
        assertEquals(
                Digests.sha256(new byte[] {1, 2, 3, 4, 5}),
                opened.card().files().get("weights/net.onnx"));
        assertEquals(List.of("Baroque", "Cubism"), opened.card().task("style").labels());
        assertEquals(42, opened.card().properties().get("seed"));
    }

    @Test
    void tamperedWeightsAreRefusedNamingTheFile() throws Exception {
        sealedModel();
        Files.write(dir.resolve("weights/net.onnx"), new byte[] {1, 2, 3, 4, 6});
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> ModelArtifact.open(dir));
        assertTrue(e.getMessage().contains("net.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains("does not match its SHA-256"), e.getMessage());
    }

    @Test
    void truncatedFileInsideADirectoryFormatIsRefused() throws Exception {
        sealedModel();
        Files.write(dir.resolve("weights/net.savedmodel/saved_model.pb"), new byte[] {9});
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> ModelArtifact.open(dir));
        assertTrue(e.getMessage().contains("saved_model.pb"), e.getMessage());
    }

    @Test
    void fileAddedToAWeightsDirectoryWithoutADigestIsRefused() throws Exception {
        sealedModel();
        Files.write(dir.resolve("weights/net.savedmodel/extra.bin"), new byte[] {7});
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> ModelArtifact.open(dir));
        assertTrue(e.getMessage().contains("extra.bin") && e.getMessage().contains("no SHA-256"), e.getMessage());
    }

    @Test
    void missingFileIsRefused() throws Exception {
        sealedModel();
        Files.delete(dir.resolve("weights/net.onnx"));
        MalformedModelException e = assertThrows(MalformedModelException.class, () -> ModelArtifact.open(dir));
        assertTrue(e.getMessage().contains("net.onnx") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void malformedCardsSayWhichEntry() throws Exception {
        sealedModel();
        String json = Files.readString(dir.resolve("model.json"));
        Files.writeString(dir.resolve("model.json"), json.replace("\"id\" : \"demo\",", ""));
        MalformedModelException e = assertThrows(MalformedModelException.class, () -> ModelArtifact.open(dir));
        assertTrue(e.getMessage().contains("'id' is missing"), e.getMessage());

        Files.writeString(dir.resolve("model.json"), json.replace("\"kind\" : \"annotator\"", "\"kind\" : 7"));
        e = assertThrows(MalformedModelException.class, () -> ModelArtifact.open(dir));
        assertTrue(e.getMessage().contains("'kind'"), e.getMessage());

        Files.writeString(dir.resolve("model.json"), "{ not json");
        e = assertThrows(MalformedModelException.class, () -> ModelArtifact.open(dir));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void pathsEscapingTheModelDirectoryAreRefused() throws Exception {
        sealedModel();
        String json = Files.readString(dir.resolve("model.json"));
        Files.writeString(
                dir.resolve("model.json"), json.replace("\"weights/net.onnx\" : \"", "\"../outside.onnx\" : \""));
        MalformedModelException e = assertThrows(MalformedModelException.class, () -> ModelArtifact.open(dir));
        assertTrue(e.getMessage().contains("outside the model directory"), e.getMessage());
    }

    @Test
    void unknownModelIdListsTheZoo() {
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> ModelZoos.open("no-such-model"));
        assertTrue(e.getMessage().contains("heritage models"), e.getMessage());
    }
}
