package dev.heritage.engine.tck;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelKind;
import dev.heritage.api.NetworkEntry;
import dev.heritage.api.engine.Tensor;
import dev.heritage.api.engine.WeightFormat;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.ParamSpec;
import dev.heritage.network.djl.DjlTensors;
import dev.heritage.network.djl.GraphBlock;
import dev.heritage.network.export.NetworkExporter;
import dev.heritage.network.weights.QuantizedWeights;
import dev.heritage.runtime.HeritageCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The reference network with seeded weights, exported to every format into a model directory, and
 * its outputs computed by PyTorch directly through DJL (the reference every engine must match).
 *
 * <p>Built once per JVM ({@link #get()}); immutable afterwards and thread-safe.
 */
public final class ReferenceFixture {
    /** Seed of the weights and inputs. */
    public static final long SEED = 20261123L;
    /** The network's name inside the model. */
    public static final String NETWORK = "main";
    /** The same network, shipped only as portable weights (each engine derives its own format). */
    public static final String PORTABLE_NETWORK = "portable";

    private static ReferenceFixture instance;

    private final ModelArtifact model;
    private final Map<Integer, Map<String, Tensor>> inputs = new LinkedHashMap<>();
    private final Map<Integer, Map<String, Tensor>> expected = new LinkedHashMap<>();

    private ReferenceFixture(ModelArtifact model) {
        this.model = model;
    }

    /**
     * @return the fixture, built on first call (needs the PyTorch engine on the class path)
     * @throws Exception if it cannot be built
     */
    public static synchronized ReferenceFixture get() throws Exception {
        if (instance == null) {
            instance = build(Files.createTempDirectory("heritage-tck-"));
        }
        return instance;
    }

    /** @return the exported, sealed model */
    public ModelArtifact model() {
        return model;
    }

    /**
     * @param batch 1 or 8
     * @return the seeded inputs of that batch size
     */
    public Map<String, Tensor> inputs(int batch) {
        return inputs.get(batch);
    }

    /**
     * @param batch 1 or 8
     * @return PyTorch's outputs for {@link #inputs(int)}
     */
    public Map<String, Tensor> expected(int batch) {
        return expected.get(batch);
    }

    private static ReferenceFixture build(Path dir) throws Exception {
        HeritageCache.configureDjl();
        NetworkGraph graph = ReferenceNetwork.graph();
        Engine pytorch = Engine.getEngine("PyTorch");
        pytorch.setRandomSeed((int) SEED);
        try (Model djl = Model.newInstance(graph.name(), Device.cpu(), "PyTorch")) {
            GraphBlock block = new GraphBlock(graph);
            block.initialize(djl.getNDManager());
            block.setWeights(batchNormStatistics(graph, new Random(SEED)));
            djl.setBlock(block);
            NetworkEntry entry = NetworkExporter.export(block, dir, NETWORK, NetworkExporter.allFormats());
            QuantizedWeights.writeFloat32(block.weights(), dir.resolve("weights/portable.hqw"));
            ModelCard card = ModelCard.builder("tck-reference", ModelKind.NETWORK)
                    .description("Engine conformance reference network with seeded weights.")
                    .licence("Test fixture, no licence restrictions.")
                    .network(NETWORK, entry)
                    .network(
                            PORTABLE_NETWORK,
                            new NetworkEntry(entry.graph(), Map.of(WeightFormat.PORTABLE.id(), "weights/portable.hqw")))
                    .property("seed", SEED)
                    .build();
            ReferenceFixture f = new ReferenceFixture(ModelArtifact.seal(dir, card));
            Random random = new Random(SEED + 1);
            try (Predictor<NDList, NDList> predictor = djl.newPredictor(new NoopTranslator())) {
                for (int batch : new int[] {1, 8}) {
                    Map<String, Tensor> in = randomInputs(batch, random);
                    f.inputs.put(batch, in);
                    f.expected.put(batch, run(predictor, djl.getNDManager(), graph, in));
                }
            }
            return f;
        }
    }

    /** Non-trivial batch-norm parameters, so that a wrong mapping of any of them shows. */
    private static Map<String, Tensor> batchNormStatistics(NetworkGraph graph, Random r) {
        Map<String, Tensor> w = new LinkedHashMap<>();
        for (NetworkGraph.Node node : graph.nodes()) {
            for (ParamSpec p : node.layer().parameters()) {
                float[] v = new float[(int) Tensor.size(p.shape())];
                switch (p.role()) {
                    case GAMMA -> fill(v, r, 0.5f, 1.5f);
                    case BETA, RUNNING_MEAN -> fill(v, r, -0.5f, 0.5f);
                    case RUNNING_VAR -> fill(v, r, 0.2f, 2.0f);
                    default -> {
                        continue;
                    }
                }
                w.put(node.name() + "." + p.role().suffix(), Tensor.ofFloats(p.shape(), v));
            }
        }
        return w;
    }

    /**
     * Seeded inputs of the reference network without building the fixture (for child JVMs that
     * only need valid inputs, not PyTorch's outputs).
     *
     * @param batch the batch size
     * @return inputs of that batch size
     */
    public static Map<String, Tensor> seededInputs(int batch) {
        return randomInputs(batch, new Random(SEED + 2));
    }

    private static Map<String, Tensor> randomInputs(int batch, Random r) {
        int s = ReferenceNetwork.IMAGE_SIZE;
        float[] image = new float[batch * 3 * s * s];
        fill(image, r, 0f, 1f);
        long[] category = new long[batch];
        for (int i = 0; i < batch; i++) {
            category[i] = r.nextInt(ReferenceNetwork.CATEGORIES);
        }
        float[] text = new float[batch * ReferenceNetwork.TEXT_FEATURES];
        fill(text, r, -1f, 1f);
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("image", Tensor.ofFloats(new long[] {batch, 3, s, s}, image));
        in.put("category", Tensor.ofLongs(new long[] {batch}, category));
        in.put("text", Tensor.ofFloats(new long[] {batch, ReferenceNetwork.TEXT_FEATURES}, text));
        return in;
    }

    private static Map<String, Tensor> run(
            Predictor<NDList, NDList> predictor, NDManager parent, NetworkGraph graph, Map<String, Tensor> in)
            throws TranslateException {
        try (NDManager m = parent.newSubManager()) {
            NDList list = DjlTensors.inputs(graph, in, m);
            NDList out = predictor.predict(list);
            Map<String, Tensor> result = new LinkedHashMap<>();
            for (int i = 0; i < graph.outputs().size(); i++) {
                result.put(graph.outputs().get(i), DjlTensors.toTensor(out.get(i)));
            }
            return result;
        }
    }

    private static void fill(float[] v, Random r, float lo, float hi) {
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * r.nextFloat();
        }
    }

    @Override
    public String toString() {
        return "ReferenceFixture[" + model + "]";
    }
}
