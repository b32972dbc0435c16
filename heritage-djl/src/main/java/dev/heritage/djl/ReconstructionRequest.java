package dev.heritage.djl;

import dev.heritage.api.ImageSource;
import dev.heritage.api.Mask;
import java.util.Objects;

/**
 * The input of a Heritage reconstructor loaded through DJL: a damaged image and the mask of its damaged
 * pixels, what {@link dev.heritage.api.Reconstructor#reconstruct(ImageSource, Mask)} takes as two arguments
 * (DJL's {@code Predictor} takes one).
 *
 * <p>Immutable and thread-safe as far as its parts are ({@link Mask} is immutable; an
 * {@link ImageSource} is opened anew for each reconstruction).
 *
 * @param image the damaged image
 * @param mask the damaged pixels, of the image's size
 */
public record ReconstructionRequest(ImageSource image, Mask mask) {

    /** Checks that both parts are present. */
    public ReconstructionRequest {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(mask, "mask");
    }
}
