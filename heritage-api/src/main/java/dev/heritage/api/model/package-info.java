/**
 * Model artifacts: the {@link dev.heritage.api.ModelCard} ({@code model.json}) with its
 * provenance and file digests, verified directories ({@link dev.heritage.api.model.ModelArtifact}),
 * and the model-zoo service-provider interface.
 */
package dev.heritage.api.model;
