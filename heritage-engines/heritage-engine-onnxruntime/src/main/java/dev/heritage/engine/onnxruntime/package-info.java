/**
 * Heritage's onnxruntime engine provider, found by {@code Engines.get("onnxruntime")}.
 */
package dev.heritage.engine.onnxruntime;
