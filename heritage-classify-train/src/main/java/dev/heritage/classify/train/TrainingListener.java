package dev.heritage.classify.train;

/**
 * Receives a training run's progress; the library itself prints nothing. The command line draws
 * progress bars from it. Implementations are called from the training thread only.
 */
public interface TrainingListener {
    /** @param message a stage starting, for people */
    default void stage(String message) {}

    /**
     * @param done images processed so far
     * @param total images to process
     */
    default void features(int done, int total) {}

    /** @param stats an epoch's figures */
    default void epoch(TrainedHead.EpochStats stats) {}

    /** A listener that ignores everything. */
    TrainingListener NONE = new TrainingListener() {};
}
