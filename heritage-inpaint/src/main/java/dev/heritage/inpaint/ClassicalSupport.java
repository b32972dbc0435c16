package dev.heritage.inpaint;

import dev.heritage.api.HeritageException;
import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstruction;
import dev.heritage.api.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.Objects;

/** What the classical reconstructors share: decoding, checks, tiling and timing. Stateless. */
final class ClassicalSupport {
    private ClassicalSupport() {
    }

    static Reconstruction reconstruct(ImageSource source, Mask mask, String method, TiledReconstruction tiling,
            TileInpainter inpainter) throws InvalidImageException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mask, "mask");
        long start = System.nanoTime();
        BufferedImage image = ImageDecoder.decode(source);
        BufferedImage out = inpaint(image, mask, tiling, inpainter, source.describe());
        return new Reconstruction(out, mask, method, method, Duration.ofNanos(System.nanoTime() - start));
    }

    static Reconstruction reconstruct(BufferedImage image, Mask mask, String method, TiledReconstruction tiling,
            TileInpainter inpainter) throws InvalidImageException {
        long start = System.nanoTime();
        BufferedImage out = inpaint(image, mask, tiling, inpainter, "image in memory");
        return new Reconstruction(out, mask, method, method, Duration.ofNanos(System.nanoTime() - start));
    }

    static BufferedImage inpaint(BufferedImage image, Mask mask, TiledReconstruction tiling, TileInpainter inpainter,
            String description) throws InvalidImageException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(mask, "mask");
        TiledReconstruction.checkSize(image, mask, description);
        try {
            return tiling.apply(image, mask, inpainter);
        } catch (InvalidImageException e) {
            throw e;
        } catch (HeritageException e) {
            // The classical inpainters throw nothing checked.
            throw new IllegalStateException("Classical inpainting failed unexpectedly", e);
        }
    }
}
