package dev.heritage.classify.collection;

import dev.heritage.api.Asset;
import dev.heritage.api.FieldSpec;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a collection's {@code metadata.csv} row by row into {@link CollectionRow}s: each an
 * {@link Asset} (id, image, known fields) or the {@link RowError}s that explain why not. One bad
 * row never stops the file; only an unusable file (no header, a malformed header, an ambiguous
 * column) is thrown, as {@link CsvFormatException}.
 *
 * <ul>
 *   <li>Ids come from the schema's id column; without one (or when the CSV lacks it) the id is the
 *       1-based row number. An empty id is {@link RowError.Type#MISSING_ID}; an id seen before is
 *       {@link RowError.Type#DUPLICATE_ID} (the first row keeps it).
 *   <li>Image paths: an absolute path is kept; a relative one resolves against the images
 *       directory when one is given, else against the CSV's folder. When an images directory is
 *       given but the file is not under it while it is under the CSV's folder, the latter is used
 *       (so {@code images/x.jpg} works with either the collection root or nothing as the images
 *       directory). A missing file is not an error here: the asset keeps its image source and
 *       decoding reports the problem later. An empty image cell means the asset has no image.
 *   <li>Fields are read with {@link FieldKinds}: a blank cell is missing; a cell of the wrong kind is
 *       a {@link RowError.Type#BAD_VALUE} that, by {@link BadValuePolicy}, rejects the row or drops
 *       the field. Columns the schema does not name are ignored.
 * </ul>
 *
 * <p>Paths are not confined to the images directory: callers that read CSVs from untrusted parties
 * should check {@link CollectionRow#imagePath()} themselves.
 *
 * <p>Not thread-safe. The caller closes it, which closes the file.
 */
public final class CollectionReader implements Closeable, RowSource {

    /** What a cell of the wrong kind does to its row. */
    public enum BadValuePolicy {
        /** The row gives no asset, only its errors (the default: training data stays clean). */
        REJECT_ROW,
        /** The field is treated as missing; the row keeps its asset and reports the error. */
        DROP_FIELD
    }

    private final Path csv;
    private final Path csvDir;
    private final Path imagesDir;
    private final CollectionSchema schema;
    private final BadValuePolicy policy;
    private final CsvReader reader;
    private final List<String> header;
    private final int idIndex;
    private final int imageIndex;
    private final int[] fieldIndex;
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, Long> firstRowOfId = new HashMap<>();

    private CollectionReader(Builder b) throws IOException {
        this.csv = b.csv.toAbsolutePath().normalize();
        Path parent = csv.getParent();
        this.csvDir = parent == null ? Path.of("").toAbsolutePath() : parent;
        this.imagesDir =
                b.imagesDir == null ? null : b.imagesDir.toAbsolutePath().normalize();
        this.schema = b.schema;
        this.policy = b.policy;
        CsvReader r = CsvReader.open(csv, CsvReader.Options.defaults().withMaxRecordChars(b.maxRecordChars));
        try {
            List<String> raw = r.header();
            if (raw.isEmpty()) {
                throw new CsvFormatException(
                        csv + ": the file is empty; expected a header row such as " + "id,image,style,...");
            }
            List<String> names = new ArrayList<>(raw.size());
            for (String name : raw) {
                names.add(name.strip());
            }
            this.header = List.copyOf(names);
            this.idIndex = column(schema.idColumn(), "id column", "rows are identified by their row number");
            this.imageIndex = column(schema.imageColumn(), "image column", "the assets have no images");
            this.fieldIndex = new int[schema.fields().size()];
            for (int i = 0; i < fieldIndex.length; i++) {
                FieldSpec f = schema.fields().get(i);
                fieldIndex[i] = column(f.name(), "field", "it is missing in every row");
            }
            this.reader = r;
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    private int column(String name, String what, String consequence) throws CsvFormatException {
        if (name == null) {
            return -1;
        }
        int first = header.indexOf(name);
        if (first < 0) {
            warnings.add(csv.getFileName() + ": no column '" + name + "' (the schema's " + what + "); " + consequence
                    + ". Columns: " + header);
            return -1;
        }
        if (header.lastIndexOf(name) != first) {
            throw new CsvFormatException(csv + ": the header names column '" + name + "' twice; rename one.");
        }
        return first;
    }

    /**
     * @param csv the collection's {@code metadata.csv}
     * @return a builder for a reader of that file
     */
    public static Builder builder(Path csv) {
        return new Builder(csv);
    }

    /** @return the CSV's column names, stripped of surrounding white space */
    public List<String> header() {
        return header;
    }

    /** @return the CSV file, absolute */
    public Path csv() {
        return csv;
    }

    /** @return the CSV file, absolute */
    @Override
    public Optional<Path> inputFile() {
        return Optional.of(csv);
    }

    /** @return the images directory, absolute, if one was given */
    @Override
    public Optional<Path> imagesDir() {
        return Optional.ofNullable(imagesDir);
    }

    /** @return the schema */
    public CollectionSchema schema() {
        return schema;
    }

    /**
     * File-level remarks that are not errors: schema columns the CSV lacks.
     *
     * @return the remarks so far
     */
    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /**
     * Resolves an image cell as this reader does (see the class comment).
     *
     * @param cell a non-blank image path as written in the CSV
     * @return the absolute, normalised path
     * @throws InvalidPathException if the cell is not a path on this system
     */
    public Path resolveImage(String cell) {
        Path p = Path.of(cell.strip());
        if (p.isAbsolute()) {
            return p.normalize();
        }
        Path besideCsv = csvDir.resolve(p).normalize();
        if (imagesDir == null) {
            return besideCsv;
        }
        Path underImages = imagesDir.resolve(p).normalize();
        if (!Files.exists(underImages) && Files.exists(besideCsv)) {
            return besideCsv;
        }
        return underImages;
    }

    /**
     * Reads the next row.
     *
     * @return the row; {@code null} at the end of the file
     * @throws IOException if the file cannot be read
     */
    @Override
    public CollectionRow next() throws IOException {
        CsvRow r = reader.next();
        if (r == null) {
            return null;
        }
        String where = "row " + r.row() + " (line " + r.line() + ")";
        String id = idIndex >= 0 ? r.cell(idIndex).strip() : Long.toString(r.row());
        String knownId = id.isEmpty() ? null : id;
        if (!r.ok()) {
            return rejected(
                    r,
                    new RowError(
                            r.row(), r.line(), knownId, RowError.Type.MALFORMED_ROW, null, where + ": " + r.problem()));
        }
        if (knownId == null) {
            return rejected(
                    r,
                    new RowError(
                            r.row(),
                            r.line(),
                            null,
                            RowError.Type.MISSING_ID,
                            schema.idColumn(),
                            where + ", column " + schema.idColumn() + ": the id is empty"));
        }
        Long earlier = firstRowOfId.putIfAbsent(id, r.row());
        if (earlier != null) {
            return rejected(
                    r,
                    new RowError(
                            r.row(),
                            r.line(),
                            id,
                            RowError.Type.DUPLICATE_ID,
                            schema.idColumn(),
                            where + ", column " + schema.idColumn() + ": id '" + id + "' is already used by row "
                                    + earlier));
        }
        Asset.Builder asset = Asset.builder(id);
        List<RowError> errors = new ArrayList<>();
        for (int i = 0; i < fieldIndex.length; i++) {
            if (fieldIndex[i] < 0) {
                continue;
            }
            FieldSpec f = schema.fields().get(i);
            try {
                asset.field(f.name(), FieldKinds.normalise(f.kind(), r.cell(fieldIndex[i])));
            } catch (FieldValueException e) {
                errors.add(new RowError(
                        r.row(),
                        r.line(),
                        id,
                        RowError.Type.BAD_VALUE,
                        f.name(),
                        where + ", column " + f.name() + ": " + e.getMessage()));
            }
        }
        Path image = null;
        String cell = imageIndex >= 0 ? r.cell(imageIndex) : "";
        if (!cell.isBlank()) {
            try {
                image = resolveImage(cell);
                asset.image(image);
            } catch (InvalidPathException e) {
                errors.add(new RowError(
                        r.row(),
                        r.line(),
                        id,
                        RowError.Type.BAD_VALUE,
                        schema.imageColumn(),
                        where + ", column " + schema.imageColumn() + ": " + FieldKinds.show(cell)
                                + " is not a valid file path (" + e.getReason() + ")"));
            }
        }
        boolean usable = errors.isEmpty() || policy == BadValuePolicy.DROP_FIELD;
        return new CollectionRow(r.row(), r.line(), usable ? asset.build() : null, image, errors);
    }

    private static CollectionRow rejected(CsvRow r, RowError error) {
        return new CollectionRow(r.row(), r.line(), null, null, List.of(error));
    }

    /** Closes the file. */
    @Override
    public void close() throws IOException {
        reader.close();
    }

    /** A mutable builder of {@link CollectionReader}; not thread-safe. */
    public static final class Builder {
        private final Path csv;
        private Path imagesDir;
        private CollectionSchema schema = CollectionSchema.builder().build();
        private BadValuePolicy policy = BadValuePolicy.REJECT_ROW;
        private int maxRecordChars = CsvReader.DEFAULT_MAX_RECORD_CHARS;

        private Builder(Path csv) {
            this.csv = Objects.requireNonNull(csv, "csv");
        }

        /**
         * @param dir the directory relative image paths resolve against; {@code null} for the CSV's
         *     folder (the default)
         * @return this builder
         */
        public Builder imagesDir(Path dir) {
            this.imagesDir = dir;
            return this;
        }

        /**
         * @param schema which columns mean what (default: id {@code id}, image {@code image}, no
         *     fields)
         * @return this builder
         */
        public Builder schema(CollectionSchema schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
            return this;
        }

        /**
         * @param badValues what a cell of the wrong kind does to its row (default
         *     {@link BadValuePolicy#REJECT_ROW})
         * @return this builder
         */
        public Builder badValues(BadValuePolicy badValues) {
            this.policy = Objects.requireNonNull(badValues, "badValues");
            return this;
        }

        /**
         * @param chars the most characters one CSV record may have (default
         *     {@link CsvReader#DEFAULT_MAX_RECORD_CHARS})
         * @return this builder
         */
        public Builder maxRecordChars(int chars) {
            this.maxRecordChars = chars;
            return this;
        }

        /**
         * Opens the CSV and reads its header.
         *
         * @return a reader the caller closes
         * @throws CsvFormatException if the file is empty, its header is malformed or names a
         *     column the schema uses twice
         * @throws IOException if the file cannot be read
         */
        public CollectionReader open() throws IOException {
            return new CollectionReader(this);
        }
    }
}
