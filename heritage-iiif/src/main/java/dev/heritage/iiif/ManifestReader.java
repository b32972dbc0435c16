package dev.heritage.iiif;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a IIIF manifest from a file or an {@code http(s)} URL (fetched through a
 * {@link SafeHttpClient}, so with its address checks and its manifest byte cap). The file is only
 * read. Stateless and thread-safe.
 */
public final class ManifestReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ManifestReader() {}

    /**
     * @param location a path, a {@code file:} URI, or an {@code http(s)} URL
     * @return {@code true} when the location is an http(s) URL rather than a file
     */
    public static boolean isUrl(String location) {
        String l = location.strip().toLowerCase(Locale.ROOT);
        return l.startsWith("http://") || l.startsWith("https://");
    }

    /**
     * @param location a path, a {@code file:} URI, or an {@code http(s)} URL
     * @param http the client that fetches a URL
     * @return the manifest
     * @throws ManifestException if it cannot be fetched or read, or is not a manifest with canvases;
     *     the message says which and what to do
     */
    public static IiifManifest read(String location, SafeHttpClient http) throws ManifestException {
        String where = location.strip();
        byte[] bytes;
        if (isUrl(where)) {
            try {
                bytes = http.get(
                        URI.create(where),
                        http.options().maxManifestBytes(),
                        "application/ld+json, application/json;q=0.9");
            } catch (IllegalArgumentException e) {
                throw new ManifestException("IIIF manifest " + where + ": not a valid URL (" + e.getMessage() + ")", e);
            } catch (FetchException e) {
                throw new ManifestException("IIIF manifest: " + e.getMessage(), e);
            }
        } else {
            bytes = readFile(where, http.options().maxManifestBytes());
        }
        JsonNode json;
        try {
            json = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ManifestException(
                    "IIIF manifest " + where + " is not JSON (" + e.getOriginalMessage()
                            + " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr()
                            + "); give the manifest's JSON, not a web page about it",
                    e);
        } catch (IOException e) {
            throw new ManifestException("IIIF manifest " + where + " cannot be read as JSON: " + e.getMessage(), e);
        }
        return IiifManifest.parse(json, where);
    }

    private static byte[] readFile(String where, long cap) throws ManifestException {
        Path file;
        try {
            file = where.toLowerCase(Locale.ROOT).startsWith("file:") ? Path.of(URI.create(where)) : Path.of(where);
        } catch (IllegalArgumentException e) {
            throw new ManifestException(
                    "IIIF manifest " + where + ": neither an http(s) URL nor a file path; give" + " one of them", e);
        }
        try {
            if (!Files.isRegularFile(file)) {
                throw new ManifestException(
                        "IIIF manifest " + where + ": no such file; give the manifest's file or" + " its http(s) URL");
            }
            if (Files.size(file) > cap) {
                throw new ManifestException(
                        "IIIF manifest " + where + " is larger than " + cap + " bytes, the cap" + " for a manifest");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ManifestException("IIIF manifest " + where + " cannot be read: " + e.getMessage(), e);
        }
    }
}
