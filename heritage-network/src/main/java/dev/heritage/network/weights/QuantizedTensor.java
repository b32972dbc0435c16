package dev.heritage.network.weights;

import dev.heritage.api.engine.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * One parameter tensor as stored in a {@link QuantizedWeights} file: a name ({@code node.role}, as in
 * {@link dev.heritage.network.NetworkWeights}), a shape, and either uint8 codes with a per-tensor affine
 * map ({@code value = code * scale + min}) or plain float32 values.
 *
 * <p>The affine map is TF.js' uint8 weight quantisation: {@link #dequantize()} evaluates
 * {@code code * scale + min} in double precision and rounds to float32, exactly as TF.js does when it
 * loads such weights, so the dequantised values are bit-identical to the ones the original model runs
 * with.
 *
 * <p>Immutable by contract (the arrays are not copied; neither the creator nor readers may change them);
 * safe to share between threads under that contract.
 */
public final class QuantizedTensor {
    private final String name;
    private final long[] shape;
    private final byte[] codes;
    private final double scale;
    private final double min;
    private final float[] floats;

    private QuantizedTensor(String name, long[] shape, byte[] codes, double scale, double min, float[] floats) {
        this.name = Objects.requireNonNull(name, "name");
        this.shape = shape.clone();
        this.codes = codes;
        this.scale = scale;
        this.min = min;
        this.floats = floats;
        long n = Tensor.size(shape);
        long actual = codes != null ? codes.length : floats.length;
        if (n != actual) {
            throw new IllegalArgumentException(
                    name + ": shape " + Arrays.toString(shape) + " needs " + n + " values, got " + actual);
        }
        if (codes != null && !(Double.isFinite(scale) && Double.isFinite(min))) {
            throw new IllegalArgumentException(name + ": scale and min must be finite");
        }
    }

    /**
     * @param name the parameter's key ({@code node.role})
     * @param shape its shape
     * @param codes uint8 codes in row-major order (Java bytes, read as unsigned); not copied
     * @param scale the quantisation step
     * @param min the value of code 0
     * @return a uint8-quantised tensor
     */
    public static QuantizedTensor uint8(String name, long[] shape, byte[] codes, double scale, double min) {
        return new QuantizedTensor(name, shape, Objects.requireNonNull(codes, "codes"), scale, min, null);
    }

    /**
     * @param name the parameter's key ({@code node.role})
     * @param shape its shape
     * @param values row-major values; not copied
     * @return a float32 tensor
     */
    public static QuantizedTensor float32(String name, long[] shape, float[] values) {
        return new QuantizedTensor(name, shape, null, 0, 0, Objects.requireNonNull(values, "values"));
    }

