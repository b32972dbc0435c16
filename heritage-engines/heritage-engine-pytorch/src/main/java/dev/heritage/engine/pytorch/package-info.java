/**
 * Heritage's pytorch engine provider, found by {@code Engines.get("pytorch")}.
 */
package dev.heritage.engine.pytorch;
