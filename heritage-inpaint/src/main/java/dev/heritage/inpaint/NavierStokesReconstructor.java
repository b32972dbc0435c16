package dev.heritage.inpaint;

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
public final class NavierStokesReconstructor extends ClassicalReconstructor {
    /** The method name and model id: {@value}. */
    public static final String METHOD = "ns";
    /** The default radius of the initial fast-marching fill: {@value}. */
    public static final int DEFAULT_RADIUS = 5;
    /** The default number of transport-and-diffusion cycles: {@value}. */
    public static final int DEFAULT_CYCLES = 6;

    private final NavierStokesInpainter inpainter;

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
        this(
                radius,
                cycles,
                TiledReconstruction.defaults(Math.max(1, radius)).toBuilder()
                        .margin(Math.max(48, 4 * Math.max(1, radius)))
                        .build());
    }

    /**
     * @param radius the radius of the initial fast-marching fill, at least 1
     * @param cycles the number of transport-and-diffusion cycles, at least 0
     * @param tiling how large images are cut into tiles
     */
    public NavierStokesReconstructor(int radius, int cycles, TiledReconstruction tiling) {
        this(new NavierStokesInpainter(radius, cycles), tiling);
    }

    private NavierStokesReconstructor(NavierStokesInpainter inpainter, TiledReconstruction tiling) {
        super(METHOD, inpainter, tiling);
        this.inpainter = inpainter;
    }

    /** @return the radius of the initial fast-marching fill */
    public int radius() {
        return inpainter.radius();
    }

    /** @return the number of transport-and-diffusion cycles */
    public int cycles() {
        return inpainter.cycles();
    }

    @Override
    public String toString() {
        return "NavierStokesReconstructor[radius=" + radius() + ", cycles=" + cycles() + ", " + tiling() + "]";
    }
}
