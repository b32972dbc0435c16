package dev.heritage.engine.tensorflow;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.translate.NoopTranslator;
import dev.heritage.api.Device;
import dev.heritage.api.engine.WeightFormat;
import dev.heritage.engine.support.DjlEngineProvider;
import dev.heritage.engine.support.NativeLibraries;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.export.SavedModelExporter;
import dev.heritage.runtime.HeritageCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The TensorFlow engine (through Deep Java Library). Loads the SavedModel format.
 *
 * <p>DJL 0.35.1 expects TensorFlow 2.16 natives that DJL does not publish; this module depends on
 * {@code org.tensorflow:tensorflow-core-native:1.0.0:linux-x86_64} (TensorFlow 2.16.2) and, on first
 * use, unpacks its libraries into Heritage's cache and sets {@code TENSORFLOW_LIBRARY_PATH} for DJL,
 * so users never set it by hand. A user-set {@code TENSORFLOW_LIBRARY_PATH} (environment or system
 * property) is respected.
 *
 * <p>Thread-safe; registered through {@code META-INF/services}.
 */
public final class TensorFlowEngineProvider extends DjlEngineProvider {
    private static final String NATIVE_FOLDER = "org/tensorflow/internal/c_api/linux-x86_64/";
    private static final String LIBRARY_PATH = "TENSORFLOW_LIBRARY_PATH";

    @Override
    public String name() {
        return "tensorflow";
    }

    /** {@inheritDoc} 200: second on the CPU (~10 ms per image at batch 32), measured in docs/PERFORMANCE.md. */
    @Override
    public int rank() {
        return 200;
    }

    @Override
    protected String djlEngineName() {
        return "TensorFlow";
    }

    @Override
    public List<String> deviceTypes() {
        return List.of(Device.CPU);
    }

    @Override
    public Set<WeightFormat> weightFormats() {
        return Set.of(WeightFormat.TF_SAVED_MODEL);
    }

    @Override
    protected WeightFormat format() {
        return WeightFormat.TF_SAVED_MODEL;
    }

    @Override
    protected void prepareNatives() {
        // Set even inside a DJL application (DjlSettings.leftToApplication), and only when nobody set it:
        // without it DJL's TensorFlow engine finds no natives and, offline or not, cannot run at all.
        if (System.getProperty(LIBRARY_PATH) != null || System.getenv(LIBRARY_PATH) != null) {
            return;
        }
        Path dir = HeritageCache.directory().resolve("tensorflow-" + version() + "-cpu-linux-x86_64");
        NativeLibraries.unpack(
                TensorFlowEngineProvider.class.getClassLoader(), NATIVE_FOLDER, "libtensorflow_cc.so.2", dir);
        System.setProperty(LIBRARY_PATH, dir.toString());
    }

    @Override
    protected Optional<String> cudaUnavailableReason(Device device) {
        return Optional.of("this module bundles the CPU build of TensorFlow 2.16.2"
                + " (org.tensorflow:tensorflow-core-native:1.0.0:linux-x86_64); DJL's TensorFlow engine has no"
                + " CUDA natives on Maven Central for its version. Use the onnxruntime engine for GPUs.");
    }

    @Override
    protected Model loadModel(Path weights, NetworkGraph graph, ai.djl.Device device) throws Exception {
        return Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(weights)
                .optEngine(djlEngineName())
                .optDevice(device)
                .optOption("Tags", SavedModelExporter.TAG)
                .optOption("SignatureDefKey", SavedModelExporter.SIGNATURE)
                .optTranslator(new NoopTranslator())
                .build()
                .loadModel();
    }

    @Override
    protected void writeNative(NetworkGraph graph, NetworkWeights weights, Path target) throws IOException {
        SavedModelExporter.write(graph, weights, target);
    }

    @Override
    protected String nativeName(String network) {
        return network + ".savedmodel";
    }
}
