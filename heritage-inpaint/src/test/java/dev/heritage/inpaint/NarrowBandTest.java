package dev.heritage.inpaint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NarrowBandTest {

    @Test
    void popsInTimeThenIndexOrder() {
        SplittableRandom random = new SplittableRandom(1);
        NarrowBand band = new NarrowBand(2);
        int n = 5000;
        long[] expected = new long[n];
        for (int i = 0; i < n; i++) {
            float t = random.nextInt(50) * 0.5f; // many ties
            int index = random.nextInt(1_000_000);
            band.push(t, index);
            expected[i] = ((long) Float.floatToRawIntBits(t) << 32) | index;
        }
        Arrays.sort(expected);
        for (int i = 0; i < n; i++) {
            long e = band.pop();
            assertEquals(expected[i], e);
            assertEquals(Float.intBitsToFloat((int) (expected[i] >>> 32)), NarrowBand.time(e));
        }
        assertTrue(band.isEmpty());
    }
}
