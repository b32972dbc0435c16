package dev.heritage.network.export;

import dev.heritage.network.Layer;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.ParamSpec.Role;

/**
 * Inference-time batch normalisation as one multiply and one add per channel:
 * {@code y = x * scale + shift} with {@code scale = gamma / sqrt(var + eps)} and
 * {@code shift = beta - mean * scale}. Both exporters use it, so they agree with each other.
 *
 * <p>Immutable and thread-safe.
 *
 * @param scale per-channel scale
 * @param shift per-channel shift
 */
record FoldedBatchNorm(float[] scale, float[] shift) {

    static FoldedBatchNorm of(String node, Layer.BatchNorm bn, NetworkWeights w) {
        float[] gamma = w.get(node, Role.GAMMA).floats();
        float[] beta = w.get(node, Role.BETA).floats();
        float[] mean = w.get(node, Role.RUNNING_MEAN).floats();
        float[] var = w.get(node, Role.RUNNING_VAR).floats();
        float[] scale = new float[gamma.length];
        float[] shift = new float[gamma.length];
        for (int c = 0; c < gamma.length; c++) {
            double s = gamma[c] / Math.sqrt((double) var[c] + bn.epsilon());
            scale[c] = (float) s;
            shift[c] = (float) (beta[c] - mean[c] * s);
        }
        return new FoldedBatchNorm(scale, shift);
    }
}
