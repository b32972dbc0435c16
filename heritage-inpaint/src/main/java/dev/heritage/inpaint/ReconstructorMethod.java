package dev.heritage.inpaint;

import dev.heritage.api.MalformedModelException;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelKind;
import dev.heritage.api.model.CardSection;
import java.util.Arrays;
import java.util.Locale;

/**
 * How a reconstructor model reconstructs: its card's {@code properties.method}, typed. Every decision
 * between the learned, clustered and refined reconstructors is made from this one value, read once
 * when the model is loaded ({@link ReconstructorModel#of}).
 *
 * <p>Thread-safe (an enum).
 */
public enum ReconstructorMethod {
    /** A gated U-Net run through an engine: {@link LearnedReconstructor}. */
    LEARNED(LearnedReconstructor.METHOD),
    /** A gated U-Net conditioned on the image's cluster: {@link ClusteredReconstructor}. */
    CLUSTERED(ClusteredReconstructor.METHOD),
    /** Telea's fill refined by learned stages, in Java: {@link RefinedReconstructor}. */
    REFINED(RefinedReconstructor.METHOD);

    private final String cardName;

    ReconstructorMethod(String cardName) {
        this.cardName = cardName;
    }

    /** @return the name a card's {@code method} holds, and each {@link dev.heritage.api.Reconstruction} records */
    public String cardName() {
        return cardName;
    }

    /**
     * Reads the method of a reconstructor's card.
     *
     * <p>Every card written by Heritage names its method. For a card without {@code method} the format's
     * rule, kept here only, applies: a network with condition channels
     * ({@code properties.architecture.conditionChannels} above 0) is {@link #CLUSTERED}, any other
     * {@link #LEARNED}.
     *
     * @param card a model card
     * @return the method
     * @throws MalformedModelException if the card is not a reconstructor's, or its method is none of
     *     {@code learned}, {@code clustered}, {@code refined}
     */
    public static ReconstructorMethod of(ModelCard card) throws MalformedModelException {
        if (card.kind() != ModelKind.RECONSTRUCTOR) {
            throw new MalformedModelException("Model '" + card.id() + "' is a "
                    + card.kind().name().toLowerCase(Locale.ROOT) + ", not a reconstructor. Reconstructors: "
                    + String.join(", ", Reconstructors.classicalNames())
                    + ", or a zoo model such as paintings-inpaint.");
        }
        CardSection properties = CardSection.properties(card);
        if (properties.has("method")) {
            String name = properties.text("method");
            return Arrays.stream(values())
                    .filter(m -> m.cardName.equals(name))
                    .findFirst()
                    .orElseThrow(() -> properties.error(
                            "method",
                            "is '" + name + "'; expected one of "
                                    + String.join(
                                            ", ",
                                            Arrays.stream(values())
                                                    .map(ReconstructorMethod::cardName)
                                                    .toList())));
        }
        int conditions = properties
                .section("architecture")
                .optWholeNumber("conditionChannels", 0, Integer.MAX_VALUE)
                .orElse(0);
        return conditions > 0 ? CLUSTERED : LEARNED;
    }
}
