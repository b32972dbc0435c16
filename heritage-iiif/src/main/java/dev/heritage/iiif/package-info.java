/**
 * IIIF in: a Presentation API manifest (version 3, or the older 2 many collections still serve) read
 * into {@link dev.heritage.iiif.IiifManifest canvases}, each canvas's image fetched through the Image
 * API at a bounded size by a guarded HTTP client ({@link dev.heritage.iiif.SafeHttpClient}), and the
 * manifest's {@code metadata} mapped to the model's known fields ({@link dev.heritage.iiif.MetadataFields}),
 * so that {@link dev.heritage.iiif.IiifRows} feeds the canvases to {@code classify.batch.BatchAnnotation}
 * as rows whose ids are the canvas IRIs. Public API.
 */
package dev.heritage.iiif;
