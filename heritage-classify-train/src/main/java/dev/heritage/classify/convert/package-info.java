/**
 * Build-time conversion of the nsfwjs MobileNetV2 (TensorFlow.js layers format) into Heritage's
 * portable network graph and HQW1 weights, run by {@code scripts/convert-backbone.sh}. Internal: the
 * converted backbone ships in heritage-classify; applications never call this package.
 */
package dev.heritage.classify.convert;
