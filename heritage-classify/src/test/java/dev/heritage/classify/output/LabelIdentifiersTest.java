package dev.heritage.classify.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelKind;
import dev.heritage.api.model.ModelZoos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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

    /**
     * The card's identifiers are exactly those of {@code docs/ns/identifiers.md}, where each one's
     * source is recorded: an identifier cannot enter the card without its source, nor one be
     * dropped from the card while the page still lists it.
     */
    @Test
    void theZooCardsIdentifiersAreTheDocumentedOnes() throws Exception {
        Path page = Path.of("..", "docs", "ns", "identifiers.md");
        Map<String, String> documented = new TreeMap<>();
        for (String line : Files.readAllLines(page)) {
            String[] cells = line.split("\\|", -1);
            if (cells.length < 6
                    || !(cells[1].trim().equals("style") || cells[1].trim().equals("artist"))) {
                continue;
            }
            String key = cells[1].trim() + "/" + cells[2].trim();
            documented.put(key, cells[3].trim() + "," + cells[4].trim());
        }
        Map<String, String> inCard = new TreeMap<>();
        LabelIdentifiers.of(ModelZoos.open("paintings-multitask").card())
                .labels()
                .forEach((field, byLabel) -> byLabel.forEach((label, id) -> inCard.put(
                        field + "/" + label,
                        (id.wikidata() == null ? "" : id.wikidata()) + ","
                                + (id.aat() != null ? id.aat() : id.ulan() == null ? "" : id.ulan()))));
        assertEquals(documented, inCard);
        assertEquals("Q40415,300021503", inCard.get("style/Impressionism"));
        assertTrue(inCard.size() >= 79, "identifiers in the card: " + inCard.size());
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
