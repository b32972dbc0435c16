package dev.heritage.inpaint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heritage.api.MalformedModelException;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The typed parts of a reconstructor's card: its method (with the rule for cards that name none), its
 * network settings and a refiner's stage files. Each is read once when the model is loaded, and a card
 * missing or mistyping a property is refused with a message naming the model and the property.
 */
class ReconstructorCardTest {

    private static ModelCard card(ModelKind kind, Map<String, Object> properties) {
        ModelCard.Builder b = ModelCard.builder("m", kind).version("1.0.0");
        properties.forEach(b::property);
        return b.file("weights/stage-1.bin", "0".repeat(64)).build();
    }

    private static ModelCard reconstructor(Map<String, Object> properties) {
        return card(ModelKind.RECONSTRUCTOR, properties);
    }

    private static Map<String, Object> network(int conditions, Object patch, Object overlap) {
        Map<String, Object> inference = new LinkedHashMap<>();
        if (patch != null) {
            inference.put("patch", patch);
        }
        if (overlap != null) {
            inference.put("overlap", overlap);
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("architecture", new GatedUNet(conditions, new int[] {8, 16}, 1, true).toCard());
        p.put("inference", inference);
        return p;
    }

    @Test
    void theMethodIsReadFromTheCard() throws Exception {
        assertThat(ReconstructorMethod.of(reconstructor(Map.of("method", "refined"))))
                .isEqualTo(ReconstructorMethod.REFINED);
        assertThat(ReconstructorMethod.of(reconstructor(Map.of("method", "clustered"))))
                .isEqualTo(ReconstructorMethod.CLUSTERED);
        assertThat(ReconstructorMethod.of(reconstructor(Map.of("method", "learned"))))
                .isEqualTo(ReconstructorMethod.LEARNED);
    }

    @Test
    void aCardWithoutMethodIsClusteredExactlyWhenItsNetworkHasConditionChannels() throws Exception {
        assertThat(ReconstructorMethod.of(reconstructor(network(0, 32, 8)))).isEqualTo(ReconstructorMethod.LEARNED);
        assertThat(ReconstructorMethod.of(reconstructor(network(3, 32, 8)))).isEqualTo(ReconstructorMethod.CLUSTERED);
        assertThatThrownBy(() -> ReconstructorMethod.of(reconstructor(Map.of())))
                .isInstanceOf(MalformedModelException.class)
                .hasMessage("Model 'm': properties.architecture is missing; expected an object");
    }

    @Test
    void anUnknownOrMistypedMethodIsRefusedListingTheMethods() {
        assertThatThrownBy(() -> ReconstructorMethod.of(reconstructor(Map.of("method", "diffusion"))))
                .isInstanceOf(MalformedModelException.class)
                .hasMessage("Model 'm': properties.method is 'diffusion'; expected one of learned, clustered, refined");
        assertThatThrownBy(() -> ReconstructorMethod.of(reconstructor(Map.of("method", 3))))
                .isInstanceOf(MalformedModelException.class)
                .hasMessageContaining("properties.method is '3'; expected a non-empty string");
    }

    @Test
    void aModelOfAnotherKindIsNotAReconstructor() {
        assertThatThrownBy(() -> ReconstructorMethod.of(card(ModelKind.ANNOTATOR, Map.of("method", "refined"))))
                .isInstanceOf(MalformedModelException.class)
                .hasMessageStartingWith("Model 'm' is a annotator, not a reconstructor.");
    }

    @Test
    void networkSettingsAreReadOnce() throws Exception {
        NetworkSettings s = NetworkSettings.read(reconstructor(network(2, 32, 8)));
        assertThat(s.patch()).isEqualTo(32);
        assertThat(s.overlap()).isEqualTo(8);
        assertThat(s.architecture()).isEqualTo(new GatedUNet(2, new int[] {8, 16}, 1, true));
    }

    @Test
    void networkSettingsNameTheMissingOrMistypedProperty() {
        assertThatThrownBy(() -> NetworkSettings.read(reconstructor(network(0, null, 8))))
                .isInstanceOf(MalformedModelException.class)
                .hasMessage(
                        "Model 'm': properties.inference.patch is missing; expected a whole number from 1 to 16384");
        assertThatThrownBy(() -> NetworkSettings.read(reconstructor(network(0, "256", 8))))
                .hasMessageContaining("properties.inference.patch is '256'; expected a whole number");
        assertThatThrownBy(() -> NetworkSettings.read(reconstructor(network(0, 33, 8))))
                .hasMessageContaining(
                        "properties.inference.patch is 33; expected a multiple of the network's" + " downsampling 2");
        assertThatThrownBy(() -> NetworkSettings.read(reconstructor(network(0, 32, 17))))
                .hasMessageContaining("properties.inference.overlap is '17'; expected a whole number from 0 to 16");
        Map<String, Object> noWidths = network(0, 32, 8);
        Map<String, Object> arch = new LinkedHashMap<>(GatedUNet.DEFAULT.toCard());
        arch.put("widths", List.of(16, -1));
        noWidths.put("architecture", arch);
        assertThatThrownBy(() -> NetworkSettings.read(reconstructor(noWidths)))
                .hasMessageContaining("properties.architecture.widths holds '-1'");
        Map<String, Object> edited = network(0, 32, 8);
        ((Map<String, Object>) edited.get("inference")).put("conditionChannels", 4);
        assertThatThrownBy(() -> NetworkSettings.read(reconstructor(edited)))
                .hasMessageContaining(
                        "properties.inference.conditionChannels is 4; expected" + " architecture.conditionChannels, 0");
    }

    @Test
    void aNetworkWithoutPrefillPredictsFromScratch() throws Exception {
        Map<String, Object> p = network(0, 32, 8);
        Map<String, Object> arch = new LinkedHashMap<>(new GatedUNet(0, new int[] {8, 16}, 1, false).toCard());
        arch.remove("prefill");
        p.put("architecture", arch);
        assertThat(NetworkSettings.read(reconstructor(p)).architecture().prefill())
                .isFalse();
    }

    @Test
    void aRefinerListsItsHashedStageFiles() throws Exception {
        assertThat(RefinedReconstructor.stageFiles(reconstructor(Map.of("stages", List.of("weights/stage-1.bin")))))
                .containsExactly("weights/stage-1.bin");
        assertThatThrownBy(() -> RefinedReconstructor.stageFiles(reconstructor(Map.of("method", "refined"))))
                .isInstanceOf(MalformedModelException.class)
                .hasMessageStartingWith("Model 'm': properties.stages is missing; expected the stage files in order");
        assertThatThrownBy(() -> RefinedReconstructor.stageFiles(reconstructor(Map.of("stages", List.of()))))
                .hasMessageContaining("properties.stages is empty");
        assertThatThrownBy(() ->
                        RefinedReconstructor.stageFiles(reconstructor(Map.of("stages", List.of("weights/other.bin")))))
                .hasMessageContaining(
                        "properties.stages names weights/other.bin," + " which has no SHA-256 in the card");
    }
}
