package dev.heritage.api.engine;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense, engine-neutral tensor: a shape and row-major data, either 32-bit floats or 64-bit
 * integers (for indices into embeddings). This is how data crosses into and out of an engine, so
 * no engine's own array type appears in Heritage's public API.
 *
 * <p>Immutable by contract: the arrays are not copied for speed, so neither the creator nor a
 * reader may change them. Safe to share between threads under that contract.
 */
public final class Tensor {

    /** The element type. */
    public enum DataType {
        /** 32-bit IEEE float. */
        FLOAT32,
        /** 64-bit signed integer. */
        INT64
    }

    private final DataType type;
    private final long[] shape;
    private final float[] floats;
    private final long[] longs;

    private Tensor(DataType type, long[] shape, float[] floats, long[] longs) {
        this.type = type;
        this.shape = shape.clone();
        this.floats = floats;
        this.longs = longs;
        long size = size(shape);
        long actual = floats != null ? floats.length : longs.length;
        if (size != actual) {
            throw new IllegalArgumentException(
                    "Shape " + Arrays.toString(shape) + " needs " + size + " elements, got " + actual);
        }
    }

    /**
     * @param shape the dimensions, outermost first
     * @param data row-major values; not copied
     * @return a float tensor
     */
    public static Tensor ofFloats(long[] shape, float[] data) {
        return new Tensor(DataType.FLOAT32, shape, Objects.requireNonNull(data, "data"), null);
    }

    /**
     * @param shape the dimensions, outermost first
     * @param data row-major values; not copied
     * @return an integer tensor
     */
    public static Tensor ofLongs(long[] shape, long[] data) {
        return new Tensor(DataType.INT64, shape, null, Objects.requireNonNull(data, "data"));
    }

    /**
     * @param shape dimensions
     * @return the number of elements of that shape
     */
    public static long size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        return n;
    }

    /** @return the element type */
    public DataType type() {
        return type;
    }

    /** @return a copy of the shape */
    public long[] shape() {
        return shape.clone();
    }

    /**
     * @param axis an axis
     * @return the size of that axis
     */
    public long dim(int axis) {
        return shape[axis];
    }

    /** @return the number of axes */
    public int rank() {
        return shape.length;
    }

    /** @return the float data (not a copy; do not modify) */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("This tensor holds " + type + ", not FLOAT32");
        }
        return floats;
    }

    /** @return the integer data (not a copy; do not modify) */
    public long[] longs() {
        if (longs == null) {
            throw new IllegalStateException("This tensor holds " + type + ", not INT64");
        }
        return longs;
    }

    @Override
    public String toString() {
        return "Tensor[" + type + " " + Arrays.toString(shape) + "]";
    }
}
