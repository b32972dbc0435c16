package dev.heritage.inpaint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelIntegrityException;
import dev.heritage.api.ModelKind;
import dev.heritage.api.ModelNotFoundException;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelZoo;
import dev.heritage.api.model.ModelZoos;
import dev.heritage.zoo.inpaint.InpaintZoo;
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
            assertEquals(RefinedReconstructor.METHOD, c.properties().get("method"), c.id());
            // Whoever ships a model must be able to tell whether its weights may be used commercially.
            boolean wikiArt = c.properties().get("dataset").toString().contains("WikiArt");
            assertEquals(wikiArt, c.licence().contains("non-commercial"), c.id() + ": " + c.licence());
            assertTrue(c.properties().containsKey("metrics"), "validation metrics in " + c.id());
            // The zoo rule: only a model that beats Telea by 1 dB (interval above zero) at no loss of SSIM ships.
            Map<?, ?> validation = (Map<?, ?>) ((Map<?, ?>) c.properties().get("metrics")).get("validation");
            Map<?, ?> model = (Map<?, ?>) validation.get(c.id());
            Map<?, ?> telea = (Map<?, ?>) validation.get("telea");
            Map<?, ?> gain = (Map<?, ?>) model.get("psnrVsTelea");
            assertTrue(((Number) gain.get("meanDifference")).doubleValue() >= 1.0, c.id() + ": " + gain);
            assertTrue(((Number) ((List<?>) gain.get("ci95")).get(0)).doubleValue() > 0, c.id() + ": " + gain);
            assertTrue(
                    ((Number) model.get("ssim")).doubleValue() >= ((Number) telea.get("ssim")).doubleValue(),
                    c.id() + ": SSIM " + model.get("ssim") + " vs Telea's " + telea.get("ssim"));
            assertEquals(Boolean.TRUE, ((Map<?, ?>) validation.get("zooRule")).get("met"), c.id());
            List<?> stages = (List<?>) c.properties().get(RefinedReconstructor.STAGES_PROPERTY);
            assertTrue(stages.stream().allMatch(f -> c.files().containsKey(f)), "every stage hashed in " + c.id());
        }
    }

    @Test
    void openUnpacksOnceVerifiesAndRefusesATamperedCopy() throws Exception {
        ModelZoo zoo = new InpaintZoo();
        ModelArtifact a = zoo.open("paintings-inpaint");
        assertEquals(a, zoo.open("paintings-inpaint"));
        Path stage = a.resolve("weights/stage-2.bin");
        byte[] original = Files.readAllBytes(stage);
        Files.write(stage, new byte[] {0}, StandardOpenOption.APPEND);
        try {
            ModelIntegrityException e =
                    assertThrows(ModelIntegrityException.class, () -> zoo.open("paintings-inpaint"));
            assertTrue(e.getMessage().contains("stage-2.bin"), e.getMessage());
        } finally {
            Files.write(stage, original);
        }
        assertThrows(ModelNotFoundException.class, () -> zoo.open("paintings-multitask"));
    }
}
