package dev.heritage.network;

import java.util.Arrays;
import java.util.Locale;

/**
 * A learnable (or running-statistics) parameter of a layer: its role, which also names it, and its
 * shape. Shapes follow PyTorch conventions: convolution kernels OIHW, linear weights (out, in).
 *
 * <p>Immutable and thread-safe.
 *
 * @param role what the parameter is
 * @param shape its shape
 */
public record ParamSpec(Role role, long[] shape) {

    /** What a parameter is; the lower-case name is its suffix in weight maps ({@code node.weight}). */
    public enum Role {
        /** Kernel or matrix. */
        WEIGHT,
        /** Additive bias. */
        BIAS,
        /** Batch-norm scale. */
        GAMMA,
        /** Batch-norm shift. */
        BETA,
        /** Batch-norm running mean (not trained by gradient). */
        RUNNING_MEAN,
        /** Batch-norm running variance (not trained by gradient). */
        RUNNING_VAR;

        /** @return the suffix used in weight names */
        public String suffix() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Copies the shape. */
    public ParamSpec {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamSpec p && p.role == role && Arrays.equals(p.shape, shape);
    }

    @Override
    public int hashCode() {
        return role.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return role.suffix() + Arrays.toString(shape);
    }
}
