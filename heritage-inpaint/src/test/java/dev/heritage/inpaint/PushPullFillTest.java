package dev.heritage.inpaint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PushPullFillTest {

    @Test
    void aConstantImageIsFilledWithItsConstantAndIntactValuesAreKept() {
        int w = 37;
        int h = 23;
        float[][] planes = new float[1][w * h];
        byte[] mask = new byte[w * h];
        for (int i = 0; i < w * h; i++) {
            planes[0][i] = 0.25f;
        }
        for (int y = 5; y < 20; y++) {
            for (int x = 3; x < 30; x++) {
                mask[y * w + x] = 1;
                planes[0][y * w + x] = 0.9f; // must not leak into the fill
            }
        }
        float[][] out = PushPullFill.fill(planes, mask, w, h);
        for (int i = 0; i < w * h; i++) {
            assertThat(out[0][i]).isCloseTo(0.25f, within(1e-6f));
        }
    }

    @Test
    void aHoleBetweenTwoColoursTakesValuesBetweenThemNearerTheNearerSide() {
        int w = 64;
        int h = 16;
        float[][] planes = new float[1][w * h];
        byte[] mask = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                planes[0][y * w + x] = x < 32 ? 0f : 1f;
                if (x >= 16 && x < 48) {
                    mask[y * w + x] = 1;
                }
            }
        }
        float[][] out = PushPullFill.fill(planes, mask, w, h);
        float nearLeft = out[0][8 * w + 17];
        float nearRight = out[0][8 * w + 46];
        assertThat(nearLeft).isBetween(0f, 0.5f);
        assertThat(nearRight).isBetween(0.5f, 1f);
        assertThat(out[0][8 * w + 5]).isEqualTo(0f);
        assertThat(out[0][8 * w + 60]).isEqualTo(1f);
    }

    @Test
    void aFullyDamagedImageIsFilledWithZeros() {
        float[][] planes = {{0.5f, 0.7f, 0.1f, 0.3f}};
        float[][] out = PushPullFill.fill(planes, new byte[] {1, 1, 1, 1}, 2, 2);
        assertThat(out[0]).containsOnly(0f);
    }
}
