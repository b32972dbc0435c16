package dev.heritage.inpaint;

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
public final class TeleaReconstructor extends ClassicalReconstructor {
    /** The method name and model id: {@value}. */
    public static final String METHOD = "telea";
    /** The default neighbourhood radius in pixels: {@value}. */
    public static final int DEFAULT_RADIUS = 5;

    private final TeleaInpainter inpainter;

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
        this(new TeleaInpainter(radius, true), tiling);
    }

    private TeleaReconstructor(TeleaInpainter inpainter, TiledReconstruction tiling) {
        super(METHOD, inpainter, tiling);
        this.inpainter = inpainter;
    }

    /** @return the neighbourhood radius in pixels */
    public int radius() {
        return inpainter.radius();
    }

    @Override
    public String toString() {
        return "TeleaReconstructor[radius=" + radius() + ", " + tiling() + "]";
    }
}
