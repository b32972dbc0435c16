/**
 * HQW1, the portable weights format: float32 or uint8 tensors with a per-tensor affine map, read and
 * written by {@link dev.heritage.network.weights.QuantizedWeights}. Internal: for engine and library
 * modules.
 */
package dev.heritage.network.weights;
