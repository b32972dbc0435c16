/**
 * Clustering-based reconstruction after Belhi et al. (JEIM 2023): paintings are grouped by
 * {@link dev.heritage.inpaint.cluster.KMeans} over small colour and texture
 * {@link dev.heritage.inpaint.cluster.ImageDescriptors}; a damaged image is routed by its intact pixels to
 * the nearest centre of the {@link dev.heritage.inpaint.cluster.Clustering} and inpainted by a network
 * conditioned on that cluster ({@link dev.heritage.inpaint.cluster.ClusteredReconstructor}, method
 * {@code clustered}, zoo model {@code paintings-inpaint-clustered}).
 *
 * <p>The descriptors, k-means and clusterings are stateless or immutable and thread-safe, and hold no
 * resources; {@code ClusteredReconstructor} is thread-safe and owns native memory, closed by whoever
 * opened it.
 */
package dev.heritage.inpaint.cluster;
