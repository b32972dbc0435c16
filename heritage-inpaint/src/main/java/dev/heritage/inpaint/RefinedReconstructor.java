package dev.heritage.inpaint;

import dev.heritage.api.HeritageException;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.Mask;
import dev.heritage.api.ModelCard;
import dev.heritage.api.model.CardSection;
import dev.heritage.api.model.ModelArtifact;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Inpainting by Telea's fill refined by stacked, clustered linear maps learned from paintings: method
 * {@value #METHOD}. Each damaged tile is filled by {@link TeleaReconstructor}'s method (radius 5), then
 * every {@link RefinerStage} of the model in turn routes each damaged pixel to a cluster of local
 * situations and adds that cluster's learned correction; the corrections were fitted in closed form by
 * ridge regression to real paintings with synthetic damage ({@code heritage train-refiner}).
 *
 * <p>It needs no engine: the model is a few hundred kilobytes of weights applied in Java. Large images
 * go through {@link TiledReconstruction}; every pixel outside the mask is returned exactly as it came.
 *
 * <p>The card's {@code properties} name the stage files in order ({@code stages}, each hashed in the
 * card's {@code files} like every model file) and {@code method} = {@value #METHOD}.
 *
 * <p><b>Thread-safety:</b> immutable and thread-safe; share one instance. <b>Lifecycle:</b> holds no
 * native resources; {@link #close()} does nothing.
 */
public final class RefinedReconstructor implements ImageReconstructor {
    /** The method name recorded in each reconstruction and a card's {@code method}: {@value}. */
    public static final String METHOD = "refined";
    /** The card property listing the stage files in order: {@value}. */
    public static final String STAGES_PROPERTY = "stages";
    /** How far, in pixels, a refined pixel looks: Telea's radius plus each stage's reach. */
    private static final int STAGE_REACH = 6;

    private final String modelId;
    private final ModelCard card;
    private final List<RefinerStage> stages;
    private final TiledReconstruction tiling;
    private final TileInpainter tileInpainter;

    /**
     * A reconstructor from stages in memory (training and tests).
     *
     * @param modelId the id recorded in each reconstruction
     * @param stages the stages, applied in order; may be empty (then this is Telea's fill)
     */
    public RefinedReconstructor(String modelId, List<RefinerStage> stages) {
        this(modelId, null, stages);
    }

    private RefinedReconstructor(String modelId, ModelCard card, List<RefinerStage> stages) {
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        this.card = card;
        this.stages = List.copyOf(stages);
        int reach = TeleaReconstructor.DEFAULT_RADIUS + STAGE_REACH * Math.max(1, this.stages.size());
        this.tiling = TiledReconstruction.defaults(reach);
        TileInpainter telea = new TeleaReconstructor().tileInpainter();
        this.tileInpainter = (rgb, mask, width, height) -> {
            telea.inpaint(rgb, mask, width, height);
            refine(rgb, mask, width, height);
        };
    }

    /**
     * Opens a verified refiner model.
     *
     * @param model a reconstructor model whose card's {@code method} is {@value #METHOD}
     * @return the reconstructor
     * @throws MalformedModelException if the card is not a refiner's, names a stage file it does not hash,
     *     or a stage file is not valid
     */
    public static RefinedReconstructor open(ModelArtifact model) throws MalformedModelException {
        return open(ReconstructorModel.of(model));
    }

    /**
     * Opens a refiner model whose kind and method were read.
     *
     * @param model a reconstructor model whose method is {@link ReconstructorMethod#REFINED}
     * @return the reconstructor
     * @throws MalformedModelException if the model's method is another, its card lists no stage files,
     *     names a stage file it does not hash, or a stage file is not valid
     */
    public static RefinedReconstructor open(ReconstructorModel model) throws MalformedModelException {
        Objects.requireNonNull(model, "model");
        model.requireMethod(ReconstructorMethod.REFINED, "RefinedReconstructor");
        ModelArtifact artifact = model.artifact();
        ModelCard card = artifact.card();
        String id = card.id();
        List<RefinerStage> stages = new ArrayList<>();
        for (String file : stageFiles(card)) {
            Path path = artifact.resolve(file);
            if (!path.startsWith(artifact.directory()) || !Files.isRegularFile(path)) {
                throw new MalformedModelException(
                        "Model '" + id + "': stage file " + file + " is missing or outside the model directory.");
            }
            stages.add(RefinerStage.read(path));
        }
        return new RefinedReconstructor(id, card, stages);
    }

    /**
     * @param card a refiner's card
     * @return its {@value #STAGES_PROPERTY}: the stage files in the order they are applied, each hashed in
     *     the card's {@code files}
     * @throws MalformedModelException if the list is missing or empty, or names a file the card does not hash
     */
    static List<String> stageFiles(ModelCard card) throws MalformedModelException {
        CardSection properties = CardSection.properties(card);
        if (!properties.has(STAGES_PROPERTY)) {
            throw properties.error(
                    STAGES_PROPERTY,
                    "is missing; expected the stage files in order. Re-export the"
                            + " model with heritage train-refiner.");
        }
        List<String> files = properties.texts(STAGES_PROPERTY);
        for (String file : files) {
            if (!card.files().containsKey(file)) {
                throw properties.error(
                        STAGES_PROPERTY,
                        "names " + file + ", which has no SHA-256 in the card, so"
                                + " it cannot be trusted. Re-export the model.");
            }
        }
        return files;
    }

    /** @return {@value #METHOD} */
    @Override
    public String method() {
        return METHOD;
    }

    /** @return the model's id */
    @Override
    public String modelId() {
        return modelId;
    }

    /** @return the card, or empty for stages built in memory */
    public Optional<ModelCard> card() {
        return Optional.ofNullable(card);
    }

    /** @return the stages, in the order they are applied */
    public List<RefinerStage> stages() {
        return stages;
    }

    /** @return the tiling used for large images */
    public TiledReconstruction tiling() {
        return tiling;
    }

    /** @return the per-tile function (Telea's fill, then the stages); thread-safe */
    public TileInpainter tileInpainter() {
        return tileInpainter;
    }

    /**
     * Refines, in place, a tile whose damaged pixels hold Telea's fill.
     *
     * @param rgb packed {@code 0xRRGGBB}; damaged pixels are rewritten
     * @param mask {@code 1} = damaged
     * @param width the width
     * @param height the height
     */
    public void refine(int[] rgb, byte[] mask, int width, int height) {
        if (stages.isEmpty()) {
            return;
        }
        RefinerTile tile = RefinerTile.ofPacked(rgb, mask, width, height);
        for (RefinerStage stage : stages) {
            stage.apply(tile);
        }
        tile.packDamaged(rgb);
    }

    @Override
    public BufferedImage inpaint(BufferedImage image, Mask mask) throws InvalidImageException {
        return inpaint(image, mask, IMAGE_IN_MEMORY);
    }

    @Override
    public BufferedImage inpaint(BufferedImage image, Mask mask, String imageName) throws InvalidImageException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(mask, "mask");
        try {
            return tiling.apply(image, mask, tileInpainter, imageName);
        } catch (InvalidImageException e) {
            throw e;
        } catch (HeritageException e) {
            // Neither Telea nor the stages throw; the tiling reports only size mismatches.
            throw new IllegalStateException(e);
        }
    }

    /** Does nothing: the model holds no native resources. */
    @Override
    public void close() {}

    @Override
    public String toString() {
        return "RefinedReconstructor[" + modelId + ", " + stages.size() + " stages]";
    }
}
