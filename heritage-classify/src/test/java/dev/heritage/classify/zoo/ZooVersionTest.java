package dev.heritage.classify.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heritage.api.ModelNotFoundException;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.api.model.ModelZoos;
import org.junit.jupiter.api.Test;

/** Zoo ids resolve with an optional version, {@code ID:VERSION}. */
class ZooVersionTest {

    @Test
    void anIdWithTheVersionPresentOpensThatModel() throws Exception {
        ModelArtifact plain = ModelZoos.open("paintings-multitask");
        ModelArtifact pinned =
                ModelZoos.open("paintings-multitask:" + plain.card().version());
        assertThat(pinned.card().id()).isEqualTo("paintings-multitask");
        assertThat(pinned.card().version()).isEqualTo(plain.card().version());
    }

    @Test
    void aVersionNotPresentNamesTheVersionThatIs() throws Exception {
        String present = ModelZoos.open("paintings-multitask").card().version();
        assertThatThrownBy(() -> ModelZoos.open("paintings-multitask:99.0.0"))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("version 99.0.0 is not on the class path")
                .hasMessageContaining("the version present is " + present);
    }
}
