package dev.heritage.classify.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.Asset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SplitTest {

    private static final String[] STYLES = {"Baroque", "Cubism", "Rococo", "Ukiyo-e"};

    /** Numbered series of a few artists, like WikiArt's titles. */
    private static List<Asset> collection(long seed, int n) {
        Random random = new Random(seed);
        String[] words = {
            "Composition",
            "Still life",
            "Landscape",
            "Portrait of a lady",
            "Study for bathers",
            "The bridge",
            "Untitled",
            "Haystacks"
        };
        String[] suffix = {"", " 2", " III", " No. 4", " (study)", " 1950", " iv", " detail"};
        List<Asset> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int artist = random.nextInt(12);
            out.add(Asset.builder("w" + i)
                    .field("artist_id", "artist-" + artist)
                    .field("style", STYLES[(artist + random.nextInt(2)) % STYLES.length])
                    .field("title", words[random.nextInt(words.length)] + suffix[random.nextInt(suffix.length)])
                    .build());
        }
        return out;
    }

    private static Set<String> ids(List<Asset> assets) {
        return assets.stream().map(Asset::id).collect(Collectors.toSet());
    }

    @Test
    void sameSeedAndRowsGiveTheSameSplitInAnyOrder() {
        List<Asset> assets = collection(1, 400);
        for (Split.Mode mode : Split.Mode.values()) {
            Split split = Split.builder().seed(7).stratifyBy("style").mode(mode).build();
            SplitResult<Asset> a = split.apply(assets);
            List<Asset> shuffled = new ArrayList<>(assets);
            Collections.shuffle(shuffled, new Random(99));
            SplitResult<Asset> b = split.apply(shuffled);
            assertEquals(ids(a.validation()), ids(b.validation()), mode.toString());
            assertEquals(a.validation(), split.apply(assets).validation(), "input order is kept in the output");
            assertEquals(a.strata(), b.strata());
            SplitResult<Asset> other = Split.builder()
                    .seed(8)
                    .stratifyBy("style")
                    .mode(mode)
                    .build()
                    .apply(assets);
            assertNotEquals(ids(a.validation()), ids(other.validation()), "another seed, another split");
        }
    }

    @Test
    void stratifiedSplitTakesTheFractionOfEveryStratum() {
        List<Asset> assets = collection(2, 1000);
        SplitResult<Asset> r = Split.builder()
                .seed(3)
                .validationFraction(0.15)
                .stratifyBy("style")
                .mode(Split.Mode.STRATIFIED)
                .build()
                .apply(assets);
        assertEquals(assets.size(), r.train().size() + r.validation().size());
        Map<String, Long> totals =
                assets.stream().collect(Collectors.groupingBy(a -> a.fields().get("style"), Collectors.counting()));
        assertEquals(STYLES.length, r.strata().size());
        for (SplitResult.StratumCount c : r.strata()) {
            assertEquals(totals.get(c.stratum()).intValue(), c.total());
            assertEquals(Math.round(0.15 * c.total()), c.validation(), c.toString());
        }
        assertEquals(
                r.validation().size(),
                r.strata().stream()
                        .mapToInt(SplitResult.StratumCount::validation)
                        .sum());
        assertEquals(1000, r.groups());
    }

    @Test
    void groupedSplitNeverPutsASeriesOnBothSides() {
        List<Asset> assets = collection(4, 1500);
        SplitResult<Asset> r =
                Split.builder().seed(5).stratifyBy("style").build().apply(assets);
        assertEquals(Split.Mode.GROUPED, r.mode());
        Set<String> trainKeys = new HashSet<>();
        for (Asset a : r.train()) {
            trainKeys.add(
                    Split.seriesKey(a.fields().get("artist_id"), a.fields().get("title")));
        }
        for (Asset a : r.validation()) {
            String key = Split.seriesKey(a.fields().get("artist_id"), a.fields().get("title"));
            assertFalse(trainKeys.contains(key), "series " + key + " is on both sides");
        }
        assertTrue(r.groups() < 200, "titles of one artist collapse into few series: " + r.groups());
        double fraction = (double) r.validation().size() / assets.size();
        assertTrue(fraction > 0.08 && fraction < 0.22, "validation fraction " + fraction);
        // The plain stratified split of the same rows leaks series, which is what grouping prevents.
        SplitResult<Asset> plain = Split.builder()
                .seed(5)
                .stratifyBy("style")
                .mode(Split.Mode.STRATIFIED)
                .build()
                .apply(assets);
        Set<String> plainTrain = plain.train().stream()
                .map(a ->
                        Split.seriesKey(a.fields().get("artist_id"), a.fields().get("title")))
                .collect(Collectors.toSet());
        assertTrue(plain.validation().stream()
                .anyMatch(a -> plainTrain.contains(
                        Split.seriesKey(a.fields().get("artist_id"), a.fields().get("title")))));
    }

    @Test
    void missingLabelsFormTheirOwnStratumAndMissingTitlesAreTheirOwnGroup() {
        List<Asset> assets = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            assets.add(Asset.builder("x" + i).field("artist_id", "a").build());
        }
        SplitResult<Asset> r = Split.builder().stratifyBy("style").build().apply(assets);
        assertEquals(1, r.strata().size());
        assertEquals(Split.MISSING_STRATUM, r.strata().get(0).stratum());
        assertEquals(6, r.validation().size());
        assertEquals(40, r.groups());
    }

    @Test
    void extremeFractions() {
        List<Asset> assets = collection(6, 50);
        assertEquals(
                50,
                Split.builder()
                        .validationFraction(0)
                        .build()
                        .apply(assets)
                        .train()
                        .size());
        assertEquals(
                50,
                Split.builder()
                        .validationFraction(1)
                        .build()
                        .apply(assets)
                        .validation()
                        .size());
    }

    @Test
    void summaryIsReadyForAModelCard() {
        SplitResult<Asset> r =
                Split.builder().seed(11).stratifyBy("style").build().apply(collection(7, 100));
        Map<String, Object> s = r.summary();
        assertEquals(11L, s.get("seed"));
        assertEquals("grouped", s.get("mode"));
        assertEquals(100, (int) s.get("train") + (int) s.get("validation"));
        assertEquals(STYLES.length, ((Map<?, ?>) s.get("strata")).size());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Composition No. 8|composition",
                "Composition VIII|composition",
                "Study for Composition 8 (detail)|composition",
                "The story of the rooster the little goat 3|the story of the rooster the little goat",
                "Tales of Genji III|tales of genji",
                "Untitled 1950|untitled",
                "No. 5|''",
                "Number 1A|''",
                "Sketch of a Café, version 2|a cafe",
                "Haystacks, end of summer|haystacks end of summer",
                "I and the village|i and the village"
            })
    void seriesTitles(String title, String expected) {
        assertEquals(expected, Split.seriesTitle(title));
    }

    @Test
    void seriesKeyNeedsArtistAndTitle() {
        assertNull(Split.seriesKey(null, "Composition"));
        assertNull(Split.seriesKey("a", " "));
        assertEquals(Split.seriesKey("Mondrian", "Composition II"), Split.seriesKey("mondrian", "Composition 10"));
        assertNotEquals(Split.seriesKey("mondrian", "Composition II"), Split.seriesKey("kandinsky", "Composition II"));
    }

    @Property(tries = 60)
    void groupsNeverStraddleAndStrataAreCountedExactly(
            @ForAll @IntRange(min = 0, max = 300) int n,
            @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 100) int percent) {
        List<Asset> assets = collection(seed, n);
        SplitResult<Asset> r = Split.builder()
                .seed(seed)
                .validationFraction(percent / 100.0)
                .stratifyBy("style")
                .build()
                .apply(assets);
        Map<String, Boolean> side = new HashMap<>();
        for (Asset a : r.train()) {
            side.put(Split.seriesKey(a.fields().get("artist_id"), a.fields().get("title")), false);
        }
        for (Asset a : r.validation()) {
            String key = Split.seriesKey(a.fields().get("artist_id"), a.fields().get("title"));
            assertNotEquals(Boolean.FALSE, side.get(key));
        }
        assertEquals(n, r.train().size() + r.validation().size());
        assertEquals(
                n, r.strata().stream().mapToInt(SplitResult.StratumCount::total).sum());
    }
}
