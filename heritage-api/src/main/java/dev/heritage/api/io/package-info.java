/**
 * File input and output shared by every module: {@link dev.heritage.api.io.AtomicFiles}, the one way
 * Heritage writes a file.
 */
package dev.heritage.api.io;
