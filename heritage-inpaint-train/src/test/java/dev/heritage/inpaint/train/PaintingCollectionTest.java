package dev.heritage.inpaint.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaintingCollectionTest {

    @Test
    void readsQuotedCsv(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("metadata.csv"),
                "id,image,style,title\n"
                        + "a1,images/a1.jpg,Baroque,\"Still life, with \"\"fish\"\"\"\n"
                        + "a2,images/a2.jpg,\"Naive Art (Primitivism)\",\"two\nlines\"\r\n");
        PaintingCollection c = PaintingCollection.read(dir.resolve("metadata.csv"), "style");
        assertEquals(2, c.items().size());
        assertEquals("Naive Art (Primitivism)", c.items().get(1).label());
        assertEquals(
                dir.resolve("images/a1.jpg").toAbsolutePath().normalize(),
                c.items().get(0).image());
    }

    @Test
    void splitIsStratifiedSeededAndOrderFree() {
        List<PaintingCollection.Item> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            items.add(new PaintingCollection.Item("id" + i, Path.of("x" + i + ".jpg"), i % 4 == 0 ? "A" : "B"));
        }
        PaintingCollection.Split s = new PaintingCollection(Path.of("."), items).split(42, 0.1, "style");
        assertEquals(20, s.validation().size());
        assertEquals(180, s.train().size());
        assertEquals(
                5, s.validation().stream().filter(i -> i.label().equals("A")).count());
        List<PaintingCollection.Item> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, new Random(1));
        assertEquals(
                s.validation(),
                new PaintingCollection(Path.of("."), shuffled)
                        .split(42, 0.1, "style")
                        .validation());
        PaintingCollection.Split other = new PaintingCollection(Path.of("."), items).split(7, 0.1, "style");
        assertTrue(!other.validation().equals(s.validation()));
        Map<String, Object> card = s.toCard();
        assertEquals(180, card.get("train"));
        assertEquals(20, ((List<?>) card.get("validationIds")).size());
    }
}
