/**
 * What Heritage's engine modules share: the DJL-backed provider base, the pooled loaded network,
 * native-library unpacking and the cache folder.
 */
package dev.heritage.engine.support;
