/**
 * The {@code heritage} command line.
 */
package dev.heritage.cli;
