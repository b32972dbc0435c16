package dev.heritage.inpaint;

import dev.heritage.api.HeritageException;
import dev.heritage.api.Mask;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Objects;

/**
 * Fills the damaged pixels of one tile, in place. This is the plug-in point of
 * {@link TiledReconstruction}: the classical reconstructors implement it, and a learned reconstructor
 * can implement it (directly, or through {@link #ofImages(ImageTileFunction)}) to get tiling with
 * bounded memory and the bit-for-bit composite for free.
 *
 * <p>The tile is given as packed {@code 0xRRGGBB} pixels, row-major, {@code width * height} long,
 * together with its mask ({@code 1} = damaged, {@code 0} = intact). On entry every damaged pixel of
 * the tile is {@code 0} (black): an implementation must not rely on what the damaged pixels held.
 * On return the implementation has written its estimate into the damaged pixels; whatever it writes
 * into intact pixels, and any bits above the low 24, are ignored by the caller, which copies back
 * only the damaged pixels of the tile's core.
 *
 * <p><b>Thread-safety:</b> {@link TiledReconstruction} may call one instance from several threads at
 * once (each call with its own arrays), so implementations must be thread-safe; stateless ones are.
 * The arrays belong to the caller and must not be kept after the call returns.
 */
@FunctionalInterface
public interface TileInpainter {

    /**
     * Fills the damaged pixels of a tile.
     *
     * @param rgb the tile's pixels, packed {@code 0xRRGGBB}, row-major; damaged pixels are 0 on entry
     *     and hold the estimate on return
     * @param mask the tile's mask, {@code 1} = damaged; must not be modified
     * @param width the tile's width
     * @param height the tile's height
     * @throws HeritageException if the tile cannot be filled (e.g. an engine fails)
     */
    void inpaint(int[] rgb, byte[] mask, int width, int height) throws HeritageException;

    /**
     * A tile function over images, for implementations that prefer {@link BufferedImage} and
     * {@link Mask} (a learned model's preprocessing, for instance).
     *
     * <p>Thread-safety as for {@link TileInpainter}.
     */
    @FunctionalInterface
    interface ImageTileFunction {
        /**
         * @param tile the tile, {@link BufferedImage#TYPE_INT_RGB}, damaged pixels black; owned by
         *     the caller and valid only during the call (it may be returned, filled in place)
         * @param tileMask the tile's mask, of the tile's size
         * @return the filled tile, of the tile's size (any image type)
         * @throws HeritageException if the tile cannot be filled
         */
        BufferedImage inpaint(BufferedImage tile, Mask tileMask) throws HeritageException;
    }

    /**
     * Adapts a function over images to a {@link TileInpainter}. Allocates an image and a mask per
     * tile, which is negligible next to a network's forward pass.
     *
     * @param function the image function
     * @return a tile inpainter calling it
     */
    static TileInpainter ofImages(ImageTileFunction function) {
        Objects.requireNonNull(function, "function");
        return (rgb, mask, width, height) -> {
            BufferedImage tile = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            int[] data = ((DataBufferInt) tile.getRaster().getDataBuffer()).getData();
            System.arraycopy(rgb, 0, data, 0, width * height);
            boolean[] flags = new boolean[width * height];
            for (int i = 0; i < flags.length; i++) {
                flags[i] = mask[i] != 0;
            }
            BufferedImage out = function.inpaint(tile, Mask.of(width, height, flags));
            if (out == null || out.getWidth() != width || out.getHeight() != height) {
                throw new HeritageException("The tile function returned "
                        + (out == null ? "no image" : "an image of " + out.getWidth() + "x" + out.getHeight())
                        + " for a tile of " + width + "x" + height + "; it must return an image of the tile's size.");
            }
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                out.getRGB(0, y, width, 1, row, 0, width);
                int base = y * width;
                for (int x = 0; x < width; x++) {
                    if (mask[base + x] != 0) {
                        rgb[base + x] = row[x] & 0xffffff;
                    }
                }
            }
        };
    }
}
