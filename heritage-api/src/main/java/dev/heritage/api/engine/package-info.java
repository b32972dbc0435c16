/**
 * The engine service-provider interface: {@link dev.heritage.api.engine.EngineProvider}, found by
 * name through {@link dev.heritage.api.engine.Engines}, loads a network of a model into a
 * {@link dev.heritage.api.engine.LoadedNetwork} that exchanges engine-neutral
 * {@link dev.heritage.api.engine.Tensor}s.
 */
package dev.heritage.api.engine;
