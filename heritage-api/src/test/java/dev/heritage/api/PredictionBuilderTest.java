package dev.heritage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Prediction.Builder}: the optional parts default to nothing, and the record's rules still hold. */
class PredictionBuilderTest {

    @Test
    void unsetOptionalPartsAreEmpty() {
        Prediction p = Prediction.builder("style", "Baroque", 0.7).build();
        assertThat(p.alternatives()).isEmpty();
        assertThat(p.needsReview()).isFalse();
        assertThat(p.evidence()).isEmpty();
        assertThat(p.outside()).isFalse();
        assertThat(p.hasOutsideScore()).isFalse();
    }

    @Test
    void everyPartIsKept() {
        Prediction p = Prediction.builder("style", "Baroque", 0.7)
                .optAlternatives(List.of(new Alternative("Rococo", 0.2)))
                .optNeedsReview(true)
                .optEvidence(Map.of("image", 0.4))
                .optOutside(true, 0.99)
                .build();
        assertThat(p)
                .isEqualTo(new Prediction(
                        "style",
                        "Baroque",
                        0.7,
                        List.of(new Alternative("Rococo", 0.2)),
                        true,
                        Map.of("image", 0.4),
                        true,
                        0.99));
    }

    @Test
    void anOutsideAnswerWithoutReviewIsRefused() {
        assertThatThrownBy(() -> Prediction.builder("style", "Baroque", 0.7)
                        .optOutside(true, 0.99)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("always needs review");
    }
}
