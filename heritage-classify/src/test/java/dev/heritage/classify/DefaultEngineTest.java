package dev.heritage.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heritage.api.EngineNotFoundException;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.api.engine.Engines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one default-engine rule, with the three real engine modules on the class path. */
class DefaultEngineTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(Engines.ENGINE_PROPERTY);
    }

    @Test
    void enginesAreOrderedByRankAndTheHighestIsTheDefault() throws EngineNotFoundException {
        assertThat(Engines.available())
                .extracting(EngineProvider::name)
                .containsExactly("onnxruntime", "tensorflow", "pytorch");
        assertThat(Engines.available()).extracting(EngineProvider::rank).isSortedAccordingTo((a, b) -> b - a);
        assertThat(Engines.defaultEngine().name()).isEqualTo("onnxruntime");
        assertThat(Engines.resolve(null).name()).isEqualTo("onnxruntime");
        assertThat(Annotators.engine(null).name()).isEqualTo("onnxruntime");
        assertThat(Engines.resolve("PyTorch").name()).isEqualTo("pytorch");
    }

    @Test
    void thePropertyOverridesTheRanksEverywhereTheDefaultIsAsked() throws EngineNotFoundException {
        System.setProperty(Engines.ENGINE_PROPERTY, "tensorflow");
        assertThat(Engines.defaultEngine().name()).isEqualTo("tensorflow");
        assertThat(Annotators.engine(null).name()).isEqualTo("tensorflow");
        assertThat(Engines.resolve("pytorch").name())
                .as("an explicit name still wins")
                .isEqualTo("pytorch");
    }

    @Test
    void aPropertyNamingAnAbsentEngineSaysWhatToDo() {
        System.setProperty(Engines.ENGINE_PROPERTY, "caffe");
        assertThatThrownBy(Engines::defaultEngine)
                .isInstanceOf(EngineNotFoundException.class)
                .hasMessageContaining("-Dheritage.engine=caffe")
                .hasMessageContaining("Unknown engine 'caffe'")
                .hasMessageContaining("Remove the property");
    }
}
