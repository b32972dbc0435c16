package dev.heritage.classify.batch;

import dev.heritage.api.HeritageException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A partial output cannot be resumed: it has no record of the run that wrote it, or it was written
 * for another input CSV, images folder, model or options ({@link RunRecord}). Nothing was changed:
 * the partial and its record are left as they were, and no output was committed.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class ResumeRefusedException extends HeritageException {
    private static final long serialVersionUID = 1L;

    /** What keeps the partial from being resumed, in the order the run record is compared. */
    public enum Reason {
        /** The run record beside the partial is missing. */
        NO_RECORD(null),
        /** The input CSV's contents changed. */
        INPUT_CONTENTS("inputSha256"),
        /** Another input CSV. */
        INPUT("input"),
        /** Another images folder. */
        IMAGES("images"),
        /** Another model, or another version of it. */
        MODEL("model"),
        /** Other settings that change answers. */
        OPTIONS("options");

        final String key;

        Reason(String key) {
            this.key = key;
        }
    }

    private final transient Path partial;
    private final transient Path runRecord;
    private final Reason reason;
    private final String recorded;

    /**
     * @param partial the partial output
     * @param runRecord its run record file
     * @param reason what differs
     * @param recorded the recorded value that differs (the other input, model or options), or
     *     {@code null}
     */
    public ResumeRefusedException(Path partial, Path runRecord, Reason reason, String recorded) {
        super(partial + " " + problem(reason, recorded, runRecord, "images folder") + "; delete " + partial + " (and "
                + runRecord.getFileName() + ") to start over, or run without resuming");
        this.partial = partial;
        this.runRecord = runRecord;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.recorded = recorded;
    }

    /** @return the partial output that was not resumed */
    public Path partial() {
        return partial;
    }

    /** @return its run record file (missing for {@link Reason#NO_RECORD}) */
    public Path runRecord() {
        return runRecord;
    }

    /** @return what keeps the partial from being resumed */
    public Reason reason() {
        return reason;
    }

    /**
     * @param imagesFolder what the caller calls the images folder, e.g. {@code --images folder}
     * @return what is wrong with the partial, completing "PARTIAL ...", e.g. {@code was written for a
     *     different model (x 1.0.0)}
     */
    public String problem(String imagesFolder) {
        return problem(reason, recorded, runRecord, imagesFolder);
    }

    private static String problem(Reason reason, String recorded, Path runRecord, String imagesFolder) {
        return switch (reason) {
            case NO_RECORD ->
                "has no record of the run that wrote it (" + runRecord.getFileName()
                        + " is missing), so it may belong to another input";
            case INPUT_CONTENTS -> "was written for a different input CSV (its contents changed)";
            case INPUT -> "was written for a different input CSV (" + recorded + ")";
            case IMAGES -> "was written for a different " + imagesFolder;
            case MODEL -> "was written for a different model (" + recorded + ")";
            case OPTIONS -> "was written for different options (" + recorded + ")";
        };
    }
}
