package dev.heritage.research.classify;

import dev.heritage.classify.collection.CsvReader;
import dev.heritage.classify.collection.CsvRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A CSV file as one map per row, for research tools; empty cells are left out (missing). */
public final class CsvRows {
    private CsvRows() {}

    /**
     * @param csv the file
     * @return its well-formed rows, column name to non-empty cell
     * @throws IOException if it cannot be read
     */
    public static List<Map<String, String>> read(Path csv) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        try (CsvReader r = CsvReader.open(csv)) {
            List<String> header = r.header();
            for (CsvRow row; (row = r.next()) != null; ) {
                if (!row.ok()) {
                    continue;
                }
                Map<String, String> m = new HashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    if (!row.cell(i).isBlank()) {
                        m.put(header.get(i), row.cell(i));
                    }
                }
                out.add(m);
            }
        }
        return out;
    }
}
