package dev.heritage.classify.batch;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.Asset;
import dev.heritage.api.HeritageException;
import dev.heritage.api.InvalidImageException;
import java.util.ArrayList;
import java.util.List;

/**
 * Annotates a chunk of several batches so that a bad image fails only its own row: the whole chunk
 * in one call first (the annotator prepares each next batch while the engine runs the current one);
 * if an image cannot be used, the chunk again batch by batch, and only a batch that fails again row
 * by row, the bad rows becoming error records ({@code invalid_image}). The one place this is done,
 * for {@link BatchAnnotation} and for Spark executors alike.
 *
 * <p>Stateless and thread-safe (as thread-safe as the annotator, which is). The annotator is the
 * caller's: never closed here.
 */
public final class RowAnnotation {
    /** How many batches one call takes by default: what {@code heritage annotate} and Spark send. */
    public static final int BATCHES_PER_CHUNK = 8;

    private RowAnnotation() {}

    /**
     * @param annotator the annotator (not closed here)
     * @param assets the chunk's objects, in order
     * @param batch the annotator's batch size, the unit of the second try
     * @return one outcome per asset, in order: its result, or why its image could not be used
     * @throws HeritageException if the engine fails (not a bad image)
     */
    public static List<RowOutcome> annotate(Annotator annotator, List<Asset> assets, int batch)
            throws HeritageException {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        List<RowOutcome> out = new ArrayList<>(assets.size());
        if (annotateAll(annotator, assets, out)) {
            return out;
        }
        for (int start = 0; start < assets.size(); start += batch) {
            List<Asset> part = assets.subList(start, Math.min(assets.size(), start + batch));
            if (annotateAll(annotator, part, out)) {
                continue;
            }
            for (Asset a : part) {
                try {
                    out.add(RowOutcome.of(annotator.annotate(a)));
                } catch (InvalidImageException e) {
                    out.add(RowOutcome.error(a.id(), "invalid_image", e.getMessage()));
                }
            }
        }
        return out;
    }

    /** @return whether every asset was annotated (outcomes appended to {@code out}); false if an image was bad */
    private static boolean annotateAll(Annotator annotator, List<Asset> assets, List<RowOutcome> out)
            throws HeritageException {
        try {
            List<AnnotationResult> results = annotator.annotate(assets);
            for (AnnotationResult r : results) {
                out.add(RowOutcome.of(r));
            }
            return true;
        } catch (InvalidImageException failed) {
            return false;
        }
    }
}
