/**
 * Exporters from a trained network to every engine's weight format: DJL parameters, ONNX and
 * TensorFlow SavedModel. Each layer type is mapped once per format.
 */
package dev.heritage.network.export;
