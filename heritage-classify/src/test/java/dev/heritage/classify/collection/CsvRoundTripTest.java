package dev.heritage.classify.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CsvRoundTripTest {

    private static final String SPECIAL = ",\"\r\n\uFEFF a";

    @Provide
    Arbitrary<List<List<String>>> tables() {
        Arbitrary<String> cell = Arbitraries.oneOf(
                Arbitraries.strings().withChars(SPECIAL).ofMaxLength(8),
                Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.just(""));
        return cell.list().ofMinSize(1).ofMaxSize(5).list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<List<String>>> utf8Tables() {
        Arbitrary<String> cell = Arbitraries.oneOf(
                Arbitraries.strings().withChars(SPECIAL).ofMaxLength(8),
                Arbitraries.strings()
                        .withCharRange('\u0000', '\uD7FF')
                        .withChars(SPECIAL)
                        .ofMaxLength(12));
        return cell.list().ofMinSize(1).ofMaxSize(5).list().ofMaxSize(8);
    }

    @Property(tries = 500)
    void writerThenReaderGivesBackTheSameCells(
            @ForAll("tables") List<List<String>> table, @ForAll CsvWriter.LineEnding ending) throws IOException {
        StringWriter text = new StringWriter();
        try (CsvWriter w = new CsvWriter(text, ending)) {
            for (List<String> row : table) {
                w.writeRow(row);
            }
        }
        assertEquals(table, read(new CsvReader(new StringReader(text.toString()), noHeader())));
    }

    @Property(tries = 300)
    void roundTripThroughUtf8Bytes(@ForAll("utf8Tables") List<List<String>> table) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CsvWriter w = new CsvWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8))) {
            for (List<String> row : table) {
                w.writeRow(row);
            }
        }
        CsvReader reader = new CsvReader(
                new InputStreamReader(new ByteArrayInputStream(bytes.toByteArray()), StandardCharsets.UTF_8),
                noHeader());
        assertEquals(table, read(reader));
    }

    @Property(tries = 300)
    void everyWrittenRecordIsWellFormed(@ForAll("tables") List<List<String>> table) throws IOException {
        StringWriter text = new StringWriter();
        try (CsvWriter w = new CsvWriter(text)) {
            for (List<String> row : table) {
                w.writeRow(row);
            }
        }
        try (CsvReader r = new CsvReader(new StringReader(text.toString()), noHeader())) {
            r.stream().forEach(row -> assertTrue(row.ok(), row.problem()));
        }
    }

    private static CsvReader.Options noHeader() {
        return CsvReader.Options.defaults().withHeader(false);
    }

    private static List<List<String>> read(CsvReader reader) throws IOException {
        List<List<String>> out = new ArrayList<>();
        try (reader) {
            for (CsvRow row = reader.next(); row != null; row = reader.next()) {
                out.add(row.cells());
            }
        }
        return out;
    }
}
