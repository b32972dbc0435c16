/**
 * Networks as Deep Java Library blocks, for training and for the DJL-parameters format.
 */
package dev.heritage.network.djl;
