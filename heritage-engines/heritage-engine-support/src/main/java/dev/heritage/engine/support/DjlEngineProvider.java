package dev.heritage.engine.support;

import ai.djl.Model;
import ai.djl.engine.Engine;
import dev.heritage.api.Device;
import dev.heritage.api.HeritageException;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.NetworkArtifact;
import dev.heritage.api.engine.WeightFormat;
import dev.heritage.network.NetworkGraph;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * The common part of Heritage's engine providers, all of which run through Deep Java Library:
 * versions read from the module's build, DJL configured offline before first use, device mapping,
 * and loading the network graph. Subclasses prepare their natives and load their weight format.
 *
 * <p>Thread-safe.
 */
public abstract class DjlEngineProvider implements EngineProvider {
    private final Properties build = new Properties();

    /** Reads {@code heritage-engine.properties} of the subclass's package. */
    protected DjlEngineProvider() {
        try (InputStream in = getClass().getResourceAsStream("heritage-engine.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the name of the engine inside DJL ({@code PyTorch}, {@code OnnxRuntime}, {@code TensorFlow}) */
    protected abstract String djlEngineName();

    /** Makes the engine's native libraries loadable; called once before the engine is first used. */
    protected abstract void prepareNatives();

    /**
     * @param artifact the network
     * @param graph its graph
     * @param device the DJL device
     * @return the loaded DJL model
     * @throws Exception if loading fails
     */
    protected abstract Model loadModel(NetworkArtifact artifact, NetworkGraph graph, ai.djl.Device device)
            throws Exception;

    /** @return the weight format this engine loads */
    protected abstract WeightFormat format();

    @Override
    public String version() {
        return build.getProperty("engine.version", "unknown");
    }

    @Override
    public Optional<String> unavailableReason(Device device) {
        return device.isCpu() ? Optional.empty() : cudaUnavailableReason(device);
    }

    /**
     * @param device a CUDA device
     * @return why it cannot be used, or empty if it can
     */
    protected abstract Optional<String> cudaUnavailableReason(Device device);

    /** @return the DJL engine, natives prepared and DJL configured offline */
    protected final Engine engine() {
        synchronized (DjlEngineProvider.class) {
            HeritageCache.configureDjl();
            prepareNatives();
        }
        return Engine.getEngine(djlEngineName());
    }

    @Override
    public LoadedNetwork load(NetworkArtifact artifact, Device device) throws HeritageException {
        Device chosen = selectDevice(device, false);
        NetworkGraph graph;
        try {
            graph = NetworkGraph.read(artifact.graphPath());
        } catch (IOException e) {
            throw new dev.heritage.api.MalformedModelException("Model '" + artifact.model().card().id()
                    + "': the graph of network '" + artifact.name() + "' cannot be read: " + e.getMessage(), e);
        }
        engine();
        try {
            Model model = loadModel(artifact, graph, toDjl(chosen));
            return new DjlLoadedNetwork(name(), chosen, format(), graph, model);
        } catch (HeritageException e) {
            throw e;
        } catch (Exception e) {
            throw new HeritageException("Engine " + name() + " cannot load network '" + artifact.name() + "' of model '"
                    + artifact.model().card().id() + "' from " + artifact.path(format()) + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param device a Heritage device
     * @return the DJL device
     */
    protected static ai.djl.Device toDjl(Device device) {
        return device.isCpu() ? ai.djl.Device.cpu() : ai.djl.Device.gpu(device.index());
    }

    @Override
    public String toString() {
        return name() + " " + version();
    }
}
