package dev.heritage.api;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.Objects;

/**
 * A reconstructed image and the facts a curator needs about it: which pixels were synthesised (the
 * mask), by which method and model, and how long it took. Every pixel outside the mask equals the
 * input pixel exactly.
 *
 * <p>Immutable by contract and thread-safe to read: do not modify {@link #image()}.
 *
 * @param image the reconstructed image (8-bit RGB)
 * @param mask the pixels that were synthesised
 * @param method the method, e.g. {@code telea}, {@code ns}, {@code learned}, {@code clustered}
 * @param modelId the model id, or the method name for classical methods
 * @param elapsed wall time of the reconstruction
 */
public record Reconstruction(BufferedImage image, Mask mask, String method, String modelId, Duration elapsed) {
    /** Validates. */
    public Reconstruction {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** @return the damaged share of the image, in [0, 1] */
    public double coverage() {
        return mask.coverage();
    }
}
