package dev.heritage.inpaint;

import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstruction;
import dev.heritage.api.Reconstructor;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Telea's fast-marching inpainting (A. Telea, "An Image Inpainting Technique Based on the Fast
 * Marching Method", J. Graphics Tools 9(1), 2004), the classical baseline: method and model id
 * {@value #METHOD}.
 *
 * <p>The damage is filled from its boundary inwards, in order of distance to the boundary
 * (fast marching, binary-heap narrow band); each pixel takes the weighted mean of
 * estimates of its value from the intact or already filled pixels {@code q} within
 * {@link #radius()}, with the paper's directional × geometric × level-set weights; the estimate is
 * the paper's first-order {@code I(q) + ∇I(q)·(p − q)} from intact pixels within 2 pixels (image
 * gradient by central differences over intact pixels) and {@code I(q)} otherwise, which is stable
 * in large holes and measured better than either extreme. The default radius is {@value #DEFAULT_RADIUS}, as OpenCV's {@code INPAINT_TELEA} is usually run. Large images
 * go through {@link TiledReconstruction} with bounded memory.
 *
 * <p>Every pixel outside the mask of the result equals the input pixel exactly. Where no intact
 * pixel can inform a damaged one (a fully damaged image), it is filled mid-grey ({@code 0x808080}).
 *
 * <p><b>Thread-safety:</b> immutable, stateless and thread-safe; share one instance.
 * <b>Lifecycle:</b> holds no resources; {@link #close()} does nothing and need not be called.
 */
public final class TeleaReconstructor implements Reconstructor {
    /** The method name and model id: {@value}. */
    public static final String METHOD = "telea";
    /** The default neighbourhood radius in pixels: {@value}. */
    public static final int DEFAULT_RADIUS = 5;

    private final TeleaInpainter inpainter;
    private final TiledReconstruction tiling;

    /** A reconstructor with radius {@value #DEFAULT_RADIUS} and the default tiling. */
    public TeleaReconstructor() {
        this(DEFAULT_RADIUS);
    }

    /**
     * @param radius the neighbourhood radius in pixels, at least 1
     */
    public TeleaReconstructor(int radius) {
        this(radius, TiledReconstruction.defaults(Math.max(1, radius)));
    }

    /**
     * @param radius the neighbourhood radius in pixels, at least 1
     * @param tiling how large images are cut into tiles
     */
    public TeleaReconstructor(int radius, TiledReconstruction tiling) {
        this.inpainter = new TeleaInpainter(radius, true);
        this.tiling = Objects.requireNonNull(tiling, "tiling");
    }

    /** @return the neighbourhood radius in pixels */
    public int radius() {
        return inpainter.radius();
    }

    /** @return the tiling used for large images */
    public TiledReconstruction tiling() {
        return tiling;
    }

    /**
     * The per-tile function, for use with another {@link TiledReconstruction}.
     *
     * @return a thread-safe tile inpainter with this radius
     */
    public TileInpainter tileInpainter() {
        return inpainter;
    }

    /**
     * Decodes the image with {@link dev.heritage.api.image.ImageDecoder} (default limits) and
     * inpaints it.
     *
     * @throws InvalidImageException if the image cannot be decoded or the mask's size differs
     */
    @Override
    public Reconstruction reconstruct(ImageSource image, Mask mask) throws InvalidImageException {
        return ClassicalSupport.reconstruct(image, mask, METHOD, tiling, inpainter);
    }

    /**
     * Inpaints an image already in memory.
     *
     * @param image the damaged image; not modified
     * @param mask the damaged pixels, of the image's size
     * @return the reconstruction, with a new image
     * @throws InvalidImageException if the mask's size differs from the image's
     */
    public Reconstruction reconstruct(BufferedImage image, Mask mask) throws InvalidImageException {
        return ClassicalSupport.reconstruct(image, mask, METHOD, tiling, inpainter);
    }

    /**
     * Inpaints an image already in memory and returns only the image.
     *
     * @param image the damaged image, any type (converted to RGB as
     *     {@link dev.heritage.api.image.ImageDecoder#toRgb} does); not modified
     * @param mask the damaged pixels, of the image's size; empty gives a pixel-equal copy
     * @return a new {@link BufferedImage#TYPE_INT_RGB} image, equal to the input outside the mask
     * @throws InvalidImageException if the mask's size differs from the image's
     */
    public BufferedImage inpaint(BufferedImage image, Mask mask) throws InvalidImageException {
        return ClassicalSupport.inpaint(image, mask, tiling, inpainter, "image in memory");
    }

    /** Does nothing: a classical reconstructor holds no resources. */
    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public String toString() {
        return "TeleaReconstructor[radius=" + radius() + ", " + tiling + "]";
    }
}
