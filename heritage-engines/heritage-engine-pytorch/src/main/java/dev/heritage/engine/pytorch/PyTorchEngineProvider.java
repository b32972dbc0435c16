package dev.heritage.engine.pytorch;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import dev.heritage.api.Device;
import dev.heritage.api.engine.WeightFormat;
import dev.heritage.engine.support.CudaProbe;
import dev.heritage.engine.support.DjlEngineProvider;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.djl.DjlParams;
import dev.heritage.network.djl.GraphBlock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The PyTorch engine (libtorch through Deep Java Library). Loads the DJL-parameters format by
 * rebuilding the network from its graph. Its CPU natives come from the Maven artifact
 * {@code ai.djl.pytorch:pytorch-native-cpu}; DJL unpacks them into its cache (under Heritage's
 * cache folder unless {@code DJL_CACHE_DIR} is set) and never downloads anything.
 *
 * <p>Thread-safe; registered through {@code META-INF/services}.
 */
public final class PyTorchEngineProvider extends DjlEngineProvider {

    @Override
    public String name() {
        return "pytorch";
    }

    /** {@inheritDoc} 100: slowest on the CPU here (~46 ms per image at batch 32, one intra-op thread), measured in docs/PERFORMANCE.md. */
    @Override
    public int rank() {
        return 100;
    }

    @Override
    protected String djlEngineName() {
        return "PyTorch";
    }

    @Override
    public List<String> deviceTypes() {
        return nativeFlavor().startsWith("cu") ? List.of(Device.CPU, Device.CUDA) : List.of(Device.CPU);
    }

    @Override
    public Set<WeightFormat> weightFormats() {
        return Set.of(WeightFormat.DJL_PARAMS);
    }

    @Override
    protected WeightFormat format() {
        return WeightFormat.DJL_PARAMS;
    }

    @Override
    protected void prepareNatives() {
        // DJL unpacks libtorch from pytorch-native-* itself, into DJL_CACHE_DIR.
    }

    @Override
    protected Optional<String> cudaUnavailableReason(Device device) {
        // libtorch 2.7.1 CUDA builds are not on Maven Central (DJL 0.35.1 could only download them).
        String flavor = nativeFlavor();
        if (!flavor.startsWith("cu")) {
            return Optional.of("the libtorch on the class path is the '" + flavor + "' build"
                    + " (ai.djl.pytorch:pytorch-native-cpu). CUDA builds of libtorch 2.7.1 for DJL 0.35.1 are not"
                    + " on Maven Central; use the onnxruntime engine with the -Pcuda build for GPUs.");
        }
        return CudaProbe.machineReason(device);
    }

    @Override
    protected void writeNative(NetworkGraph graph, NetworkWeights weights, Path target) throws IOException {
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu(), djlEngineName())) {
            DjlParams.write(GraphBlock.of(graph, weights, manager), target);
        }
    }

    @Override
    protected String nativeName(String network) {
        return network + ".params";
    }

    private static String nativeFlavor() {
        try (InputStream in =
                PyTorchEngineProvider.class.getClassLoader().getResourceAsStream("native/lib/pytorch.properties")) {
            if (in == null) {
                return "missing";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("flavor", "unknown");
        } catch (IOException e) {
            return "unreadable";
        }
    }

    @Override
    protected Model loadModel(Path weights, NetworkGraph graph, ai.djl.Device device) throws Exception {
        Model model = Model.newInstance(graph.name(), device, djlEngineName());
        try {
            GraphBlock block = DjlParams.read(graph, weights, model.getNDManager());
            model.setBlock(block);
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
