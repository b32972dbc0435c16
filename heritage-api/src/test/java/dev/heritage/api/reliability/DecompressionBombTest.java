package dev.heritage.api.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageSource;
import dev.heritage.api.ImageTooLargeException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Bombs are refused from the header, "before any large allocation": the decode runs in a thread
 * of its own, whose allocated bytes (HotSpot's per-thread allocation counter) and the heap in use
 * (Runtime, after a System.gc() before) are measured around the call. A positive control shows the
 * measurement does see a real decode of a few megapixels.
 */
class DecompressionBombTest {
    private static final long FEW_MB = 8L << 20;

    /** What one decode in its own thread did. */
    private record Measured(Throwable thrown, long millis, long threadAllocated, long heapGrowth) {}

    private static Measured decodeInThread(byte[] bytes, String name) throws Exception {
        Runtime rt = Runtime.getRuntime();
        FutureTask<Measured> task = new FutureTask<>(() -> {
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            System.gc();
            long heapBefore = rt.totalMemory() - rt.freeMemory();
            long allocatedBefore = threads.getThreadAllocatedBytes(id);
            long start = System.nanoTime();
            Throwable thrown = null;
            try {
                ImageDecoder.decode(ImageSource.of(bytes, name));
            } catch (Throwable t) {
                thrown = t;
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            long allocated = threads.getThreadAllocatedBytes(id) - allocatedBefore;
            long heapGrowth = rt.totalMemory() - rt.freeMemory() - heapBefore; // no GC in between
            return new Measured(thrown, millis, allocated, heapGrowth);
        });
        Thread t = new Thread(task, "bomb-" + name);
        t.start();
        return task.get(30, TimeUnit.SECONDS);
    }

    @Test
    void everyBombIsRefusedQuicklyWithoutAllocatingItsPixels() throws Exception {
        // Warm up: plugin registry and every reader's classes are loaded outside the measurement.
        for (HostileImages.Entry e : HostileImages.oddButValid()) {
            ImageDecoder.decode(ImageSource.of(e.bytes(), e.name()));
        }
        for (HostileImages.Entry e : HostileImages.hostile()) {
            if (!e.name().startsWith("bomb.")) {
                continue;
            }
            decodeInThread(e.bytes(), e.name()); // warm this format's header path too
            Measured m = decodeInThread(e.bytes(), e.name());
            System.out.printf(
                    "%s: %s in %d ms, thread allocated %d KiB, heap grew %d KiB%n",
                    e.name(),
                    m.thrown() == null ? "decoded" : m.thrown().getClass().getSimpleName(),
                    m.millis(),
                    m.threadAllocated() >> 10,
                    m.heapGrowth() >> 10);
            ImageTooLargeException ex = assertInstanceOf(ImageTooLargeException.class, m.thrown(), e.name());
            assertEquals(HostileImages.BOMB_SIDE, ex.width(), e.name());
            assertEquals(HostileImages.BOMB_SIDE, ex.height(), e.name());
            assertTrue(m.millis() < 1000, e.name() + " took " + m.millis() + " ms");
            assertTrue(m.threadAllocated() < FEW_MB, e.name() + " allocated " + m.threadAllocated() + " bytes");
            assertTrue(m.heapGrowth() < FEW_MB, e.name() + " grew the heap by " + m.heapGrowth() + " bytes");
        }
    }

    @Test
    void positiveControlTheMeasurementSeesARealDecode() throws Exception {
        // A 37-byte GIF that declares 3000 x 3000 (9 Mpx, under the limit): the reader really
        // allocates its pixels (and the missing LZW data leaves them blank).
        byte[] gif = HostileImages.gifBomb(3000, 3000);
        decodeInThread(gif, "control.gif");
        Measured m = decodeInThread(gif, "control.gif");
        System.out.printf(
                "control.gif (3000 x 3000): %d ms, thread allocated %d KiB%n", m.millis(), m.threadAllocated() >> 10);
        assertTrue(m.threadAllocated() > 30L << 20, "a 9 Mpx decode allocates more than 30 MB: " + m);
    }
}
