package dev.heritage.classify.encoding;

import java.util.ArrayList;
import java.util.List;

/**
 * Years as labels: decades ("1880s", 10-year bins as in Belhi et al.) and centuries ("19th
 * century"), spanning the years seen in training. Negative years are BCE. Also maps labels back to
 * a representative year (the middle of the bin) for the mean absolute error.
 *
 * <p>Immutable and thread-safe.
 *
 * @param width bin width in years (10 for decades, 100 for centuries)
 * @param first the first bin's start year
 * @param count the number of bins
 */
public record YearBins(int width, int first, int count) {

    /**
     * @param width 10 or 100
     * @param years the training years
     * @return bins covering them
     */
    public static YearBins covering(int width, List<Integer> years) {
        if (years.isEmpty()) {
            throw new IllegalArgumentException("No years to bin: the training data has no year");
        }
        int lo = years.stream().mapToInt(Integer::intValue).min().orElseThrow();
        int hi = years.stream().mapToInt(Integer::intValue).max().orElseThrow();
        int first = Math.floorDiv(lo, width) * width;
        int last = Math.floorDiv(hi, width) * width;
        return new YearBins(width, first, (last - first) / width + 1);
    }

    /**
     * @param year a year
     * @return its bin, clamped to the covered range
     */
    public int bin(int year) {
        int b = Math.floorDiv(year - first, width);
        return Math.max(0, Math.min(count - 1, b));
    }

    /**
     * @param bin a bin index
     * @return the middle year of the bin
     */
    public double centre(int bin) {
        return first + bin * (double) width + width / 2.0;
    }

    /**
     * @param bin a bin index
     * @return the bin's label
     */
    public String label(int bin) {
        int start = first + bin * width;
        if (width == 100) {
            int century = start >= 0 ? start / 100 + 1 : -start / 100;
            return ordinal(century) + " century" + (start < 0 ? " BCE" : "");
        }
        return start >= 0 ? start + "s" : (-start) + "s BCE";
    }

    /** @return every label, in bin order */
    public List<String> labels() {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(label(i));
        }
        return out;
    }

    private static String ordinal(int n) {
        int mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13
                ? "th"
                : switch (n % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return n + suffix;
    }
}
