/**
 * The annotator's entry point: {@link dev.heritage.classify.Annotators} loads a model (zoo id or folder) on an
 * engine and returns an {@link dev.heritage.api.Annotator}. Public API.
 */
package dev.heritage.classify;
