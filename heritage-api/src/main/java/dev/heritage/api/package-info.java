/**
 * Heritage's domain types: assets and their fields, annotators and predictions, reconstructors and
 * masks, devices, model cards ({@link dev.heritage.api.ModelCard}), the checked exceptions a caller can
 * act on, and the one bounded, defensive image decoder ({@link dev.heritage.api.ImageDecoder}), the only
 * place Heritage turns bytes into pixels. Subpackages depend on this package, never the other way.
 */
package dev.heritage.api;
