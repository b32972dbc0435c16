package dev.heritage.classify.train;

import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import java.util.List;

/**
 * The outcome of training a head: its graph, the weights of the best epoch, and the history.
 *
 * <p>Immutable and thread-safe.
 *
 * @param graph the head network
 * @param weights the best epoch's weights
 * @param history one entry per epoch run
 * @param bestEpoch the 1-based epoch whose weights were kept
 */
public record TrainedHead(NetworkGraph graph, NetworkWeights weights, List<EpochStats> history, int bestEpoch) {

    /**
     * One epoch's figures.
     *
     * @param epoch 1-based epoch
     * @param trainLoss mean training loss
     * @param validationLoss mean validation loss (all visible evidence)
     * @param validationTop1 mean validation top-1 over the tasks
     * @param seconds wall time of the epoch
     */
    public record EpochStats(
            int epoch, double trainLoss, double validationLoss, double validationTop1, double seconds) {}
}
