package dev.heritage.engine.support;

import dev.heritage.runtime.FileTrees;
import dev.heritage.runtime.HeritageCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Unpacks native libraries shipped inside Maven jars into a versioned folder of the
 * {@link HeritageCache}, once per version, so engines load them from a stable place instead of a
 * fresh temporary folder per process.
 *
 * <p>Unpacking is atomic: files are written into a temporary sibling folder that is renamed into
 * place, so a crash never leaves a half-written library that looks complete. Concurrent JVMs are
 * safe: the loser of the rename race uses the winner's folder. Thread-safe.
 */
public final class NativeLibraries {
    private NativeLibraries() {}

    /**
     * @param classLoader the loader whose class path holds the jar
     * @param resourceFolder the folder inside the jar, e.g. {@code ai/onnxruntime/native/linux-x64/}
     * @param markerFile a file that must be in that folder
     * @param target the versioned folder to create, e.g. {@code CACHE/onnxruntime-1.21.1-cpu}
     * @return {@code target}, holding every file of the folder (not recursing)
     * @throws IllegalStateException naming the missing artifact when the folder is not on the class path
     */
    public static Path unpack(ClassLoader classLoader, String resourceFolder, String markerFile, Path target) {
        if (Files.isRegularFile(target.resolve(markerFile))) {
            return target;
        }
        URL marker = classLoader.getResource(resourceFolder + markerFile);
        if (marker == null) {
            throw new IllegalStateException("Native library " + resourceFolder + markerFile
                    + " is not on the class path; the engine's native Maven artifact is missing.");
        }
        try {
            Files.createDirectories(target.getParent());
            Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".partial-");
            try {
                for (String name : list(marker, resourceFolder, markerFile)) {
                    try (InputStream in = classLoader.getResourceAsStream(resourceFolder + name)) {
                        if (in == null) {
                            continue;
                        }
                        Files.copy(in, staging.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                try {
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    if (!Files.isRegularFile(target.resolve(markerFile))) {
                        throw e;
                    }
                } catch (IOException e) {
                    // Another process won the race: a non-empty target exists.
                    if (!Files.isRegularFile(target.resolve(markerFile))) {
                        throw e;
                    }
                }
            } finally {
                FileTrees.deleteRecursively(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot unpack native libraries into " + target + "; set -D" + HeritageCache.PROPERTY
                            + " to a writable folder",
                    e);
        }
        return target;
    }

    private static List<String> list(URL marker, String folder, String markerFile) throws IOException {
        List<String> names = new ArrayList<>();
        if ("jar".equals(marker.getProtocol())) {
            JarURLConnection conn = (JarURLConnection) marker.openConnection();
            conn.setUseCaches(false);
            try (JarFile jar = conn.getJarFile()) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    String n = entry.getName();
                    if (!entry.isDirectory() && n.startsWith(folder) && n.indexOf('/', folder.length()) < 0) {
                        names.add(n.substring(folder.length()));
                    }
                }
            }
        } else if ("file".equals(marker.getProtocol())) {
            try (Stream<Path> s = Files.list(Path.of(marker.toURI()).getParent())) {
                s.filter(Files::isRegularFile)
                        .forEach(p -> names.add(p.getFileName().toString()));
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
        } else {
            names.add(markerFile);
        }
        return names;
    }
}
