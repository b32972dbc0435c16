/**
 * Bounded, defensive image decoding: the one place Heritage turns bytes into pixels.
 */
package dev.heritage.api.image;
