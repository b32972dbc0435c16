package dev.heritage.inpaint.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A folder of paintings described by a {@code metadata.csv} (columns {@code id}, {@code image} — a path
 * relative to the CSV — and a label column such as {@code style}), and its seeded, stratified
 * train/validation split: what the learned reconstructors are trained and validated on.
 *
 * <p>The split puts, within each label, the items whose {@code SHA-256(seed + ":" + id)} is smallest into
 * validation until it holds {@code round(fraction × size)} of them. It depends only on the seed, the ids
 * and the labels, not on the order of the rows, so it repeats exactly on any machine.
 *
 * <p>Immutable and thread-safe; holds no resources. Reads no image: only the CSV.
 *
 * @param root the folder of the CSV (image paths are relative to it)
 * @param items the rows, in the CSV's order
 */
public record PaintingCollection(Path root, List<Item> items) {
    /** The seed of the zoo models' split. */
    public static final long DEFAULT_SEED = 42L;
    /** The validation share of the zoo models' split. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.10;

    /**
     * One painting. Immutable and thread-safe.
     *
     * @param id its unique id
     * @param image the image file (absolute)
     * @param label its stratum (e.g. the style); empty when missing
     */
    public record Item(String id, Path image, String label) {
        /** Validates. */
        public Item {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(image, "image");
            label = label == null ? "" : label;
        }
    }

    /**
     * A split of a collection. Immutable and thread-safe.
     *
     * @param seed the seed
     * @param validationFraction the share of each label put into validation
     * @param labelColumn the column the split is stratified by
     * @param train the training items, sorted by id
     * @param validation the validation items, sorted by id
     */
    public record Split(
            long seed, double validationFraction, String labelColumn, List<Item> train, List<Item> validation) {
        /** Copies. */
        public Split {
            train = List.copyOf(train);
            validation = List.copyOf(validation);
        }

        /**
         * @return the split's description for a model card: seed, fraction, stratification, counts (total
         *     and per label) and the validation ids
         */
        public Map<String, Object> toCard() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seed", seed);
            m.put("validationFraction", validationFraction);
            m.put("stratifiedBy", labelColumn);
            m.put("method", "per label, the items with the smallest SHA-256(seed:id) go to validation");
            m.put("train", train.size());
            m.put("validation", validation.size());
            Map<String, Map<String, Integer>> per = new TreeMap<>();
            for (Item i : train) {
                per.computeIfAbsent(i.label(), k -> new LinkedHashMap<>(Map.of("train", 0, "validation", 0)))
                        .merge("train", 1, Integer::sum);
            }
            for (Item i : validation) {
                per.computeIfAbsent(i.label(), k -> new LinkedHashMap<>(Map.of("train", 0, "validation", 0)))
                        .merge("validation", 1, Integer::sum);
            }
            m.put("perLabel", per);
            m.put("validationIds", validation.stream().map(Item::id).toList());
            return m;
        }
    }

    /** Copies. */
    public PaintingCollection {
        Objects.requireNonNull(root, "root");
        items = List.copyOf(items);
    }

    /**
     * Reads a collection's CSV (UTF-8, RFC 4180 quoting, a header row).
     *
     * @param csv the {@code metadata.csv}
     * @param labelColumn the column to stratify by (e.g. {@code style})
     * @return the collection
     * @throws IOException if the file cannot be read, or lacks the {@code id}, {@code image} or label column
     */
    public static PaintingCollection read(Path csv, String labelColumn) throws IOException {
        Objects.requireNonNull(labelColumn, "labelColumn");
        List<List<String>> rows = parseCsv(Files.readString(csv, StandardCharsets.UTF_8));
        if (rows.isEmpty()) {
            throw new IOException(csv + ": empty; expected a header row with id, image and " + labelColumn);
        }
        List<String> header = rows.get(0);
        int id = header.indexOf("id");
        int image = header.indexOf("image");
        int label = header.indexOf(labelColumn);
        if (id < 0 || image < 0 || label < 0) {
            throw new IOException(
                    csv + ": the header must name the columns id, image and " + labelColumn + "; it has " + header);
        }
        Path root = csv.toAbsolutePath().getParent();
        List<Item> items = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() == 1 && row.get(0).isBlank()) {
                continue;
            }
            if (row.size() <= Math.max(id, Math.max(image, label))) {
                throw new IOException(
                        csv + ": row " + (r + 1) + " has " + row.size() + " columns, the header " + header.size());
            }
            items.add(new Item(row.get(id), root.resolve(row.get(image)).normalize(), row.get(label)));
        }
        return new PaintingCollection(root, items);
    }

    /**
     * @param seed the seed
     * @param validationFraction the share of each label that goes to validation, in [0, 1)
     * @param labelColumn the name of the label, for the card
     * @return the split
     */
    public Split split(long seed, double validationFraction, String labelColumn) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 1), got " + validationFraction);
        }
        Map<String, List<Item>> byLabel = new TreeMap<>();
        for (Item i : items) {
            byLabel.computeIfAbsent(i.label(), k -> new ArrayList<>()).add(i);
        }
        List<Item> train = new ArrayList<>();
        List<Item> validation = new ArrayList<>();
        for (List<Item> group : byLabel.values()) {
            List<Item> sorted = new ArrayList<>(group);
            Map<String, String> keys = new LinkedHashMap<>();
            for (Item i : sorted) {
                keys.put(i.id(), hash(seed + ":" + i.id()));
            }
            sorted.sort(Comparator.comparing((Item i) -> keys.get(i.id())).thenComparing(Item::id));
            int n = (int) Math.round(validationFraction * sorted.size());
            if (sorted.size() < 2) {
                n = 0;
            }
            validation.addAll(sorted.subList(0, n));
            train.addAll(sorted.subList(n, sorted.size()));
        }
        train.sort(Comparator.comparing(Item::id));
        validation.sort(Comparator.comparing(Item::id));
        return new Split(seed, validationFraction, labelColumn, train, validation);
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }

    /** RFC 4180: fields separated by commas, quoted with double quotes, quotes doubled inside quotes. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        int n = text.length();
        if (n > 0 && text.charAt(0) == '\uFEFF') {
            i = 1;
        }
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
