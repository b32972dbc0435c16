package dev.heritage.inpaint.learned;

import dev.heritage.runtime.ClasspathModelZoo;
import java.util.List;

/**
 * The reconstructor models shipped inside this module's jar under {@code heritage/models/<id>/}
 * ({@code paintings-inpaint}, trained on WikiArt, non-commercial; {@code public-domain-inpaint}, trained on
 * public-domain images and usable commercially, when a version of it meets the zoo rule), found by {@code ModelZoos} through {@code META-INF/services}. Opening
 * one unpacks it into Heritage's cache and verifies every file (see {@link ClasspathModelZoo}).
 * Thread-safe.
 */
public final class InpaintZoo extends ClasspathModelZoo {
    /** Every reconstructor id this zoo can hold (the clustered one only when its folder is present). */
    public static final List<String> IDS = List.of("paintings-inpaint", "public-domain-inpaint",
            "paintings-inpaint-clustered");
    /**
     * The ids shipped in this build: those whose card's {@code metrics.validation.zooRule} is met (PSNR in
     * the mask at least Telea's + 1.0 dB with the paired 95 % interval above zero, and SSIM at least
     * Telea's, on the fixed validation set).
     */
    public static final List<String> SHIPPED = List.of("paintings-inpaint");

    /** Creates the zoo (called by {@link java.util.ServiceLoader}). */
    public InpaintZoo() {
        super("heritage-inpaint", IDS);
    }
}
