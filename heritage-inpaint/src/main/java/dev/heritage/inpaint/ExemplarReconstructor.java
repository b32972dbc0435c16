package dev.heritage.inpaint;

/**
 * Exemplar-based inpainting for large losses: method and model id {@value #METHOD}. Where Telea and
 * Navier–Stokes diffuse the boundary inwards (smooth, blurred fills), this method copies texture
 * from the intact part of the image: a coarse-to-fine expectation–maximisation over PatchMatch
 * nearest-neighbour fields of {@code 7 × 7} patches (Wexler, Shechtman and Irani, "Space-Time
 * Completion of Video", TPAMI 2007; Barnes, Shechtman, Finkelstein and Goldman, "PatchMatch",
 * SIGGRAPH 2009), as "content-aware fill" tools do. The algorithm and its parameters are described
 * in {@code PatchMatchInpainter}.
 *
 * <p>Tiling: images of up to {@link TiledReconstruction#DEFAULT_SINGLE_TILE_MAX_PIXELS} pixels are
 * processed whole, so patches can come from anywhere in the image. Larger images go through
 * {@link TiledReconstruction} with 512-pixel cores and a margin of {@value #DEFAULT_MARGIN} pixels:
 * the patch search of a tile sees at least that much intact context around the core on every side
 * (the search is confined to the tile's window, which is what bounds memory: about 60 bytes per
 * window pixel, some 35 MB per 768 × 768 window).
 *
 * <p>Deterministic: the same image and mask give the same result bit for bit, on any thread and
 * with any tiling parallelism. Every pixel outside the mask of the result equals the input pixel
 * exactly. A tile smaller than a patch, or without a single intact patch, is filled by Telea; a fully
 * damaged image is filled mid-grey ({@code 0x808080}).
 *
 * <p><b>Thread-safety:</b> immutable, stateless and thread-safe; share one instance.
 * <b>Lifecycle:</b> holds no resources; {@link #close()} does nothing and need not be called.
 */
public final class ExemplarReconstructor extends ClassicalReconstructor {
    /** The method name and model id: {@value}. */
    public static final String METHOD = "exemplar";
    /** The default context around each tile's core, in pixels: {@value}. */
    public static final int DEFAULT_MARGIN = 128;

    /** A reconstructor with the default tiling (see the class comment). */
    public ExemplarReconstructor() {
        this(defaultTiling());
    }

    /**
     * @param tiling how large images are cut into tiles; give it a margin of some tens of pixels at
     *     least, or patches near a core's edge have little to copy from
     */
    public ExemplarReconstructor(TiledReconstruction tiling) {
        super(METHOD, new PatchMatchInpainter(), tiling);
    }

    /** @return the default tiling: 512-pixel cores, {@value #DEFAULT_MARGIN}-pixel margin, sequential */
    public static TiledReconstruction defaultTiling() {
        return TiledReconstruction.builder().margin(DEFAULT_MARGIN).build();
    }

    /** @return the patch size in pixels: 7 */
    public int patchSize() {
        return PatchMatchInpainter.patchSize();
    }

    @Override
    public String toString() {
        return "ExemplarReconstructor[patch=" + patchSize() + ", " + tiling() + "]";
    }
}
