package dev.heritage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderPairsTest {

    @Test
    void imagesPairWithTheirMasksUnderSafeUniqueIds(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("room 1"));
        for (String f : List.of(
                "a.jpg",
                "a.mask.png",
                "room 1/b.png",
                "room 1/b.mask.png",
                "A.png",
                "c.tif",
                "notes.txt",
                ".hidden.jpg")) {
            Files.writeString(dir.resolve(f), "x");
        }
        List<List<String>> rows = FolderPairs.rows(dir);
        assertThat(rows).extracting(r -> r.get(0)).containsExactly("A", "a-2", "c", "room_1__b");
        assertThat(rows.get(1).get(1)).endsWith("a.jpg");
        assertThat(rows.get(1).get(2)).endsWith("a.mask.png");
        assertThat(rows.get(2).get(2))
                .as("a mask that is not there is still named: the row fails alone")
                .endsWith("c.mask.png");
        assertThat(FolderPairs.safe("x/y z!")).isEqualTo("x__y_z_");
    }
}
