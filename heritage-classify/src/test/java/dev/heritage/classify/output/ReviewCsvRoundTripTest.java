package dev.heritage.classify.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Asset;
import dev.heritage.api.Prediction;
import dev.heritage.classify.collection.CsvFormatException;
import dev.heritage.classify.collection.CsvReader;
import dev.heritage.classify.collection.CsvRow;
import dev.heritage.classify.collection.CsvWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The review CSV: one row per object, errors in their column, and decisions read back as known fields. */
class ReviewCsvRoundTripTest {
    @TempDir
    Path dir;

    private static List<CsvRow> rows(String csv) throws Exception {
        List<CsvRow> out = new ArrayList<>();
        try (CsvReader r = new CsvReader(new StringReader(csv), CsvReader.Options.defaults())) {
            r.header();
            for (CsvRow row; (row = r.next()) != null; ) {
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void oneRowPerObjectWithValueConfidenceReviewFlagAndErrors() throws Exception {
        StringWriter s = new StringWriter();
        try (AnnotationWriter w = new ReviewCsvWriter(s, OutputTestData.TASKS)) {
            w.writeResult(OutputTestData.scream());
            w.writeError("broken", "invalid_image", "broken.png: not an image, check the file");
            w.writeResult(OutputTestData.uriObject());
        }
        List<String> header = ReviewCsvWriter.header(OutputTestData.TASKS);
        assertEquals("id", header.get(0));
        assertEquals(
                List.of("artist", "artist_confidence", "artist_needsReview", "artist_alternatives", "artist_review"),
                header.subList(6, 11));
        List<CsvRow> rows = rows(s.toString());
        assertEquals(3, rows.size());
        CsvRow scream = rows.get(0);
        assertTrue(scream.ok());
        assertEquals(header.size(), scream.cells().size());
        assertEquals("obj 17/a", scream.cell(0));
        assertEquals("", scream.cell(header.indexOf("style")), "style was known, not predicted");
        assertEquals("Edvard Munch", scream.cell(header.indexOf("artist")));
        assertEquals("0.6123", scream.cell(header.indexOf("artist_confidence")));
        assertEquals("true", scream.cell(header.indexOf("artist_needsReview")));
        assertEquals(
                "Paul Gauguin (0.1000); Vincent van Gogh, \"the elder\" (0.0500)",
                scream.cell(header.indexOf("artist_alternatives")));
        assertEquals("1800s", scream.cell(header.indexOf("century")));
        assertEquals("", scream.cell(header.indexOf("error")));
        CsvRow broken = rows.get(1);
        assertEquals("broken", broken.cell(0));
        assertEquals("invalid_image: broken.png: not an image, check the file", broken.cell(header.indexOf("error")));
        assertTrue(rows.get(2).cell(header.indexOf("warnings")).contains("Vorticism"));
    }

    @Test
    void reviewedDecisionsComeBackAsKnownFields() throws Exception {
        Path review = dir.resolve("review.csv");
        try (AnnotationWriter w =
                new ReviewCsvWriter(Files.newBufferedWriter(review, StandardCharsets.UTF_8), OutputTestData.TASKS)) {
            w.writeResult(OutputTestData.scream());
            w.writeResult(OutputTestData.uriObject());
        }
        // A reviewer fills the decision columns in a spreadsheet and saves.
        List<String> header = ReviewCsvWriter.header(OutputTestData.TASKS);
        List<CsvRow> rows = rows(Files.readString(review));
        Path edited = dir.resolve("reviewed.csv");
        try (CsvWriter w = CsvWriter.create(edited, CsvWriter.LineEnding.CRLF)) {
            w.writeRow(header);
            List<String> a = new ArrayList<>(rows.get(0).cells());
            a.set(header.indexOf("artist_review"), " Accept ");
            a.set(header.indexOf("century_review"), "reject");
            w.writeRow(a);
            List<String> b = new ArrayList<>(rows.get(1).cells());
            b.set(header.indexOf("style_review"), "Impressionism");
            b.set(header.indexOf("decade_review"), "yes");
            w.writeRow(b);
        }
        ReviewDecisions d = ReviewDecisions.read(edited);
        assertEquals(1, d.accepted());
        assertEquals(1, d.corrected());
        assertEquals(1, d.rejected());
        assertEquals(1, d.problems().size(), "accepting an empty prediction is reported");
        assertTrue(d.problems().get(0).contains("decade"), d.problems().get(0));
        assertEquals(Map.of("artist", "Edvard Munch"), d.knownFields("obj 17/a"));
        Asset before = Asset.builder("obj 17/a").field("title", "The Scream").build();
        Asset after = d.apply(before);
        assertEquals(Map.of("title", "The Scream", "artist", "Edvard Munch"), after.fields());
        Asset styled = Asset.builder("https://collection.example.org/objects/42")
                .field("style", "Baroque")
                .build();
        assertSame(styled, d.apply(styled), "a value the input already has wins");
        Asset other = Asset.builder("unreviewed").build();
        assertSame(other, d.apply(other));
    }

    /** Issue 23, case 9: formula-like ids and values are neutralised and come back unchanged. */
    @Test
    void formulaLikeIdsAndValuesAreNeutralisedAndReadBackUnchanged() throws Exception {
        List<String> hostile = List.of(
                "=HYPERLINK(\"http://x\",\"y\")",
                "+1+1",
                "-2",
                "@SUM(A1)",
                "\tcmd",
                "\rcmd",
                "'quoted",
                "''twice",
                "'",
                "plain");
        Path review = dir.resolve("review.csv");
        try (AnnotationWriter w =
                new ReviewCsvWriter(Files.newBufferedWriter(review, StandardCharsets.UTF_8), OutputTestData.TASKS)) {
            for (String v : hostile) {
                Map<String, Prediction> p = new LinkedHashMap<>();
                p.put(
                        "artist",
                        Prediction.builder("artist", v, 0.5)
                                .optNeedsReview(true)
                                .build());
                w.writeResult(new AnnotationResult(v + "-obj", "m", p, List.of("image"), List.of()));
            }
        }
        List<String> header = ReviewCsvWriter.header(OutputTestData.TASKS);
        List<CsvRow> rows = rows(Files.readString(review));
        assertEquals(hostile.size(), rows.size());
        for (CsvRow row : rows) {
            for (String cell : row.cells()) {
                assertTrue(
                        cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0,
                        "no cell starts with a formula character: " + cell);
            }
        }
        assertEquals("'=HYPERLINK(\"http://x\",\"y\")", rows.get(0).cell(header.indexOf("artist")));
        assertEquals("'''twice", rows.get(7).cell(header.indexOf("artist")), "a leading quote is doubled");
        // The reviewer accepts every prediction; the values and ids come back exactly.
        Path edited = dir.resolve("reviewed.csv");
        try (CsvWriter w = CsvWriter.create(edited, CsvWriter.LineEnding.CRLF)) {
            w.writeRow(header);
            for (CsvRow row : rows) {
                List<String> cells = new ArrayList<>(row.cells());
                cells.set(header.indexOf("artist_review"), "accept");
                w.writeRow(cells);
            }
        }
        ReviewDecisions d = ReviewDecisions.read(edited);
        assertEquals(hostile.size(), d.accepted(), d.problems().toString());
        for (String v : hostile) {
            // ids are stripped when read (as ids are everywhere), values too
            assertEquals(Map.of("artist", v.strip()), d.knownFields((v + "-obj").strip()), v);
        }
    }

    @Test
    void aFileThatIsNotAReviewExportIsRefusedWithItsColumns() throws Exception {
        Path csv = dir.resolve("metadata.csv");
        Files.writeString(csv, "id,image,style\nobj1,a.jpg,Baroque\n");
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> ReviewDecisions.read(csv));
        assertTrue(e.getMessage().contains("_review") && e.getMessage().contains("[id, image, style]"), e.getMessage());
    }
}
