package dev.heritage.engine.support;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import dev.heritage.api.Device;
import dev.heritage.api.HeritageException;
import dev.heritage.api.InFlightGuard;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.Tensor;
import dev.heritage.api.engine.WeightFormat;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.djl.DjlTensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A {@link LoadedNetwork} over a Deep Java Library model, for every DJL engine.
 *
 * <p>DJL predictors are not thread-safe, so this keeps a pool: a call takes an idle predictor (or
 * makes one) and returns it afterwards, so threads never share one and predictors are reused. Each
 * pooled predictor keeps native buffers for the inputs ({@link DjlTensors.Staging}), about 19 MB for
 * a batch of 32 images, reused from call to call.
 * Inputs are fed in the graph's input order, each named after its input; outputs are matched by
 * name (engines that lose names are matched by order).
 *
 * <p>Thread-safe. {@link #close()} refuses new calls, waits for the calls inside the engine (the
 * {@link InFlightGuard} policy) and then closes every predictor and the model; freeing them under a
 * running call would crash the JVM in the engine's native code.
 */
public final class DjlLoadedNetwork implements LoadedNetwork {
    private final String engine;
    private final Device device;
    private final WeightFormat format;
    private final NetworkGraph graph;
    private final Model model;
    private final ConcurrentLinkedQueue<Worker> idle = new ConcurrentLinkedQueue<>();
    private final List<Worker> all = new ArrayList<>();
    private final InFlightGuard guard;

    /**
     * @param engine the engine's Heritage name
     * @param device the device the model was loaded on
     * @param format the format it was loaded from
     * @param graph the network's graph (names, order and shapes of inputs and outputs)
     * @param model the loaded DJL model; owned (closed) by this object from now on
     */
    public DjlLoadedNetwork(String engine, Device device, WeightFormat format, NetworkGraph graph, Model model) {
        this.engine = engine;
        this.device = device;
        this.format = format;
        this.graph = graph;
        this.model = model;
        this.guard = new InFlightGuard("network '" + graph.name() + "' on " + engine);
    }

    @Override
    public String engine() {
        return engine;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public WeightFormat format() {
        return format;
    }

    @Override
    public List<String> inputNames() {
        return graph.inputs().stream().map(NetworkGraph.Input::name).toList();
    }

    @Override
    public List<String> outputNames() {
        return graph.outputs();
    }

    @Override
    public Map<String, Tensor> forward(Map<String, Tensor> inputs) throws HeritageException {
        guard.enter();
        try {
            return forwardGuarded(inputs);
        } finally {
            guard.exit();
        }
    }

    private Map<String, Tensor> forwardGuarded(Map<String, Tensor> inputs) throws HeritageException {
        Worker worker = take();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList in = DjlTensors.inputs(graph, inputs, manager, worker.staging);
            NDList out = worker.predictor.predict(in);
            Map<String, Tensor> result = new LinkedHashMap<>();
            for (int i = 0; i < graph.outputs().size(); i++) {
                String name = graph.outputs().get(i);
                NDArray a = out.get(name);
                if (a == null) {
                    a = out.get(i);
                }
                result.put(name, DjlTensors.toTensor(a));
            }
            out.close();
            return result;
        } catch (TranslateException e) {
            throw new HeritageException(
                    "Engine " + engine + " failed to run network '" + graph.name() + "': " + e.getMessage(), e);
        } finally {
            idle.add(worker); // after the manager closed the arrays over its staging buffers
        }
    }

    private Worker take() {
        Worker w = idle.poll();
        if (w == null) {
            w = new Worker(model.newPredictor(new NoopTranslator()));
            synchronized (all) {
                all.add(w);
            }
        }
        return w;
    }

    /** A predictor and the native input buffers it reuses; used by one call at a time. */
    private static final class Worker {
        final Predictor<NDList, NDList> predictor;
        final DjlTensors.Staging staging = new DjlTensors.Staging();

        Worker(Predictor<NDList, NDList> predictor) {
            this.predictor = predictor;
        }
    }

    @Override
    public void close() {
        guard.close(() -> {
            synchronized (all) {
                all.forEach(w -> w.predictor.close());
                all.clear();
            }
            idle.clear();
            model.close();
        });
    }

    @Override
    public String toString() {
        return "DjlLoadedNetwork[" + graph.name() + " on " + engine + "/" + device + " from " + format + "]";
    }
}
