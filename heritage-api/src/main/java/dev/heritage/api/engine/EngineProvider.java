package dev.heritage.api.engine;

import dev.heritage.api.Device;
import dev.heritage.api.DeviceUnavailableException;
import dev.heritage.api.HeritageException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The service-provider interface of an inference engine. Each engine module registers one
 * implementation in {@code META-INF/services/dev.heritage.api.engine.EngineProvider}; callers find
 * it through {@link Engines#get(String)}.
 *
 * <p>Implementations are thread-safe and stateless apart from lazily initialised native libraries.
 */
public interface EngineProvider {

    /** @return the engine's short name: {@code pytorch}, {@code onnxruntime} or {@code tensorflow} */
    String name();

    /**
     * How strongly this engine should be chosen when the caller names none: the engine with the highest
     * rank on the class path is the default (see {@link Engines#defaultEngine()}), unless the system
     * property {@value Engines#ENGINE_PROPERTY} names another. Heritage's engines rank by measured CPU
     * throughput of the zoo annotator (docs/PERFORMANCE.md): ONNX Runtime 300, TensorFlow 200, PyTorch 100.
     *
     * @return the rank; higher is preferred; ties are broken by name
     */
    default int rank() {
        return 0;
    }

    /** @return the version of the native runtime, e.g. {@code 2.7.1} */
    String version();

    /** @return the device types this module can use when the machine has them ({@code cpu}, {@code cuda}) */
    List<String> deviceTypes();

    /** @return the weight formats this engine loads */
    Set<WeightFormat> weightFormats();

    /**
     * @param device a device
     * @return empty if the device can be used now, else the reason it cannot and what to do
     */
    Optional<String> unavailableReason(Device device);

    /**
     * Loads one network of a verified model on a device.
     *
     * @param artifact the network
     * @param device where to run; must be available
     * @return the loaded network; the caller closes it
     * @throws DeviceUnavailableException if the device cannot be used
     * @throws HeritageException if the weights cannot be loaded
     */
    LoadedNetwork load(NetworkArtifact artifact, Device device) throws HeritageException;

    /**
     * Picks the device to run on.
     *
     * @param requested the device the caller asked for
     * @param allowCpuFallback whether to use the CPU when the requested device is unavailable
     * @return {@code requested}, or the CPU when falling back
     * @throws DeviceUnavailableException when the device is unavailable and fallback is not allowed
     */
    default Device selectDevice(Device requested, boolean allowCpuFallback) throws DeviceUnavailableException {
        Optional<String> reason = unavailableReason(requested);
        if (reason.isEmpty()) {
            return requested;
        }
        if (allowCpuFallback && !requested.isCpu()) {
            return Device.cpu();
        }
        throw new DeviceUnavailableException("Engine '" + name() + "' cannot use " + requested + ": "
                + reason.get() + " To run on the CPU instead, ask for Device.cpu() (command line: --device cpu)"
                + " or allow CPU fallback.");
    }
}
