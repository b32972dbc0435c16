/**
 * Heritage's domain types: assets and their fields, annotators and predictions, reconstructors and
 * masks, devices, and the checked exceptions a caller can act on.
 */
package dev.heritage.api;
