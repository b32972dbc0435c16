package dev.heritage.network;

import java.util.Arrays;

/** Shape arithmetic shared by the layers. Stateless and thread-safe. */
final class Shapes {
    private Shapes() {}

    static long[] rank(long[] shape, int rank, String layer) {
        require(
                shape.length == rank,
                layer + " expects a rank-" + rank + " input (without batch), got " + Arrays.toString(shape));
        return shape;
    }

    static long pooled(long size, int kernel, int stride, int padding) {
        long out = (size + 2L * padding - kernel) / stride + 1;
        require(out > 0, "window " + kernel + " does not fit in " + size + " (+" + padding + " padding)");
        return out;
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
