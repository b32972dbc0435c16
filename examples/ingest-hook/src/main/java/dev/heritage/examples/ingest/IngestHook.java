package dev.heritage.examples.ingest;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.api.HeritageException;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.api.io.AtomicFiles;
import dev.heritage.classify.Annotators;
import dev.heritage.classify.output.Generator;
import dev.heritage.classify.output.WebAnnotationWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An ingest hook for a collection's image folder: annotates every image that has no up-to-date
 * annotation yet with the zoo model {@code paintings-multitask} and writes, beside {@code NAME.jpg},
 * a W3C Web Annotation page {@code NAME.jpg.jsonld} (written by the library's
 * {@link WebAnnotationWriter}; atomically, so a reader never sees half a file).
 *
 * <p>An annotation is up to date when its file is at least as new as the image; so a run can be
 * repeated, and an image replaced later is annotated again. An image that cannot be read gets a page
 * with no annotation and its error in {@code errors}. Hidden files and files that are not
 * images ({@code .jpg}, {@code .jpeg}, {@code .png}, {@code .tif}, {@code .tiff}, {@code .bmp}) are
 * left alone.
 *
 * <p>Command line: {@code IngestHook FOLDER [--once] [--target-base IRI] [--engine NAME]}. With
 * {@code --once} it makes one pass and exits (for cron jobs and CI); without, it makes one pass and
 * then watches the folder with a {@link WatchService} until interrupted.
 *
 * <p>One instance holds one shared annotator; {@link #annotateNewImages(Path)} is meant for one
 * thread at a time. Close it to release the annotator.
 */
public final class IngestHook implements AutoCloseable {
    /** The zoo model this hook annotates with (non-commercial research and educational use only). */
    public static final String MODEL = "paintings-multitask";
    /** What is appended to an image's file name to name its annotation page. */
    public static final String ANNOTATION_SUFFIX = ".jsonld";
    /** The file name extensions (lower case) of the images this hook annotates. */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "tif", "tiff", "bmp");
    /** The {@code errorType} of an image that could not be decoded. */
    public static final String INVALID_IMAGE = "invalid_image";

    private final Annotator annotator;
    private final Generator generator;
    private final String targetBase;
    private final PrintStream log;

    /**
     * Loads the annotator.
     *
     * @param engine the engine name ({@code onnxruntime}, {@code pytorch}, {@code tensorflow}), or
     *     {@code null} for the highest-ranked engine on the class path
     * @param targetBase an absolute IRI that object ids (the image's name without its extension) are
     *     appended to, e.g. {@code https://collection.example.org/objects/}; {@code null} for
     *     {@code urn:heritage:object:NAME}
     * @param log where to report what was done
     * @throws HeritageException if the model or the engine cannot be loaded; the message says what to add
     */
    public IngestHook(String engine, String targetBase, PrintStream log) throws HeritageException {
        this.log = Objects.requireNonNull(log, "log");
        // Fails here, before any model is loaded, when the target base is not an absolute IRI.
        WebAnnotationWriter.builder(new Generator("-", "-", "-", "-", "-")).optTargetBase(targetBase);
        this.targetBase = targetBase;
        EngineProvider provider = Annotators.engine(engine);
        this.annotator = Annotators.load(MODEL, AnnotatorOptions.builder().engine(provider.name()).build());
        this.generator = Generator.of(annotator.card(), provider.name(), provider.version());
    }

    /**
     * Annotates every image in {@code folder} (not its sub-folders) whose annotation page is missing
     * or older than the image.
     *
     * @param folder the folder
     * @return the annotation pages written, in file-name order
     * @throws IOException if the folder cannot be listed or a page cannot be written
     * @throws HeritageException if the engine fails (an unreadable image is not an engine failure:
     *     it is recorded in its page)
     */
    public List<Path> annotateNewImages(Path folder) throws IOException, HeritageException {
        List<Path> images;
        try (Stream<Path> files = Files.list(folder)) {
            images = files.filter(IngestHook::isImage).sorted().toList();
        }
        List<Path> written = new ArrayList<>();
        for (Path image : images) {
            Path page = annotationPageOf(image);
            try {
                if (isUpToDate(page, image)) {
                    continue;
                }
                writePage(image, page);
            } catch (NoSuchFileException removed) {
                continue; // removed (or renamed) while we were at it: nothing to annotate
            }
            written.add(page);
        }
        return written;
    }

    /**
     * Annotates what is new in {@code folder} now, then again each time a file is created or changed
     * there, until the thread is interrupted.
     *
     * @param folder the folder to watch
     * @throws IOException if the folder cannot be watched or a page cannot be written
     * @throws HeritageException if the engine fails
     */
    public void watch(Path folder) throws IOException, HeritageException {
        try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
            // Registered before the first pass, so that nothing created during it is missed.
            folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            report(annotateNewImages(folder));
            log.println("Watching " + folder + " for new images (Ctrl-C to stop)");
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key;
                try {
                    key = watcher.take();
                } catch (InterruptedException | ClosedWatchServiceException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                key.pollEvents(); // which file does not matter: a pass skips what is up to date
                report(annotateNewImages(folder));
                if (!key.reset()) {
                    log.println(folder + " is no longer accessible; stopping");
                    return;
                }
            }
        }
    }

    /**
     * @param image an image file
     * @return the file its annotation page is written to: the image's name followed by {@value #ANNOTATION_SUFFIX}
     */
    public static Path annotationPageOf(Path image) {
        return image.resolveSibling(image.getFileName() + ANNOTATION_SUFFIX);
    }

    /**
     * @param image an image file
     * @return the object id of that image: its file name without the extension
     */
    public static String objectIdOf(Path image) {
        String name = image.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private void writePage(Path image, Path page) throws IOException, HeritageException {
        String id = objectIdOf(image);
        // Read before annotating: a file replaced while it is annotated is done again on the next pass.
        FileTime imageTime = Files.getLastModifiedTime(image);
        AnnotationResult result = null;
        String error = null;
        try {
            result = annotator.annotate(Asset.builder(id).image(image).build());
        } catch (InvalidImageException e) {
            error = e.getMessage();
        }
        AnnotationResult annotated = result;
        String failure = error;
        AtomicFiles.write(page, out -> {
            WebAnnotationWriter writer = WebAnnotationWriter.builder(generator).optTargetBase(targetBase)
                    .open(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            try (writer) {
                if (annotated != null) {
                    writer.writeResult(annotated);
                } else {
                    writer.writeError(id, INVALID_IMAGE, failure);
                }
            }
        });
        // The page carries the image's time, so that an image copied in with an older time still counts as new.
        Files.setLastModifiedTime(page, imageTime);
    }

    private static boolean isUpToDate(Path page, Path image) throws IOException {
        return Files.isRegularFile(page)
                && Files.getLastModifiedTime(page).compareTo(Files.getLastModifiedTime(image)) >= 0;
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && dot > 0 && Files.isRegularFile(file)
                && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private void report(List<Path> pages) {
        pages.forEach(p -> log.println("Annotated: " + p));
    }

    /** Releases the annotator. */
    @Override
    public void close() {
        annotator.close();
    }

    /**
     * Runs the hook as the command line does, without exiting the JVM.
     *
     * @param args {@code FOLDER [--once] [--target-base IRI] [--engine NAME]}
     * @param out where to report
     * @return the exit status: 0 done, 1 failed, 2 bad usage
     */
    public static int run(String[] args, PrintStream out) {
        Path folder = null;
        boolean once = false;
        String targetBase = null;
        String engine = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--once" -> once = true;
                case "--target-base", "--engine" -> {
                    if (i + 1 == args.length) {
                        return usage(out, args[i] + " needs a value");
                    }
                    if (args[i].equals("--engine")) {
                        engine = args[++i];
                    } else {
                        targetBase = args[++i];
                    }
                }
                default -> {
                    if (args[i].startsWith("--") || folder != null) {
                        return usage(out, "unexpected argument '" + args[i] + "'");
                    }
                    folder = Path.of(args[i]);
                }
            }
        }
        if (folder == null) {
            return usage(out, "name the folder of images to annotate");
        }
        if (!Files.isDirectory(folder)) {
            return usage(out, folder + " is not a folder; name the folder the images arrive in");
        }
        try (IngestHook hook = new IngestHook(engine, targetBase, out)) {
            if (once) {
                List<Path> pages = hook.annotateNewImages(folder);
                hook.report(pages);
                out.println(pages.size() + " image(s) annotated in " + folder);
            } else {
                hook.watch(folder);
            }
            return 0;
        } catch (IllegalArgumentException e) {
            return usage(out, e.getMessage());
        } catch (IOException | HeritageException e) {
            out.println("Failed: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream out, String problem) {
        out.println("Error: " + problem);
        out.println("Usage: IngestHook FOLDER [--once] [--target-base IRI] [--engine NAME]");
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
