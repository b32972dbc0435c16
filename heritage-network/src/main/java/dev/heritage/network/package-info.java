/**
 * The portable network description ({@link dev.heritage.network.NetworkGraph} of
 * {@link dev.heritage.network.Layer}s) from which Heritage's networks are trained and exported.
 */
package dev.heritage.network;
