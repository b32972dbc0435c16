package dev.heritage.inpaint;

import dev.heritage.api.HeritageException;
import dev.heritage.api.Mask;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A perceptual distance between reconstructions and their undamaged original, for evaluations that
 * report it beside {@link ReconstructionMetrics}' PSNR and SSIM (PSNR favours blur; a distance between
 * a network's features does not). The metric needs a feature network, which this module does not
 * hold: the command line supplies {@code dev.heritage.classify.backbone.PerceptualDistance} (the bundled
 * MobileNetV2's pooled features over the mask's bounding box), whose Javadoc is the definition the
 * reports use. This interface keeps the module free of the annotator's code.
 *
 * <p>Implementations document their thread-safety and who closes them; the evaluation calls one from a
 * single thread.
 */
@FunctionalInterface
public interface PerceptualMetric {
    /**
     * @param original the undamaged image
     * @param reconstructions reconstructions of it, each of the original's size
     * @param mask the synthesised pixels, of the same size, not empty
     * @return one distance per reconstruction, in order; 0 for a reconstruction equal to the original,
     *     larger for a worse one
     * @throws HeritageException if the feature network fails
     */
    double[] distances(BufferedImage original, List<BufferedImage> reconstructions, Mask mask) throws HeritageException;
}
