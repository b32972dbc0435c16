package dev.heritage.classify.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.Asset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectionReaderTest {

    @TempDir
    Path dir;

    private static final CollectionSchema SCHEMA = CollectionSchema.builder()
            .categorical("style")
            .text("title")
            .year("year")
            .numeric("width")
            .categorical("artist_id")
            .build();

    private Path csv(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void rowsBecomeAssetsWithTypedFieldsAndUnknownColumnsIgnored() throws IOException {
        Path file = csv(
                "metadata.csv",
                "id,image,style,title,year,width,source_path\n"
                        + "w1,images/w1.jpg,Baroque,\"Still life, with fruit\",1650.0,12.5,Baroque/secret.jpg\n"
                        + "w2,images/w2.jpg,,Untitled,,,x\n");
        LoadedCollection c = LoadedCollection.load(file, null, SCHEMA);
        assertEquals(2, c.assets().size());
        assertEquals(List.of(), c.errors());
        Asset w1 = c.assets().get(0);
        assertEquals("w1", w1.id());
        assertEquals(
                Map.of("style", "Baroque", "title", "Still life, with fruit", "year", "1650", "width", "12.5"),
                w1.fields());
        assertFalse(w1.fields().containsKey("source_path"), "columns the schema does not name are ignored");
        Asset w2 = c.assets().get(1);
        assertEquals(Map.of("title", "Untitled"), w2.fields(), "empty cells are missing");
        assertTrue(
                c.warnings().stream().anyMatch(w -> w.contains("'artist_id'")),
                c.warnings().toString());
    }

    @Test
    void badYearIsAPerRowFieldErrorNamingRowAndColumn() throws IOException {
        Path file = csv("metadata.csv", "id,image,year\na,a.jpg,1889\nb,b.jpg,abc\nc,c.jpg,circa 1890\nd,d.jpg,-350\n");
        LoadedCollection c = LoadedCollection.load(file, null, SCHEMA);
        assertEquals(List.of("a", "d"), c.assets().stream().map(Asset::id).toList());
        assertEquals(2, c.errors().size());
        RowError e = c.errors().get(0);
        assertEquals(RowError.Type.BAD_VALUE, e.type());
        assertEquals(2, e.row());
        assertEquals(3, e.line());
        assertEquals("b", e.id());
        assertEquals("year", e.column());
        assertTrue(e.message().startsWith("row 2 (line 3), column year: 'abc' is not a year"), e.message());
        assertTrue(c.errors().get(1).message().contains("'circa 1890' is not a year"));
        assertEquals("-350", c.assets().get(1).fields().get("year"));
    }

    @Test
    void dropFieldPolicyKeepsTheAssetAndReportsTheError() throws IOException {
        Path file = csv("metadata.csv", "id,image,year,style\nb,b.jpg,abc,Cubism\n");
        try (CollectionReader r = CollectionReader.builder(file)
                .schema(SCHEMA)
                .badValues(CollectionReader.BadValuePolicy.DROP_FIELD)
                .open()) {
            CollectionRow row = r.next();
            assertTrue(row.ok());
            assertEquals(Map.of("style", "Cubism"), row.asset().fields());
            assertEquals(1, row.errors().size());
            assertNull(r.next());
        }
    }

    @Test
    void raggedRowIsAnErrorRecordWithLineNumberAndTheBatchGoesOn() throws IOException {
        Path file = csv("metadata.csv", "id,image,title\na,a.jpg,One\nb,b.jpg,Two, unquoted\nc,c.jpg,Three\n");
        LoadedCollection c = LoadedCollection.load(file, null, SCHEMA);
        assertEquals(List.of("a", "c"), c.assets().stream().map(Asset::id).toList());
        RowError e = c.errors().get(0);
        assertEquals(RowError.Type.MALFORMED_ROW, e.type());
        assertEquals(3, e.line());
        assertEquals("b", e.id(), "the id is reported when it could be read");
        assertTrue(e.message().startsWith("row 2 (line 3): 4 cells, but the header has 3 columns"), e.message());
    }

    @Test
    void missingAndDuplicateIds() throws IOException {
        Path file = csv("metadata.csv", "id,image\na,a.jpg\n,b.jpg\na,c.jpg\n");
        LoadedCollection c = LoadedCollection.load(file, null, SCHEMA);
        assertEquals(1, c.assets().size());
        assertEquals(RowError.Type.MISSING_ID, c.errors().get(0).type());
        assertNull(c.errors().get(0).id());
        assertEquals(RowError.Type.DUPLICATE_ID, c.errors().get(1).type());
        assertTrue(
                c.errors().get(1).message().contains("already used by row 1"),
                c.errors().get(1).message());
    }

    @Test
    void withoutAnIdColumnTheIdIsTheRowNumber() throws IOException {
        Path file = csv("metadata.csv", "image,style\nx.jpg,Baroque\n\ny.jpg,Rococo\n");
        LoadedCollection c = LoadedCollection.load(file, null, SCHEMA);
        assertEquals(List.of("1", "2"), c.assets().stream().map(Asset::id).toList());
        LoadedCollection declared = LoadedCollection.load(
                file, null, CollectionSchema.builder().idColumn(null).build());
        assertEquals(
                List.of("1", "2"), declared.assets().stream().map(Asset::id).toList());
        assertTrue(declared.warnings().isEmpty());
    }

    @Test
    void relativeImagePathsResolveAgainstTheCsvFolder() throws IOException {
        Path file = csv("set/metadata.csv", "id,image\na,images/a.jpg\nb,/abs/b.jpg\nc,\nd,../other/d.jpg\n");
        LoadedCollection c = LoadedCollection.load(file, null, SCHEMA);
        Path setDir = dir.resolve("set").toAbsolutePath();
        assertEquals(setDir.resolve("images/a.jpg"), c.rows().get(0).imagePath());
        assertEquals(Path.of("/abs/b.jpg"), c.rows().get(1).imagePath(), "absolute paths are kept");
        assertNull(c.rows().get(2).imagePath());
        assertTrue(c.assets().get(2).imageSource().isEmpty(), "an empty image cell means no image");
        assertEquals(
                dir.toAbsolutePath().resolve("other/d.jpg"), c.rows().get(3).imagePath());
        assertTrue(c.assets().get(0).imageSource().isPresent(), "a missing file still gives an image source");
        assertEquals(
                setDir.resolve("images/a.jpg").toString(),
                c.assets().get(0).image().describe());
    }

    @Test
    void relativeImagePathsResolveAgainstTheImagesDirectoryWhenGiven() throws IOException {
        Path file = csv("set/metadata.csv", "id,image\na,a.jpg\nb,/abs/b.jpg\nc,images/c.jpg\n");
        Path images = dir.resolve("elsewhere");
        Files.createDirectories(dir.resolve("set/images"));
        Files.write(dir.resolve("set/images/c.jpg"), new byte[] {1});
        LoadedCollection c = LoadedCollection.load(file, images, SCHEMA);
        assertEquals(images.toAbsolutePath().resolve("a.jpg"), c.rows().get(0).imagePath());
        assertEquals(Path.of("/abs/b.jpg"), c.rows().get(1).imagePath());
        assertEquals(
                dir.resolve("set/images/c.jpg").toAbsolutePath(),
                c.rows().get(2).imagePath(),
                "a file only beside the CSV is found there");
        Files.createDirectories(images.resolve("images"));
        Files.write(images.resolve("images/c.jpg"), new byte[] {1});
        LoadedCollection again = LoadedCollection.load(file, images, SCHEMA);
        assertEquals(
                images.toAbsolutePath().resolve("images/c.jpg"),
                again.rows().get(2).imagePath(),
                "the images directory wins when the file is in both places");
    }

    @Test
    void edgeCaseResourceFile() throws Exception {
        Path file = Path.of(getClass().getResource("/collection/edge-cases.csv").toURI());
        CollectionSchema schema = CollectionSchema.builder()
                .categorical("artist_id")
                .categorical("style")
                .text("title")
                .year("year")
                .build();
        LoadedCollection c = LoadedCollection.load(file, null, schema);
        assertEquals(
                List.of("a1", "a2", "a3", "a6"),
                c.assets().stream().map(Asset::id).toList());
        assertEquals("1906", c.assets().get(1).fields().get("year"));
        assertEquals(
                "Line one\nline two\r\nline three", c.assets().get(2).fields().get("title"));
        assertTrue(c.assets().get(2).imageSource().isEmpty());
        assertEquals("-350", c.assets().get(3).fields().get("year"));
        assertEquals(Path.of("/abs/path/a6.png"), c.rows().get(5).imagePath());
        assertEquals(2, c.errors().size());
        assertEquals(RowError.Type.BAD_VALUE, c.errors().get(0).type());
        assertEquals(7, c.errors().get(0).line());
        assertEquals(RowError.Type.MALFORMED_ROW, c.errors().get(1).type());
        assertEquals("a5", c.errors().get(1).id());
        assertEquals(8, c.errors().get(1).line());
    }

    @Test
    void unusableFilesAreThrown() throws IOException {
        Path empty = csv("empty.csv", "");
        assertThrows(CsvFormatException.class, () -> LoadedCollection.load(empty, null, SCHEMA));
        Path twice = csv("twice.csv", "id,image,year,year\na,a.jpg,1,2\n");
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> LoadedCollection.load(twice, null, SCHEMA));
        assertTrue(e.getMessage().contains("'year' twice"), e.getMessage());
    }

    @Test
    void schemaRejectsAmbiguousDeclarations() {
        assertThrows(
                IllegalArgumentException.class,
                () -> CollectionSchema.builder().text("a").year("a").build());
        assertThrows(
                IllegalArgumentException.class,
                () -> CollectionSchema.builder().text("id").build());
        assertThrows(
                IllegalArgumentException.class,
                () -> CollectionSchema.builder().idColumn("x").imageColumn("x").build());
    }
}
