package dev.heritage.inpaint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.Mask;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MaskGeneratorTest {

    @ParameterizedTest
    @EnumSource(MaskGenerator.Damage.class)
    void theSameSeedGivesAnEqualMaskAndAnotherSeedAnother(MaskGenerator.Damage damage) {
        MaskGenerator gen = MaskGenerator.of(damage);
        Mask a = gen.generate(42, 160, 120, 0.05, 0.40);
        Mask b = MaskGenerator.of(damage).generate(42, 160, 120, 0.05, 0.40);
        assertEquals(a, b);
        assertNotEquals(a, gen.generate(43, 160, 120, 0.05, 0.40));
        // Another size or range is another mask too.
        assertNotEquals(a, gen.generate(42, 160, 120, 0.10, 0.40));
    }

    @ParameterizedTest
    @EnumSource(MaskGenerator.Damage.class)
    void coverageIsWithinTheRequestedRangeForManySeeds(MaskGenerator.Damage damage) {
        MaskGenerator gen = MaskGenerator.of(damage);
        Set<Long> counts = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            int w = 64 + (int) (seed * 7 % 90);
            int h = 48 + (int) (seed * 13 % 70);
            Mask m = gen.generate(seed, w, h, 0.05, 0.40);
            assertEquals(w, m.width());
            assertEquals(h, m.height());
            assertTrue(m.coverage() >= 0.05 && m.coverage() <= 0.40, damage + " seed " + seed + ": " + m);
            counts.add(m.damagedCount());
        }
        assertTrue(counts.size() > 30, "coverage should vary with the seed: " + counts.size() + " distinct");
    }

    @Test
    void consecutiveSeedsSpreadOverTheWholeRange() {
        double min = 1;
        double max = 0;
        for (long seed = 0; seed < 30; seed++) {
            double c = MaskGenerator.mixed().generate(seed, 200, 150, 0.05, 0.30).coverage();
            min = Math.min(min, c);
            max = Math.max(max, c);
        }
        assertTrue(min < 0.10 && max > 0.25, "coverage over seeds 0..29 spans only [" + min + ", " + max + "]");
    }

    @Test
    void narrowAndExtremeRangesAreHit() {
        MaskGenerator gen = MaskGenerator.mixed();
        for (long seed = 0; seed < 10; seed++) {
            Mask narrow = gen.generate(seed, 200, 100, 0.10, 0.101);
            assertTrue(narrow.coverage() >= 0.10 && narrow.coverage() <= 0.101, narrow.toString());
            Mask heavy = gen.generate(seed, 50, 40, 0.85, 0.95);
            assertTrue(heavy.coverage() >= 0.85 && heavy.coverage() <= 0.95, heavy.toString());
        }
        assertTrue(gen.generate(1, 30, 30, 0.0, 0.0).isEmpty());
        Mask all = gen.generate(1, 30, 30, 1.0, 1.0);
        assertEquals(900, all.damagedCount());
    }

    @Test
    void theDefaultRangeIsFivePercentToFortyPercent() {
        for (long seed = 0; seed < 10; seed++) {
            Mask m = MaskGenerator.mixed().generate(seed, 120, 90);
            assertTrue(m.coverage() >= 0.05 && m.coverage() <= 0.40, m.toString());
        }
    }

    @Test
    void scratchesAreThinAndBlotchesAreCompact() {
        // Mean 4-neighbour "interior" share: a thin line has few pixels whose 4 neighbours are all damaged.
        double scratch = interiorShare(MaskGenerator.of(MaskGenerator.Damage.SCRATCH).generate(5, 300, 200, 0.05, 0.08));
        double blotch = interiorShare(MaskGenerator.of(MaskGenerator.Damage.BLOTCH).generate(5, 300, 200, 0.05, 0.08));
        assertTrue(scratch < 0.5, "scratch interior " + scratch);
        assertTrue(blotch > 0.8, "blotch interior " + blotch);
    }

    @Test
    void impossibleRangesAreRefused() {
        MaskGenerator gen = MaskGenerator.mixed();
        assertThrows(IllegalArgumentException.class, () -> gen.generate(1, 10, 10, 0.2, 0.1));
        assertThrows(IllegalArgumentException.class, () -> gen.generate(1, 10, 10, -0.1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> gen.generate(1, 10, 10, 0.1, 1.5));
        // 10x10: no whole number of pixels between 10.1 % and 10.9 %.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gen.generate(1, 10, 10, 0.101, 0.109));
        assertTrue(e.getMessage().contains("widen the range"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> gen.generate(1, 0, 10, 0.1, 0.2));
    }

    private static double interiorShare(Mask m) {
        long interior = 0;
        for (int y = 1; y < m.height() - 1; y++) {
            for (int x = 1; x < m.width() - 1; x++) {
                if (m.isDamaged(x, y) && m.isDamaged(x - 1, y) && m.isDamaged(x + 1, y) && m.isDamaged(x, y - 1)
                        && m.isDamaged(x, y + 1)) {
                    interior++;
                }
            }
        }
        return interior / (double) m.damagedCount();
    }
}
