package dev.heritage.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Inside {@link DjlSettings#leftToApplication} Heritage sets none of DJL's global settings; outside it,
 * {@link HeritageCache#configureDjl()} keeps setting them (the command line's behaviour).
 */
class DjlSettingsTest {
    // What configureDjl sets when absent. Cleared before each test, so that "absent stays absent" is tested:
    // a property that is already set would pass an "unchanged" check whatever configureDjl did.
    private static final List<String> SET_BY_CONFIGURE = List.of(
            "ai.djl.offline",
            "DJL_CACHE_DIR",
            "ENGINE_CACHE_DIR",
            "org.bytedeco.javacpp.cachedir",
            HeritageCache.PYTORCH_THREADS,
            HeritageCache.PYTORCH_INTEROP_THREADS,
            HeritageCache.ONNX_NO_ALTERNATIVE);

    private final Map<String, String> before = new HashMap<>();

    @BeforeEach
    void clearDjlProperties() {
        for (String key : SET_BY_CONFIGURE) {
            before.put(key, System.getProperty(key));
            System.clearProperty(key);
        }
    }

    @AfterEach
    void restoreDjlProperties() {
        before.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }

    @Test
    void configureDjlSetsNothingWhileTheSettingsAreLeftToTheApplication() {
        DjlSettings.leftToApplication(() -> {
            HeritageCache.configureDjl();
            return null;
        });

        for (String key : SET_BY_CONFIGURE) {
            assertThat(System.getProperty(key)).as(key).isNull();
        }
    }

    @Test
    void configureDjlStillTurnsOnOfflineModeOutsideTheScope() {
        DjlSettings.leftToApplication(() -> "loaded");

        HeritageCache.configureDjl();

        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        assertThat(System.getProperty(HeritageCache.PYTORCH_INTEROP_THREADS)).isEqualTo("1");
        assertThat(System.getProperty(HeritageCache.ONNX_NO_ALTERNATIVE)).isEqualTo("true");
    }

    @Test
    void theScopeNestsAndEndsEvenWhenTheLoadingFails() {
        assertThatThrownBy(() -> DjlSettings.leftToApplication(() -> {
                    assertThat(DjlSettings.leftToApplication(DjlSettings::areLeftToApplication))
                            .isTrue();
                    assertThat(DjlSettings.areLeftToApplication())
                            .as("still inside the outer scope")
                            .isTrue();
                    throw new IllegalStateException("model missing");
                }))
                .hasMessage("model missing");

        assertThat(DjlSettings.areLeftToApplication()).isFalse();
    }

    @Test
    void theScopeBelongsToTheCallingThreadOnly() throws InterruptedException {
        AtomicBoolean seenByOtherThread = new AtomicBoolean(true);
        DjlSettings.leftToApplication(() -> {
            Thread other = new Thread(() -> seenByOtherThread.set(DjlSettings.areLeftToApplication()));
            other.start();
            other.join();
            return null;
        });

        assertThat(seenByOtherThread).isFalse();
    }
}
