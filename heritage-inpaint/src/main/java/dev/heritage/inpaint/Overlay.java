package dev.heritage.inpaint;

import dev.heritage.api.Mask;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Objects;

/**
 * Renders which pixels of a reconstruction were synthesised, for a curator to see at a glance
 * (the command line's {@code --overlay} PNG): the reconstructed image with every masked pixel
 * blended towards a tint colour, and the edge of the masked region drawn in an outline colour.
 * Pixels outside the mask and off its edge are left as they are.
 *
 * <p>The defaults: magenta tint at 40 % opacity, yellow outline. Immutable and thread-safe; the
 * {@code with…} methods return new instances.
 */
public final class Overlay {
    /** The default tint: magenta, {@code 0xFF00FF}. */
    public static final int DEFAULT_TINT = 0xFF00FF;
    /** The default tint opacity: {@value}. */
    public static final double DEFAULT_OPACITY = 0.4;
    /** The default outline: yellow, {@code 0xFFFF00}. */
    public static final int DEFAULT_OUTLINE = 0xFFFF00;

    private static final Overlay DEFAULTS = new Overlay(DEFAULT_TINT, DEFAULT_OPACITY, DEFAULT_OUTLINE, true);

    private final int tint;
    private final double opacity;
    private final int outline;
    private final boolean drawOutline;

    private Overlay(int tint, double opacity, int outline, boolean drawOutline) {
        this.tint = tint & 0xffffff;
        this.opacity = opacity;
        this.outline = outline & 0xffffff;
        this.drawOutline = drawOutline;
    }

    /** @return the default overlay */
    public static Overlay defaults() {
        return DEFAULTS;
    }

    /**
     * @param rgb the tint colour, {@code 0xRRGGBB}
     * @param opacity the tint's weight in [0, 1]: 0 leaves the pixels, 1 paints them flat
     * @return an overlay with that tint
     */
    public Overlay withTint(int rgb, double opacity) {
        if (!(opacity >= 0 && opacity <= 1)) {
            throw new IllegalArgumentException("opacity must be in [0, 1], got " + opacity);
        }
        return new Overlay(rgb, opacity, outline, drawOutline);
    }

    /**
     * @param rgb the outline colour, {@code 0xRRGGBB}
     * @return an overlay that outlines the masked region in that colour
     */
    public Overlay withOutline(int rgb) {
        return new Overlay(tint, opacity, rgb, true);
    }

    /** @return an overlay without the outline */
    public Overlay withoutOutline() {
        return new Overlay(tint, opacity, outline, false);
    }

    /**
     * @param image the reconstructed (or damaged) image; not modified
     * @param mask the synthesised pixels, of the image's size
     * @return a new {@link BufferedImage#TYPE_INT_RGB} image with the mask shown
     * @throws IllegalArgumentException if the sizes differ
     */
    public BufferedImage render(BufferedImage image, Mask mask) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(mask, "mask");
        int width = image.getWidth();
        int height = image.getHeight();
        if (width != mask.width() || height != mask.height()) {
            throw new IllegalArgumentException(
                    "mask is " + mask.width() + "x" + mask.height() + " but image is " + width + "x" + height);
        }
        BufferedImage out = TiledReconstruction.copyRgb(image);
        int[] data = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        int tr = (tint >> 16) & 0xff;
        int tg = (tint >> 8) & 0xff;
        int tb = tint & 0xff;
        double keep = 1 - opacity;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (!mask.isDamaged(x, y)) {
                    continue;
                }
                int i = y * width + x;
                boolean edge = drawOutline
                        && (x == 0
                                || y == 0
                                || x == width - 1
                                || y == height - 1
                                || !mask.isDamaged(x - 1, y)
                                || !mask.isDamaged(x + 1, y)
                                || !mask.isDamaged(x, y - 1)
                                || !mask.isDamaged(x, y + 1));
                if (edge) {
                    data[i] = outline;
                } else {
                    int p = data[i];
                    int r = (int) Math.round(keep * ((p >> 16) & 0xff) + opacity * tr);
                    int g = (int) Math.round(keep * ((p >> 8) & 0xff) + opacity * tg);
                    int b = (int) Math.round(keep * (p & 0xff) + opacity * tb);
                    data[i] = (r << 16) | (g << 8) | b;
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return String.format(
                "Overlay[tint=%06X, opacity=%.2f, outline=%s]",
                tint, opacity, drawOutline ? String.format("%06X", outline) : "none");
    }
}
