package dev.heritage.classify.train;

import dev.heritage.api.Asset;
import dev.heritage.api.HeritageException;
import dev.heritage.api.InvalidImageException;
import dev.heritage.classify.model.ImageEvidence;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Decodes the images of a collection's rows batch by batch for a training feature pass (decoded no
 * smaller than 448 px on the shorter side, as the annotator does), reporting rows whose image cannot
 * be used and handing on the rest.
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
            List<Asset> batch = withImages.subList(start, Math.min(withImages.size(), start + SIZE));
            List<BufferedImage> images = new ArrayList<>();
            List<Asset> ok = new ArrayList<>();
            for (Asset a : batch) {
                try {
                    images.add(ImageEvidence.decode(a.image()));
                    ok.add(a);
                } catch (InvalidImageException e) {
                    failed.accept(a, e);
                }
            }
            if (!images.isEmpty()) {
                consumer.accept(ok, images, Math.min(withImages.size(), start + SIZE), withImages.size());
            }
        }
    }
}
