package dev.heritage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.heritage.api.HeritageException;
import dev.heritage.api.HeritageVersion;
import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageHeader;
import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstruction;
import dev.heritage.api.Reconstructor;
import dev.heritage.api.io.AtomicFiles;
import dev.heritage.classify.collection.ImageFolder;
import dev.heritage.inpaint.Overlay;
import dev.heritage.inpaint.Reconstructors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code heritage reconstruct}: fills the damaged pixels of an image (white in the mask) and writes
 * the result, a sidecar JSON and, on request, an overlay showing what was synthesised. The batch form
 * ({@code --input pairs.csv --output DIR}) does the same for every row of a CSV with the columns
 * {@code id,image,mask} (paths relative to the CSV's folder), writing {@code DIR/<id>.png} and its
 * sidecar; a bad row becomes an error record in {@code DIR/batch.jsonl} and the batch goes on.
 */
@Command(
        name = "reconstruct",
        mixinStandardHelpOptions = true,
        description =
                "Reconstructs the damaged pixels of an image (or of every row of pairs.csv); pixels outside the mask are kept exactly.")
final class ReconstructCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(
            names = "--model",
            description = "telea, ns, exemplar (PatchMatch texture fill for large losses), a zoo id (paintings-inpaint:"
                    + " non-commercial weights) or a model directory (e.g. from train-refiner); default: the best method"
                    + " whose weights a commercial user may use (Reconstructors.defaultMethod(); today telea).")
    String model;

    @Option(
            names = "--engine",
            description =
                    "Engine for a learned model: pytorch, onnxruntime or tensorflow (default: the highest-ranked engine present, onnxruntime in this distribution; -Dheritage.engine=NAME changes the default).")
    String engine;

    @Option(names = "--image", description = "The damaged image (JPEG, PNG, TIFF, BMP).")
    Path image;

    @Option(names = "--mask", description = "PNG of the image's size; white = damaged.")
    Path mask;

    @Option(
            names = "--input",
            description = "Batch form: a CSV with the columns id,image,mask (paths relative to its folder), or a"
                    + " folder: every image NAME.EXT below it with its mask NAME.mask.png beside it.")
    Path input;

    @Option(
            names = "--output",
            required = true,
            description =
                    "The reconstructed image (PNG); with --input, the folder that receives <id>.png for each row.")
    Path output;

    @Option(names = "--overlay", description = "Also write this PNG, showing the synthesised pixels (single image).")
    Path overlay;

    @Option(names = "--overlays", description = "Batch form: also write <id>.overlay.png for each row.")
    boolean overlays;

    @Option(names = "--resume", description = "Batch form: skip rows whose output and sidecar already exist.")
    boolean resume;

    @CommandLine.ParentCommand
    private HeritageCli parent;

    @Override
    public Integer call() throws Exception {
        if (input != null) {
            if (image != null || mask != null || overlay != null) {
                throw new UsageException("--input pairs.csv (batch) does not take --image, --mask or --overlay;"
                        + " use --overlays for an overlay per row");
            }
            if (Files.isDirectory(input)) {
                return reconstructFolder();
            }
            requireFile(input, "--input");
            SameFile.refuse(output, "--output", input, "--input");
            try (Reconstructor r = open(method(), engine)) {
                return new BatchReconstruction(r, overlays, resume).run(input, output, parent.log());
            }
        }
        if (image == null || mask == null) {
            throw new UsageException("give --image and --mask (one image) or --input pairs.csv (a batch)");
        }
        requireFile(image, "--image");
        requireFile(mask, "--mask");
        AtomicOutput.checkTarget(output, "--output", true);
        SameFile.refuse(output, "--output", image, "--image");
        SameFile.refuse(output, "--output", mask, "--mask");
        SameFile.refuse(sidecar(output), "--output's sidecar", image, "--image");
        SameFile.refuse(sidecar(output), "--output's sidecar", mask, "--mask");
        if (overlay != null) {
            AtomicOutput.checkTarget(overlay, "--overlay", true);
            SameFile.refuse(overlay, "--overlay", output, "--output");
            SameFile.refuse(overlay, "--overlay", sidecar(output), "--output's sidecar");
            SameFile.refuse(overlay, "--overlay", image, "--image");
            SameFile.refuse(overlay, "--overlay", mask, "--mask");
        }
        Mask damaged = readMask(mask, image);
        try (Reconstructor r = open(method(), engine)) {
            Reconstruction result = r.reconstruct(ImageSource.of(image), damaged);
            write(result, image, mask, output, overlay);
        } catch (InvalidImageException e) {
            throw new UsageException(e.getMessage());
        }
        return HeritageCli.OK;
    }

    /**
     * A folder as the batch: every image below it ({@link ImageFolder}) that is not itself a mask, with the
     * mask {@code NAME.mask.png} beside it; an image without one becomes an error record. Output names
     * are the relative paths made safe ({@link FolderPairs}). The rows are listed in {@code OUTPUT/batch.input.csv}
     * while the batch runs, then removed; the folder is only read.
     */
    private int reconstructFolder() throws Exception {
        Path folder = input;
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new UsageException("--output " + output + " is a file: with --input, --output names a folder");
        }
        if (output.toAbsolutePath()
                .normalize()
                .startsWith(folder.toAbsolutePath().normalize())) {
            throw new UsageException("--output " + output + " is inside the --input folder " + folder
                    + "; write the reconstructions to a folder outside it");
        }
        Files.createDirectories(output);
        Path listing = output.resolve("batch.input.csv");
        if (FolderPairs.write(folder, listing) == 0) {
            Files.deleteIfExists(listing);
            throw new UsageException("--input " + folder + ": no image files below it");
        }
        try (Reconstructor r = open(method(), engine)) {
            return new BatchReconstruction(r, overlays, resume).run(listing, output, parent.log());
        } finally {
            Files.deleteIfExists(listing);
        }
    }

    /** @return {@code --model}, or the library's default method when none was given */
    private String method() {
        return model != null ? model : Reconstructors.defaultMethod();
    }

    static Reconstructor open(String name, String engine) {
        String n = name.toLowerCase(Locale.ROOT);
        if (Reconstructors.classicalNames().contains(n)) {
            return Reconstructors.classical(n);
        }
        try {
            return Reconstructors.load(name, engine);
        } catch (HeritageException e) {
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

    /**
     * Reads the mask after comparing its header's size with the image's, so that a mask of another
     * size is reported as such before its pixels are decoded (a huge one would exhaust the heap).
     */
    static Mask readMask(Path file, Path image) {
        String mismatch = maskSizeMismatch(file, image);
        if (mismatch != null) {
            throw new UsageException(mismatch);
        }
        return readMask(file);
    }

    /**
     * @return a message when the headers of mask and image declare sizes that cannot match (either
     *     orientation counts, since EXIF rotation may swap the image's sides); null otherwise, also
     *     when a header is unreadable (decoding then reports it)
     */
    static String maskSizeMismatch(Path file, Path image) {
        try {
            ImageHeader m = ImageDecoder.readHeader(ImageSource.of(file));
            ImageHeader i = ImageDecoder.readHeader(ImageSource.of(image));
            boolean same = m.width() == i.width() && m.height() == i.height();
            boolean swapped = m.width() == i.height() && m.height() == i.width();
            if (!same && !swapped) {
                // An image that cannot be decoded is reported as such first (bounded: its header is
                // within the pixel limit or refused from it); only then the sizes.
                try {
                    ImageDecoder.decode(ImageSource.of(image));
                } catch (InvalidImageException badImage) {
                    throw new UsageException(badImage.getMessage());
                }
                return "--mask " + file + ": mask is " + m.width() + "x" + m.height() + " but image is " + i.width()
                        + "x" + i.height() + ": " + image.getFileName() + ". Use a mask of the image's size"
                        + " (white = damaged).";
            }
            return null;
        } catch (InvalidImageException unreadable) {
            return null;
        }
    }

    static Path sidecar(Path output) {
        return output.resolveSibling(output.getFileName() + ".json");
    }

    static void requireFile(Path p, String option) {
        if (Files.isDirectory(p)) {
            throw new UsageException(option + " " + p + " is a folder; give a file");
        }
        if (Files.exists(p) && !Files.isRegularFile(p)) {
            throw new UsageException(
                    option + " " + p + " is not a regular file (a FIFO, socket or device);" + " give a file");
        }
        if (!Files.isRegularFile(p)) {
            throw new UsageException(option + " " + p + ": no such file");
        }
        if (!Files.isReadable(p)) {
            throw new UsageException(option + " " + p + ": permission denied; make it readable for this user");
        }
    }

    /** Writes the image, the sidecar JSON ({@code OUTPUT.json}) and the optional overlay, each atomically. */
    static void write(Reconstruction result, Path input, Path maskFile, Path output, Path overlayFile)
            throws IOException, HeritageException {
        AtomicFiles.writeImage(output, result.image(), "png");
        if (overlayFile != null) {
            AtomicFiles.writeImage(overlayFile, Overlay.defaults().render(result.image(), result.mask()), "png");
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
        AtomicFiles.writeString(sidecar(output), JSON.writeValueAsString(sidecar) + "\n");
    }
}
