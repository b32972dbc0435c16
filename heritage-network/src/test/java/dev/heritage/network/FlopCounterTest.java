package dev.heritage.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heritage.api.engine.Tensor;
import org.junit.jupiter.api.Test;

class FlopCounterTest {

    @Test
    void countsConvolutionsLinearLayersAndElementWiseOps() {
        NetworkGraph g = NetworkGraph.builder("t")
                .input("x", Tensor.DataType.FLOAT32, 3, 8, 8)
                .node("conv", new Layer.Conv2d(3, 4, 3, 1, 1, 1, true), "x") // out 4x8x8
                .node("relu", new Layer.Relu(), "conv")
                .node("dw", new Layer.Conv2d(4, 4, 3, 2, 1, 4, false), "relu") // depthwise, out 4x4x4
                .node("pool", new Layer.GlobalAvgPool(), "dw") // out 4
                .node("fc", Layer.Linear.of(4, 2), "pool")
                .output("fc")
                .build();
        FlopCounter.Count c = FlopCounter.count(g);
        long conv = 2L * 256 * 3 * 9 + 256;
        long relu = 256;
        long dw = 2L * 64 * 1 * 9;
        long pool = 64;
        long fc = 2L * 4 * 2 + 2;
        assertEquals(conv + relu + dw + pool + fc, c.total());
        assertEquals(2L * 256 * 3 * 9 + dw + 2L * 4 * 2, c.macFlops());
        assertEquals(conv + dw, c.byLayerType().get("Conv2d"));
    }
}
