package dev.heritage.iiif;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metadata labels mapped to a model's fields: names and synonyms without case, years from dates, the label as title. */
class MetadataFieldsTest {
    private static Canvas canvas(MetadataEntry... own) {
        return new Canvas("https://m.example.org/c/1", "", 10, 10, null, List.of(own));
    }

    @Test
    void mapsLabelsAndSynonymsWithoutCaseAndTheCanvasWins() {
        IiifManifest m = new IiifManifest(
                "https://m.example.org/manifest",
                3,
                "Label title",
                List.of(
                        new MetadataEntry(" CREATOR ", "Hokusai"),
                        new MetadataEntry("Date", "ca. 1830–1832"),
                        new MetadataEntry("Movement", "Ukiyo-e"),
                        new MetadataEntry("Dimensions", "25.7 x 37.9 cm")),
                List.of());
        List<String> warnings = new ArrayList<>();
        Map<String, String> known = new MetadataFields(IiifRowsTest.SCHEMA)
                .known(m, canvas(new MetadataEntry("artist", "Katsushika Hokusai")), warnings::add);
        assertEquals(
                Map.of("style", "Ukiyo-e", "title", "Label title", "artist", "Katsushika Hokusai", "year", "1830"),
                known);
        assertEquals(List.of("style", "title", "artist", "year"), new ArrayList<>(known.keySet()), "schema order");
        assertEquals(List.of(), warnings);
    }

    @Test
    void aTitleEntryWinsOverTheLabelAndUnknownFieldsAreLeftOut() {
        IiifManifest m = new IiifManifest("", 2, "Label", List.of(new MetadataEntry("Name", "Real title")), List.of());
        assertEquals(
                Map.of("title", "Real title"),
                new MetadataFields(IiifRowsTest.SCHEMA).known(m, canvas(new MetadataEntry("Owner", "x")), w -> {}));
    }
}
