package dev.heritage.inpaint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.Mask;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A 6000×4000 image with about 10 % damage through Telea (and through the exemplar method), meant to run under {@code -Xmx1g}. Tagged
 * {@code large} and left out of the default test run; run it with
 * <pre>mvn -o -pl heritage-inpaint test -Dheritage.test.groups=large -Dheritage.test.excludedGroups=none \
 *     -Dheritage.test.argLine=-Xmx1g</pre>
 * or directly through {@link #main(String[])}.
 */
@Tag("large")
class LargeImageTest {
    static final int WIDTH = 6000;
    static final int HEIGHT = 4000;

    @Test
    void sixThousandByFourThousandWithTenPercentDamageUnderOneGigabyte() throws Exception {
        run("telea");
    }

    @Test
    void sixThousandByFourThousandThroughExemplarUnderOneGigabyte() throws Exception {
        run("exemplar");
    }

    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? args[0] : "telea");
    }

    static void run(String method) throws Exception {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        int[] data = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int r = (int) (128 + 90 * Math.sin(x / 40.0) * Math.cos(y / 55.0));
                int g = (x * 255 / WIDTH);
                int b = ((x / 16 + y / 16) & 1) == 0 ? 60 : 190;
                data[y * WIDTH + x] = (r << 16) | (g << 8) | b;
            }
        }
        long t0 = System.nanoTime();
        Mask mask = MaskGenerator.mixed().generate(2024, WIDTH, HEIGHT, 0.09, 0.11);
        long t1 = System.nanoTime();
        BufferedImage out = method.equals("ns")
                ? new NavierStokesReconstructor().inpaint(img, mask)
                : method.equals("exemplar")
                        ? new ExemplarReconstructor().inpaint(img, mask)
                        : new TeleaReconstructor().inpaint(img, mask);
        long t2 = System.nanoTime();
        int[] result = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        long changed = 0;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int i = y * WIDTH + x;
                if (mask.isDamaged(x, y)) {
                    changed += result[i] != data[i] ? 1 : 0;
                } else {
                    assertEquals(data[i], result[i], "intact pixel " + x + "," + y);
                }
            }
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        double seconds = (t2 - t1) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "%s %dx%d, %.2f %% damaged: mask %.1f s, inpaint %.1f s (%.0f ms/MP), max heap %d MB, "
                        + "peak heap used %d MB, %d damaged pixels changed%n",
                method,
                WIDTH,
                HEIGHT,
                100 * mask.coverage(),
                (t1 - t0) / 1e9,
                seconds,
                seconds * 1000 / (WIDTH * (double) HEIGHT / 1e6),
                Runtime.getRuntime().maxMemory() >> 20,
                peak >> 20,
                changed);
        assertTrue(mask.coverage() >= 0.09 && mask.coverage() <= 0.11);
        assertTrue(changed > mask.damagedCount() / 2, "the damage was filled");
    }
}
