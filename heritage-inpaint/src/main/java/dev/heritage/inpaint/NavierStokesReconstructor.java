package dev.heritage.inpaint;

import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstruction;
import dev.heritage.api.Reconstructor;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Navier–Stokes-style inpainting: method and model id {@value #METHOD}.
 *
 * <p>The damage is first filled by Telea's fast marching (see {@link TeleaReconstructor}), then
 * evolved by isophote transport with anisotropic diffusion (Bertalmio, Sapiro, Caselles, Ballester,
 * SIGGRAPH 2000), whose steady state is the stream-function/vorticity Navier–Stokes equation of
 * Bertalmio, Bertozzi and Sapiro (CVPR 2001): the image's smoothness {@code ΔI} is carried along
 * the isophotes into the hole, continuing edges that arrive at its boundary. Each cycle is
 * 15 explicit transport steps and 2 Perona–Malik diffusion steps, only on damaged pixels; the number
 * of cycles is bounded ({@value #DEFAULT_CYCLES} by default), so the cost is proportional to the
 * damaged area. Large images go through {@link TiledReconstruction} with bounded memory.
 *
 * <p>Every pixel outside the mask of the result equals the input pixel exactly. Where no intact
 * pixel can inform a damaged one (a fully damaged image), it is filled mid-grey ({@code 0x808080}).
 *
 * <p><b>Thread-safety:</b> immutable, stateless and thread-safe; share one instance.
 * <b>Lifecycle:</b> holds no resources; {@link #close()} does nothing and need not be called.
 */
public final class NavierStokesReconstructor implements Reconstructor {
    /** The method name and model id: {@value}. */
    public static final String METHOD = "ns";
    /** The default radius of the initial fast-marching fill: {@value}. */
    public static final int DEFAULT_RADIUS = 5;
    /** The default number of transport-and-diffusion cycles: {@value}. */
    public static final int DEFAULT_CYCLES = 6;

    private final NavierStokesInpainter inpainter;
    private final TiledReconstruction tiling;

    /** A reconstructor with the default radius, cycles and tiling. */
    public NavierStokesReconstructor() {
        this(DEFAULT_RADIUS, DEFAULT_CYCLES);
    }

    /**
     * @param radius the radius of the initial fast-marching fill, at least 1
     * @param cycles the number of transport-and-diffusion cycles, at least 0 (0 = the fast-marching
     *     fill alone)
     */
    public NavierStokesReconstructor(int radius, int cycles) {
        this(radius, cycles, TiledReconstruction.defaults(Math.max(1, radius)).toBuilder()
                .margin(Math.max(48, 4 * Math.max(1, radius))).build());
    }

    /**
     * @param radius the radius of the initial fast-marching fill, at least 1
     * @param cycles the number of transport-and-diffusion cycles, at least 0
     * @param tiling how large images are cut into tiles
     */
    public NavierStokesReconstructor(int radius, int cycles, TiledReconstruction tiling) {
        this.inpainter = new NavierStokesInpainter(radius, cycles);
        this.tiling = Objects.requireNonNull(tiling, "tiling");
    }

    /** @return the radius of the initial fast-marching fill */
    public int radius() {
        return inpainter.radius();
    }

    /** @return the number of transport-and-diffusion cycles */
    public int cycles() {
        return inpainter.cycles();
    }

    /** @return the tiling used for large images */
    public TiledReconstruction tiling() {
        return tiling;
    }

    /**
     * The per-tile function, for use with another {@link TiledReconstruction}.
     *
     * @return a thread-safe tile inpainter with these settings
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
        return "NavierStokesReconstructor[radius=" + radius() + ", cycles=" + cycles() + ", " + tiling + "]";
    }
}
