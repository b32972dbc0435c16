/**
 * The engine conformance suite ({@link dev.heritage.engine.tck.EngineConformanceSuite}) and its
 * reference network: what every engine module must pass.
 */
package dev.heritage.engine.tck;
