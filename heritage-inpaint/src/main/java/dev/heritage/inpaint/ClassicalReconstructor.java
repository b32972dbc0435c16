package dev.heritage.inpaint;

import dev.heritage.api.HeritageException;
import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstruction;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * What the classical reconstructors share: a per-tile inpainting function run through
 * {@link TiledReconstruction}, decoding with the default limits, and the composite that keeps every
 * pixel outside the mask exactly as it came in.
 *
 * <p><b>Thread-safety:</b> immutable and thread-safe. <b>Lifecycle:</b> holds no resources;
 * {@link #close()} does nothing and need not be called.
 */
public abstract class ClassicalReconstructor implements ImageReconstructor {
    private final String method;
    private final TileInpainter inpainter;
    private final TiledReconstruction tiling;

    /**
     * @param method the method name and model id
     * @param inpainter the per-tile function
     * @param tiling how large images are cut into tiles
     */
    protected ClassicalReconstructor(String method, TileInpainter inpainter, TiledReconstruction tiling) {
        this.method = Objects.requireNonNull(method, "method");
        this.inpainter = Objects.requireNonNull(inpainter, "inpainter");
        this.tiling = Objects.requireNonNull(tiling, "tiling");
    }

    /** @return the method name, also the model id */
    @Override
    public final String method() {
        return method;
    }

    /** @return the model id: the method name */
    @Override
    public final String modelId() {
        return method;
    }

    /** @return the tiling used for large images */
    public final TiledReconstruction tiling() {
        return tiling;
    }

    /**
     * The per-tile function, for use with another {@link TiledReconstruction}.
     *
     * @return a thread-safe tile inpainter
     */
    public final TileInpainter tileInpainter() {
        return inpainter;
    }

    /**
     * Decodes the image with {@link dev.heritage.api.ImageDecoder} (default limits) and
     * inpaints it.
     *
     * @throws InvalidImageException if the image cannot be decoded or the mask's size differs
     */
    @Override
    public final Reconstruction reconstruct(ImageSource image, Mask mask) throws InvalidImageException {
        try {
            return ImageReconstructor.super.reconstruct(image, mask);
        } catch (InvalidImageException e) {
            throw e;
        } catch (HeritageException e) {
            throw unexpected(e);
        }
    }

    /**
     * Inpaints an image already in memory.
     *
     * @param image the damaged image; not modified
     * @param mask the damaged pixels, of the image's size
     * @return the reconstruction, with a new image
     * @throws InvalidImageException if the mask's size differs from the image's
     */
    @Override
    public final Reconstruction reconstruct(BufferedImage image, Mask mask) throws InvalidImageException {
        try {
            return ImageReconstructor.super.reconstruct(image, mask);
        } catch (InvalidImageException e) {
            throw e;
        } catch (HeritageException e) {
            throw unexpected(e);
        }
    }

    /**
     * Inpaints an image already in memory and returns only the image.
     *
     * @param image the damaged image, any type (converted to RGB as
     *     {@link dev.heritage.api.ImageDecoder#toRgb} does); not modified
     * @param mask the damaged pixels, of the image's size; empty gives a pixel-equal copy
     * @return a new {@link BufferedImage#TYPE_INT_RGB} image, equal to the input outside the mask
     * @throws InvalidImageException if the mask's size differs from the image's
     */
    @Override
    public final BufferedImage inpaint(BufferedImage image, Mask mask) throws InvalidImageException {
        return inpaint(image, mask, IMAGE_IN_MEMORY);
    }

    @Override
    public final BufferedImage inpaint(BufferedImage image, Mask mask, String imageName) throws InvalidImageException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(mask, "mask");
        try {
            return tiling.apply(image, mask, inpainter, imageName);
        } catch (InvalidImageException e) {
            throw e;
        } catch (HeritageException e) {
            throw unexpected(e);
        }
    }

    /** The classical inpainters throw nothing checked but {@link InvalidImageException}. */
    private static IllegalStateException unexpected(HeritageException e) {
        return new IllegalStateException("Classical inpainting failed unexpectedly", e);
    }

    /** Does nothing: a classical reconstructor holds no resources. */
    @Override
    public final void close() {
        // nothing to release
    }
}
