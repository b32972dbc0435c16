package dev.heritage.classify.collection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A folder of images as a collection, so that a folder can be annotated without a hand-made CSV: every
 * image file below the folder is one row whose id is its path relative to the folder ({@code /}
 * separated), in the order of those paths. Hidden files and folders (names starting with {@code .}) and
 * files of other kinds are left out; symbolic links are not followed, so nothing outside the folder is
 * listed.
 *
 * <p>Stateless and thread-safe.
 */
public final class ImageFolder {
    /** The file name extensions taken for images, compared without case. */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "tif", "tiff", "bmp", "gif");

    private ImageFolder() {}

    /**
     * @param folder a folder
     * @return the image files below it, relative to it, sorted by their {@code /}-separated path
     * @throws IOException if the folder cannot be read
     */
    public static List<String> list(Path folder) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(Files::isRegularFile)
                    .map(f -> folder.relativize(f))
                    .filter(ImageFolder::visibleImage)
                    .map(rel -> rel.toString().replace(rel.getFileSystem().getSeparator(), "/"))
                    .forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    /**
     * Writes the folder's rows as a metadata CSV with the columns {@code id} and {@code image} (both the
     * relative path), which {@link CollectionReader} reads with the folder as its images folder.
     *
     * @param folder the folder of images
     * @param csv the CSV to write (atomically)
     * @return how many rows were written
     * @throws IOException if the folder cannot be read or the CSV written
     */
    public static int writeMetadata(Path folder, Path csv) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("id", "image"));
        for (String image : list(folder)) {
            rows.add(List.of(image, image));
        }
        CsvWriter.write(csv, rows);
        return rows.size() - 1;
    }

    private static boolean visibleImage(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return false;
            }
        }
        String name = relative.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
