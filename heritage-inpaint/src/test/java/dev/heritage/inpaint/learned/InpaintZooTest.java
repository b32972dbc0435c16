package dev.heritage.inpaint.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.ModelIntegrityException;
import dev.heritage.api.ModelNotFoundException;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelCard;
import dev.heritage.api.model.ModelKind;
import dev.heritage.api.model.ModelZoo;
import dev.heritage.api.model.ModelZoos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InpaintZooTest {

    @Test
    void theZooIsFoundAndListsTheInpaintingModels() {
        assertTrue(ModelZoos.zoos().stream().anyMatch(z -> z instanceof InpaintZoo), "ServiceLoader finds the zoo");
        List<String> ids = ModelZoos.models().stream().map(ModelCard::id).toList();
        assertTrue(ids.containsAll(InpaintZoo.SHIPPED), ids.toString());
        for (ModelCard c : new InpaintZoo().models()) {
            assertEquals(ModelKind.RECONSTRUCTOR, c.kind());
            assertTrue(c.licence().contains("non-commercial"), c.licence());
            Map<?, ?> split = (Map<?, ?>) ((Map<?, ?>) c.properties().get("provenance")).get("split");
            assertEquals(42, ((Number) split.get("seed")).intValue());
            assertTrue(c.properties().containsKey("metrics"), "validation metrics in " + c.id());
            assertTrue(c.files().keySet().stream().anyMatch(f -> f.endsWith(".onnx")));
        }
    }

    @Test
    void openUnpacksOnceVerifiesAndRefusesATamperedCopy() throws Exception {
        ModelZoo zoo = new InpaintZoo();
        ModelArtifact a = zoo.open("paintings-inpaint");
        assertEquals(a, zoo.open("paintings-inpaint"));
        Path onnx = a.resolve(a.card().networks().get(InpaintModelWriter.NETWORK).formats().get("onnx"));
        byte[] original = Files.readAllBytes(onnx);
        Files.write(onnx, new byte[] {0}, StandardOpenOption.APPEND);
        try {
            ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> zoo.open("paintings-inpaint"));
            assertTrue(e.getMessage().contains("main.onnx"), e.getMessage());
        } finally {
            Files.write(onnx, original);
        }
        assertThrows(ModelNotFoundException.class, () -> zoo.open("paintings-multitask"));
    }
}
