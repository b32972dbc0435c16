package dev.heritage.bench;

import dev.heritage.api.Device;
import dev.heritage.api.EngineNotFoundException;
import dev.heritage.api.HeritageException;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.api.engine.Engines;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.NetworkArtifact;
import dev.heritage.api.engine.WeightFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stub engine for measuring the annotator's wrapper: its networks answer each input they have seen
 * before with the outputs the real engine gave for it ({@link ReplayNetwork}), so {@code
 * Annotator.annotate} runs its whole path (decoding, preprocessing, descriptors, encoding, head,
 * calibration, joint decoding) with no engine time, and everything downstream of the engine works on
 * the real network's real outputs. The first time an input is seen it goes to the real engine; a
 * benchmark sends its inputs once in set-up, then checks with {@link #engineCalls()} that the
 * measurement never reached the real engine.
 *
 * <p>One provider per real engine, named {@code replay-ENGINE} (e.g. {@code replay-onnxruntime}); they
 * are registered through {@code META-INF/services} in heritage-bench only, and rank below every real
 * engine, so they are never the default. Load an annotator on one by naming it:
 * {@code AnnotatorOptions.builder().engine("replay-onnxruntime")}.
 *
 * <p>Thread-safe. The networks it loads own the real networks behind them; whoever loads one closes it.
 */
public abstract class ReplayEngineProvider implements EngineProvider {
    /** The prefix of every replay engine's name; the rest is the real engine's name. */
    public static final String PREFIX = "replay-";

    private final String real;
    private final AtomicLong engineCalls = new AtomicLong();

    /** @param real the name of the engine whose answers are replayed */
    protected ReplayEngineProvider(String real) {
        this.real = real;
    }

    /**
     * @param engine a real engine's name
     * @return the replay engine in front of it
     * @throws EngineNotFoundException if either is not on the class path
     */
    public static ReplayEngineProvider of(String engine) throws EngineNotFoundException {
        EngineProvider p = Engines.get(PREFIX + engine);
        if (p instanceof ReplayEngineProvider replay) {
            return replay;
        }
        throw new EngineNotFoundException("Engine '" + PREFIX + engine
                + "' is not heritage-bench's replay engine; another provider took the name.");
    }

    /** @return the real engine, found by name */
    EngineProvider real() {
        try {
            return Engines.get(real);
        } catch (EngineNotFoundException e) {
            throw new IllegalStateException(
                    "The replay engine " + name() + " needs the real engine: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return PREFIX + real;
    }

    /** {@inheritDoc} Below every real engine: a replay engine is used only when named. */
    @Override
    public int rank() {
        return -1000;
    }

    @Override
    public String version() {
        return real().version();
    }

    @Override
    public List<String> deviceTypes() {
        return List.of(Device.CPU);
    }

    @Override
    public Set<WeightFormat> weightFormats() {
        return real().weightFormats();
    }

    @Override
    public Optional<String> unavailableReason(Device device) {
        return device.isCpu()
                ? Optional.empty()
                : Optional.of("the replay engine measures the annotator's own CPU work; load it on the CPU.");
    }

    @Override
    public LoadedNetwork load(NetworkArtifact artifact, Device device) throws HeritageException {
        return new ReplayNetwork(name(), real().load(artifact, device), engineCalls);
    }

    /** @return how many calls of this provider's networks have gone to the real engine so far */
    public long engineCalls() {
        return engineCalls.get();
    }

    /** Replays ONNX Runtime's answers. */
    public static final class OnnxRuntime extends ReplayEngineProvider {
        /** Made by {@link java.util.ServiceLoader}. */
        public OnnxRuntime() {
            super("onnxruntime");
        }
    }

    /** Replays PyTorch's answers. */
    public static final class PyTorch extends ReplayEngineProvider {
        /** Made by {@link java.util.ServiceLoader}. */
        public PyTorch() {
            super("pytorch");
        }
    }

    /** Replays TensorFlow's answers. */
    public static final class TensorFlow extends ReplayEngineProvider {
        /** Made by {@link java.util.ServiceLoader}. */
        public TensorFlow() {
            super("tensorflow");
        }
    }
}
