package dev.heritage.classify.encoding;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns free text in any language into a fixed-length vector by feature hashing: word unigrams and
 * bigrams and character n-grams (with word-boundary marks), each hashed (32-bit FNV-1a over UTF-8)
 * into one of {@code buckets} slots with a sign bit, weighted by sublinear term frequency and
 * L2-normalised. No vocabulary and no language model: it works the same for French, Japanese or
 * Latin titles, and unseen words still share character n-grams with seen ones.
 *
 * <p>Immutable and thread-safe.
 *
 * @param buckets vector length (a power of two is best)
 * @param minChar shortest character n-gram
 * @param maxChar longest character n-gram
 */
public record TextHasher(int buckets, int minChar, int maxChar) {

    /** 4,096 buckets, character 3- to 5-grams. */
    public static final TextHasher DEFAULT = new TextHasher(4096, 3, 5);

    /** Validates. */
    public TextHasher {
        if (buckets < 16 || minChar < 1 || maxChar < minChar) {
            throw new IllegalArgumentException(
                    "Bad text hasher: buckets=" + buckets + " chars " + minChar + ".." + maxChar);
        }
    }

    /**
     * @param text any text; {@code null} or blank gives the zero vector
     * @return the hashed, L2-normalised vector
     */
    public float[] encode(String text) {
        float[] v = new float[buckets];
        if (text == null || text.isBlank()) {
            return v;
        }
        List<String> words = words(text);
        for (int i = 0; i < words.size(); i++) {
            add(v, "w:" + words.get(i));
            if (i + 1 < words.size()) {
                add(v, "b:" + words.get(i) + " " + words.get(i + 1));
            }
            String marked = "<" + words.get(i) + ">";
            int[] cps = marked.codePoints().toArray();
            for (int n = minChar; n <= maxChar; n++) {
                for (int s = 0; s + n <= cps.length; s++) {
                    add(v, "c:" + new String(cps, s, n));
                }
            }
        }
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0) {
                float w = (float) (Math.signum(v[i]) * (1 + Math.log(Math.abs(v[i]))));
                v[i] = w;
                norm += w * w;
            }
        }
        if (norm > 0) {
            float inv = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }

    /**
     * Lower-cases (root locale), applies Unicode NFKC, and splits on anything that is not a letter or
     * a digit; scripts without spaces stay one token and are covered by character n-grams.
     *
     * @param text any text
     * @return the words
     */
    public static List<String> words(String text) {
        String t = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        t.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp)) {
                w.appendCodePoint(cp);
            } else if (w.length() > 0) {
                out.add(w.toString());
                w.setLength(0);
            }
        });
        if (w.length() > 0) {
            out.add(w.toString());
        }
        return out;
    }

    private void add(float[] v, String feature) {
        int h = fnv1a(feature.getBytes(StandardCharsets.UTF_8));
        int slot = Math.floorMod(h, buckets);
        v[slot] += (h >>> 31) == 0 ? 1 : -1;
    }

    private static int fnv1a(byte[] bytes) {
        int h = 0x811C9DC5;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        // Final avalanche so that the low bits (the slot) and the top bit (the sign) are independent.
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }
}
