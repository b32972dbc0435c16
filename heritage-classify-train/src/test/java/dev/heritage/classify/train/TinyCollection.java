package dev.heritage.classify.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * A tiny synthetic collection for tests (seconds, not minutes): three "styles" drawn differently
 * (red stripes, blue dots, green gradients), six artists (two per style, each with its own decade),
 * titles naming the artist's motif, and a year for most rows. Written as {@code metadata.csv} plus
 * PNG images, with a training configuration sized for tests.
 */
public final class TinyCollection {
    /** The styles. */
    public static final List<String> STYLES = List.of("Stripes", "Dots", "Gradients");

    private TinyCollection() {}

    /**
     * @param dir folder to write into
     * @param rows number of rows
     * @param seed seed
     * @return the CSV path
     * @throws IOException if files cannot be written
     */
    public static Path write(Path dir, int rows, long seed) throws IOException {
        Files.createDirectories(dir.resolve("images"));
        Random r = new Random(seed);
        List<String> lines = new ArrayList<>();
        lines.add("id,image,style,artist,title,year,notes");
        for (int i = 0; i < rows; i++) {
            int artist = r.nextInt(6);
            int style = artist % 3;
            String id = "obj" + i;
            ImageIO.write(
                    image(style, r), "png", dir.resolve("images/" + id + ".png").toFile());
            String motif = new String[] {"harbour", "orchard", "cathedral", "meadow", "mountain", "river"}[artist];
            String year = r.nextDouble() < 0.8 ? String.valueOf(1700 + 40 * artist + r.nextInt(10)) : "";
            lines.add(id + ",images/" + id + ".png," + STYLES.get(style) + ",Artist " + (char) ('A' + artist)
                    + ",\"The " + motif + ", study " + (i % 7) + "\"," + year + ",ignored column");
        }
        Path csv = dir.resolve("metadata.csv");
        Files.write(csv, lines, StandardCharsets.UTF_8);
        return csv;
    }

    /**
     * @param dir folder to write into
     * @param name the file name of the edited configuration
     * @param edit changes to the plain configuration's JSON tree
     * @return the edited configuration's file
     * @throws IOException if it cannot be written
     */
    public static Path config(Path dir, String name, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode tree = configTree(dir);
        edit.accept(tree);
        Path p = dir.resolve(name);
        Files.writeString(p, tree.toString());
        return p;
    }

    /**
     * @param dir where the plain configuration is written
     * @return the plain configuration as a JSON tree, to edit
     * @throws IOException if it cannot be written or read
     */
    public static ObjectNode configTree(Path dir) throws IOException {
        return (ObjectNode) new ObjectMapper().readTree(config(dir).toFile());
    }

    /**
     * @param dir folder to write into
     * @return a training configuration sized for tests
     * @throws IOException if it cannot be written
     */
    public static Path config(Path dir) throws IOException {
        String json = """
                {
                  "id": "tiny-annotator", "version": "0.0.1",
                  "description": "Test model", "licence": "Test data, no restrictions.",
                  "trainingData": "synthetic",
                  "inputs": [ {"name": "style", "kind": "categorical"}, {"name": "title", "kind": "text"} ],
                  "tasks": [ {"name": "style", "kind": "categorical", "source": "style"},
                             {"name": "artist", "kind": "categorical", "source": "artist"},
                             {"name": "decade", "kind": "decade", "source": "year"},
                             {"name": "century", "kind": "century", "source": "year"} ],
                  "image": {"descriptors": true, "engine": "onnxruntime"},
                  "text": {"buckets": 256, "minChar": 3, "maxChar": 4},
                  "split": {"seed": 7, "validation": 0.25, "stratify": "style", "grouped": false},
                  "training": {"epochs": 25, "batchSize": 16, "learningRate": 0.003, "patience": 25,
                               "imageHidden": 32, "textHidden": 16, "embedding": 4, "shared": 32, "dropout": 0.1,
                               "seed": 3},
                  "minArtistImagesForMetrics": 2
                }
                """;
        Path p = dir.resolve("config.json");
        Files.writeString(p, json);
        return p;
    }

    /**
     * @param style 0, 1 or 2
     * @param r randomness
     * @return a 64×64 image of that style
     */
    public static BufferedImage image(int style, Random r) {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 64, 64);
        switch (style) {
            case 0 -> {
                g.setColor(new Color(200 + r.nextInt(55), 20, 20));
                for (int x = r.nextInt(6); x < 64; x += 8) {
                    g.fillRect(x, 0, 4, 64);
                }
            }
            case 1 -> {
                g.setColor(new Color(20, 20, 200 + r.nextInt(55)));
                for (int k = 0; k < 30; k++) {
                    g.fillOval(r.nextInt(60), r.nextInt(60), 6, 6);
                }
            }
            default -> {
                for (int y = 0; y < 64; y++) {
                    g.setColor(new Color(0, 60 + y * 3, 40));
                    g.drawLine(0, y, 63, y);
                }
            }
        }
        g.dispose();
        return img;
    }
}
