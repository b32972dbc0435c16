package dev.heritage.inpaint;

import dev.heritage.api.MalformedModelException;
import dev.heritage.api.ModelCard;
import dev.heritage.api.model.CardSection;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a learned or clustered reconstructor's card says about its network, typed: the architecture
 * ({@code properties.architecture}) and how the network is run ({@code properties.inference}: the side
 * of its square {@code patch} and the least {@code overlap} of neighbouring patches). Read and checked
 * once, when the model is loaded ({@link #read(ModelCard)}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param architecture the network
 * @param patch the side of the square patches the network runs on, a multiple of its downsampling
 * @param overlap the least overlap of neighbouring patches, at most half the patch
 */
public record NetworkSettings(GatedUNet architecture, int patch, int overlap) {
    /** What {@code architecture.type} must say. */
    public static final String ARCHITECTURE_TYPE = "gated-unet";
    /**
     * The prefill of a network whose card has no {@code architecture.prefill} (networks from before the
     * Telea prefill): {@value}, the network predicts from the damaged image alone.
     */
    public static final String DEFAULT_PREFILL = "none";
    /** The prefill by Telea's fill: {@value}. */
    public static final String TELEA_PREFILL = "telea";
    /** Bounds no real network comes near; above them the runtime would allocate without limit. */
    private static final int MAX_PATCH = 1 << 14;

    private static final int MAX_WIDTH = 1 << 14;
    private static final int MAX_CONDITIONS = 1 << 12;

    /** Validates. */
    public NetworkSettings {
        Objects.requireNonNull(architecture, "architecture");
        if (patch <= 0 || patch % architecture.downsampling() != 0 || overlap < 0 || 2 * overlap > patch) {
            throw new IllegalArgumentException("patch " + patch + " and overlap " + overlap + " do not fit the"
                    + " network (patch a multiple of " + architecture.downsampling()
                    + ", overlap at most half the patch)");
        }
    }

    /**
     * Reads the network's settings from a card.
     *
     * @param card a reconstructor's card written by {@code InpaintModelWriter}
     * @return the settings
     * @throws MalformedModelException naming the model and the property at fault, when a section or a
     *     value is missing, mistyped or does not fit the network
     */
    public static NetworkSettings read(ModelCard card) throws MalformedModelException {
        CardSection properties = CardSection.properties(card);
        GatedUNet architecture = architecture(properties.section("architecture"));
        CardSection inference = properties.section("inference");
        int patch = inference.wholeNumber("patch", 1, MAX_PATCH);
        if (patch % architecture.downsampling() != 0) {
            throw inference.error(
                    "patch",
                    "is " + patch + "; expected a multiple of the network's downsampling "
                            + architecture.downsampling());
        }
        int overlap = inference.wholeNumber("overlap", 0, patch / 2);
        // The writer repeats the architecture's condition channels here; a card whose two values differ was edited.
        OptionalInt conditions = inference.optWholeNumber("conditionChannels", 0, MAX_CONDITIONS);
        if (conditions.isPresent() && conditions.getAsInt() != architecture.conditionChannels()) {
            throw inference.error(
                    "conditionChannels",
                    "is " + conditions.getAsInt() + "; expected architecture.conditionChannels, "
                            + architecture.conditionChannels());
        }
        return new NetworkSettings(architecture, patch, overlap);
    }

    /**
     * @param section the card's {@code architecture}, as {@link GatedUNet#toCard()} writes it
     * @return the architecture
     * @throws MalformedModelException naming the value at fault
     */
    static GatedUNet architecture(CardSection section) throws MalformedModelException {
        String type = section.text("type");
        if (!ARCHITECTURE_TYPE.equals(type)) {
            throw section.error("type", "is '" + type + "'; expected '" + ARCHITECTURE_TYPE + "'");
        }
        List<?> list = section.list("widths", "a list of at least two positive whole numbers");
        if (list.size() < 2) {
            throw section.error("widths", "is " + list + "; expected a list of at least two positive whole numbers");
        }
        int[] widths = new int[list.size()];
        for (int i = 0; i < widths.length; i++) {
            if (!(list.get(i) instanceof Integer w) || w < 1 || w > MAX_WIDTH) {
                throw section.error(
                        "widths", "holds '" + list.get(i) + "'; expected whole numbers from 1 to " + MAX_WIDTH);
            }
            widths[i] = w;
        }
        String prefill = section.optText("prefill").orElse(DEFAULT_PREFILL);
        if (!TELEA_PREFILL.equals(prefill) && !DEFAULT_PREFILL.equals(prefill)) {
            throw section.error(
                    "prefill", "is '" + prefill + "'; expected '" + TELEA_PREFILL + "' or '" + DEFAULT_PREFILL + "'");
        }
        return new GatedUNet(
                section.wholeNumber("conditionChannels", 0, MAX_CONDITIONS),
                widths,
                section.wholeNumber("bottleneckBlocks", 0, MAX_WIDTH),
                TELEA_PREFILL.equals(prefill));
    }
}
