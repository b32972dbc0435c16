package dev.heritage.engine.onnxruntime;

import ai.djl.Model;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.heritage.api.Device;
import dev.heritage.api.engine.WeightFormat;
import dev.heritage.engine.support.CudaProbe;
import dev.heritage.engine.support.DjlEngineProvider;
import dev.heritage.engine.support.NativeLibraries;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.export.OnnxExporter;
import dev.heritage.runtime.DjlSettings;
import dev.heritage.runtime.HeritageCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ONNX Runtime engine (through Deep Java Library). Loads the ONNX format.
 *
 * <p>Its natives come inside {@code com.microsoft.onnxruntime:onnxruntime} (or
 * {@code onnxruntime_gpu} with the {@code -Pcuda} build). Left alone, ONNX Runtime unpacks them into
 * a new temporary folder per process and leaves an empty folder behind each time; this provider
 * unpacks them once into Heritage's cache and points {@code onnxruntime.native.path} there, so no
 * temporary folders pile up.
 *
 * <p>Thread-safe; registered through {@code META-INF/services}.
 */
public final class OnnxRuntimeEngineProvider extends DjlEngineProvider {
    /**
     * System property: {@code true} lets ONNX Runtime's CPU worker threads spin-wait between operators and
     * calls (ONNX Runtime's own default); Heritage turns spinning off unless this is set.
     */
    public static final String SPINNING_PROPERTY = "heritage.onnxruntime.spinning";

    private static final String NATIVE_FOLDER = "ai/onnxruntime/native/linux-x64/";
    private static final String CUDA_PROVIDER_LIB = "libonnxruntime_providers_cuda.so";

    @Override
    public String name() {
        return "onnxruntime";
    }

    /** {@inheritDoc} 300: the fastest of the three on the CPU (zoo annotator, batch 32: ~7.7 ms per image), measured in docs/PERFORMANCE.md. */
    @Override
    public int rank() {
        return 300;
    }

    @Override
    protected String djlEngineName() {
        return "OnnxRuntime";
    }

    @Override
    public List<String> deviceTypes() {
        return List.of(Device.CPU, Device.CUDA);
    }

    @Override
    public Set<WeightFormat> weightFormats() {
        return Set.of(WeightFormat.ONNX);
    }

    @Override
    protected WeightFormat format() {
        return WeightFormat.ONNX;
    }

    @Override
    protected void prepareNatives() {
        // Inside a DJL application (DjlSettings.leftToApplication) ONNX Runtime finds its natives as the
        // application's own ONNX Runtime models do: unpacked by ONNX Runtime itself from the same jar.
        if (System.getProperty("onnxruntime.native.path") != null || DjlSettings.areLeftToApplication()) {
            return;
        }
        ClassLoader cl = OnnxRuntimeEngineProvider.class.getClassLoader();
        String flavor = cl.getResource(NATIVE_FOLDER + CUDA_PROVIDER_LIB) != null ? "gpu" : "cpu";
        Path dir = HeritageCache.directory().resolve("onnxruntime-" + version() + "-" + flavor + "-linux-x64");
        NativeLibraries.unpack(cl, NATIVE_FOLDER, "libonnxruntime.so", dir);
        System.setProperty("onnxruntime.native.path", dir.toString());
    }

    @Override
    protected Optional<String> cudaUnavailableReason(Device device) {
        Optional<String> machine = CudaProbe.machineReason(device);
        if (machine.isPresent()) {
            return machine;
        }
        engine();
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            return Optional.of("the ONNX Runtime on the class path is the CPU build. Build Heritage with -Pcuda"
                    + " (com.microsoft.onnxruntime:onnxruntime_gpu) and install CUDA 12 and cuDNN 9.");
        }
        return Optional.empty();
    }

    @Override
    protected Model loadModel(Path weights, NetworkGraph graph, ai.djl.Device device) throws Exception {
        // DJL hands a model only string options through Criteria; session options, an object, reach
        // ONNX Runtime only through Model.load's map (key "sessionOptions"). Without them (GPU, or
        // spinning asked for) DJL makes its own, adding CUDA for a GPU.
        Map<String, Object> options = device.isGpu() || Boolean.getBoolean(SPINNING_PROPERTY)
                ? Map.of()
                : Map.of("sessionOptions", NoSpinning.OPTIONS);
        Model model = Model.newInstance(graph.name(), device, djlEngineName());
        try {
            model.load(weights, null, options);
            return model;
        } catch (Exception | Error e) {
            model.close();
            throw e;
        }
    }

    /**
     * CPU session options without spin-waiting, made once and shared by every session (ONNX Runtime
     * only reads them when a session is created): its workers otherwise spin for a while after every
     * operator and every call, taking the cores from the annotator's own Java work between calls.
     */
    private static final class NoSpinning {
        static final OrtSession.SessionOptions OPTIONS = create();

        private static OrtSession.SessionOptions create() {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            try {
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                options.addConfigEntry("session.inter_op.allow_spinning", "0");
            } catch (ai.onnxruntime.OrtException e) {
                options.close();
                throw new IllegalStateException("ONNX Runtime refused its spinning options: " + e.getMessage(), e);
            }
            return options;
        }
    }

    @Override
    protected void writeNative(NetworkGraph graph, NetworkWeights weights, Path target) throws IOException {
        OnnxExporter.write(graph, weights, target);
    }

    @Override
    protected String nativeName(String network) {
        return network + ".onnx";
    }
}
