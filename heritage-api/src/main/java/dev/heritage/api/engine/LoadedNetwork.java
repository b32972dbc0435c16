package dev.heritage.api.engine;

import dev.heritage.api.Device;
import dev.heritage.api.HeritageException;
import java.util.List;
import java.util.Map;

/**
 * A network loaded into an engine, ready for inference.
 *
 * <p><b>Thread-safety:</b> implementations are thread-safe: any number of threads may call
 * {@link #forward(Map)} at once and get the results of sequential calls.
 *
 * <p><b>Lifecycle:</b> owns native memory. Whoever called {@link EngineProvider#load} closes it,
 * once, after the last call.
 */
public interface LoadedNetwork extends AutoCloseable {

    /** @return the engine's name */
    String engine();

    /** @return the device it runs on */
    Device device();

    /** @return the weight format it was loaded from */
    WeightFormat format();

    /** @return the input names, in the network's order */
    List<String> inputNames();

    /** @return the output names, in the network's order */
    List<String> outputNames();

    /**
     * Runs the network.
     *
     * @param inputs one tensor per input name; the first axis is the batch
     * @return one tensor per output name
     * @throws HeritageException if the engine fails, with its message
     * @throws IllegalArgumentException if an input is missing or has the wrong rank
     */
    Map<String, Tensor> forward(Map<String, Tensor> inputs) throws HeritageException;

    /** Releases native memory. Idempotent. */
    @Override
    void close();
}
