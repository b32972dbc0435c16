package dev.heritage.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import org.junit.jupiter.api.Test;

class MaskBoundsTest {

    @Test
    void theBoundsHoldEveryDamagedPixelAndNothingMore() {
        int w = 13;
        int h = 9;
        boolean[] damaged = new boolean[w * h];
        damaged[2 * w + 7] = true; // (7, 2)
        damaged[5 * w + 3] = true; // (3, 5)
        damaged[6 * w + 11] = true; // (11, 6)
        assertThat(Mask.of(w, h, damaged).damagedBounds()).contains(new Rectangle(3, 2, 9, 5));
    }

    @Test
    void aSinglePixelAndAnEmptyMask() {
        boolean[] damaged = new boolean[20];
        assertThat(Mask.of(5, 4, damaged).damagedBounds()).isEmpty();
        damaged[19] = true;
        assertThat(Mask.of(5, 4, damaged).damagedBounds()).contains(new Rectangle(4, 3, 1, 1));
    }
}
