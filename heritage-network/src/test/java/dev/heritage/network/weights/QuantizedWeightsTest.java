package dev.heritage.network.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.heritage.api.engine.Tensor;
import dev.heritage.network.Layer;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The HQW1 format and the layout moves of quantised tensors. */
class QuantizedWeightsTest {

    private static List<QuantizedTensor> sample() {
        byte[] codes = new byte[24];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) (i * 11);
        }
        return List.of(
                QuantizedTensor.uint8(
                        "conv.weight", new long[] {2, 3, 2, 2}, codes, 0.006666756611244351, -0.87334511607301),
                QuantizedTensor.float32("bn.gamma", new long[] {3}, new float[] {1f, -2.5f, Float.MIN_VALUE}),
                QuantizedTensor.float32("scalar", new long[] {}, new float[] {7f}));
    }

    @Test
    void roundTripsExactly() throws IOException {
        List<QuantizedTensor> in = sample();
        byte[] bytes = QuantizedWeights.toBytes(in);
        assertEquals(QuantizedWeights.MAGIC, new String(bytes, 0, 4, StandardCharsets.US_ASCII));
        List<QuantizedTensor> out = QuantizedWeights.read(bytes, "t");
        assertEquals(in.size(), out.size());
        for (int i = 0; i < in.size(); i++) {
            assertEquals(in.get(i).name(), out.get(i).name());
            assertArrayEquals(in.get(i).shape(), out.get(i).shape());
            assertEquals(in.get(i).quantized(), out.get(i).quantized());
            assertArrayEquals(
                    in.get(i).dequantize().floats(), out.get(i).dequantize().floats());
        }
        assertArrayEquals(in.get(0).codes(), out.get(0).codes());
        assertEquals(in.get(0).scale(), out.get(0).scale());
        assertEquals(in.get(0).min(), out.get(0).min());
    }

    @Test
    void quantisesWithinHalfAStepAndUsesTheWholeCodeRange() {
        Random r = new Random(3);
        float[] v = new float[5000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 0.1 + 0.02);
        }
        QuantizedTensor q = QuantizedTensor.quantize("fc.weight", new long[] {50, 100}, v);
        assertEquals(true, q.quantized());
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        double halfStep = (hi - lo) / 510.0;
        float[] back = q.dequantize().floats();
        int lowest = 255;
        int highest = 0;
        for (int i = 0; i < v.length; i++) {
            assertEquals(v[i], back[i], halfStep * 1.0001, "value " + i);
            lowest = Math.min(lowest, q.codes()[i] & 0xff);
            highest = Math.max(highest, q.codes()[i] & 0xff);
        }
        assertEquals(0, lowest, "the smallest value is code 0");
        assertEquals(255, highest, "the largest value is code 255");
        // a constant tensor keeps its value exactly
        assertArrayEquals(
                new float[] {0.5f, 0.5f},
                QuantizedTensor.quantize("c", new long[] {2}, new float[] {0.5f, 0.5f})
                        .dequantize()
                        .floats());
        assertThrows(
                IllegalArgumentException.class,
                () -> QuantizedTensor.quantize("nan", new long[] {2}, new float[] {1f, Float.NaN}));
    }

    @Test
    void quantisesOnlyTheLargerTensorsOfANetwork() {
        NetworkGraph g = NetworkGraph.builder("n")
                .input("x", Tensor.DataType.FLOAT32, 64)
                .node("fc", Layer.Linear.of(64, 80), "x")
                .output("fc")
                .build();
        float[] w = new float[64 * 80];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 97) / 97f - 0.5f;
        }
        float[] b = new float[80];
        Arrays.fill(b, 0.25f);
        Map<String, Tensor> values = new LinkedHashMap<>();
        values.put("fc.weight", Tensor.ofFloats(new long[] {80, 64}, w));
        values.put("fc.bias", Tensor.ofFloats(new long[] {80}, b));
        List<QuantizedTensor> q = QuantizedWeights.quantize(NetworkWeights.of(g, values), 4096);
        assertEquals(
                List.of("fc.weight", "fc.bias"),
                q.stream().map(QuantizedTensor::name).toList());
        assertEquals(true, q.get(0).quantized(), "5,120 values: quantised");
        assertEquals(false, q.get(1).quantized(), "80 values: kept as float32");
        assertArrayEquals(b, QuantizedWeights.dequantize(q).get("fc.bias").floats());
    }

    @Test
    void dequantisesLikeTfjs() {
        QuantizedTensor t = sample().get(0);
        Tensor v = t.dequantize();
        // TF.js: Float32Array element = q * scale + min, computed in double.
        for (int i = 0; i < 24; i++) {
            int q = (i * 11) & 0xff;
            assertEquals((float) (q * 0.006666756611244351 + -0.87334511607301), v.floats()[i], 0f);
        }
    }

    @Test
    void refusesMalformedFiles() {
        byte[] good = QuantizedWeights.toBytes(sample());
        assertThrows(IOException.class, () -> QuantizedWeights.read(Arrays.copyOf(good, good.length - 1), "t"));
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThrows(IOException.class, () -> QuantizedWeights.read(longer, "t"));
        byte[] magic = good.clone();
        magic[3] = '2';
        assertThrows(IOException.class, () -> QuantizedWeights.read(magic, "t"));
        assertThrows(
                IllegalArgumentException.class,
                () -> QuantizedWeights.toBytes(List.of(sample().get(1), sample().get(1))));
        assertThrows(IllegalArgumentException.class, () -> QuantizedTensor.float32("x", new long[] {2}, new float[3]));
    }

    @Test
    void transposesHwioKernelsToOihw() {
        int h = 3;
        int w = 2;
        int in = 4;
        int out = 5;
        float[] v = new float[h * w * in * out];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        QuantizedTensor hwio = QuantizedTensor.float32("k", new long[] {h, w, in, out}, v);
        QuantizedTensor oihw = hwio.transpose("k2", 3, 2, 0, 1);
        assertArrayEquals(new long[] {out, in, h, w}, oihw.shape());
        float[] r = oihw.floats();
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        float expected = v[((y * w + x) * in + i) * out + o];
                        assertEquals(expected, r[((o * in + i) * h + y) * w + x], 0f);
                    }
                }
            }
        }
        // Codes move the same way, with the same affine map.
        byte[] codes = new byte[v.length];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) i;
        }
        QuantizedTensor q = QuantizedTensor.uint8("q", new long[] {h, w, in, out}, codes, 0.5, -1)
                .transpose("q2", 3, 2, 0, 1);
        for (int i = 0; i < r.length; i++) {
            assertEquals((int) r[i], q.codes()[i] & 0xff);
        }
        assertEquals(0.5, q.scale());
        assertEquals(-1, q.min());
        assertThrows(IllegalArgumentException.class, () -> hwio.transpose("bad", 0, 0, 1, 2));
    }
}
