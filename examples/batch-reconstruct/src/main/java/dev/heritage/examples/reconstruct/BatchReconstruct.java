package dev.heritage.examples.reconstruct;

import dev.heritage.api.HeritageException;
import dev.heritage.api.ImageSource;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.Mask;
import dev.heritage.api.Reconstruction;
import dev.heritage.api.Reconstructor;
import dev.heritage.api.io.AtomicFiles;
import dev.heritage.inpaint.Overlay;
import dev.heritage.inpaint.Reconstructors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reconstructs a folder of damaged images, each with its mask beside it: for {@code NAME.jpg} (or
 * {@code .jpeg}, {@code .png}, {@code .tif}, {@code .tiff}, {@code .bmp}) the mask is
 * {@code NAME.mask.png}, white where the image is damaged and black elsewhere, of the image's size.
 * For each pair it writes, into the output folder, {@code NAME.METHOD.png} (the reconstruction: every
 * pixel outside the mask exactly as it was) and {@code NAME.METHOD.overlay.png} (the reconstruction with
 * the synthesised pixels tinted and outlined, for review).
 *
 * <p>The method is loaded once with {@link Reconstructors#load(String)}: by default
 * {@link Reconstructors#defaultMethod()} (the best method whose weights a commercial user may use;
 * today Telea), or any name it takes, such as {@code paintings-inpaint}, the zoo's learned refiner
 * (non-commercial weights, in {@code heritage-zoo-inpaint}).
 *
 * <p>An image without a mask is skipped; a pair that cannot be reconstructed (an undecodable file, a
 * mask of another size) is reported and the others are still done. One instance holds one shared
 * reconstructor; close it to release it. Thread-safe as its reconstructor is, but meant for one run
 * at a time.
 */
public final class BatchReconstruct implements AutoCloseable {
    /** What follows an image's base name to name its mask: {@code NAME.mask.png}. */
    public static final String MASK_SUFFIX = ".mask.png";
    /** The file name extensions (lower case) of the images reconstructed. */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "tif", "tiff", "bmp");

    private final String method;
    private final Reconstructor reconstructor;
    private final Overlay overlay = Overlay.defaults();

    /**
     * Loads the reconstructor.
     *
     * @param method a name {@link Reconstructors#load(String)} takes ({@code telea}, {@code ns},
     *     {@code exemplar}, {@code paintings-inpaint}, a model directory), or {@code null} for
     *     {@link Reconstructors#defaultMethod()}
     * @throws HeritageException if the method is unknown (the message lists the known ones) or its
     *     model cannot be loaded
     */
    public BatchReconstruct(String method) throws HeritageException {
        this.method = method != null ? method.strip() : Reconstructors.defaultMethod();
        this.reconstructor = Reconstructors.load(this.method);
    }

    /** @return the method's name as given (or the default's), as it appears in output file names */
    public String method() {
        return method;
    }

    /**
     * The outcome of one run.
     *
     * @param reconstructed the reconstructions written, in file-name order
     * @param skipped the images without a mask
     * @param failed one line per image that could not be reconstructed: the file and what to do
     */
    public record Outcome(List<Path> reconstructed, List<Path> skipped, List<String> failed) {
        /** Copies the lists. */
        public Outcome {
            reconstructed = List.copyOf(reconstructed);
            skipped = List.copyOf(skipped);
            failed = List.copyOf(failed);
        }
    }

    /**
     * Reconstructs every image of {@code folder} (not its sub-folders) that has a mask beside it.
     *
     * @param folder the damaged images and their masks
     * @param output where to write; created if missing (may be {@code folder} itself)
     * @param log where to report each image
     * @return what was done
     * @throws IOException if the folder cannot be listed or an output cannot be written
     */
    public Outcome run(Path folder, Path output, PrintStream log) throws IOException {
        Files.createDirectories(output);
        List<Path> images;
        try (Stream<Path> files = Files.list(folder)) {
            images = files.filter(BatchReconstruct::isImage).sorted().toList();
        }
        List<Path> written = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Path image : images) {
            Path mask = maskOf(image);
            if (!Files.isRegularFile(mask)) {
                skipped.add(image);
                log.println("Skipped (no " + mask.getFileName() + "): " + image);
                continue;
            }
            try {
                Reconstruction result = reconstructor.reconstruct(ImageSource.of(image), Mask.fromPng(mask));
                Path target = reconstructionOf(image, output);
                AtomicFiles.writeImage(target, result.image(), "png");
                AtomicFiles.writeImage(overlayOf(image, output), overlay.render(result.image(), result.mask()), "png");
                written.add(target);
                log.printf(Locale.ROOT, "Reconstructed %s (%.1f %% of the pixels) in %d ms: %s%n", image.getFileName(),
                        100 * result.coverage(), result.elapsed().toMillis(), target);
            } catch (InvalidImageException e) {
                failed.add(image + ": " + e.getMessage());
                log.println("Failed: " + image + ": " + e.getMessage());
            } catch (HeritageException e) {
                failed.add(image + ": " + e.getMessage());
                log.println("Failed (" + method + "): " + image + ": " + e.getMessage());
            }
        }
        return new Outcome(written, skipped, failed);
    }

    /**
     * @param image an image file, {@code NAME.EXT}
     * @return its mask, {@code NAME.mask.png} beside it
     */
    public static Path maskOf(Path image) {
        return image.resolveSibling(baseName(image) + MASK_SUFFIX);
    }

    /**
     * @param image an image file, {@code NAME.EXT}
     * @param output the output folder
     * @return where its reconstruction goes: {@code OUTPUT/NAME.METHOD.png}
     */
    public Path reconstructionOf(Path image, Path output) {
        return output.resolve(baseName(image) + "." + fileNamePart(method) + ".png");
    }

    /**
     * @param image an image file, {@code NAME.EXT}
     * @param output the output folder
     * @return where its overlay goes: {@code OUTPUT/NAME.METHOD.overlay.png}
     */
    public Path overlayOf(Path image, Path output) {
        return output.resolve(baseName(image) + "." + fileNamePart(method) + ".overlay.png");
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** A model directory as a method becomes its last path element. */
    private static String fileNamePart(String method) {
        Path p = Path.of(method).getFileName();
        return (p != null ? p.toString() : method).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && dot > 0 && !lower.endsWith(MASK_SUFFIX)
                && !lower.endsWith(".overlay.png") && Files.isRegularFile(file)
                && IMAGE_EXTENSIONS.contains(lower.substring(dot + 1));
    }

    /** Releases the reconstructor. */
    @Override
    public void close() {
        reconstructor.close();
    }

    /**
     * Runs as the command line does, without exiting the JVM.
     *
     * @param args {@code FOLDER [--out OUTPUT] [--method NAME]}; the output folder defaults to
     *     {@code FOLDER/reconstructed}
     * @param out where to report
     * @return the exit status: 0 every pair reconstructed, 1 some failed, 2 bad usage
     */
    public static int run(String[] args, PrintStream out) {
        Objects.requireNonNull(out, "out");
        Path folder = null;
        Path output = null;
        String method = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--out") || arg.equals("--method")) {
                if (i + 1 == args.length) {
                    return usage(out, arg + " needs a value");
                }
                if (arg.equals("--out")) {
                    output = Path.of(args[++i]);
                } else {
                    method = args[++i];
                }
            } else if (arg.startsWith("--") || folder != null) {
                return usage(out, "unexpected argument '" + arg + "'");
            } else {
                folder = Path.of(arg);
            }
        }
        if (folder == null) {
            return usage(out, "name the folder of damaged images and their NAME.mask.png masks");
        }
        if (!Files.isDirectory(folder)) {
            return usage(out, folder + " is not a folder; name the folder of damaged images and their masks");
        }
        try (BatchReconstruct batch = new BatchReconstruct(method)) {
            Outcome outcome = batch.run(folder, output != null ? output : folder.resolve("reconstructed"), out);
            out.println(outcome.reconstructed().size() + " reconstructed with " + batch.method() + ", "
                    + outcome.skipped().size() + " without a mask, " + outcome.failed().size() + " failed");
            return outcome.failed().isEmpty() ? 0 : 1;
        } catch (IllegalArgumentException e) {
            return usage(out, e.getMessage());
        } catch (IOException | HeritageException e) {
            out.println("Failed: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream out, String problem) {
        out.println("Error: " + problem);
        out.println("Usage: BatchReconstruct FOLDER [--out OUTPUT] [--method NAME]");
        return 2;
    }

    /**
     * The command line; see {@link #run(String[], PrintStream)}.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        int status = run(args, System.out);
        if (status != 0) {
            System.exit(status);
        }
    }
}
