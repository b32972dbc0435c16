package dev.heritage.inpaint;

import dev.heritage.api.Device;
import dev.heritage.api.HeritageException;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.Reconstructor;
import dev.heritage.api.model.ModelZoos;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Creates reconstructors by name: the classical methods, and learned or clustered models by zoo id or
 * directory ({@link #load(String, String)}). Stateless and thread-safe. The caller owns and closes what it
 * creates (for the classical methods closing is a no-op, but code written against
 * {@link Reconstructor} should close it anyway, as learned reconstructors hold native resources).
 */
public final class Reconstructors {
    private static final List<String> CLASSICAL =
            List.of(TeleaReconstructor.METHOD, NavierStokesReconstructor.METHOD, ExemplarReconstructor.METHOD);

    /** The zoo reconstructor trained only on public-domain images: {@value}. */
    public static final String COMMERCIAL_DEFAULT = "public-domain-inpaint";

    private Reconstructors() {}

    /**
     * A classical (model-free) reconstructor with its default settings.
     *
     * @param name {@code telea}, {@code ns} or {@code exemplar} (case-insensitive, surrounding blanks ignored)
     * @return a new reconstructor; it holds no resources, but closing it is harmless
     * @throws IllegalArgumentException if the name is not a known classical method; the message
     *     lists the known names
     */
    public static Reconstructor classical(String name) {
        Objects.requireNonNull(name, "name");
        String key = name.strip().toLowerCase(Locale.ROOT);
        switch (key) {
            case TeleaReconstructor.METHOD:
                return new TeleaReconstructor();
            case NavierStokesReconstructor.METHOD:
                return new NavierStokesReconstructor();
            case ExemplarReconstructor.METHOD:
                return new ExemplarReconstructor();
            default:
                throw new IllegalArgumentException("Unknown classical reconstruction method '" + name
                        + "'. Known methods: " + String.join(", ", CLASSICAL) + ".");
        }
    }

    /**
     * The method to use when the caller names none: the best-measured one whose weights a commercial user
     * may use. That is the zoo's {@value #COMMERCIAL_DEFAULT} (trained on public-domain images only) when
     * its model is on the class path, else Telea. The WikiArt-trained {@code paintings-inpaint} measures
     * better but its weights are for non-commercial use, so it is never picked for a caller who did not
     * ask for it.
     *
     * @return a name {@link #load(String)} accepts
     */
    public static String defaultMethod() {
        boolean present = ModelZoos.models().stream().anyMatch(c -> c.id().equals(COMMERCIAL_DEFAULT));
        return present ? COMMERCIAL_DEFAULT : TeleaReconstructor.METHOD;
    }

    /** @return the names {@link #classical(String)} accepts, in a stable order */
    public static List<String> classicalNames() {
        return CLASSICAL;
    }

    /**
     * A reconstructor by model id, model directory or classical method name, on the default engine
     * ({@link dev.heritage.api.engine.Engines#defaultEngine()}) and the CPU.
     *
     * @param idOrDirectory {@code telea}, {@code ns}, {@code exemplar}, a zoo id such as {@code paintings-inpaint}, or a
     *     model directory
     * @return a new reconstructor; the caller closes it
     * @throws HeritageException as {@link #load(String, String)}
     */
    public static Reconstructor load(String idOrDirectory) throws HeritageException {
        return load(idOrDirectory, null);
    }

    /**
     * A reconstructor by model id, model directory or classical method name: {@code telea}, {@code ns}
     * and {@code exemplar} (case-insensitive) give {@link #classical(String)}; a reconstructor model (zoo
     * id or directory, verified against its SHA-256 digests) gives the reconstructor of its
     * {@link ReconstructorMethod}: a {@link RefinedReconstructor} (no engine needed), a
     * {@link ClusteredReconstructor} or a {@link LearnedReconstructor}, the last two running on the named
     * engine on the CPU.
     *
     * @param idOrDirectory {@code telea}, {@code ns}, {@code exemplar}, a zoo id such as {@code paintings-inpaint} or
     *     {@code paintings-inpaint-clustered}, or a model directory
     * @param engine the engine for learned models: {@code onnxruntime}, {@code pytorch} or
     *     {@code tensorflow}, or {@code null} for the default engine (ignored for classical methods)
     * @return a new reconstructor; the caller closes it (a learned one holds native memory)
     * @throws dev.heritage.api.ModelNotFoundException if the name is no method, zoo id or directory,
     *     listing the zoo models
     * @throws MalformedModelException if the model is not a reconstructor or fails verification
     * @throws dev.heritage.api.EngineNotFoundException if the engine is not on the class path, naming the
     *     Maven artifact to add
     * @throws HeritageException if the engine cannot load the network
     */
    public static Reconstructor load(String idOrDirectory, String engine) throws HeritageException {
        Objects.requireNonNull(idOrDirectory, "idOrDirectory");
        String key = idOrDirectory.strip().toLowerCase(Locale.ROOT);
        if (CLASSICAL.contains(key)) {
            return classical(key);
        }
        ReconstructorModel model = ReconstructorModel.of(ModelZoos.open(idOrDirectory.strip()));
        return switch (model.method()) {
            case REFINED -> RefinedReconstructor.open(model);
            case CLUSTERED ->
                ClusteredReconstructor.open(model, engine, Device.cpu(), LearnedReconstructor.defaultTiling());
            case LEARNED ->
                LearnedReconstructor.open(model, engine, Device.cpu(), LearnedReconstructor.defaultTiling());
        };
    }
}
