package dev.heritage.inpaint;

import dev.heritage.api.Device;
import dev.heritage.api.HeritageException;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.ModelCard;
import dev.heritage.api.engine.Engines;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.NetworkArtifact;
import dev.heritage.api.engine.Tensor;
import dev.heritage.api.model.ModelArtifact;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A trained {@link GatedUNet} loaded into an engine, applied to tiles of any size: the
 * {@link TileInpainter} behind {@link LearnedReconstructor} and the clustered reconstructor.
 *
 * <p>A network that refines a classical fill ({@link GatedUNet#prefill()}) gets the tile filled by
 * Telea's method (radius 5, {@link dev.heritage.inpaint.TeleaReconstructor}) as its second input.
 *
 * <p>The exported network has a fixed square input (the card's {@code inference.patch}, e.g. 256), so a
 * tile is covered by patches of that size: a tile smaller than a patch is centred in one patch and the
 * rest is filled by mirroring the tile (pixels and mask alike); a larger tile is covered by a grid of
 * patches that overlap by at least {@code inference.overlap} pixels, and where patches overlap their
 * estimates are blended with linear ramps. Patches without a damaged pixel are skipped; the rest go to the
 * engine in batches of up to {@value #BATCH}. The network's output (R, G, B in [0, 1]) is rounded to
 * 8 bits. Only damaged pixels are written; the caller ({@link dev.heritage.inpaint.TiledReconstruction})
 * composites them, so intact pixels stay bit-for-bit the input.
 *
 * <p><b>Thread-safety:</b> thread-safe; tiles may be filled from several threads at once (the engine's
 * {@link LoadedNetwork} is thread-safe, and each call uses its own buffers). The result of a tile is
 * deterministic for a given engine.
 *
 * <p><b>Lifecycle:</b> owns the {@link LoadedNetwork}; whoever loaded it calls {@link #close()} once, after
 * the last call. Closing is idempotent.
 */
public final class NetworkInpainter implements AutoCloseable {
    /** The network's name inside a reconstructor model. */
    public static final String NETWORK = "main";

    /** The most patches sent to the engine in one call. */
    public static final int BATCH = 4;

    private final ModelArtifact model;
    private final GatedUNet architecture;
    private final int patch;
    private final int overlap;
    private final LoadedNetwork network;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NetworkInpainter(
            ModelArtifact model, GatedUNet architecture, int patch, int overlap, LoadedNetwork network) {
        this.model = model;
        this.architecture = architecture;
        this.patch = patch;
        this.overlap = overlap;
        this.network = network;
    }

    /**
     * Loads the network of an inpainting model.
     *
     * @param model a verified reconstructor model written by {@code InpaintModelWriter} (its kind and method
     *     are the caller's to check: {@link dev.heritage.inpaint.ReconstructorModel})
     * @param engine the engine's name ({@code onnxruntime}, {@code pytorch}, {@code tensorflow}), or {@code null}
     *     for the default engine
     * @param device where to run
     * @return the loaded inpainter; the caller closes it
     * @throws MalformedModelException if the card does not describe an inpainting network
     *     ({@link NetworkSettings#read})
     * @throws HeritageException if the engine is missing or cannot load the network
     */
    public static NetworkInpainter load(ModelArtifact model, String engine, Device device) throws HeritageException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(device, "device");
        ModelCard card = model.card();
        NetworkSettings settings = NetworkSettings.read(card);
        if (!card.networks().containsKey(NETWORK)) {
            throw new MalformedModelException("Model '" + card.id() + "' has no network '" + NETWORK + "'; it has "
                    + card.networks().keySet());
        }
        LoadedNetwork network = Engines.resolve(engine).load(new NetworkArtifact(model, NETWORK), device);
        return new NetworkInpainter(model, settings.architecture(), settings.patch(), settings.overlap(), network);
    }

    /** @return the model */
    public ModelArtifact model() {
        return model;
    }

    /** @return the network's architecture */
    public GatedUNet architecture() {
        return architecture;
    }

    /** @return the side of the square patches the network runs on */
    public int patch() {
        return patch;
    }

    /** @return the least overlap of neighbouring patches */
    public int overlap() {
        return overlap;
    }

    /** @return the engine's name */
    public String engine() {
        return network.engine();
    }

    /**
     * A tile function for {@link dev.heritage.inpaint.TiledReconstruction}.
     *
     * @param condition the cluster fed to a conditioned network (its one-hot channel is set), or -1 for a
     *     network without condition channels
     * @return a thread-safe tile inpainter, valid until this object is closed
     * @throws IllegalArgumentException if the condition does not fit the network
     */
    public TileInpainter tileInpainter(int condition) {
        int conditions = architecture.conditionChannels();
        if (conditions == 0 ? condition != -1 : condition < 0 || condition >= conditions) {
            throw new IllegalArgumentException("Condition " + condition + " does not fit a network with " + conditions
                    + " condition channels" + (conditions == 0 ? " (use -1)" : ""));
        }
        return (rgb, mask, width, height) -> fill(rgb, mask, width, height, condition);
    }

    /**
     * Runs the network once on raw input, for tests and tools.
     *
     * @param input the input {@value GatedUNet#INPUT}, {@code batch × channels × patch × patch} values in
     *     NCHW order
     * @param prefill the input {@value GatedUNet#PREFILL}, {@code batch × 3 × patch × patch} values, for a
     *     network that refines a classical fill; else {@code null}
     * @param batch the number of patches
     * @return the output, {@code batch × 3 × patch × patch} values
     * @throws HeritageException if the engine fails
     */
    public float[] forward(float[] input, float[] prefill, int batch) throws HeritageException {
        if (closed.get()) {
            throw new IllegalStateException("This inpainter was closed");
        }
        if ((prefill != null) != architecture.prefill()) {
            throw new IllegalArgumentException(
                    architecture.prefill()
                            ? "This network needs the prefill input"
                            : "This network takes no prefill input");
        }
        long[] shape = {batch, architecture.inputChannels(), patch, patch};
        Map<String, Tensor> inputs = new HashMap<>();
        inputs.put(GatedUNet.INPUT, Tensor.ofFloats(shape, input));
        if (prefill != null) {
            inputs.put(GatedUNet.PREFILL, Tensor.ofFloats(new long[] {batch, 3, patch, patch}, prefill));
        }
        Map<String, Tensor> out = network.forward(inputs);
        Tensor t = out.get(GatedUNet.OUTPUT);
        if (t == null) {
            t = out.values().iterator().next();
        }
        return t.floats();
    }

    private void fill(int[] rgb, byte[] mask, int width, int height, int condition) throws HeritageException {
        int[] xs = positions(width);
        int[] ys = positions(height);
        int plane = patch * patch;
        int channels = architecture.inputChannels();
        int[] filled = null;
        if (architecture.prefill()) {
            filled = new int[width * height];
            for (int k = 0; k < filled.length; k++) {
                filled[k] = mask[k] != 0 ? 0 : rgb[k] & 0xffffff;
            }
            TELEA.inpaint(filled, mask, width, height);
        }
        boolean single = xs.length == 1 && ys.length == 1;
        float[] acc = single ? null : new float[3 * width * height];
        float[] weight = single ? null : new float[width * height];
        List<int[]> pending = new ArrayList<>();
        for (int yi = 0; yi < ys.length; yi++) {
            for (int xi = 0; xi < xs.length; xi++) {
                if (hasDamage(mask, width, height, xs[xi], ys[yi])) {
                    pending.add(new int[] {xi, yi});
                }
            }
        }
        for (int start = 0; start < pending.size(); start += BATCH) {
            int n = Math.min(BATCH, pending.size() - start);
            float[] input = new float[n * channels * plane];
            float[] prefill = filled == null ? null : new float[n * 3 * plane];
            for (int b = 0; b < n; b++) {
                int[] p = pending.get(start + b);
                int base = b * channels * plane;
                int px = xs[p[0]];
                int py = ys[p[1]];
                for (int j = 0; j < patch; j++) {
                    int y = mirror(py + j, height);
                    for (int i = 0; i < patch; i++) {
                        int x = mirror(px + i, width);
                        int k = y * width + x;
                        int o = j * patch + i;
                        if (prefill != null) {
                            int v = filled[k];
                            int pb = b * 3 * plane + o;
                            prefill[pb] = ((v >> 16) & 0xff) / 255f;
                            prefill[pb + plane] = ((v >> 8) & 0xff) / 255f;
                            prefill[pb + 2 * plane] = (v & 0xff) / 255f;
                        }
                        if (mask[k] != 0) {
                            input[base + 3 * plane + o] = 1f;
                        } else {
                            int v = rgb[k];
                            input[base + o] = ((v >> 16) & 0xff) / 255f;
                            input[base + plane + o] = ((v >> 8) & 0xff) / 255f;
                            input[base + 2 * plane + o] = (v & 0xff) / 255f;
                        }
                    }
                }
                if (condition >= 0) {
                    Arrays.fill(input, base + (4 + condition) * plane, base + (5 + condition) * plane, 1f);
                }
            }
            float[] out = forward(input, prefill, n);
            for (int b = 0; b < n; b++) {
                int[] p = pending.get(start + b);
                int px = xs[p[0]];
                int py = ys[p[1]];
                int base = b * 3 * plane;
                int x0 = Math.max(0, px);
                int y0 = Math.max(0, py);
                int x1 = Math.min(width, px + patch);
                int y1 = Math.min(height, py + patch);
                for (int y = y0; y < y1; y++) {
                    float wy = single ? 1f : ramp(y - py, p[1], ys.length);
                    for (int x = x0; x < x1; x++) {
                        int k = y * width + x;
                        if (mask[k] == 0) {
                            continue;
                        }
                        int o = (y - py) * patch + (x - px);
                        float r = out[base + o];
                        float g = out[base + plane + o];
                        float bl = out[base + 2 * plane + o];
                        if (single) {
                            rgb[k] = pack(r, g, bl);
                        } else {
                            float w = wy * ramp(x - px, p[0], xs.length);
                            acc[3 * k] += w * r;
                            acc[3 * k + 1] += w * g;
                            acc[3 * k + 2] += w * bl;
                            weight[k] += w;
                        }
                    }
                }
            }
        }
        if (!single) {
            for (int k = 0; k < width * height; k++) {
                if (mask[k] != 0 && weight[k] > 0) {
                    float w = weight[k];
                    rgb[k] = pack(acc[3 * k] / w, acc[3 * k + 1] / w, acc[3 * k + 2] / w);
                }
            }
        }
    }

    /** Patch origins along an axis of {@code n} pixels: one centred patch, or a grid overlapping by ≥ overlap. */
    int[] positions(int n) {
        if (n <= patch) {
            return new int[] {-((patch - n) / 2)};
        }
        int stride = Math.max(1, patch - overlap);
        int count = (n - patch + stride - 1) / stride + 1;
        int[] p = new int[count];
        for (int i = 0; i < count; i++) {
            p[i] = (int) Math.round(i * (double) (n - patch) / (count - 1));
        }
        return p;
    }

    /** The blending weight at offset {@code d} inside patch {@code index} of {@code count} along an axis. */
    private float ramp(int d, int index, int count) {
        if (overlap == 0) {
            return 1f;
        }
        float w = 1f;
        if (index > 0) {
            w = Math.min(w, (d + 0.5f) / overlap);
        }
        if (index < count - 1) {
            w = Math.min(w, (patch - d - 0.5f) / overlap);
        }
        return Math.max(w, 1e-3f);
    }

    private boolean hasDamage(byte[] mask, int width, int height, int px, int py) {
        for (int y = Math.max(0, py); y < Math.min(height, py + patch); y++) {
            for (int x = Math.max(0, px); x < Math.min(width, px + patch); x++) {
                if (mask[y * width + x] != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Reflects an index into {@code [0, n)} without repeating the edge (as {@code ...2 1 0 1 2...}): how
     * tiles and training crops read past an image's edge.
     *
     * @param i any index
     * @param n the length, at least 1
     * @return the reflected index
     */
    public static int mirror(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * n - 2;
        int k = Math.floorMod(i, period);
        return k < n ? k : period - k;
    }

    private static int pack(float r, float g, float b) {
        return to8(r) << 16 | to8(g) << 8 | to8(b);
    }

    private static int to8(float v) {
        int q = Math.round(v * 255f);
        return q < 0 ? 0 : Math.min(255, q);
    }

    private static final TileInpainter TELEA = new TeleaReconstructor().tileInpainter();

    /** Releases the engine's network. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            network.close();
        }
    }

    @Override
    public String toString() {
        return "NetworkInpainter[" + model.card().id() + " on " + network.engine() + ", patch " + patch + ", overlap "
                + overlap + "]";
    }
}
