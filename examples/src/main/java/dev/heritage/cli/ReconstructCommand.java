package dev.heritage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.heritage.api.HeritageException;
import dev.heritage.api.HeritageVersion;
import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstruction;
import dev.heritage.api.Reconstructor;
import dev.heritage.inpaint.Overlay;
import dev.heritage.inpaint.Reconstructors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code heritage reconstruct}: fills the damaged pixels of an image (white in the mask) and writes
 * the result, a sidecar JSON and, on request, an overlay showing what was synthesised.
 */
@Command(name = "reconstruct", mixinStandardHelpOptions = true,
        description = "Reconstructs the damaged pixels of an image; pixels outside the mask are kept exactly.")
final class ReconstructCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--model", defaultValue = "telea",
            description = "telea, ns, a zoo id (paintings-inpaint) or a model directory; default ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--image", required = true, description = "The damaged image (JPEG, PNG, TIFF, BMP).")
    Path image;

    @Option(names = "--mask", required = true, description = "PNG of the image's size; white = damaged.")
    Path mask;

    @Option(names = "--output", required = true, description = "The reconstructed image (PNG).")
    Path output;

    @Option(names = "--overlay", description = "Also write a PNG showing the synthesised pixels.")
    Path overlay;

    @Override
    public Integer call() throws Exception {
        requireFile(image, "--image");
        requireFile(mask, "--mask");
        try (Reconstructor r = open(model)) {
            Reconstruction result = r.reconstruct(ImageSource.of(image), readMask(mask));
            write(result, image, mask, output, overlay);
        } catch (InvalidImageException e) {
            throw new UsageException(e.getMessage());
        }
        return HeritageCli.OK;
    }

    static Reconstructor open(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (Reconstructors.classicalNames().contains(n)) {
            return Reconstructors.classical(n);
        }
        try {
            return Reconstructors.load(name, "onnxruntime");
        } catch (dev.heritage.api.HeritageException e) {
            throw new UsageException("Unknown reconstruction method or model '" + name + "': " + e.getMessage()
                    + " Classical methods: " + String.join(", ", Reconstructors.classicalNames()) + ".");
        }
    }

    static Mask readMask(Path file) {
        try {
            return Mask.fromPng(file);
        } catch (InvalidImageException e) {
            throw new UsageException("--mask " + e.getMessage());
        }
    }

    static void requireFile(Path p, String option) {
        if (!Files.isRegularFile(p)) {
            throw new UsageException(option + " " + p + ": no such file");
        }
    }

    /** Writes the image, the sidecar JSON ({@code OUTPUT.json}) and the optional overlay, each atomically. */
    static void write(Reconstruction result, Path input, Path maskFile, Path output, Path overlayFile)
            throws IOException, HeritageException {
        AtomicOutput.writePng(output, result.image());
        if (overlayFile != null) {
            AtomicOutput.writePng(overlayFile, Overlay.defaults().render(result.image(), result.mask()));
        }
        Map<String, Object> sidecar = new LinkedHashMap<>();
        sidecar.put("input", input.toString());
        sidecar.put("mask", maskFile == null ? null : maskFile.toString());
        sidecar.put("output", output.toString());
        sidecar.put("overlay", overlayFile == null ? null : overlayFile.toString());
        sidecar.put("method", result.method());
        sidecar.put("model", result.modelId());
        sidecar.put("width", result.image().getWidth());
        sidecar.put("height", result.image().getHeight());
        sidecar.put("maskCoverage", result.coverage());
        sidecar.put("synthesisedPixels", result.mask().damagedCount());
        sidecar.put("milliseconds", result.elapsed().toNanos() / 1e6);
        sidecar.put("untouchedOutsideMask", true);
        sidecar.put("heritageVersion", HeritageVersion.get());
        AtomicOutput.writeString(output.resolveSibling(output.getFileName() + ".json"),
                JSON.writeValueAsString(sidecar) + "\n");
    }
}
