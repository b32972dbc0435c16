package dev.heritage.inpaint;

import dev.heritage.api.HeritageException;
import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstruction;
import dev.heritage.api.Reconstructor;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link Reconstructor} that inpaints decoded images in memory: Heritage's classical, learned,
 * clustered and refined reconstructors. The one place that decodes a source (default limits) and times
 * the work into a {@link Reconstruction}; implementations supply only
 * {@link #inpaint(BufferedImage, Mask, String)}, which checks the mask's size once (through
 * {@link TiledReconstruction#apply(BufferedImage, Mask, TileInpainter, String)}), naming the image as the
 * caller did.
 *
 * <p>Thread-safety and lifecycle: as {@link Reconstructor}.
 */
public interface ImageReconstructor extends Reconstructor {

    /** @return the method recorded in each {@link Reconstruction} (e.g. {@code telea}, {@code learned}) */
    String method();

    /** @return the model id recorded in each {@link Reconstruction} */
    String modelId();

    /** How a mask-size error names an image that came without a name: {@value}. */
    String IMAGE_IN_MEMORY = "image in memory";

    /**
     * Inpaints an image already in memory and returns only the image.
     *
     * @param image the damaged image, any type; not modified
     * @param mask the damaged pixels, of the image's size; empty gives a pixel-equal copy
     * @return a new {@link BufferedImage#TYPE_INT_RGB} image, equal to the input outside the mask
     * @throws InvalidImageException if the mask's size differs from the image's
     * @throws HeritageException if the engine fails
     */
    default BufferedImage inpaint(BufferedImage image, Mask mask) throws HeritageException {
        return inpaint(image, mask, IMAGE_IN_MEMORY);
    }

    /**
     * Inpaints an image already in memory and returns only the image; the mask's size is checked here
     * and nowhere else on the way.
     *
     * @param image the damaged image, any type; not modified
     * @param mask the damaged pixels, of the image's size; empty gives a pixel-equal copy
     * @param imageName how an error names the image (its source, or {@value #IMAGE_IN_MEMORY})
     * @return a new {@link BufferedImage#TYPE_INT_RGB} image, equal to the input outside the mask
     * @throws InvalidImageException if the mask's size differs from the image's
     * @throws HeritageException if the engine fails
     */
    BufferedImage inpaint(BufferedImage image, Mask mask, String imageName) throws HeritageException;

    /**
     * Decodes the image with {@link ImageDecoder} (default limits) and inpaints it.
     *
     * @throws InvalidImageException if the image cannot be decoded or the mask's size differs
     * @throws HeritageException if the engine fails
     */
    @Override
    default Reconstruction reconstruct(ImageSource image, Mask mask) throws HeritageException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(mask, "mask");
        long start = System.nanoTime();
        BufferedImage decoded = ImageDecoder.decode(image);
        return new Reconstruction(
                inpaint(decoded, mask, image.describe()),
                mask,
                method(),
                modelId(),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Inpaints an image already in memory.
     *
     * @param image the damaged image; not modified
     * @param mask the damaged pixels, of the image's size
     * @return the reconstruction, with a new image
     * @throws InvalidImageException if the mask's size differs from the image's
     * @throws HeritageException if the engine fails
     */
    default Reconstruction reconstruct(BufferedImage image, Mask mask) throws HeritageException {
        long start = System.nanoTime();
        return new Reconstruction(
                inpaint(image, mask), mask, method(), modelId(), Duration.ofNanos(System.nanoTime() - start));
    }
}
