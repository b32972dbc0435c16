package dev.heritage.engine.support;

import ai.djl.util.cuda.CudaUtils;
import dev.heritage.api.Device;
import java.util.Optional;

/** Asks the machine whether a CUDA device exists, without loading an engine. Thread-safe. */
public final class CudaProbe {
    private CudaProbe() {}

    /**
     * @param device a CUDA device
     * @return why the machine cannot offer it, or empty if a GPU of that index is visible
     */
    public static Optional<String> machineReason(Device device) {
        int count;
        try {
            count = CudaUtils.hasCuda() ? CudaUtils.getGpuCount() : 0;
        } catch (RuntimeException | LinkageError e) {
            count = 0;
        }
        if (count == 0) {
            return Optional.of("no CUDA GPU is visible to this JVM (no NVIDIA driver or no GPU on this machine).");
        }
        if (device.index() >= count) {
            return Optional.of(
                    "this machine has " + count + " CUDA GPU(s); index " + device.index() + " does not exist.");
        }
        return Optional.empty();
    }
}
