package dev.heritage.classify.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    private static List<CsvRow> rows(String csv) throws IOException {
        return rows(csv, CsvReader.Options.defaults());
    }

    private static List<CsvRow> rows(String csv, CsvReader.Options options) throws IOException {
        try (CsvReader r = new CsvReader(new StringReader(csv), options)) {
            return r.stream().collect(Collectors.toList());
        }
    }

    private static List<String> header(String csv) throws IOException {
        try (CsvReader r = new CsvReader(new StringReader(csv), CsvReader.Options.defaults())) {
            return r.header();
        }
    }

    @Test
    void quotedCommasAndDoubledQuotes() throws IOException {
        List<CsvRow> rows = rows("a,b,c\n1,\"x, y\",\"he said \"\"hi\"\"\"\n");
        assertEquals(1, rows.size());
        assertEquals(List.of("1", "x, y", "he said \"hi\""), rows.get(0).cells());
        assertTrue(rows.get(0).ok());
    }

    @Test
    void lineBreaksInsideQuotesAreKeptExactly() throws IOException {
        List<CsvRow> rows = rows("a,b\n1,\"one\ntwo\r\nthree\rfour\"\n2,x\n");
        assertEquals(List.of("1", "one\ntwo\r\nthree\rfour"), rows.get(0).cells());
        assertEquals(2, rows.get(0).line());
        assertEquals(List.of("2", "x"), rows.get(1).cells());
        assertEquals(6, rows.get(1).line(), "a quoted field over four lines moves the next record to line 6");
        assertEquals(2, rows.get(1).row());
    }

    @Test
    void crlfAndCrLineEndings() throws IOException {
        assertEquals(
                List.of(List.of("1", "2"), List.of("3", "4")),
                rows("a,b\r\n1,2\r\n3,4\r\n").stream().map(CsvRow::cells).toList());
        List<CsvRow> cr = rows("a,b\r1,2\r3,4");
        assertEquals(
                List.of(List.of("1", "2"), List.of("3", "4")),
                cr.stream().map(CsvRow::cells).toList());
        assertEquals(3, cr.get(1).line());
    }

    @Test
    void byteOrderMarkIsSkipped(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bom.csv");
        Files.write(file, "\uFEFFid,name\r\n1,\u00e9t\u00e9\r\n".getBytes(StandardCharsets.UTF_8));
        try (CsvReader r = CsvReader.open(file)) {
            assertEquals(List.of("id", "name"), r.header());
            assertEquals(List.of("1", "\u00e9t\u00e9"), r.next().cells());
            assertNull(r.next());
        }
    }

    @Test
    void withAndWithoutTrailingNewline() throws IOException {
        assertEquals(List.of("1", "2"), rows("a,b\n1,2").get(0).cells());
        assertEquals(1, rows("a,b\n1,2\n").size());
        assertEquals(List.of("1", ""), rows("a,b\n1,").get(0).cells());
        assertEquals(List.of("1", ""), rows("a,b\n1,\"\"").get(0).cells());
    }

    @Test
    void emptyCellsAndShortRows() throws IOException {
        List<CsvRow> rows = rows("a,b,c\n,,\n1\n");
        assertEquals(List.of("", "", ""), rows.get(0).cells());
        assertEquals(List.of("1"), rows.get(1).cells());
        assertTrue(rows.get(1).ok(), "fewer cells than the header is allowed");
        assertEquals("", rows.get(1).cell(2));
    }

    @Test
    void blankLinesAreSkippedButCounted() throws IOException {
        List<CsvRow> rows = rows("a\n\n1\r\n\r\n2\n");
        assertEquals(2, rows.size());
        assertEquals(3, rows.get(0).line());
        assertEquals(5, rows.get(1).line());
        assertEquals(2, rows.get(1).row());
    }

    @Test
    void raggedRowIsAProblemWithItsLineAndReadingGoesOn() throws IOException {
        List<CsvRow> rows = rows("id,b\n1,x\n2,y,z\n3,w\n");
        assertEquals(3, rows.size());
        CsvRow bad = rows.get(1);
        assertFalse(bad.ok());
        assertEquals(3, bad.line());
        assertEquals(2, bad.row());
        assertTrue(bad.problem().contains("3 cells, but the header has 2 columns"), bad.problem());
        assertEquals("2", bad.cell(0), "the cells read are kept so the id can be reported");
        assertEquals(List.of("3", "w"), rows.get(2).cells());
        assertTrue(rows.get(2).ok());
    }

    @Test
    void unterminatedQuoteIsReportedAndTheRestOfTheFileIsRead() throws IOException {
        List<CsvRow> rows = rows("id,t\n1,\"oops\n2,fine\n3,ok\n");
        assertEquals(3, rows.size());
        CsvRow bad = rows.get(0);
        assertFalse(bad.ok());
        assertEquals(2, bad.line());
        assertTrue(bad.problem().contains("opened on line 2 is never closed"), bad.problem());
        assertTrue(bad.problem().contains("reading goes on at line 3"), bad.problem());
        assertEquals(List.of("1"), bad.cells());
        assertEquals(List.of("2", "fine"), rows.get(1).cells());
        assertEquals(3, rows.get(1).line());
        assertEquals(List.of("3", "ok"), rows.get(2).cells());
        assertEquals(4, rows.get(2).line());
    }

    @Test
    void strayQuoteThatPairsWithALaterOneDoesNotSwallowTheRowsBetween() throws IOException {
        List<CsvRow> rows = rows("id,t\n1,\"oops\n2,fine\n3,\"ok\"\n");
        assertEquals(3, rows.size());
        CsvRow bad = rows.get(0);
        assertFalse(bad.ok());
        assertEquals(2, bad.line());
        assertTrue(bad.problem().contains("after a closing quote on line 4"), bad.problem());
        assertEquals("1", bad.cell(0));
        assertEquals(List.of("2", "fine"), rows.get(1).cells());
        assertEquals(3, rows.get(1).line());
        assertEquals(List.of("3", "ok"), rows.get(2).cells());
        assertEquals(4, rows.get(2).line());
    }

    @Test
    void singleLineProblemsDoNotClaimToResume() throws IOException {
        List<CsvRow> rows = rows("id,t\r\n1,2,3\r\n4,5\r\n");
        assertFalse(
                rows.get(0).problem().contains("reading goes on"), rows.get(0).problem());
        assertEquals(List.of("4", "5"), rows.get(1).cells());
        assertEquals(3, rows.get(1).line());
    }

    @Test
    void unterminatedQuoteOnTheLastLine() throws IOException {
        List<CsvRow> rows = rows("id,t\n1,x\n2,\"never closed");
        assertEquals(2, rows.size());
        assertTrue(rows.get(0).ok());
        assertFalse(rows.get(1).ok());
        assertEquals(3, rows.get(1).line());
    }

    @Test
    void textAfterAClosingQuoteIsAProblem() throws IOException {
        List<CsvRow> rows = rows("a,b\n\"ab\"c,d\n1,2\n");
        assertFalse(rows.get(0).ok());
        assertTrue(
                rows.get(0).problem().contains("after a closing quote on line 2"),
                rows.get(0).problem());
        assertTrue(rows.get(1).ok());
    }

    @Test
    void quoteInsideAnUnquotedFieldIsLiteral() throws IOException {
        assertEquals(
                List.of("12\" record", "x"), rows("a,b\n12\" record,x\n").get(0).cells());
    }

    @Test
    void overlongRecordIsAProblemAndReadingGoesOn() throws IOException {
        String longCell = "x".repeat(100);
        CsvReader.Options options = CsvReader.Options.defaults().withMaxRecordChars(50);
        List<CsvRow> rows = rows("a,b\n1," + longCell + "\n2,short\n", options);
        assertEquals(2, rows.size());
        assertFalse(rows.get(0).ok());
        assertTrue(rows.get(0).problem().contains("longer than 50"), rows.get(0).problem());
        assertEquals(List.of("2", "short"), rows.get(1).cells());
        assertEquals(3, rows.get(1).line());
        // An unclosed quote that runs past the bound resumes after the record's first line.
        List<CsvRow> quoted = rows("a,b\n1,\"" + "y\n".repeat(40) + "", options);
        assertFalse(quoted.get(0).ok());
        assertTrue(quoted.size() > 1);
    }

    @Test
    void emptyInputHasNoHeaderAndNoRows() throws IOException {
        assertEquals(List.of(), header(""));
        assertEquals(List.of(), rows(""));
        assertEquals(List.of(), rows("\n\r\n"));
    }

    @Test
    void malformedHeaderIsThrown() {
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> header("\"id,name\n"));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void withoutHeaderEveryRecordIsARowAndNoneIsRagged() throws IOException {
        List<CsvRow> rows = rows("1\n1,2,3\n", CsvReader.Options.defaults().withHeader(false));
        assertEquals(2, rows.size());
        assertTrue(rows.get(1).ok());
        assertEquals(1, rows.get(0).line());
    }

    @Test
    void edgeCaseResourceFile() throws Exception {
        Path file = Path.of(getClass().getResource("/collection/edge-cases.csv").toURI());
        List<CsvRow> rows = new ArrayList<>();
        try (CsvReader r = CsvReader.open(file)) {
            assertEquals("id", r.header().get(0), "the BOM is not part of the first column name");
            for (CsvRow row = r.next(); row != null; row = r.next()) {
                rows.add(row);
            }
        }
        assertEquals(6, rows.size());
        assertEquals("Haystacks, end of summer", rows.get(0).cell(4));
        assertEquals("The \"Water\" lilies", rows.get(1).cell(4));
        assertEquals("Line one\nline two\r\nline three", rows.get(2).cell(4));
        assertEquals(7, rows.get(3).line());
        assertFalse(rows.get(4).ok());
        assertEquals(8, rows.get(4).line());
        assertEquals(
                List.of("a6", "/abs/path/a6.png", "unknown", "Baroque", "Untitled", "-350", "v"),
                rows.get(5).cells(),
                "the last record has no line break after it");
    }
}
