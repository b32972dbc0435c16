package dev.heritage.inpaint;

import dev.heritage.api.HeritageException;
import dev.heritage.api.ImageDecoder;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.Mask;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a {@link TileInpainter} over an image of any size with bounded memory, and composites the
 * result so that every pixel outside the mask is the input pixel, bit for bit.
 *
 * <p>The image is cut into square cores of {@link #tileSize()} pixels. Only cores that contain a
 * damaged pixel are processed. Each is handed to the inpainter inside a window that adds
 * {@link #margin()} pixels of context on every side (clipped to the image; grown when the window
 * holds no intact pixel at all), with damaged pixels zeroed; of the result, only the damaged pixels
 * of the core are written back. Because damaged pixels never feed a tile (they are zeroed) and
 * intact pixels are never written, the order in which tiles run does not matter: the result is
 * deterministic, sequential or parallel. Images of at most {@link #singleTileMaxPixels()} pixels are
 * processed as one tile, the whole image, exactly as without tiling.
 *
 * <p>Memory: the output image (4 bytes per pixel) plus, per worker, one window and what the
 * inpainter allocates for it; no other full-size copy. With the defaults, a 6000×4000 image needs
 * about 100 MB beyond its input.
 *
 * <p>Immutable and thread-safe; holds no resources (nothing to close). When {@link #parallelism()}
 * is above 1, each call starts that many short-lived worker threads and joins them before returning.
 */
public final class TiledReconstruction {
    /** The default core size: 512 pixels. */
    public static final int DEFAULT_TILE_SIZE = 512;
    /** The default largest image processed whole: 4 Mi pixels (2048 × 2048). */
    public static final long DEFAULT_SINGLE_TILE_MAX_PIXELS = 2048L * 2048L;

    private final int tileSize;
    private final int margin;
    private final int parallelism;
    private final long singleTileMaxPixels;

    private TiledReconstruction(Builder b) {
        this.tileSize = b.tileSize;
        this.margin = b.margin;
        this.parallelism = b.parallelism;
        this.singleTileMaxPixels = b.singleTileMaxPixels;
    }

    /**
     * The defaults for an inpainter that looks {@code contextRadius} pixels around each damaged
     * pixel: 512-pixel cores, a margin of {@code max(32, 4 × contextRadius)} pixels (at least twice
     * the radius plus as much again of context), sequential, whole images up to 4 Mi pixels.
     *
     * @param contextRadius the inpainter's neighbourhood radius, at least 1
     * @return the tiling
     */
    public static TiledReconstruction defaults(int contextRadius) {
        if (contextRadius < 1) {
            throw new IllegalArgumentException("contextRadius must be at least 1, got " + contextRadius);
        }
        return builder().margin(Math.max(32, 4 * contextRadius)).build();
    }

    /** @return a builder with the defaults of {@code defaults(8)} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the core size in pixels */
    public int tileSize() {
        return tileSize;
    }

    /** @return the context added on every side of a core, in pixels */
    public int margin() {
        return margin;
    }

    /** @return the number of tiles processed at once */
    public int parallelism() {
        return parallelism;
    }

    /** @return the largest image, in pixels, processed as one tile */
    public long singleTileMaxPixels() {
        return singleTileMaxPixels;
    }

    /** @return a builder starting from this tiling */
    public Builder toBuilder() {
        return new Builder()
                .tileSize(tileSize)
                .margin(margin)
                .parallelism(parallelism)
                .singleTileMaxPixels(singleTileMaxPixels);
    }

    /**
     * Inpaints {@code image} where {@code mask} is set.
     *
     * @param image the damaged image, any type (converted as {@link ImageDecoder#toRgb} does);
     *     not modified
     * @param mask the damaged pixels, of the image's size
     * @param inpainter fills one tile
     * @return a new {@link BufferedImage#TYPE_INT_RGB} image: the input outside the mask (equal
     *     {@code getRGB} values), the inpainter's estimate inside
     * @throws InvalidImageException if the mask's size differs from the image's
     * @throws HeritageException if the inpainter fails
     */
    public BufferedImage apply(BufferedImage image, Mask mask, TileInpainter inpainter) throws HeritageException {
        return apply(image, mask, inpainter, ImageReconstructor.IMAGE_IN_MEMORY);
    }

    /**
     * Inpaints {@code image} where {@code mask} is set, naming the image in a mask-size error.
     *
     * @param image the damaged image, any type (converted as {@link ImageDecoder#toRgb} does);
     *     not modified
     * @param mask the damaged pixels, of the image's size
     * @param inpainter fills one tile; called only after the mask's size was checked
     * @param imageName how the error names the image (its source, or "image in memory")
     * @return a new {@link BufferedImage#TYPE_INT_RGB} image: the input outside the mask (equal
     *     {@code getRGB} values), the inpainter's estimate inside
     * @throws InvalidImageException if the mask's size differs from the image's
     * @throws HeritageException if the inpainter fails
     */
    public BufferedImage apply(BufferedImage image, Mask mask, TileInpainter inpainter, String imageName)
            throws HeritageException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(inpainter, "inpainter");
        mask.requireSize(image.getWidth(), image.getHeight(), imageName);
        BufferedImage out = copyRgb(image);
        if (mask.isEmpty()) {
            return out;
        }
        int width = image.getWidth();
        int height = image.getHeight();
        int[] data = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        List<int[]> cores = new ArrayList<>();
        if ((long) width * height <= singleTileMaxPixels) {
            cores.add(new int[] {0, 0, width, height});
        } else {
            for (int y = 0; y < height; y += tileSize) {
                for (int x = 0; x < width; x += tileSize) {
                    int[] core = {x, y, Math.min(width, x + tileSize), Math.min(height, y + tileSize)};
                    if (anyDamaged(mask, core)) {
                        cores.add(core);
                    }
                }
            }
        }
        int workers = Math.min(parallelism, cores.size());
        if (workers <= 1) {
            for (int[] core : cores) {
                processTile(data, width, height, mask, core, inpainter);
            }
        } else {
            runParallel(data, width, height, mask, cores, inpainter, workers);
        }
        return out;
    }

    private void runParallel(
            int[] data, int width, int height, Mask mask, List<int[]> cores, TileInpainter inpainter, int workers)
            throws HeritageException {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable work = () -> {
            int k;
            while (failure.get() == null && (k = next.getAndIncrement()) < cores.size()) {
                try {
                    processTile(data, width, height, mask, cores.get(k), inpainter);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }
        };
        Thread[] threads = new Thread[workers - 1];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(work, "heritage-tile-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        work.run();
        boolean interrupted = false;
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    failure.compareAndSet(null, e);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof HeritageException he) {
            throw he;
        } else if (t instanceof RuntimeException re) {
            throw re;
        } else if (t instanceof Error err) {
            throw err;
        } else if (t != null) {
            throw new HeritageException("Tiled reconstruction was interrupted.", t);
        }
    }

    private void processTile(int[] data, int width, int height, Mask mask, int[] core, TileInpainter inpainter)
            throws HeritageException {
        int m = margin;
        int x0;
        int y0;
        int x1;
        int y1;
        while (true) {
            x0 = Math.max(0, core[0] - m);
            y0 = Math.max(0, core[1] - m);
            x1 = Math.min(width, core[2] + m);
            y1 = Math.min(height, core[3] + m);
            boolean whole = x0 == 0 && y0 == 0 && x1 == width && y1 == height;
            if (whole || anyIntact(mask, x0, y0, x1, y1)) {
                break;
            }
            m = Math.max(2 * m, 1);
        }
        int tw = x1 - x0;
        int th = y1 - y0;
        int[] rgb = new int[tw * th];
        byte[] tileMask = new byte[tw * th];
        for (int y = 0; y < th; y++) {
            int src = (y0 + y) * width + x0;
            int dst = y * tw;
            for (int x = 0; x < tw; x++) {
                if (mask.isDamaged(x0 + x, y0 + y)) {
                    tileMask[dst + x] = 1;
                } else {
                    rgb[dst + x] = data[src + x];
                }
            }
        }
        inpainter.inpaint(rgb, tileMask, tw, th);
        for (int y = core[1]; y < core[3]; y++) {
            int src = (y - y0) * tw - x0;
            int dst = y * width;
            for (int x = core[0]; x < core[2]; x++) {
                if (tileMask[src + x] != 0) {
                    data[dst + x] = rgb[src + x] & 0xffffff;
                }
            }
        }
    }

    private static boolean anyDamaged(Mask mask, int[] core) {
        for (int y = core[1]; y < core[3]; y++) {
            for (int x = core[0]; x < core[2]; x++) {
                if (mask.isDamaged(x, y)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean anyIntact(Mask mask, int x0, int y0, int x1, int y1) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if (!mask.isDamaged(x, y)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A new TYPE_INT_RGB copy whose getRGB values equal those of {@code image} (after {@code toRgb}). */
    static BufferedImage copyRgb(BufferedImage image) {
        BufferedImage rgb = ImageDecoder.toRgb(image);
        int width = rgb.getWidth();
        int height = rgb.getHeight();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] data = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        Raster raster = rgb.getRaster();
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            raster.getDataElements(0, y, width, 1, row);
            int base = y * width;
            for (int x = 0; x < width; x++) {
                data[base + x] = row[x] & 0xffffff;
            }
        }
        return out;
    }

    /**
     * Builds a {@link TiledReconstruction}. Not thread-safe; the built object is.
     */
    public static final class Builder {
        private int tileSize = DEFAULT_TILE_SIZE;
        private int margin = 32;
        private int parallelism = 1;
        private long singleTileMaxPixels = DEFAULT_SINGLE_TILE_MAX_PIXELS;

        private Builder() {}

        /**
         * @param tileSize the core size in pixels, at least 16
         * @return this builder
         */
        public Builder tileSize(int tileSize) {
            if (tileSize < 16) {
                throw new IllegalArgumentException("tileSize must be at least 16, got " + tileSize);
            }
            this.tileSize = tileSize;
            return this;
        }

        /**
         * @param margin the context on every side of a core, in pixels, at least 0
         * @return this builder
         */
        public Builder margin(int margin) {
            if (margin < 0) {
                throw new IllegalArgumentException("margin must be at least 0, got " + margin);
            }
            this.margin = margin;
            return this;
        }

        /**
         * @param parallelism the number of tiles processed at once (threads), at least 1
         * @return this builder
         */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /**
         * @param pixels the largest image processed as one tile, 0 to always tile
         * @return this builder
         */
        public Builder singleTileMaxPixels(long pixels) {
            if (pixels < 0) {
                throw new IllegalArgumentException("singleTileMaxPixels must be at least 0, got " + pixels);
            }
            this.singleTileMaxPixels = pixels;
            return this;
        }

        /** @return the tiling */
        public TiledReconstruction build() {
            return new TiledReconstruction(this);
        }
    }

    @Override
    public String toString() {
        return "TiledReconstruction[tileSize=" + tileSize + ", margin=" + margin + ", parallelism=" + parallelism
                + ", singleTileMaxPixels=" + singleTileMaxPixels + "]";
    }
}
