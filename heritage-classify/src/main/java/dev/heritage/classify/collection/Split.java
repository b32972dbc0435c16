package dev.heritage.classify.collection;

import dev.heritage.api.Asset;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A seeded, stratified train/validation split.
 *
 * <p>Items are placed in groups (one item per group in {@link Mode#STRATIFIED}; one group per
 * {@linkplain #seriesKey(String, String) series} in {@link Mode#GROUPED}), each group belongs to
 * the stratum of its most common label, and within each stratum groups are taken in an order given
 * by a seeded hash of the group's key until the validation part holds the asked fraction of that
 * stratum's items (as nearly as whole groups allow). Hence:
 *
 * <ul>
 *   <li>the split depends only on the seed and the items (ids, labels, group keys), not on their
 *       order in the input, so it repeats exactly;
 *   <li>each stratum is split in the asked proportion (a stratum of one item stays in training);
 *   <li>in {@link Mode#GROUPED}, all members of a group fall on the same side, so "Composition
 *       III" and "Composition IV" of one artist cannot be one in training and one in validation.
 * </ul>
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder()}.
 */
public final class Split {

    /** How items are grouped before they are split. */
    public enum Mode {
        /** Every item on its own: a plain stratified split. */
        STRATIFIED,
        /** Items of one artist whose titles differ only by a series number or "study" stay together. */
        GROUPED
    }

    /** The seed used unless another is given. */
    public static final long DEFAULT_SEED = 42L;
    /** The validation fraction used unless another is given. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.15;
    /** The stratum of items whose label is missing, and of all items when no label is used. */
    public static final String MISSING_STRATUM = "(missing)";

    private static final Pattern NON_ALNUM = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern ROMAN = Pattern.compile("x{0,3}(ix|iv|v?i{0,3})");
    private static final Pattern NUMBERED = Pattern.compile("\\d+[a-z]?|\\d+(st|nd|rd|th)|no?\\d+|nr\\d+");
    private static final Set<String> SERIES_WORDS = Set.of(
            "study",
            "studies",
            "sketch",
            "sketches",
            "no",
            "nr",
            "n",
            "number",
            "num",
            "version",
            "variant",
            "detail",
            "part",
            "op",
            "opus",
            "fragment");
    private static final Set<String> LEADING_SERIES_WORDS = Set.of("study", "studies", "sketch", "sketches");

    private final long seed;
    private final double validationFraction;
    private final String stratifyBy;
    private final Mode mode;
    private final String artistField;
    private final String titleField;

    private Split(Builder b) {
        this.seed = b.seed;
        this.validationFraction = b.validationFraction;
        this.stratifyBy = b.stratifyBy;
        this.mode = b.mode;
        this.artistField = b.artistField;
        this.titleField = b.titleField;
    }

    /**
     * @return a builder: seed {@value #DEFAULT_SEED}, validation fraction
     *     {@value #DEFAULT_VALIDATION_FRACTION}, no stratification, {@link Mode#GROUPED} by
     *     {@code artist_id} and {@code title}
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the seed */
    public long seed() {
        return seed;
    }

    /** @return the fraction of each stratum that goes to validation */
    public double validationFraction() {
        return validationFraction;
    }

    /** @return the mode */
    public Mode mode() {
        return mode;
    }

    /**
     * Splits assets: stratified by the configured label field, grouped (in {@link Mode#GROUPED}) by
     * {@link #seriesKey(String, String)} of the configured artist and title fields. An asset whose
     * artist or title is missing is a group of its own.
     *
     * @param assets the assets, with unique ids
     * @return the split
     */
    public SplitResult<Asset> apply(List<Asset> assets) {
        Function<Asset, String> stratum =
                stratifyBy == null ? a -> null : a -> a.fields().get(stratifyBy);
        Function<Asset, String> group = mode == Mode.STRATIFIED
                ? a -> null
                : a -> seriesKey(a.fields().get(artistField), a.fields().get(titleField));
        return apply(assets, Asset::id, stratum, group);
    }

    /**
     * Splits any items.
     *
     * @param <T> the item type
     * @param items the items
     * @param id an item's unique id (used to order items that have no group)
     * @param stratum an item's label; {@code null} or blank for {@link #MISSING_STRATUM}
     * @param group an item's group key; {@code null} for a group of its own. Ignored in
     *     {@link Mode#STRATIFIED}.
     * @return the split
     */
    public <T> SplitResult<T> apply(
            List<T> items,
            Function<? super T, String> id,
            Function<? super T, String> stratum,
            Function<? super T, String> group) {
        Objects.requireNonNull(items, "items");
        int n = items.size();
        String[] labels = new String[n];
        Map<String, Group> groups = new HashMap<>();
        for (int i = 0; i < n; i++) {
            T item = items.get(i);
            String label = stratum.apply(item);
            labels[i] = label == null || label.isBlank() ? MISSING_STRATUM : label.strip();
            String g = mode == Mode.STRATIFIED ? null : group.apply(item);
            String key = g == null ? "item:" + Objects.requireNonNull(id.apply(item), "id") : "group:" + g;
            groups.computeIfAbsent(key, k -> new Group(k, hash(seed, k))).add(i, labels[i]);
        }
        Map<String, List<Group>> byStratum = new TreeMap<>();
        for (Group g : groups.values()) {
            byStratum.computeIfAbsent(g.stratum(), s -> new ArrayList<>()).add(g);
        }
        boolean[] validation = new boolean[n];
        Comparator<Group> order = Comparator.comparingLong((Group g) -> g.hash).thenComparing(g -> g.key);
        for (List<Group> stratumGroups : byStratum.values()) {
            stratumGroups.sort(order);
            int size = 0;
            for (Group g : stratumGroups) {
                size += g.members.size();
            }
            long target = Math.round(validationFraction * size);
            long taken = 0;
            for (Group g : stratumGroups) {
                long after = taken + g.members.size();
                if (after <= target || (taken < target && after - target < target - taken)) {
                    taken = after;
                    for (int i : g.members) {
                        validation[i] = true;
                    }
                }
            }
        }
        List<T> train = new ArrayList<>();
        List<T> val = new ArrayList<>();
        Map<String, int[]> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            (validation[i] ? val : train).add(items.get(i));
            counts.computeIfAbsent(labels[i], k -> new int[2])[validation[i] ? 1 : 0]++;
        }
        List<SplitResult.StratumCount> strata = new ArrayList<>();
        counts.forEach((k, v) -> strata.add(new SplitResult.StratumCount(k, v[0], v[1])));
        return new SplitResult<>(train, val, strata, seed, validationFraction, mode, groups.size());
    }

    /**
     * The group key of a work in a numbered or studied series: the artist, lower-cased, and the
     * {@linkplain #seriesTitle(String) series title}.
     *
     * @param artist the artist's id or name
     * @param title the work's title
     * @return the key; {@code null} when the artist or the title is missing (no grouping evidence)
     */
    public static String seriesKey(String artist, String title) {
        if (artist == null || artist.isBlank() || title == null || title.isBlank()) {
            return null;
        }
        return artist.strip().toLowerCase(Locale.ROOT) + '\u001f' + seriesTitle(title);
    }

    /**
     * A title with what distinguishes the members of a series removed: lower-cased, accents and
     * punctuation dropped, a leading "study for"/"sketch of" and trailing numbers, roman numerals
     * (up to xxxix) and words such as "study", "no.", "version", "part", "detail" stripped.
     * "Composition No. 8", "Composition VIII" and "Study for Composition 8 (detail)" all give
     * "composition". A title made only of such parts gives {@code ""}.
     *
     * @param title a title
     * @return the series title
     */
    public static String seriesTitle(String title) {
        String s = Normalizer.normalize(title.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        s = MARKS.matcher(s).replaceAll("");
        s = NON_ALNUM.matcher(s).replaceAll(" ").strip();
        if (s.isEmpty()) {
            return "";
        }
        List<String> tokens = new ArrayList<>(Arrays.asList(s.split(" ")));
        while (tokens.size() >= 2
                && LEADING_SERIES_WORDS.contains(tokens.get(0))
                && (tokens.get(1).equals("for") || tokens.get(1).equals("of"))) {
            tokens.subList(0, 2).clear();
        }
        while (!tokens.isEmpty() && isSeriesMarker(tokens.get(tokens.size() - 1))) {
            tokens.remove(tokens.size() - 1);
        }
        return String.join(" ", tokens);
    }

    private static boolean isSeriesMarker(String token) {
        return SERIES_WORDS.contains(token)
                || NUMBERED.matcher(token).matches()
                || (!token.isEmpty() && ROMAN.matcher(token).matches());
    }

    /** A seeded 64-bit hash of a key: FNV-1a over the characters, then a SplitMix64 finaliser. */
    static long hash(long seed, String key) {
        long h = 0xcbf29ce484222325L ^ (seed * 0x9E3779B97F4A7C15L);
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h;
    }

    @Override
    public String toString() {
        return "Split[seed=" + seed + ", validation=" + validationFraction + ", stratifyBy=" + stratifyBy + ", mode="
                + mode + "]";
    }

    private static final class Group {
        final String key;
        final long hash;
        final List<Integer> members = new ArrayList<>(1);
        final Map<String, Integer> labels = new LinkedHashMap<>(2);

        Group(String key, long hash) {
            this.key = key;
            this.hash = hash;
        }

        void add(int index, String label) {
            members.add(index);
            labels.merge(label, 1, Integer::sum);
        }

        /** The most common label; ties go to the smallest label, so the choice is order-independent. */
        String stratum() {
            String best = null;
            int bestCount = 0;
            for (Map.Entry<String, Integer> e : labels.entrySet()) {
                int c = e.getValue();
                if (c > bestCount || (c == bestCount && e.getKey().compareTo(best) < 0)) {
                    best = e.getKey();
                    bestCount = c;
                }
            }
            return best;
        }
    }

    /** A mutable builder of {@link Split}; not thread-safe. */
    public static final class Builder {
        private long seed = DEFAULT_SEED;
        private double validationFraction = DEFAULT_VALIDATION_FRACTION;
        private String stratifyBy;
        private Mode mode = Mode.GROUPED;
        private String artistField = "artist_id";
        private String titleField = "title";

        private Builder() {}

        /**
         * @param seed the seed (default {@value Split#DEFAULT_SEED})
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param fraction the fraction of each stratum for validation, in [0, 1] (default
         *     {@value Split#DEFAULT_VALIDATION_FRACTION})
         * @return this builder
         */
        public Builder validationFraction(double fraction) {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("the validation fraction must be in [0, 1], got " + fraction);
            }
            this.validationFraction = fraction;
            return this;
        }

        /**
         * @param field the label field to stratify by (e.g. {@code style}); {@code null} for none
         * @return this builder
         */
        public Builder stratifyBy(String field) {
            this.stratifyBy = field;
            return this;
        }

        /**
         * @param mode grouped (the default) or plain stratified
         * @return this builder
         */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Selects {@link Mode#GROUPED} with the given fields.
         *
         * @param artist the artist field (default {@code artist_id})
         * @param title the title field (default {@code title})
         * @return this builder
         */
        public Builder groupBySeries(String artist, String title) {
            this.artistField = Objects.requireNonNull(artist, "artist");
            this.titleField = Objects.requireNonNull(title, "title");
            this.mode = Mode.GROUPED;
            return this;
        }

        /** @return the split */
        public Split build() {
            return new Split(this);
        }
    }
}
