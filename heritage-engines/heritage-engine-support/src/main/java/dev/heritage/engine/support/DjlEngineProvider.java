package dev.heritage.engine.support;

import ai.djl.Model;
import ai.djl.engine.Engine;
import dev.heritage.api.Device;
import dev.heritage.api.HeritageException;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.NetworkArtifact;
import dev.heritage.api.engine.WeightFormat;
import dev.heritage.api.model.Digests;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.weights.QuantizedWeights;
import dev.heritage.runtime.FileTrees;
import dev.heritage.runtime.HeritageCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

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
     * @param weights the network's weights in this engine's format (a file or a directory)
     * @param graph its graph
     * @param device the DJL device
     * @return the loaded DJL model
     * @throws Exception if loading fails
     */
    protected abstract Model loadModel(Path weights, NetworkGraph graph, ai.djl.Device device) throws Exception;

    /**
     * Writes a network in this engine's format, for models that ship only portable weights.
     *
     * @param graph the network
     * @param weights its weights
     * @param target the file or directory to create, named by {@link #nativeName(String)}
     * @throws IOException if it cannot be written
     */
    protected abstract void writeNative(NetworkGraph graph, NetworkWeights weights, Path target) throws IOException;

    /**
     * @param network a network name
     * @return the file or directory name of that network in this engine's format
     */
    protected abstract String nativeName(String network);

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
            throw new MalformedModelException(
                    "Model '" + artifact.model().card().id() + "': the graph of network '" + artifact.name()
                            + "' cannot be read: " + e.getMessage(),
                    e);
        }
        engine();
        Path weights = weights(artifact, graph);
        try {
            Model model = loadModel(weights, graph, toDjl(chosen));
            return new DjlLoadedNetwork(name(), chosen, format(), graph, model);
        } catch (HeritageException e) {
            throw e;
        } catch (Exception e) {
            throw new HeritageException(
                    "Engine " + name() + " cannot load network '" + artifact.name() + "' of model '"
                            + artifact.model().card().id() + "' from " + weights + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * The network's weights in this engine's format: the model's own file when it has one, else
     * derived from its portable weights into Heritage's cache. A derived folder is used again only
     * when its digest record ({@link CachedExport}) still matches every file in it; otherwise it is
     * derived again, and rewritten when it differs, so the cache is never trusted unchecked.
     */
    private Path weights(NetworkArtifact artifact, NetworkGraph graph) throws HeritageException {
        Map<String, String> formats = artifact.entry().formats();
        if (formats.containsKey(format().id())) {
            return artifact.path(format());
        }
        String portable = formats.get(WeightFormat.PORTABLE.id());
        String modelId = artifact.model().card().id();
        if (portable == null) {
            throw new MalformedModelException("Model '" + modelId + "': network '" + artifact.name() + "' has neither "
                    + format().id() + " nor portable weights (it has " + formats.keySet() + "), so engine " + name()
                    + " cannot run it. Use an engine for one of those formats.");
        }
        // The export depends on the graph and the network's name (its file name) as much as on the
        // weights: one set of weights backs several graphs (the backbone with and without style
        // statistics) and several names (a model's "backbone", a backbone's own "features").
        String digest = Digests.sha256((artifact.model().card().files().get(portable) + " "
                        + artifact.model().card().files().get(artifact.entry().graph()) + " "
                        + nativeName(artifact.name()))
                .getBytes(StandardCharsets.UTF_8));
        try {
            Path dir = HeritageCache.directory()
                    .resolve("materialized")
                    .resolve(name() + "-" + version())
                    .resolve(digest.substring(0, 24));
            String origin = CachedExport.origin(digest, name() + " " + version(), getClass());
            if (CachedExport.verified(dir, origin)) {
                return dir.resolve(nativeName(artifact.name()));
            }
            NetworkWeights values = QuantizedWeights.read(artifact.model().resolve(portable), graph);
            Path staging = Files.createDirectories(dir.getParent())
                    .resolve(dir.getFileName() + ".staging-"
                            + ProcessHandle.current().pid() + "-"
                            + Thread.currentThread().getId());
            FileTrees.deleteRecursively(staging);
            Files.createDirectories(staging);
            try {
                writeNative(graph, values, staging.resolve(nativeName(artifact.name())));
                if (!sameTree(staging, dir)) {
                    CachedExport.forget(dir);
                    if (Files.exists(dir)) {
                        // Renamed away first, so the folder is never seen half-deleted by another loader.
                        Path stale = dir.resolveSibling(dir.getFileName() + ".stale-"
                                + ProcessHandle.current().pid() + "-"
                                + Thread.currentThread().getId());
                        FileTrees.deleteRecursively(stale);
                        Files.move(dir, stale, StandardCopyOption.ATOMIC_MOVE);
                        FileTrees.deleteRecursively(stale);
                    }
                    try {
                        Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException raced) {
                        if (!sameTree(staging, dir)) {
                            throw raced;
                        }
                    }
                }
            } finally {
                FileTrees.deleteRecursively(staging);
            }
            CachedExport.record(dir, origin);
            return dir.resolve(nativeName(artifact.name()));
        } catch (IOException e) {
            throw new HeritageException(
                    "Engine " + name() + " cannot derive its format for network '" + artifact.name()
                            + "' of model '" + modelId + "' from " + portable + " into " + HeritageCache.directory()
                            + ": " + e.getMessage() + ". Check that the cache folder is writable (-D"
                            + HeritageCache.PROPERTY
                            + ").",
                    e);
        }
    }

    private static boolean sameTree(Path a, Path b) throws IOException {
        if (!Files.isDirectory(b)) {
            return false;
        }
        List<Path> fa = files(a);
        List<Path> fb = files(b);
        if (fa.size() != fb.size()) {
            return false;
        }
        for (int i = 0; i < fa.size(); i++) {
            if (!a.relativize(fa.get(i)).equals(b.relativize(fb.get(i)))
                    || Files.mismatch(fa.get(i), fb.get(i)) != -1) {
                return false;
            }
        }
        return true;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
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
