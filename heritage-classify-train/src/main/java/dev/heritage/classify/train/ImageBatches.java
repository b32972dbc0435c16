package dev.heritage.classify.train;

import dev.heritage.api.Asset;
import dev.heritage.api.HeritageException;
import dev.heritage.api.InvalidImageException;
import dev.heritage.classify.model.ImageEvidence;
import dev.heritage.classify.model.ImageEvidence.Prepared;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;

/**
 * Decodes the images of a collection's rows batch by batch for a feature pass (training, evaluation;
 * decoded no smaller than 448 px on the shorter side, as the annotator does), reporting rows whose
 * image cannot be used and handing on the rest.
 *
 * <p>With an {@link ImageEvidence} ({@link #forEach(List, ImageEvidence, BiConsumer, PreparedConsumer)},
 * {@link Ahead}) each next batch is decoded and preprocessed on a background thread by the annotator's
 * own mechanism, {@link ImageEvidence#prepareAhead}, while the engine runs the current one. A batch
 * in which an image fails is decoded again row by row, as before, so the rows kept, the errors
 * reported and the features are those of the sequential pass, bit for bit.
 *
 * <p>Stateless and thread-safe.
 */
final class ImageBatches {
    /** Rows per batch. */
    static final int SIZE = 32;

    private ImageBatches() {}

    /** Receives one batch. */
    @FunctionalInterface
    interface Consumer {
        /**
         * @param rows the batch's rows whose image decoded
         * @param images their images, in the same order
         * @param done rows handled so far, this batch included
         * @param total rows with an image
         * @throws IOException if writing fails
         * @throws HeritageException if an engine fails
         */
        void accept(List<Asset> rows, List<BufferedImage> images, int done, int total)
                throws IOException, HeritageException;
    }

    /**
     * @param assets rows (those without an image are skipped)
     * @param failed receives each row whose image cannot be decoded, with the reason
     * @param consumer receives each batch that has at least one image
     * @throws IOException if the consumer fails to write
     * @throws HeritageException if the consumer's engine fails
     */
    static void forEach(List<Asset> assets, BiConsumer<Asset, InvalidImageException> failed, Consumer consumer)
            throws IOException, HeritageException {
        List<Asset> withImages = assets.stream().filter(a -> a.image() != null).toList();
        for (int start = 0; start < withImages.size(); start += SIZE) {
            Decoded batch = decodeEach(withImages.subList(start, Math.min(withImages.size(), start + SIZE)), failed);
            if (!batch.images().isEmpty()) {
                consumer.accept(
                        batch.rows(), batch.images(), Math.min(withImages.size(), start + SIZE), withImages.size());
            }
        }
    }

    /**
     * The rows of a batch whose image decoded in this thread.
     *
     * @param rows those rows, in order
     * @param kept the index of each among the rows decoded
     * @param images their images, in the same order
     */
    private record Decoded(List<Asset> rows, int[] kept, List<BufferedImage> images) {}

    /** Decodes each row's image in this thread; a row whose image cannot be decoded goes to {@code failed}. */
    private static Decoded decodeEach(List<Asset> rows, BiConsumer<Asset, InvalidImageException> failed) {
        List<Asset> ok = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        int[] kept = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            try {
                images.add(ImageEvidence.decode(rows.get(i).image()));
                kept[ok.size()] = i;
                ok.add(rows.get(i));
            } catch (InvalidImageException e) {
                failed.accept(rows.get(i), e);
            }
        }
        return new Decoded(ok, Arrays.copyOf(kept, ok.size()), images);
    }

    /** Receives one decoded and prepared batch. */
    @FunctionalInterface
    interface PreparedConsumer {
        /**
         * @param batch the batch's rows whose image decoded, their decoded images and backbone input
         * @param done rows handled so far, this batch included
         * @param total rows with an image
         * @throws IOException if writing fails
         * @throws HeritageException if an engine fails
         */
        void accept(Ready batch, int done, int total) throws IOException, HeritageException;
    }

    /**
     * {@link #forEach(List, BiConsumer, Consumer)} with each next batch decoded and preprocessed in the
     * background while the consumer runs the current one.
     *
     * @param assets rows (those without an image are skipped)
     * @param evidence prepares the batches
     * @param failed receives each row whose image cannot be decoded, with the reason, in row order
     * @param consumer receives each batch that has at least one image
     * @throws IOException if the consumer fails to write
     * @throws HeritageException if the consumer's engine fails
     */
    static void forEach(
            List<Asset> assets,
            ImageEvidence evidence,
            BiConsumer<Asset, InvalidImageException> failed,
            PreparedConsumer consumer)
            throws IOException, HeritageException {
        List<Asset> withImages = assets.stream().filter(a -> a.image() != null).toList();
        Ahead next = withImages.isEmpty()
                ? null
                : Ahead.start(evidence, withImages.subList(0, Math.min(SIZE, withImages.size())));
        for (int start = 0; start < withImages.size(); start += SIZE) {
            Ready batch = next.await(failed);
            int following = start + SIZE;
            next = following < withImages.size()
                    ? Ahead.start(
                            evidence, withImages.subList(following, Math.min(withImages.size(), following + SIZE)))
                    : null;
            if (!batch.rows().isEmpty()) {
                consumer.accept(batch, Math.min(withImages.size(), start + SIZE), withImages.size());
            }
        }
    }

    /**
     * A batch ready for the engine.
     *
     * @param rows the rows whose image decoded, in order
     * @param kept the index of each of them among the rows the batch was started with
     * @param decoded their images as decoded ({@link ImageEvidence#decode})
     * @param prepared their images as analysed and the backbone's input
     */
    record Ready(List<Asset> rows, int[] kept, List<BufferedImage> decoded, Prepared prepared) {}

    /**
     * One batch of rows, all with an image, being decoded and preprocessed on a background thread
     * ({@link ImageEvidence#prepareAhead}). Used by the thread that started it.
     */
    static final class Ahead {
        private final ImageEvidence evidence;
        private final List<Asset> rows;
        private final BufferedImage[] decoded;
        private final Future<Prepared> prepared;

        private Ahead(ImageEvidence evidence, List<Asset> rows) {
            this.evidence = evidence;
            this.rows = List.copyOf(rows);
            this.decoded = new BufferedImage[rows.size()];
            this.prepared = evidence.prepareAhead(this.rows.size(), i -> {
                decoded[i] = ImageEvidence.decode(this.rows.get(i).image());
                return decoded[i];
            });
        }

        /**
         * @param evidence prepares the batch
         * @param rows rows that all have an image
         * @return the batch, started
         */
        static Ahead start(ImageEvidence evidence, List<Asset> rows) {
            return new Ahead(evidence, rows);
        }

        /**
         * Waits for the batch. When an image failed, decodes the batch again row by row in this thread,
         * reporting each failing row, and prepares the rest.
         *
         * @param failed receives each row whose image cannot be decoded, in order
         * @return the rows kept and their prepared images
         * @throws HeritageException if the wait is interrupted
         */
        Ready await(BiConsumer<Asset, InvalidImageException> failed) throws HeritageException {
            try {
                Prepared p = ImageEvidence.await(prepared);
                int[] all = new int[rows.size()];
                for (int i = 0; i < all.length; i++) {
                    all[i] = i;
                }
                return new Ready(rows, all, List.of(decoded), p);
            } catch (InvalidImageException someImageFailed) {
                Decoded d = decodeEach(rows, failed);
                return new Ready(d.rows(), d.kept(), List.copyOf(d.images()), evidence.prepare(d.images()));
            }
        }
    }
}
