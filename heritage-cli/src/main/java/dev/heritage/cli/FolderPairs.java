package dev.heritage.cli;

import dev.heritage.classify.collection.CsvWriter;
import dev.heritage.classify.collection.ImageFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rows of {@code heritage reconstruct --input FOLDER}: each image {@code NAME.EXT} below the folder
 * (not itself a mask) with the mask {@code NAME.mask.png} beside it, and an id that can name its outputs:
 * the relative path without its extension, {@code /} as {@code __}, other characters outside
 * {@code A-Z a-z 0-9 . _ -} as {@code _}, and {@code -2}, {@code -3}, ... where two ids would otherwise
 * be the same (compared without case). Stateless and thread-safe.
 */
final class FolderPairs {
    /** The suffix that marks a mask beside its image. */
    static final String MASK_SUFFIX = ".mask.png";

    private FolderPairs() {}

    /**
     * @param folder the folder of images and masks
     * @param csv the {@code id,image,mask} CSV to write, with absolute paths
     * @return how many rows were written
     * @throws IOException if the folder cannot be read or the CSV written
     */
    static int write(Path folder, Path csv) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("id", "image", "mask"));
        rows.addAll(rows(folder));
        CsvWriter.write(csv, rows);
        return rows.size() - 1;
    }

    /** @return id, image and mask (absolute paths) of every image below the folder that is not a mask */
    static List<List<String>> rows(Path folder) throws IOException {
        Path root = folder.toAbsolutePath().normalize();
        List<List<String>> rows = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (String rel : ImageFolder.list(folder)) {
            if (rel.toLowerCase(Locale.ROOT).endsWith(MASK_SUFFIX)) {
                continue;
            }
            int dot = rel.lastIndexOf('.');
            String stem = rel.substring(0, dot);
            String id = safe(stem);
            String unique = id;
            for (int n = 2; !taken.add(unique.toLowerCase(Locale.ROOT)); n++) {
                unique = id + "-" + n;
            }
            rows.add(List.of(
                    unique,
                    root.resolve(rel).toString(),
                    root.resolve(stem + MASK_SUFFIX).toString()));
        }
        return rows;
    }

    static String safe(String stem) {
        String s = stem.replace("/", "__").replaceAll("[^A-Za-z0-9._-]", "_");
        return s.startsWith(".") ? "_" + s.substring(1) : s;
    }
}
