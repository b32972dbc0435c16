package dev.heritage.engine.support;

import dev.heritage.api.HeritageVersion;
import dev.heritage.api.io.AtomicFiles;
import dev.heritage.api.model.Digests;
import java.io.IOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The digest record of a network derived into Heritage's cache in an engine's format: a file {@code
 * FOLDER.sha256} beside the derived folder that names what the folder was made from (the portable
 * weights, the graph and the network's file name, the engine, the exporter) and lists the SHA-256 of every file in it. A later load
 * uses the folder only when every file still has its recorded digest and no file was added or
 * removed, so a cached export is checked, never trusted: a truncated, edited or half-replaced export
 * fails the check and is derived again. Checking reads the files once; deriving again costs the
 * export and a comparison, several times more on a cold JVM.
 *
 * <p>The exporter is named by Heritage's version; for a development version ({@code -SNAPSHOT}) also
 * by the modification times of the code that exports (the engine module and heritage-network), so a
 * rebuilt exporter never reuses an export of the previous build.
 *
 * <p>Stateless and thread-safe. Processes that race on one folder each write a complete record
 * atomically ({@link AtomicFiles}); the last one wins, and all describe the same content.
 */
final class CachedExport {
    private static final String SUFFIX = ".sha256";

    private CachedExport() {}

    /**
     * @param folder a derived folder in the cache
     * @return its digest record, beside it
     */
    static Path recordOf(Path folder) {
        return folder.resolveSibling(folder.getFileName() + SUFFIX);
    }

    /**
     * What an export is made from, the first line of its record.
     *
     * @param sourceSha256 the SHA-256 naming what it is made from (the portable weights, the graph and
     *     the network's file name)
     * @param engine the engine and its version, e.g. {@code OnnxRuntime 1.21.1}
     * @param exporter a class of the engine module that writes the export
     * @return the line
     */
    static String origin(String sourceSha256, String engine, Class<?> exporter) {
        String version = HeritageVersion.get();
        String origin = "source " + sourceSha256 + " engine " + engine + " heritage " + version;
        if (version.endsWith("-SNAPSHOT") || version.equals("unknown")) {
            origin += " built " + modified(exporter) + "," + modified(dev.heritage.network.NetworkGraph.class);
        }
        return origin;
    }

    /**
     * @param folder a derived folder
     * @param origin what it must have been made from ({@link #origin})
     * @return whether its record names that origin and every file in it has its recorded digest, no
     *     more and no fewer files; false when the record or the folder is missing or unreadable
     */
    static boolean verified(Path folder, String origin) {
        Path record = recordOf(folder);
        try {
            if (!Files.isRegularFile(record) || !Files.isDirectory(folder)) {
                return false;
            }
            String recorded = Files.readString(record, StandardCharsets.UTF_8);
            return recorded.startsWith(origin + "\n") && recorded.equals(describe(folder, origin));
        } catch (IOException | RuntimeException e) {
            return false; // an unreadable record or file: derive again
        }
    }

    /**
     * Writes the record of a folder just derived, atomically.
     *
     * @param folder the derived folder
     * @param origin what it was made from
     * @throws IOException if the folder cannot be read or the record written
     */
    static void record(Path folder, String origin) throws IOException {
        AtomicFiles.writeString(recordOf(folder), describe(folder, origin));
    }

    /** Removes a folder's record, before the folder is replaced. */
    static void forget(Path folder) throws IOException {
        Files.deleteIfExists(recordOf(folder));
    }

    private static String describe(Path folder, String origin) throws IOException {
        StringBuilder b = new StringBuilder(origin).append('\n');
        List<Path> files;
        try (Stream<Path> s = Files.walk(folder)) {
            files = new ArrayList<>(s.filter(Files::isRegularFile).sorted().toList());
        }
        for (Path f : files) {
            b.append(Digests.sha256(f))
                    .append("  ")
                    .append(folder.relativize(f).toString().replace('\\', '/'))
                    .append('\n');
        }
        return b.toString();
    }

    private static String modified(Class<?> type) {
        URL url = type.getResource(type.getSimpleName() + ".class");
        if (url == null) {
            return "?";
        }
        try {
            URLConnection c = url.openConnection();
            c.setUseCaches(false);
            long modified = c.getLastModified();
            if (c instanceof java.net.JarURLConnection jar) {
                jar.getJarFile().close();
            }
            return Long.toString(modified);
        } catch (IOException e) {
            return "?";
        }
    }
}
