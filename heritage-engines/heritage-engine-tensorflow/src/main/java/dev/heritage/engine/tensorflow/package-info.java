/**
 * Heritage's tensorflow engine provider, found by {@code Engines.get("tensorflow")}.
 */
package dev.heritage.engine.tensorflow;
