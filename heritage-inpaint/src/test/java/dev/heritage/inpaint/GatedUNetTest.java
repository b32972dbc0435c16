package dev.heritage.inpaint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heritage.api.model.CardSection;
import dev.heritage.network.Layer;
import dev.heritage.network.NetworkGraph;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatedUNetTest {

    @Test
    void graphHasTheRightShapes() {
        GatedUNet net = GatedUNet.DEFAULT;
        assertEquals(8, net.downsampling());
        NetworkGraph g = net.graph(128, 96);
        Map<String, long[]> shapes = g.shapes();
        assertArrayEquals(new long[] {4, 128, 96}, shapes.get(GatedUNet.INPUT));
        assertArrayEquals(new long[] {3, 128, 96}, shapes.get(GatedUNet.OUTPUT));
        assertArrayEquals(new long[] {16, 128, 96}, shapes.get("enc0"));
        assertArrayEquals(new long[] {32, 64, 48}, shapes.get("enc1"));
        assertArrayEquals(new long[] {64, 16, 12}, shapes.get("mid0"));
        assertArrayEquals(new long[] {64 + 48, 32, 24}, shapes.get("up3_cat"));
        assertArrayEquals(new long[] {48 + 32, 64, 48}, shapes.get("up2_cat"));
        assertArrayEquals(new long[] {3, 128, 96}, shapes.get(GatedUNet.PREFILL));
        assertArrayEquals(new long[] {7, 128, 96}, shapes.get("in_cat"));
        assertEquals(List.of(GatedUNet.OUTPUT), g.outputs());
        assertTrue(g.node(GatedUNet.OUTPUT).layer() instanceof Layer.Add, "a refiner adds to the fill");
        assertTrue(GatedUNet.FROM_SCRATCH.graph(64, 64).node(GatedUNet.OUTPUT).layer() instanceof Layer.Sigmoid);
        assertEquals(1, GatedUNet.FROM_SCRATCH.graph(64, 64).inputs().size());
        // Every hidden layer is gated: relu(conv_f) * sigmoid(conv_g).
        assertTrue(g.node("dec1").layer() instanceof Layer.Multiply);
        assertTrue(g.node("dec1_gate").layer() instanceof Layer.Sigmoid);
        assertEquals(463_155, g.parameterCount());
        assertEquals(460_755, GatedUNet.FROM_SCRATCH.graph(128, 128).parameterCount());
        assertTrue(GatedUNet.multiplyAccumulates(net.graph(128, 128)) > 5e8);
    }

    @Test
    void conditionChannelsWidenTheInputOnly() {
        NetworkGraph g = GatedUNet.DEFAULT.withConditionChannels(5).graph(64, 64);
        assertArrayEquals(new long[] {9, 64, 64}, g.shapes().get(GatedUNet.INPUT));
        assertArrayEquals(new long[] {12, 64, 64}, g.shapes().get("in_cat"));
        assertEquals(GatedUNet.DEFAULT.graph(64, 64).parameterCount() + 2 * 16 * 5 * 25, g.parameterCount());
    }

    @Test
    void sizesMustBeMultiplesOfTheDownsampling() {
        assertThrows(IllegalArgumentException.class, () -> GatedUNet.DEFAULT.graph(100, 128));
        assertThrows(IllegalArgumentException.class, () -> new GatedUNet(0, new int[] {8}, 0, false));
    }

    @Test
    void cardRoundTrips() throws Exception {
        GatedUNet net = new GatedUNet(3, new int[] {8, 16, 24}, 2, true);
        assertEquals(GatedUNet.FROM_SCRATCH, NetworkSettings.architecture(section(GatedUNet.FROM_SCRATCH)));
        assertEquals(net, NetworkSettings.architecture(section(net)));
        assertEquals(7, net.inputChannels());
    }

    private static CardSection section(GatedUNet net) {
        return CardSection.of("test", "properties.architecture", net.toCard());
    }
}
