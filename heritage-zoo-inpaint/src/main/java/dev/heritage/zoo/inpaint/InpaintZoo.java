package dev.heritage.zoo.inpaint;

import dev.heritage.runtime.ClasspathModelZoo;
import java.util.List;

/**
 * The reconstructor models of this artifact, under {@code heritage/models/<id>/}: {@code paintings-inpaint},
 * trained on WikiArt images, for non-commercial research and educational use only, as this artifact's licence
 * and the model card say (a reconstructor trained on public-domain images would ship in an artifact of its
 * own, under its own licence). Found by {@code ModelZoos} through {@code META-INF/services}; opening a model
 * unpacks it into Heritage's cache and verifies every file (see {@link ClasspathModelZoo}). Thread-safe.
 */
public final class InpaintZoo extends ClasspathModelZoo {
    /** Every reconstructor id this zoo holds. */
    public static final List<String> IDS = List.of("paintings-inpaint");
    /**
     * The ids shipped in this build: those whose card's {@code metrics.validation.zooRule} is met (PSNR in
     * the mask at least Telea's + 1.0 dB with the paired 95 % interval above zero, and SSIM at least
     * Telea's, on the fixed validation set).
     */
    public static final List<String> SHIPPED = List.of("paintings-inpaint");

    /** Creates the zoo (called by {@link java.util.ServiceLoader}). */
    public InpaintZoo() {
        super("heritage-zoo-inpaint", IDS);
    }
}
