package dev.heritage.classify.model;

import dev.heritage.api.MalformedModelException;
import dev.heritage.api.model.CardSection;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Makes an annotator's answers agree with each other and with the known fields, from co-occurrence
 * in the training split:
 *
 * <ul>
 *   <li>the artist is one seen with the style (known, or predicted jointly with it); a painting may also
 *       be by an artist outside the artist task's classes, who fits every style, with the share such rows
 *       had in training, so the known artists' styles do not overrule the style evidence;
 *   <li>the artist's active decades are evidence for the decade: the decade distribution is
 *       multiplied by {@code Σ_artist p(artist) P(decade | artist)} raised to {@link #artistDecadeWeight()}
 *       (tuned on validation);
 *   <li>the decade lies inside the century (decade and century are decoded jointly).
 * </ul>
 *
 * <p>The reported answers then agree by construction, not only in distribution: the style is the
 * argmax of its joint marginal and the artist distribution is restricted to artists seen with that
 * style; the decade is restricted to the artist's span (the decades the answered artist was seen in,
 * widened by {@value #SPAN_MARGIN} decade on each side; artists without dated training rows are not
 * restricted) and the century is the most probable one that overlaps that span; the decade is then
 * restricted to that century. Restricted distributions are renormalised, so each answer's
 * confidence is its probability given the answers it must agree with.
 *
 * <p>Works on calibrated probabilities of the tasks {@code style}, {@code artist}, {@code decade},
 * {@code century}, whichever the model has. Immutable and thread-safe.
 *
 * @param styleTask the style task or {@code null}
 * @param artistTask the artist task or {@code null}
 * @param decadeTask the decade task or {@code null}
 * @param centuryTask the century task or {@code null}
 * @param artistStyles per artist class, per style class: whether they were seen together
 * @param artistDecades per artist class, smoothed P(decade | artist)
 * @param artistDecadeWeight exponent of the artist-decade evidence (0 turns it off)
 * @param artistSpans per artist class, the first and last decade class seen in training, or
 *     {@code {-1, -1}} when the artist has no dated training row; an empty array when unknown (models
 *     written before spans were stored): then the decade is not restricted by the artist
 * @param otherArtistShare the share of training rows whose artist is outside the artist task's classes
 *     (left out for having too few rows); in the joint style–artist distribution such an "other" artist
 *     fits every style, so the known artists' styles do not pull the style of a painting by someone else
 *     (0 in models written before it was stored)
 * @param artistStyleWeight exponent of the artist evidence on the style: the style distribution is
 *     multiplied by {@code ((1 - other) Σ_artist p(artist) [artist seen with style] + other)} raised to it
 *     (tuned on validation; 0 leaves the style as its head says, 1 is the full joint distribution, as in
 *     models written before it was stored)
 * @param styleOtherShares per style class, the share of that style's artist-labelled training rows
 *     whose artist is outside the artist task's classes; 1 for a style none of whose training rows
 *     names an artist (the 4,500 style-only rows of wikiart-more-styles). It replaces
 *     {@code otherArtistShare} in the style's factor, so that a style whose artists the model does not
 *     know is not penalised for it: with the global share, such a style could only be explained by an
 *     "other" artist and was multiplied by that share (about 0.3) on every painting. An empty array
 *     (models written before 2.0.0) uses {@code otherArtistShare} for every style, as they did.
 */
public record JointDecoder(
        TaskEncoder styleTask,
        TaskEncoder artistTask,
        TaskEncoder decadeTask,
        TaskEncoder centuryTask,
        boolean[][] artistStyles,
        double[][] artistDecades,
        double artistDecadeWeight,
        int[][] artistSpans,
        double otherArtistShare,
        double artistStyleWeight,
        double[] styleOtherShares) {

    /**
     * @param style a style class
     * @return the share of that style's paintings by an artist outside the artist task's classes
     */
    public double otherShare(int style) {
        return styleOtherShares.length == 0 ? otherArtistShare : styleOtherShares[style];
    }

    /** Decades allowed on each side of an artist's span. */
    public static final int SPAN_MARGIN = 1;

    /** A decoder that changes nothing. */
    public static JointDecoder none(AnnotatorSpec spec) {
        return new JointDecoder(
                null, null, null, null, new boolean[0][0], new double[0][0], 0, new int[0][0], 0, 1, new double[0]);
    }

    /**
     * Learns the co-occurrence tables from training rows.
     *
     * @param spec the model's tasks
     * @param rows training rows (raw fields)
     * @param artistDecadeWeight exponent of the artist-decade evidence
     * @return the decoder
     */
    public static JointDecoder fit(AnnotatorSpec spec, List<Map<String, String>> rows, double artistDecadeWeight) {
        TaskEncoder style = find(spec, "style");
        TaskEncoder artist = find(spec, "artist");
        TaskEncoder decade = find(spec, "decade");
        TaskEncoder century = find(spec, "century");
        boolean[][] as = new boolean[artist == null ? 0 : artist.classes()][style == null ? 0 : style.classes()];
        double[][] ad = new double[artist == null ? 0 : artist.classes()][decade == null ? 0 : decade.classes()];
        int[][] spans = new int[artist == null || decade == null ? 0 : artist.classes()][];
        for (int a = 0; a < spans.length; a++) {
            spans[a] = new int[] {-1, -1};
        }
        int withArtist = 0;
        int otherArtist = 0;
        if (artist != null) {
            for (Map<String, String> r : rows) {
                int a = artist.label(r).orElse(-1);
                String raw = r.get(artist.source());
                if (raw != null && !raw.isBlank()) {
                    withArtist++;
                    otherArtist += a < 0 ? 1 : 0;
                }
                if (a < 0) {
                    continue;
                }
                if (style != null) {
                    style.label(r).ifPresent(s -> as[a][s] = true);
                }
                if (decade != null) {
                    decade.label(r).ifPresent(d -> {
                        ad[a][d] += 1;
                        spans[a][0] = spans[a][0] < 0 ? d : Math.min(spans[a][0], d);
                        spans[a][1] = Math.max(spans[a][1], d);
                    });
                }
            }
            for (double[] row : ad) {
                double sum = 0;
                for (double v : row) {
                    sum += v;
                }
                // Add-0.5 smoothing spread by distance: unseen decades near the artist's stay plausible.
                double[] smooth = new double[row.length];
                for (int d = 0; d < row.length; d++) {
                    double s = 0.5 / row.length;
                    for (int e = 0; e < row.length; e++) {
                        if (row[e] > 0) {
                            s += row[e] * Math.exp(-Math.abs(d - e));
                        }
                    }
                    smooth[d] = s;
                }
                double total = 0;
                for (double v : smooth) {
                    total += v;
                }
                for (int d = 0; d < row.length; d++) {
                    row[d] = sum == 0 ? 1.0 / row.length : smooth[d] / total;
                }
            }
        }
        double[] styleOther = new double[style == null || artist == null ? 0 : style.classes()];
        if (styleOther.length > 0) {
            int[] labelled = new int[styleOther.length];
            int[] outside = new int[styleOther.length];
            for (Map<String, String> r : rows) {
                String raw = r.get(artist.source());
                int s = style.label(r).orElse(-1);
                if (s >= 0 && raw != null && !raw.isBlank()) {
                    labelled[s]++;
                    outside[s] += artist.label(r).isPresent() ? 0 : 1;
                }
            }
            for (int s = 0; s < styleOther.length; s++) {
                // No artist-labelled row: whoever painted it, the model does not know them.
                styleOther[s] = labelled[s] == 0 ? 1 : outside[s] / (double) labelled[s];
            }
        }
        return new JointDecoder(
                style,
                artist,
                decade,
                century,
                as,
                ad,
                artistDecadeWeight,
                spans,
                withArtist == 0 ? 0 : otherArtist / (double) withArtist,
                1,
                styleOther);
    }

    /**
     * @param weight a new artist-decade weight
     * @return this decoder with that weight
     */
    public JointDecoder withArtistDecadeWeight(double weight) {
        return new JointDecoder(
                styleTask,
                artistTask,
                decadeTask,
                centuryTask,
                artistStyles,
                artistDecades,
                weight,
                artistSpans,
                otherArtistShare,
                artistStyleWeight,
                styleOtherShares);
    }

    /**
     * @param weight a new artist-style weight
     * @return this decoder with that weight
     */
    public JointDecoder withArtistStyleWeight(double weight) {
        return new JointDecoder(
                styleTask,
                artistTask,
                decadeTask,
                centuryTask,
                artistStyles,
                artistDecades,
                artistDecadeWeight,
                artistSpans,
                otherArtistShare,
                weight,
                styleOtherShares);
    }

    /**
     * @param probs calibrated probabilities of the predicted tasks, by task name
     * @param known the asset's known (valid) fields
     * @return consistent probabilities for the same tasks
     */
    public Map<String, double[]> decode(Map<String, double[]> probs, Map<String, String> known) {
        return commit(marginals(probs, known), known);
    }

    /**
     * Whether an artist and a style were seen together in training.
     *
     * @param artist an artist class
     * @param style a style class
     * @return {@code true} if they agree (or the decoder has no style–artist table)
     */
    public boolean styleFitsArtist(int artist, int style) {
        return artistStyles.length == 0 || artistStyles[artist].length == 0 || artistStyles[artist][style];
    }

    /**
     * Whether a decade lies in an artist's span (widened by {@value #SPAN_MARGIN} decade each side).
     *
     * @param artist an artist class
     * @param decade a decade class
     * @return {@code true} if it does, or the artist has no dated training row, or spans are unknown
     */
    public boolean decadeFitsArtist(int artist, int decade) {
        if (artistSpans.length == 0 || artistSpans[artist][0] < 0) {
            return true;
        }
        return decade >= artistSpans[artist][0] - SPAN_MARGIN && decade <= artistSpans[artist][1] + SPAN_MARGIN;
    }

    /**
     * @param decade a decade class
     * @return the century class it lies in
     */
    public int centuryOf(int decade) {
        return centuryTask.bins().bin((int) Math.floor(decadeTask.bins().centre(decade)));
    }

    /** Restricts the distributions so that their argmaxes agree with each other and the known fields. */
    private Map<String, double[]> commit(Map<String, double[]> in, Map<String, String> known) {
        Map<String, double[]> out = new LinkedHashMap<>(in);
        int artist = -1;
        if (artistTask != null) {
            artist = artistTask.label(known).orElse(-1);
            double[] pa = out.get(artistTask.name());
            if (artist < 0 && pa != null) {
                int style = styleTask == null ? -1 : styleTask.label(known).orElse(-1);
                if (style < 0 && styleTask != null && out.containsKey(styleTask.name())) {
                    style = Calibration.argMax(out.get(styleTask.name()));
                }
                if (style >= 0) {
                    final int s = style;
                    pa = restrict(pa, a -> styleFitsArtist(a, s));
                    out.put(artistTask.name(), pa);
                }
                artist = Calibration.argMax(pa);
            }
        }
        if (decadeTask != null && out.containsKey(decadeTask.name())) {
            final int a = artist;
            IntPredicate allowed = d -> a < 0 || decadeFitsArtist(a, d);
            double[] pd = out.get(decadeTask.name());
            double[] pc = centuryTask == null ? null : out.get(centuryTask.name());
            if (pc != null) {
                boolean[] overlaps = new boolean[pc.length];
                for (int d = 0; d < pd.length; d++) {
                    if (allowed.test(d)) {
                        overlaps[centuryOf(d)] = true;
                    }
                }
                pc = restrict(pc, c -> overlaps[c]);
                out.put(centuryTask.name(), pc);
                int century = Calibration.argMax(pc);
                pd = restrict(pd, d -> allowed.test(d) && centuryOf(d) == century);
            } else {
                pd = restrict(pd, allowed);
            }
            out.put(decadeTask.name(), pd);
        }
        return out;
    }

    /** Zeroes the classes that fail the test and renormalises (uniform over the allowed if all were 0). */
    private static double[] restrict(double[] p, IntPredicate keep) {
        double[] r = new double[p.length];
        double z = 0;
        int allowed = 0;
        for (int i = 0; i < p.length; i++) {
            if (keep.test(i)) {
                r[i] = p[i];
                z += p[i];
                allowed++;
            }
        }
        if (allowed == 0) {
            return p;
        }
        for (int i = 0; i < p.length; i++) {
            r[i] = z > 0 ? r[i] / z : keep.test(i) ? 1.0 / allowed : 0;
        }
        return r;
    }

    /** The joint decode before the answers are committed: consistent distributions (marginals). */
    private Map<String, double[]> marginals(Map<String, double[]> probs, Map<String, String> known) {
        Map<String, double[]> out = new LinkedHashMap<>(probs);
        double[] pa = artistTask == null ? null : artistDistribution(out, known);
        if (artistTask != null && styleTask != null && out.containsKey(artistTask.name())) {
            int knownStyle = styleTask.label(known).orElse(-1);
            double[] ps = out.get(styleTask.name());
            if (knownStyle >= 0 || ps != null) {
                double[][] joint = new double[pa.length][styleTask.classes()];
                for (int a = 0; a < pa.length; a++) {
                    for (int s = 0; s < styleTask.classes(); s++) {
                        double style = knownStyle >= 0 ? (s == knownStyle ? 1 : 0) : ps[s];
                        joint[a][s] = artistStyles[a][s] ? pa[a] * style : 0;
                    }
                }
                double[] ma = new double[pa.length];
                double[] ms = new double[styleTask.classes()];
                double z = 0;
                // A painting of style s is by one of the known artists with probability 1 - other(s), and then
                // fits s as much as the artist distribution says; by anyone else (an artist outside the classes,
                // or of a style whose artists the model never saw) it fits s whatever the artist head says.
                boolean artistKnown = artistTask.label(known).isPresent();
                double[] fit = new double[ms.length];
                for (int a = 0; a < pa.length; a++) {
                    for (int s = 0; s < ms.length; s++) {
                        ma[a] += joint[a][s];
                        fit[s] += artistStyles[a][s] ? pa[a] : 0;
                    }
                }
                for (int s = 0; s < ms.length; s++) {
                    double style = knownStyle >= 0 ? (s == knownStyle ? 1 : 0) : ps[s];
                    double other = artistKnown ? 0 : otherShare(s);
                    ms[s] = style * Math.pow((1 - other) * fit[s] + other, artistStyleWeight);
                    z += ms[s];
                }
                if (z > 0) {
                    if (Arrays.stream(ma).sum() > 0) {
                        out.put(artistTask.name(), normalise(ma));
                        pa = out.get(artistTask.name());
                    }
                    if (ps != null) {
                        out.put(styleTask.name(), scale(ms, 1 / z));
                    }
                }
            }
        }
        if (decadeTask != null && out.containsKey(decadeTask.name())) {
            double[] pd = out.get(decadeTask.name()).clone();
            if (pa != null && artistDecadeWeight > 0) {
                for (int d = 0; d < pd.length; d++) {
                    double prior = 0;
                    for (int a = 0; a < pa.length; a++) {
                        prior += pa[a] * artistDecades[a][d];
                    }
                    pd[d] *= Math.pow(prior, artistDecadeWeight);
                }
                pd = normalise(pd);
            }
            double[] pc = centuryTask == null ? null : out.get(centuryTask.name());
            if (pc != null) {
                double[] md = new double[pd.length];
                double[] mc = new double[pc.length];
                double z = 0;
                for (int d = 0; d < pd.length; d++) {
                    int c = centuryTask.bins().bin((int)
                            Math.floor(decadeTask.bins().centre(d)));
                    double v = pd[d] * pc[c];
                    md[d] += v;
                    mc[c] += v;
                    z += v;
                }
                if (z > 0) {
                    out.put(centuryTask.name(), scale(mc, 1 / z));
                    pd = scale(md, 1 / z);
                }
            }
            out.put(decadeTask.name(), pd);
        }
        return out;
    }

    private double[] artistDistribution(Map<String, double[]> probs, Map<String, String> known) {
        int a = artistTask.label(known).orElse(-1);
        if (a >= 0) {
            double[] one = new double[artistTask.classes()];
            one[a] = 1;
            return one;
        }
        double[] p = probs.get(artistTask.name());
        return p == null ? null : p.clone();
    }

    private static TaskEncoder find(AnnotatorSpec spec, String name) {
        return spec.tasks().stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElse(null);
    }

    private static double[] normalise(double[] p) {
        double z = 0;
        for (double v : p) {
            z += v;
        }
        return z > 0 ? scale(p, 1 / z) : p;
    }

    private static double[] scale(double[] p, double f) {
        double[] r = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            r[i] = p[i] * f;
        }
        return r;
    }

    /** {@code artistDecadeWeight} when the tables have none: {@value} (no artist-decade evidence; older models). */
    public static final double DEFAULT_ARTIST_DECADE_WEIGHT = 0;
    /** {@code otherArtistShare} when the tables have none: {@value} (every painting by a known artist). */
    public static final double DEFAULT_OTHER_ARTIST_SHARE = 0;
    /** {@code artistStyleWeight} when the tables have none: {@value} (the artist evidence taken as it is). */
    public static final double DEFAULT_ARTIST_STYLE_WEIGHT = 1;

    /**
     * Reads the tables written by {@link #toJson()}, checking each against the model's tasks. Optional
     * members: the three weights (defaults {@link #DEFAULT_ARTIST_DECADE_WEIGHT},
     * {@link #DEFAULT_OTHER_ARTIST_SHARE}, {@link #DEFAULT_ARTIST_STYLE_WEIGHT}), {@code artistSpans} (absent:
     * no span rule) and {@code styleOtherShares} (absent: one share for every style, models before 2.0.0).
     *
     * @param spec the model's tasks
     * @param json the tables, e.g. {@code extras/joint-decoding.json}
     * @return the decoder
     * @throws MalformedModelException naming the member at fault, when a table is missing, mistyped or
     *     does not fit the tasks
     */
    public static JointDecoder read(AnnotatorSpec spec, CardSection json) throws MalformedModelException {
        JointDecoder shape = fit(spec, List.of(), 0);
        boolean[][] as = shape.artistStyles();
        double[][] ad = shape.artistDecades();
        int[][] spans = shape.artistSpans();
        List<?> styles = table(json, "artistStyles", as.length, as.length == 0 ? 0 : as[0].length);
        List<?> decades = table(json, "artistDecades", ad.length, ad.length == 0 ? 0 : ad[0].length);
        for (int a = 0; a < as.length; a++) {
            List<?> row = (List<?>) styles.get(a);
            for (int s = 0; s < as[a].length; s++) {
                if (!(row.get(s) instanceof Boolean seen)) {
                    throw json.error(
                            "artistStyles[" + a + "][" + s + "]", "is '" + row.get(s) + "'; expected true or false");
                }
                as[a][s] = seen;
            }
            row = (List<?>) decades.get(a);
            for (int d = 0; d < ad[a].length; d++) {
                double p = row.get(d) instanceof Number n ? n.doubleValue() : Double.NaN;
                if (!(p >= 0 && p <= 1)) {
                    throw json.error(
                            "artistDecades[" + a + "][" + d + "]",
                            "is '" + row.get(d) + "'; expected a probability in [0, 1]");
                }
                ad[a][d] = p;
            }
        }
        boolean hasSpans = json.has("artistSpans");
        if (hasSpans) {
            List<?> rows = table(json, "artistSpans", spans.length, 2);
            for (int a = 0; a < spans.length; a++) {
                for (int e = 0; e < 2; e++) {
                    Object v = ((List<?>) rows.get(a)).get(e);
                    if (!(v instanceof Integer d) || d < -1) {
                        throw json.error(
                                "artistSpans[" + a + "][" + e + "]",
                                "is '" + v + "'; expected a decade class, or -1 for none");
                    }
                    spans[a][e] = d;
                }
            }
        }
        double[] styleOther = json.has("styleOtherShares") ? json.numbers("styleOtherShares", 0, 1) : new double[0];
        int styleClasses = shape.styleTask() == null ? 0 : shape.styleTask().classes();
        if (styleOther.length != 0 && styleOther.length != styleClasses) {
            throw json.error(
                    "styleOtherShares",
                    "has " + styleOther.length + " values; expected one per style class, " + styleClasses);
        }
        return new JointDecoder(
                shape.styleTask(),
                shape.artistTask(),
                shape.decadeTask(),
                shape.centuryTask(),
                as,
                ad,
                json.optNumberIn("artistDecadeWeight", 0, 1e6).orElse(DEFAULT_ARTIST_DECADE_WEIGHT),
                hasSpans ? spans : new int[0][0],
                json.optNumberIn("otherArtistShare", 0, 1).orElse(DEFAULT_OTHER_ARTIST_SHARE),
                json.optNumberIn("artistStyleWeight", 0, 1e6).orElse(DEFAULT_ARTIST_STYLE_WEIGHT),
                styleOther);
    }

    /** A member that is a list of {@code rows} lists of {@code columns} values each. */
    private static List<?> table(CardSection json, String name, int rows, int columns) throws MalformedModelException {
        String expected = "a list of " + rows + " lists (one per artist class) of " + columns + " values";
        List<?> list = json.list(name, expected);
        if (list.size() != rows) {
            throw json.error(name, "has " + list.size() + " rows; expected " + expected);
        }
        for (int r = 0; r < rows; r++) {
            if (!(list.get(r) instanceof List<?> row) || row.size() != columns) {
                throw json.error(
                        name + "[" + r + "]", "is '" + list.get(r) + "'; expected a list of " + columns + " values");
            }
        }
        return list;
    }

    /** @return the tables as plain JSON values, for the model's extras */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new HashMap<>();
        m.put("artistStyles", artistStyles);
        m.put("artistDecades", artistDecades);
        m.put("artistDecadeWeight", artistDecadeWeight);
        m.put("artistSpans", artistSpans);
        m.put("otherArtistShare", otherArtistShare);
        m.put("artistStyleWeight", artistStyleWeight);
        if (styleOtherShares.length > 0) {
            m.put("styleOtherShares", styleOtherShares);
        }
        return m;
    }
}
