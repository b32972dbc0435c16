package dev.heritage.classify.collection;

import dev.heritage.api.Asset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole collection in memory: every row of its {@code metadata.csv}, as {@link Asset}s and
 * {@link RowError}s, read by a {@link CollectionReader}. Images are not decoded: assets carry their
 * image sources.
 *
 * <p>Immutable and thread-safe. Holds no open resources.
 */
public final class LoadedCollection {

    private final Path csv;
    private final Path imagesDir;
    private final CollectionSchema schema;
    private final List<String> header;
    private final List<CollectionRow> rows;
    private final List<Asset> assets;
    private final List<RowError> errors;
    private final List<String> warnings;

    private LoadedCollection(CollectionReader reader, List<CollectionRow> rows) {
        this.csv = reader.csv();
        this.imagesDir = reader.imagesDir().orElse(null);
        this.schema = reader.schema();
        this.header = reader.header();
        this.rows = List.copyOf(rows);
        List<Asset> a = new ArrayList<>();
        List<RowError> e = new ArrayList<>();
        for (CollectionRow row : rows) {
            if (row.ok()) {
                a.add(row.asset());
            }
            e.addAll(row.errors());
        }
        this.assets = List.copyOf(a);
        this.errors = List.copyOf(e);
        this.warnings = reader.warnings();
    }

    /**
     * Reads a whole collection.
     *
     * @param csv the {@code metadata.csv}
     * @param imagesDir the directory relative image paths resolve against; {@code null} for the
     *     CSV's folder
     * @param schema which columns mean what
     * @return the collection
     * @throws CsvFormatException if the file cannot be used at all (see {@link CollectionReader})
     * @throws IOException if the file cannot be read
     */
    public static LoadedCollection load(Path csv, Path imagesDir, CollectionSchema schema) throws IOException {
        try (CollectionReader reader = CollectionReader.builder(csv)
                .imagesDir(imagesDir)
                .schema(schema)
                .open()) {
            return readAll(reader);
        }
    }

    /**
     * Reads the remaining rows of a reader (which the caller still closes).
     *
     * @param reader an open reader
     * @return the collection of the rows read
     * @throws IOException if the file cannot be read
     */
    public static LoadedCollection readAll(CollectionReader reader) throws IOException {
        Objects.requireNonNull(reader, "reader");
        List<CollectionRow> rows = new ArrayList<>();
        for (CollectionRow row = reader.next(); row != null; row = reader.next()) {
            rows.add(row);
        }
        return new LoadedCollection(reader, rows);
    }

    /** @return the CSV file, absolute */
    public Path csv() {
        return csv;
    }

    /** @return the images directory, if one was given */
    public Optional<Path> imagesDir() {
        return Optional.ofNullable(imagesDir);
    }

    /** @return the schema the collection was read with */
    public CollectionSchema schema() {
        return schema;
    }

    /** @return the CSV's column names */
    public List<String> header() {
        return header;
    }

    /** @return every data row, in file order */
    public List<CollectionRow> rows() {
        return rows;
    }

    /** @return the assets of the usable rows, in file order */
    public List<Asset> assets() {
        return assets;
    }

    /** @return every row error, in file order */
    public List<RowError> errors() {
        return errors;
    }

    /** @return file-level remarks, such as schema columns the CSV lacks */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return "LoadedCollection[" + csv + ", " + rows.size() + " rows, " + assets.size() + " assets, " + errors.size()
                + " errors]";
    }
}