    /**
     * Quantises float values to uint8 codes with one affine map for the whole tensor: code 0 is the
     * smallest value, code 255 the largest, each value rounded to the nearest code. The error of each
     * value is at most half a step, {@code (max - min) / 510}.
     *
     * @param name the parameter's key ({@code node.role})
     * @param shape its shape
     * @param values row-major finite values; not changed
     * @return the quantised tensor
     * @throws IllegalArgumentException if a value is not finite
     */
    public static QuantizedTensor quantize(String name, long[] shape, float[] values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(name + " holds " + v + "; only finite weights can be quantised");
            }
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (values.length == 0) {
            lo = 0;
            hi = 0;
        }
        double scale = (hi - lo) / 255;
        byte[] codes = new byte[values.length];
        if (scale > 0) {
            for (int i = 0; i < values.length; i++) {
                codes[i] = (byte) Math.min(255, Math.max(0, Math.round((values[i] - lo) / scale)));
            }
        }
        return uint8(name, shape, codes, scale, lo);
    }

    /** @return the parameter's key ({@code node.role}) */
    public String name() {
        return name;
    }

    /** @return a copy of the shape */
    public long[] shape() {
        return shape.clone();
    }

    /** @return whether the values are uint8 codes (else float32) */
    public boolean quantized() {
        return codes != null;
    }

    /** @return the uint8 codes (not a copy; do not modify) */
    public byte[] codes() {
        if (codes == null) {
            throw new IllegalStateException(name + " is stored as float32, not uint8 codes");
        }
        return codes;
    }

    /** @return the quantisation step (0 for float32 tensors) */
    public double scale() {
        return scale;
    }

    /** @return the value of code 0 (0 for float32 tensors) */
    public double min() {
        return min;
    }

    /** @return the float32 values (not a copy; do not modify) */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException(name + " is stored as uint8 codes; use dequantize()");
        }
        return floats;
    }

    /**
     * @param code a uint8 code (0..255)
     * @param scale the quantisation step
     * @param min the value of code 0
     * @return {@code (float) (code * scale + min)}, as TF.js computes it
     */
    public static float dequantize(int code, double scale, double min) {
        return (float) (code * scale + min);
    }

    /** @return the values as a float tensor (a fresh array for quantised tensors) */
    public Tensor dequantize() {
        if (floats != null) {
            return Tensor.ofFloats(shape, floats);
        }
        float[] lut = new float[256];
        for (int q = 0; q < 256; q++) {
            lut[q] = dequantize(q, scale, min);
        }
        float[] v = new float[codes.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = lut[codes[i] & 0xff];
        }
        return Tensor.ofFloats(shape, v);
    }

    /**
     * @param newName the name of the result
     * @param permutation {@code permutation[i]} is the source axis that becomes axis {@code i}
     * @return the same values with the axes permuted (the affine map is unchanged: per-tensor codes
     *     can be moved without loss)
     */
    public QuantizedTensor transpose(String newName, int... permutation) {
        long[] to = new long[shape.length];
        for (int i = 0; i < to.length; i++) {
            to[i] = shape[permutation[i]];
        }
        int[] order = Permutations.sourceIndices(shape, permutation);
        if (codes != null) {
            byte[] c = new byte[codes.length];
            for (int i = 0; i < c.length; i++) {
                c[i] = codes[order[i]];
            }
            return uint8(newName, to, c, scale, min);
        }
        float[] f = new float[floats.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = floats[order[i]];
        }
        return float32(newName, to, f);
    }

    /**
     * @param newName a name
     * @param newShape a shape of the same size
     * @return the same values under another name and shape (arrays shared)
     */
    public QuantizedTensor reshape(String newName, long... newShape) {
        return new QuantizedTensor(newName, newShape, codes, scale, min, floats);
    }

    @Override
    public String toString() {
        return name
                + Arrays.toString(shape)
                + (codes != null ? " uint8(scale=" + scale + ", min=" + min + ")" : " float32");
    }

    /** Index arithmetic for axis permutations. */
    static final class Permutations {
        private Permutations() {}

        /**
         * @param shape the source shape
         * @param permutation {@code permutation[i]} is the source axis that becomes axis {@code i}
         * @return for each row-major index of the result, the row-major index of the source element
         */
        static int[] sourceIndices(long[] shape, int[] permutation) {
            int rank = shape.length;
            if (permutation.length != rank) {
                throw new IllegalArgumentException(
                        "permutation " + Arrays.toString(permutation) + " for shape " + Arrays.toString(shape));
            }
            boolean[] seen = new boolean[rank];
            for (int p : permutation) {
                if (p < 0 || p >= rank || seen[p]) {
                    throw new IllegalArgumentException("not a permutation: " + Arrays.toString(permutation));
                }
                seen[p] = true;
            }
            long[] srcStride = new long[rank];
            long stride = 1;
            for (int a = rank - 1; a >= 0; a--) {
                srcStride[a] = stride;
                stride *= shape[a];
            }
            int n = Math.toIntExact(stride);
            long[] dstShape = new long[rank];
            long[] dstStrideInSrc = new long[rank];
            for (int i = 0; i < rank; i++) {
                dstShape[i] = shape[permutation[i]];
                dstStrideInSrc[i] = srcStride[permutation[i]];
            }
            int[] out = new int[n];
            long[] idx = new long[rank];
            long src = 0;
            for (int i = 0; i < n; i++) {
                out[i] = (int) src;
                for (int a = rank - 1; a >= 0; a--) {
                    idx[a]++;
                    src += dstStrideInSrc[a];
                    if (idx[a] < dstShape[a]) {
                        break;
                    }
                    src -= dstStrideInSrc[a] * idx[a];
                    idx[a] = 0;
                }
            }
            return out;
        }
    }
}
