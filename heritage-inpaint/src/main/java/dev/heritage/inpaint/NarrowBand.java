package dev.heritage.inpaint;

import java.util.Arrays;

/**
 * The narrow band of a fast-marching method: a binary min-heap of pixels keyed by their arrival
 * time {@code T}, with ties broken by pixel index so the processing order is a total order that
 * does not depend on insertion order (which makes a tile's result independent of other, distant
 * damage in the same tile).
 *
 * <p>Entries are packed into one {@code long}: the bits of the non-negative float {@code T} (which
 * order like the floats themselves) in the high word and the pixel index in the low word. Decrease-key
 * is done lazily: a pixel is pushed again with its smaller time, and stale entries are skipped by the
 * caller when popped. No allocation per pixel.
 *
 * <p>Not thread-safe: one instance per fast-marching run.
 */
final class NarrowBand {
    private long[] heap;
    private int size;

    NarrowBand(int initialCapacity) {
        heap = new long[Math.max(16, initialCapacity)];
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        size = 0;
    }

    /**
     * @param t a non-negative, finite arrival time
     * @param index the pixel index
     */
    void push(float t, int index) {
        long key = ((long) Float.floatToRawIntBits(t) << 32) | (index & 0xffffffffL);
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, heap.length * 2);
        }
        long[] h = heap;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            long p = h[parent];
            if (p <= key) {
                break;
            }
            h[i] = p;
            i = parent;
        }
        h[i] = key;
    }

    /** @return the packed smallest entry; use {@link #index(long)} and {@link #time(long)} */
    long pop() {
        long[] h = heap;
        long top = h[0];
        long last = h[--size];
        int n = size;
        int i = 0;
        int half = n >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            long c = h[child];
            int right = child + 1;
            if (right < n && h[right] < c) {
                child = right;
                c = h[right];
            }
            if (last <= c) {
                break;
            }
            h[i] = c;
            i = child;
        }
        h[i] = last;
        return top;
    }

    static int index(long entry) {
        return (int) entry;
    }

    static float time(long entry) {
        return Float.intBitsToFloat((int) (entry >>> 32));
    }
}
