package dev.heritage.api.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heritage.api.ModelNotFoundException;
import org.junit.jupiter.api.Test;

/** On a class path without the zoo artifacts (as here), asking for a zoo model names the artifact to add. */
class ZooArtifactMissingTest {

    @Test
    void aKnownZooModelWhoseArtifactIsAbsentNamesTheArtifactAndItsTerms() {
        assertThatThrownBy(() -> ModelZoos.open("paintings-multitask"))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("dev.heritage:heritage-zoo-paintings:")
                .hasMessageContaining("not on the class path")
                .hasMessageContaining("non-commercial");
        assertThatThrownBy(() -> ModelZoos.open("paintings-inpaint"))
                .hasMessageContaining("dev.heritage:heritage-zoo-inpaint:");
    }

    @Test
    void anUnknownIdStillListsWhatIsThere() {
        assertThatThrownBy(() -> ModelZoos.open("no-such-model"))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("neither a model directory nor a zoo id");
    }
}
