package dev.heritage.classify.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelKind;
import dev.heritage.api.model.ModelZoos;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The card's {@code properties.linkedData}: read from the zoo card, malformed entries refused by name. */
class LabelIdentifiersTest {

    @Test
    void theZooCardSaysItsLabelsAreEnglish() throws Exception {
        ModelCard card = ModelZoos.open("paintings-multitask").card();
        LabelIdentifiers ids = LabelIdentifiers.of(card);
        assertEquals(Optional.of("en"), ids.optLabelLanguage());
        for (Map.Entry<String, Map<String, LabelIdentifiers.Identifier>> field :
                ids.labels().entrySet()) {
            List<String> labels = card.task(field.getKey()).labels();
            assertTrue(
                    labels.containsAll(field.getValue().keySet()),
                    "every identified label is a label of the model: "
                            + field.getValue().keySet());
        }
    }

    @Test
    void aCardWithoutTheSectionHasNoneAndAMalformedEntryIsRefusedByName() {
        assertEquals(LabelIdentifiers.none(), LabelIdentifiers.of(card(null)));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> LabelIdentifiers.of(card(Map.of(
                        "labelLanguage",
                        "en",
                        "labels",
                        Map.of("style", Map.of("Cubism", Map.of("wikidata", "42")))))));
        assertTrue(e.getMessage().contains("properties.linkedData.labels.style['Cubism'].wikidata"), e.getMessage());
        assertTrue(e.getMessage().contains("got '42'"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> LabelIdentifiers.of(card(Map.of("labelLanguage", "English"))));
        assertTrue(e.getMessage().contains("BCP 47"), e.getMessage());
    }

    private static ModelCard card(Map<String, Object> linkedData) {
        ModelCard.Builder b =
                ModelCard.builder("test-model", ModelKind.ANNOTATOR).version("1.0.0");
        if (linkedData != null) {
            b.property("linkedData", linkedData);
        }
        return b.build();
    }
}
