package dev.heritage.bench;

import dev.heritage.api.Device;
import dev.heritage.api.HeritageException;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelKind;
import dev.heritage.api.NetworkEntry;
import dev.heritage.api.engine.Engines;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.NetworkArtifact;
import dev.heritage.api.engine.Tensor;
import dev.heritage.api.engine.WeightFormat;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.network.Layer;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.ParamSpec;
import dev.heritage.network.weights.QuantizedWeights;
import dev.heritage.runtime.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The machine's attainable GFLOP/s on each engine: one large matrix product, {@code [rows × size]
 * · [size × size]}, run as a one-layer network (a bias-free linear layer) through the same
 * {@link LoadedNetwork} path the models use, at several sizes (the best of them is the measured peak
 * the report sets beside the {@link TheoreticalPeak}). One operation is {@code 2 · rows · size²} FLOPs
 * ({@link #flops()}).
 *
 * <p>JMH state: one instance per trial; writes its model to a temporary folder that tear-down
 * deletes, and closes the network.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PeakFlopsBenchmark {
    @Param({"onnxruntime", "pytorch", "tensorflow"})
    String engine;

    /** The layer's width: the report takes the best rate over these sizes as the measured peak. */
    @Param({"256", "512", "1024", "2048"})
    int size;

    @Param({"1024"})
    int rows;

    Path dir;
    LoadedNetwork network;
    Map<String, Tensor> inputs;

    /** @return the FLOPs of one operation */
    public long flops() {
        return 2L * rows * size * size;
    }

    /** Writes and loads the one-layer network, makes the input. */
    @Setup
    public void setup() throws IOException, HeritageException {
        dir = Files.createTempDirectory("heritage-matmul");
        network = Engines.get(engine).load(new NetworkArtifact(model(dir, size), "matmul"), Device.cpu());
        Random r = new Random(1);
        float[] x = new float[rows * size];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        inputs = Map.of("x", Tensor.ofFloats(new long[] {rows, size}, x));
    }

    /**
     * Writes a sealed model holding one {@code size × size} bias-free linear layer with seeded
     * weights, in the portable format (each engine derives its own).
     *
     * @param dir an empty folder
     * @param size the layer's width
     * @return the model
     * @throws IOException if it cannot be written
     */
    static ModelArtifact model(Path dir, int size) throws IOException {
        NetworkGraph graph = NetworkGraph.builder("matmul")
                .input("x", Tensor.DataType.FLOAT32, size)
                .node("y", new Layer.Linear(size, size, false), "x")
                .output("y")
                .build();
        float[] w = weights(size);
        NetworkWeights weights = NetworkWeights.of(
                graph,
                Map.of(NetworkWeights.key("y", ParamSpec.Role.WEIGHT), Tensor.ofFloats(new long[] {size, size}, w)));
        Files.createDirectories(dir.resolve("weights"));
        Files.writeString(dir.resolve("weights/matmul.graph.json"), graph.toJson());
        QuantizedWeights.writeFloat32(weights, dir.resolve("weights/matmul.hqw"));
        ModelCard card = ModelCard.builder("bench-matmul", ModelKind.NETWORK)
                .description("One bias-free linear layer: the matrix product that bounds the machine's GFLOP/s.")
                .licence("Benchmark fixture, no restrictions.")
                .network(
                        "matmul",
                        new NetworkEntry(
                                "weights/matmul.graph.json", Map.of(WeightFormat.PORTABLE.id(), "weights/matmul.hqw")))
                .build();
        return ModelArtifact.seal(dir, card);
    }

    /**
     * @param size the layer's width
     * @return the seeded weights of {@link #model}, {@code [out, in]} row-major
     */
    static float[] weights(int size) {
        Random r = new Random(2);
        float[] w = new float[size * size];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() / Math.sqrt(size));
        }
        return w;
    }

    /** Closes the network and deletes the model. */
    @TearDown
    public void tearDown() throws IOException {
        if (network != null) {
            network.close();
        }
        if (dir != null) {
            FileTrees.deleteRecursively(dir);
        }
    }

    /** @return the product */
    @Benchmark
    public Map<String, Tensor> matmul() throws HeritageException {
        return network.forward(inputs);
    }
}
