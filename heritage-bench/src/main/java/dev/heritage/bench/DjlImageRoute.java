package dev.heritage.bench;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.transform.Resize;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.Pipeline;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.heritage.api.engine.WeightFormat;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.classify.backbone.MobileNetV2;
import dev.heritage.classify.model.AnnotatorModel;
import dev.heritage.engine.onnxruntime.OnnxRuntimeEngineProvider;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.export.OnnxExporter;
import dev.heritage.network.weights.QuantizedWeights;
import dev.heritage.runtime.HeritageCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a user would write instead of Heritage to get the backbone's features of image files: Deep Java
 * Library's ordinary image route. The annotator's MobileNetV2 backbone exported to ONNX with Heritage's
 * exporter, loaded on DJL's OnnxRuntime engine with the same session options Heritage's ONNX Runtime
 * engine gives its sessions (no spin-waiting, unless {@value OnnxRuntimeEngineProvider#SPINNING_PROPERTY}),
 * and each file read with {@code ImageFactory.getInstance().fromFile}, {@code Resize(224, 224)} and
 * {@code ToTensor()} (the backbone takes RGB in [0, 1], so no {@code Normalize}) in a {@link Translator},
 * then {@code Predictor.batchPredict}. Everything else is DJL's default: its image operations run on
 * its hybrid engine (PyTorch) with PyTorch's own thread settings.
 *
 * <p>Not thread-safe (one predictor); whoever opens it closes it, which deletes the exported model.
 */
final class DjlImageRoute implements AutoCloseable {
    private final Path dir;
    private final Model model;
    private final Predictor<Image, float[]> predictor;

    private DjlImageRoute(Path dir, Model model, Predictor<Image, float[]> predictor) {
        this.dir = dir;
        this.model = model;
        this.predictor = predictor;
    }

    /**
     * Exports the annotator's backbone to ONNX in a temporary folder and loads it on DJL's OnnxRuntime
     * engine.
     *
     * @param annotator the annotator model whose backbone to run
     * @return the route; close it
     * @throws IOException if the backbone cannot be read or exported
     * @throws MalformedModelException if DJL cannot load it
     */
    static DjlImageRoute open(ModelArtifact annotator) throws IOException, MalformedModelException {
        // Only where DJL unpacks PyTorch's natives (the folder Heritage's engines use), so the
        // measurement does not unpack libtorch again; no setting that changes how DJL runs.
        if (System.getenv(HeritageCache.DJL_CACHE_DIR) == null
                && System.getProperty(HeritageCache.DJL_CACHE_DIR) == null) {
            System.setProperty(
                    HeritageCache.DJL_CACHE_DIR, HeritageCache.djlDirectory().toString());
        }
        // A plain DJL application runs its image operations (Resize, ToTensor) on PyTorch, DJL's
        // "alternative engine" of ONNX Runtime; Heritage's own set-up turns that off for its engines
        // (HeritageCache.configureDjl), so the route turns DJL's default back on. DJL looks it up at the
        // first array operation after it is allowed, so this works after a Heritage model has loaded.
        System.setProperty(HeritageCache.ONNX_NO_ALTERNATIVE, "false");
        Path dir = Files.createTempDirectory("heritage-djl-route");
        var entry = annotator.network(AnnotatorModel.BACKBONE);
        NetworkGraph graph = NetworkGraph.read(annotator.resolve(entry.graph()));
        Path portable = annotator.resolve(entry.formats().get(WeightFormat.PORTABLE.id()));
        OnnxExporter.write(graph, QuantizedWeights.read(portable, graph), dir.resolve("backbone.onnx"));
        Model model = Model.newInstance("backbone", ai.djl.Device.cpu(), "OnnxRuntime");
        try {
            model.load(dir, "backbone", sessionOptions());
            return new DjlImageRoute(dir, model, model.newPredictor(new FeaturesTranslator()));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * The session options Heritage's ONNX Runtime engine passes (see {@code OnnxRuntimeEngineProvider}):
     * spin-waiting off unless asked for; with it asked for, DJL's own.
     */
    private static Map<String, Object> sessionOptions() {
        if (Boolean.getBoolean(OnnxRuntimeEngineProvider.SPINNING_PROPERTY)) {
            return Map.of();
        }
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
        } catch (OrtException e) {
            options.close();
            throw new IllegalStateException("ONNX Runtime refused its spinning options: " + e.getMessage(), e);
        }
        return Map.of("sessionOptions", options);
    }

    /**
     * @param files image files
     * @return the backbone's features of each, in order
     * @throws IOException if a file cannot be read
     * @throws TranslateException if DJL fails
     */
    List<float[]> features(List<Path> files) throws IOException, TranslateException {
        List<Image> images = new ArrayList<>(files.size());
        for (Path f : files) {
            images.add(ImageFactory.getInstance().fromFile(f));
        }
        return predictor.batchPredict(images);
    }

    @Override
    public void close() throws IOException {
        predictor.close();
        model.close();
        dev.heritage.runtime.FileTrees.deleteRecursively(dir);
    }

    /** DJL's ordinary image translator: resize, to a CHW tensor in [0, 1], the first output's values. */
    private static final class FeaturesTranslator implements Translator<Image, float[]> {
        private final Pipeline pipeline = new Pipeline()
                .add(new Resize(MobileNetV2.INPUT_SIZE, MobileNetV2.INPUT_SIZE))
                .add(new ToTensor());

        @Override
        public NDList processInput(TranslatorContext ctx, Image input) {
            NDArray array = input.toNDArray(ctx.getNDManager(), Image.Flag.COLOR);
            return pipeline.transform(new NDList(array));
        }

        @Override
        public float[] processOutput(TranslatorContext ctx, NDList list) {
            return list.get(0).toFloatArray();
        }
    }
}
