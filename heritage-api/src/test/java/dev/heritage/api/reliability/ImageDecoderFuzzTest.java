package dev.heritage.api.reliability;

import static dev.heritage.api.reliability.HostileImages.encode;
import static dev.heritage.api.reliability.HostileImages.getInt;
import static dev.heritage.api.reliability.HostileImages.getShort;
import static dev.heritage.api.reliability.HostileImages.texture;

import dev.heritage.api.DecodeLimits;
import dev.heritage.api.ImageDecoder;
import dev.heritage.api.ImageSource;
import dev.heritage.api.ImageTooLargeException;
import dev.heritage.api.InvalidImageException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes {@link ImageDecoder#decode(ImageSource)} with mutants of valid JPEG, PNG, GIF, BMP and
 * TIFF files: bit flips, truncations, insertions, overwrites with boundary values, and corruptions
 * of the structural fields each format has (chunk and segment lengths, declared sizes, TIFF entry
 * counts and offsets, GIF sub-block lengths), with PNG CRCs recomputed on request so the mutants get
 * past the CRC check. The property: the decoder returns an 8-bit RGB image or throws
 * {@link InvalidImageException}; nothing else escapes, and no case takes more than
 * {@value #CASE_TIMEOUT_SECONDS} s.
 *
 * <p>2,000 tries per format (10,000 in all), with the pixel limit {@link #LIMITS}. The seed is random on each run, so the corpus grows
 * over time; jqwik prints the seed of a failure and re-runs it first next time (its database).
 */
class ImageDecoderFuzzTest {
    static final int CASE_TIMEOUT_SECONDS = 5;
    private static final int TRIES = 2000;
    /**
     * The pixel limit while fuzzing: 4 Mpx by default (override with {@code -Dheritage.fuzz.maxPixels}).
     * A mutated size field otherwise often declares tens of megapixels under the default limit,
     * and a JPEG of 9000 x 9000 garbage takes seconds to decode on a loaded machine; the property
     * is about what escapes, which does not depend on the limit (refusals above it are covered by
     * {@link HostileImageCorpusTest}, allocation failures below it by {@link DecoderMemoryTest}).
     */
    static final DecodeLimits LIMITS = DecodeLimits.maxPixels(Long.getLong("heritage.fuzz.maxPixels", 1L << 22));

    private static final int[] BOUNDARY = {
        0,
        1,
        2,
        0x7f,
        0x80,
        0xff,
        0x100,
        0x7fff,
        0x8000,
        0xffff,
        0x10000,
        60_000,
        0x7fffffff,
        0x80000000,
        0xffffffff,
        -2
    };

    private static ExecutorService executor = newExecutor();

    private static ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-decode");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterContainer
    static void shutdown() {
        executor.shutdownNow();
    }

    // ---- the seeds ----

    private static final List<byte[]> JPEGS = List.of(
            encode(texture(24, 16), "jpeg"),
            HostileImages.encode(texture(19, 11), "jpeg", null, true), // progressive
            encode(grey(13, 9), "jpeg"),
            HostileImages.cmykJpeg(10, 6));
    private static final List<byte[]> PNGS = List.of(
            encode(texture(24, 16), "png"),
            encode(HostileImages.rgba(8, 8), "png"),
            encode(palette(20, 10), "png"),
            HostileImages.grey16Png(6, 5),
            HostileImages.encode(texture(17, 9), "png", null, true)); // Adam7
    private static final List<byte[]> GIFS = List.of(encode(texture(24, 16), "gif"), encode(palette(9, 30), "gif"));
    private static final List<byte[]> BMPS = List.of(
            encode(texture(24, 16), "bmp"),
            encode(palette(20, 10), "bmp"),
            HostileImages.encode(palette(20, 10), "bmp", "BI_RLE8"));
    private static final List<byte[]> TIFFS = List.of(
            encode(texture(24, 16), "tiff"),
            HostileImages.encode(texture(24, 16), "tiff", "LZW"),
            HostileImages.encode(texture(24, 16), "tiff", "Deflate"),
            HostileImages.encode(texture(24, 16), "tiff", "PackBits"),
            HostileImages.encode(texture(24, 16), "tiff", "JPEG"));

    private static BufferedImage grey(int w, int h) {
        BufferedImage g = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        g.createGraphics().drawImage(texture(w, h), 0, 0, null);
        return g;
    }

    private static BufferedImage palette(int w, int h) {
        BufferedImage p = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED);
        p.createGraphics().drawImage(texture(w, h), 0, 0, null);
        return p;
    }

    // ---- the properties ----

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void jpegMutants(@ForAll("jpegSeeds") byte[] seed, @ForAll("mutations") List<Mutation> mutations) {
        check("jpeg", seed, mutations);
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void pngMutants(@ForAll("pngSeeds") byte[] seed, @ForAll("mutations") List<Mutation> mutations) {
        check("png", seed, mutations);
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void gifMutants(@ForAll("gifSeeds") byte[] seed, @ForAll("mutations") List<Mutation> mutations) {
        check("gif", seed, mutations);
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void bmpMutants(@ForAll("bmpSeeds") byte[] seed, @ForAll("mutations") List<Mutation> mutations) {
        check("bmp", seed, mutations);
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void tiffMutants(@ForAll("tiffSeeds") byte[] seed, @ForAll("mutations") List<Mutation> mutations) {
        check("tiff", seed, mutations);
    }

    private static void check(String format, byte[] seed, List<Mutation> mutations) {
        byte[] bytes = seed.clone();
        for (Mutation m : mutations) {
            bytes = m.apply(format, bytes);
        }
        String outcome = decodeWithin(format, bytes, mutations);
        Statistics.label("outcome").collect(outcome);
    }

    /** @return what happened: decoded, InvalidImageException or ImageTooLargeException */
    static String decodeWithin(String format, byte[] bytes, Object what) {
        byte[] input = bytes;
        Future<BufferedImage> f =
                executor.submit(() -> ImageDecoder.decode(ImageSource.of(input, "fuzz." + format), LIMITS));
        try {
            BufferedImage img = f.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (img == null || img.getType() != BufferedImage.TYPE_INT_RGB || img.getWidth() <= 0) {
                throw new AssertionError("decode returned a non-RGB image " + img + " for " + what);
            }
            return "decoded";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ImageTooLargeException) {
                return "ImageTooLargeException";
            }
            if (cause instanceof InvalidImageException ie) {
                if (!ie.getMessage().startsWith("fuzz." + format + ": ")) {
                    throw new AssertionError("message does not name the source: " + ie.getMessage());
                }
                return "InvalidImageException";
            }
            throw new AssertionError(
                    cause.getClass().getName() + " escaped ImageDecoder.decode for " + what + "; bytes: "
                            + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 256)),
                    cause);
        } catch (TimeoutException e) {
            f.cancel(true);
            executor.shutdownNow();
            executor = newExecutor();
            throw new AssertionError("decode took more than " + CASE_TIMEOUT_SECONDS + " s for " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Provide
    Arbitrary<byte[]> jpegSeeds() {
        return Arbitraries.of(JPEGS);
    }

    @Provide
    Arbitrary<byte[]> pngSeeds() {
        return Arbitraries.of(PNGS);
    }

    @Provide
    Arbitrary<byte[]> gifSeeds() {
        return Arbitraries.of(GIFS);
    }

    @Provide
    Arbitrary<byte[]> bmpSeeds() {
        return Arbitraries.of(BMPS);
    }

    @Provide
    Arbitrary<byte[]> tiffSeeds() {
        return Arbitraries.of(TIFFS);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Integer> at = Arbitraries.integers().greaterOrEqual(0);
        Arbitrary<Integer> value =
                Arbitraries.oneOf(Arbitraries.of(Arrays.stream(BOUNDARY).boxed().toList()), Arbitraries.integers());
        Arbitrary<Mutation> flip =
                Combinators.combine(at, Arbitraries.integers().between(0, 7)).as(Flip::new);
        Arbitrary<Mutation> truncate = at.map(Truncate::new);
        Arbitrary<Mutation> insert = Combinators.combine(
                        at, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(32))
                .as(Insert::new);
        Arbitrary<Mutation> overwrite = Combinators.combine(
                        at, value, Arbitraries.of(1, 2, 4), Arbitraries.of(true, false))
                .as(Overwrite::new);
        Arbitrary<Mutation> field = Combinators.combine(at, value).as(CorruptField::new);
        Arbitrary<Mutation> fieldDelta =
                Combinators.combine(at, Arbitraries.integers().between(-8, 8)).as(ShiftField::new);
        Arbitrary<Mutation> crc = Arbitraries.just(new FixPngCrcs());
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, flip),
                        net.jqwik.api.Tuple.of(2, truncate),
                        net.jqwik.api.Tuple.of(2, insert),
                        net.jqwik.api.Tuple.of(2, overwrite),
                        net.jqwik.api.Tuple.of(4, field),
                        net.jqwik.api.Tuple.of(2, fieldDelta),
                        net.jqwik.api.Tuple.of(2, crc))
                .list()
                .ofMinSize(1)
                .ofMaxSize(5);
    }

    // ---- mutations ----

    /** One change to the bytes; positions wrap around the current length. */
    interface Mutation {
        byte[] apply(String format, byte[] b);
    }

    record Flip(int at, int bit) implements Mutation {
        @Override
        public byte[] apply(String format, byte[] b) {
            if (b.length > 0) {
                b[at % b.length] ^= (byte) (1 << bit);
            }
            return b;
        }
    }

    record Truncate(int at) implements Mutation {
        @Override
        public byte[] apply(String format, byte[] b) {
            return b.length == 0 ? b : Arrays.copyOf(b, at % b.length);
        }
    }

    record Insert(int at, byte[] bytes) implements Mutation {
        @Override
        public byte[] apply(String format, byte[] b) {
            int p = at % (b.length + 1);
            byte[] out = new byte[b.length + bytes.length];
            System.arraycopy(b, 0, out, 0, p);
            System.arraycopy(bytes, 0, out, p, bytes.length);
            System.arraycopy(b, p, out, p + bytes.length, b.length - p);
            return out;
        }

        @Override
        public String toString() {
            return "Insert[at=" + at + ", bytes=" + HexFormat.of().formatHex(bytes) + "]";
        }
    }

    record Overwrite(int at, int value, int width, boolean bigEndian) implements Mutation {
        @Override
        public byte[] apply(String format, byte[] b) {
            if (b.length >= width) {
                write(b, new Field(at % (b.length - width + 1), width, bigEndian), value);
            }
            return b;
        }
    }

    /** Sets one structural field (a length, size, count or offset) to {@code value}. */
    record CorruptField(int which, int value) implements Mutation {
        @Override
        public byte[] apply(String format, byte[] b) {
            List<Field> fields = Field.of(format, b);
            if (!fields.isEmpty()) {
                write(b, fields.get(which % fields.size()), value);
            }
            return b;
        }
    }

    /** Moves one structural field by a small amount (off-by-a-few lengths and sizes). */
    record ShiftField(int which, int delta) implements Mutation {
        @Override
        public byte[] apply(String format, byte[] b) {
            List<Field> fields = Field.of(format, b);
            if (!fields.isEmpty()) {
                Field f = fields.get(which % fields.size());
                write(b, f, f.read(b) + delta);
            }
            return b;
        }
    }

    /** Recomputes PNG chunk CRCs so that the other mutations reach past the CRC check. */
    record FixPngCrcs() implements Mutation {
        @Override
        public byte[] apply(String format, byte[] b) {
            if (format.equals("png") && b.length > 8) {
                HostileImages.fixPngCrcs(b);
            }
            return b;
        }
    }

    static void write(byte[] b, Field f, int value) {
        for (int k = 0; k < f.width(); k++) {
            int shift = f.bigEndian() ? 8 * (f.width() - 1 - k) : 8 * k;
            b[f.offset() + k] = (byte) (value >>> shift);
        }
    }

    /** Where a structural field sits: offset, width in bytes, byte order. */
    record Field(int offset, int width, boolean bigEndian) {
        int read(byte[] b) {
            int v = 0;
            for (int k = 0; k < width; k++) {
                int shift = bigEndian ? 8 * (width - 1 - k) : 8 * k;
                v |= (b[offset + k] & 0xff) << shift;
            }
            return v;
        }

        /** The structural fields of an (already possibly broken) file; parsing stops where it breaks. */
        static List<Field> of(String format, byte[] b) {
            List<Field> fields = new ArrayList<>();
            try {
                switch (format) {
                    case "png" -> png(b, fields);
                    case "jpeg" -> jpeg(b, fields);
                    case "gif" -> gif(b, fields);
                    case "bmp" -> bmp(b, fields);
                    case "tiff" -> tiff(b, fields);
                    default -> throw new IllegalArgumentException(format);
                }
            } catch (RuntimeException broken) {
                // keep what was found before the break
            }
            fields.removeIf(f -> f.offset() < 0 || (long) f.offset() + f.width() > b.length);
            return fields;
        }

        private static void png(byte[] b, List<Field> out) {
            out.add(new Field(16, 4, true)); // IHDR width
            out.add(new Field(20, 4, true)); // IHDR height
            out.add(new Field(24, 1, true)); // bit depth
            out.add(new Field(25, 1, true)); // colour type
            out.add(new Field(28, 1, true)); // interlace
            int p = 8;
            for (int n = 0; p + 8 <= b.length && n < 64; n++) {
                out.add(new Field(p, 4, true)); // chunk length
                long len = getInt(b, p, true) & 0xffffffffL;
                p += 12 + (int) Math.min(len, b.length);
            }
        }

        private static void jpeg(byte[] b, List<Field> out) {
            int p = 2;
            for (int n = 0; p + 4 <= b.length && (b[p] & 0xff) == 0xFF && n < 64; n++) {
                int m = b[p + 1] & 0xff;
                out.add(new Field(p + 2, 2, true)); // segment length
                boolean sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
                if (sof) {
                    out.add(new Field(p + 5, 2, true)); // height
                    out.add(new Field(p + 7, 2, true)); // width
                    out.add(new Field(p + 9, 1, true)); // components
                    for (int c = 0; c < (b[p + 9] & 0xff) && c < 4; c++) {
                        out.add(new Field(p + 11 + 3 * c, 1, true)); // sampling factors
                        out.add(new Field(p + 12 + 3 * c, 1, true)); // quantisation table
                    }
                } else if (m == 0xDA) {
                    out.add(new Field(p + 4, 1, true)); // components in scan
                    return;
                } else if (m == 0xDD) {
                    out.add(new Field(p + 4, 2, true)); // restart interval
                }
                p += 2 + getShort(b, p + 2, true);
            }
        }

        private static void gif(byte[] b, List<Field> out) {
            out.add(new Field(6, 2, false)); // logical screen width
            out.add(new Field(8, 2, false)); // logical screen height
            out.add(new Field(10, 1, false)); // flags (global colour table size)
            int p = HostileImages.gifImageDescriptor(b);
            out.add(new Field(p + 1, 2, false)); // left
            out.add(new Field(p + 5, 2, false)); // width
            out.add(new Field(p + 7, 2, false)); // height
            out.add(new Field(p + 9, 1, false)); // flags (local table, interlace)
            int flags = b[p + 9] & 0xff;
            p += 10 + ((flags & 0x80) != 0 ? 3 * (1 << ((flags & 7) + 1)) : 0);
            out.add(new Field(p, 1, false)); // LZW minimum code size
            p++;
            for (int n = 0; p < b.length && n < 16 && (b[p] & 0xff) != 0; n++) {
                out.add(new Field(p, 1, false)); // sub-block length
                p += (b[p] & 0xff) + 1;
            }
        }

        private static void bmp(byte[] b, List<Field> out) {
            int[][] fields = {
                {2, 4}, {10, 4}, {14, 4}, {18, 4}, {22, 4}, {26, 2}, {28, 2}, {30, 4}, {34, 4}, {46, 4}, {50, 4}
            };
            for (int[] f : fields) {
                out.add(new Field(f[0], f[1], false));
            }
        }

        private static void tiff(byte[] b, List<Field> out) {
            boolean be = b[0] == 'M';
            out.add(new Field(4, 4, be)); // first IFD offset
            int ifd = getInt(b, 4, be);
            out.add(new Field(ifd, 2, be)); // entry count
            int entries = Math.min(getShort(b, ifd, be), 64);
            for (int i = 0; i < entries; i++) {
                int e = ifd + 2 + 12 * i;
                out.add(new Field(e + 2, 2, be)); // type
                out.add(new Field(e + 4, 4, be)); // count
                out.add(new Field(e + 8, 4, be)); // value or offset
                out.add(new Field(e + 8, 2, be)); // SHORT value
            }
            out.add(new Field(ifd + 2 + 12 * entries, 4, be)); // next IFD offset
        }
    }
}
