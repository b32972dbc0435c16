package dev.heritage.classify.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.translate.NoopTranslator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.engine.Tensor;
import dev.heritage.runtime.HeritageCache;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The converted MobileNetV2, run as a {@link dev.heritage.network.djl.GraphBlock} on PyTorch (DJL), against
 * golden outputs of the original model in the TF.js runtime ({@code backbone/tfjs-reference.json}, made by
 * {@code scripts/backbone-tfjs-reference.js}), and on a real painting.
 */
class MobileNetV2ReferenceTest {
    /** Absolute tolerance on the features; a previous ONNX conversion matched TF.js to 4e-6. */
    private static final double FEATURE_TOLERANCE = 1e-4;
    /** Absolute tolerance on the probabilities. */
    private static final double PROBABILITY_TOLERANCE = 1e-5;

    private static Model model;
    private static Predictor<NDList, NDList> predictor;
    private static JsonNode reference;

    @BeforeAll
    static void setUp() throws Exception {
        // PyTorch reads these when it starts; 2 threads as on the project's build machines.
        System.setProperty("ai.djl.pytorch.num_threads", "2");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        HeritageCache.configureDjl();
        Backbone backbone = MobileNetV2.load();
        model = Model.newInstance(MobileNetV2.NETWORK, Device.cpu(), "PyTorch");
        model.setBlock(backbone.newBlock(model.getNDManager()));
        predictor = model.newPredictor(new NoopTranslator());
        try (InputStream in =
                MobileNetV2ReferenceTest.class.getClassLoader().getResourceAsStream("backbone/tfjs-reference.json")) {
            reference = new ObjectMapper().readTree(in);
        }
    }

    @AfterAll
    static void tearDown() {
        if (predictor != null) {
            predictor.close();
        }
        if (model != null) {
            model.close();
        }
    }

    /** Runs a batch; returns {features [n*1280], nsfw [n*5]}. */
    private static float[][] run(float[] chw, int batch) throws Exception {
        try (NDManager m = model.getNDManager().newSubManager()) {
            int s = MobileNetV2.INPUT_SIZE;
            NDList out = predictor.predict(
                    new NDList(m.create(FloatBuffer.wrap(chw), new Shape(batch, 3, s, s), DataType.FLOAT32)));
            assertEquals(new Shape(batch, MobileNetV2.FEATURE_SIZE), out.get(0).getShape());
            assertEquals(
                    new Shape(batch, MobileNetV2.NSFW_CLASSES.size()),
                    out.get(1).getShape());
            return new float[][] {out.get(0).toFloatArray(), out.get(1).toFloatArray()};
        }
    }

    private static double compare(
            String name, float[] features, float[] probs, int row, double featureTol, double probTol) {
        JsonNode ref = reference.path("inputs").path(name);
        JsonNode refFeatures = ref.path("features");
        assertEquals(MobileNetV2.FEATURE_SIZE, refFeatures.size(), name + ": reference features");
        double maxDiff = 0;
        double sum = 0;
        int f0 = row * MobileNetV2.FEATURE_SIZE;
        for (int i = 0; i < MobileNetV2.FEATURE_SIZE; i++) {
            maxDiff = Math.max(
                    maxDiff, Math.abs(features[f0 + i] - refFeatures.get(i).asDouble()));
            sum += features[f0 + i];
        }
        for (int i = 0; i < 16; i++) {
            assertEquals(
                    ref.path("featuresFirst16").get(i).asDouble(),
                    features[f0 + i],
                    featureTol,
                    name + ": feature " + i);
        }
        assertEquals(ref.path("featuresSum").asDouble(), sum, featureTol * MobileNetV2.FEATURE_SIZE, name + ": sum");
        double maxProb = 0;
        int p0 = row * MobileNetV2.NSFW_CLASSES.size();
        for (int i = 0; i < MobileNetV2.NSFW_CLASSES.size(); i++) {
            maxProb = Math.max(
                    maxProb, Math.abs(probs[p0 + i] - ref.path("nsfw").get(i).asDouble()));
        }
        System.out.printf(
                Locale.ROOT,
                "%s vs TF.js %s: max |features diff| %.3g, max |nsfw diff| %.3g," + " sum %.6f (TF.js %.6f)%n",
                name,
                reference.path("tfjsVersion").asText(),
                maxDiff,
                maxProb,
                sum,
                ref.path("featuresSum").asDouble());
        assertTrue(maxDiff <= featureTol, name + ": features differ from TF.js by " + maxDiff);
        assertTrue(maxProb <= probTol, name + ": probabilities differ from TF.js by " + maxProb);
        return maxDiff;
    }

    @Test
    void syntheticInputsMatchTfjs() throws Exception {
        List<String> names = ReferenceInputs.SYNTHETIC;
        int plane = 3 * MobileNetV2.INPUT_SIZE * MobileNetV2.INPUT_SIZE;
        float[] batch = new float[names.size() * plane];
        for (int i = 0; i < names.size(); i++) {
            System.arraycopy(ReferenceInputs.synthetic(names.get(i)), 0, batch, i * plane, plane);
        }
        float[][] out = run(batch, names.size());
        for (int i = 0; i < names.size(); i++) {
            compare(names.get(i), out[0], out[1], i, FEATURE_TOLERANCE, PROBABILITY_TOLERANCE);
        }
        // One at a time gives the same as in a batch.
        float[][] single = run(ReferenceInputs.synthetic(names.get(1)), 1);
        for (int i = 0; i < MobileNetV2.FEATURE_SIZE; i++) {
            assertEquals(out[0][MobileNetV2.FEATURE_SIZE + i], single[0][i], 1e-5, "batch vs single, feature " + i);
        }
    }

    @Test
    void theScreamIsNotClassifiedAsExplicitAndHasRichFeatures() throws Exception {
        Tensor x = ReferenceInputs.scream();
        float[][] out = run(x.floats(), 1);
        float[] features = out[0];
        float[] probs = out[1];
        int top = 0;
        for (int i = 1; i < probs.length; i++) {
            if (probs[i] > probs[top]) {
                top = i;
            }
        }
        StringBuilder b = new StringBuilder("The Scream, nsfw head:");
        for (int i = 0; i < probs.length; i++) {
            b.append(String.format(Locale.ROOT, " %s %.4f", MobileNetV2.NSFW_CLASSES.get(i), probs[i]));
        }
        System.out.println(b);
        // Verified with TF.js on the same preprocessed input: neutral 0.946, drawing 0.049.
        assertEquals("neutral", MobileNetV2.NSFW_CLASSES.get(top));
        double explicit = probs[1] + probs[3] + probs[4];
        assertTrue(explicit < 0.05, "hentai + porn + sexy = " + explicit);
        // Non-degenerate features: finite, non-negative (ReLU6 then mean), many active, spread out.
        int active = 0;
        double sum = 0;
        double sumSq = 0;
        for (float f : features) {
            assertTrue(Float.isFinite(f) && f >= 0 && f <= 6, "feature out of ReLU6 range: " + f);
            if (f > 1e-3) {
                active++;
            }
            sum += f;
            sumSq += (double) f * f;
        }
        double mean = sum / features.length;
        double std = Math.sqrt(sumSq / features.length - mean * mean);
        System.out.printf(
                Locale.ROOT,
                "The Scream features: %d of %d active, mean %.4f, std %.4f%n",
                active,
                features.length,
                mean,
                std);
        assertTrue(active > 200, "only " + active + " active features");
        assertTrue(std > 0.05, "features nearly constant, std " + std);
        // The same preprocessed tensor through TF.js (scripts/convert-backbone.sh --reference). A looser
        // tolerance: a different JPEG decoder would move the input slightly.
        compare("scream", features, probs, 0, 1e-3, 1e-3);
    }

    @Test
    void forwardTimingsOnCpu() throws Exception {
        int plane = 3 * MobileNetV2.INPUT_SIZE * MobileNetV2.INPUT_SIZE;
        float[] one = ReferenceInputs.synthetic("gradient");
        float[] many = new float[32 * plane];
        for (int i = 0; i < 32; i++) {
            System.arraycopy(
                    ReferenceInputs.synthetic(i % 2 == 0 ? "gradient" : "checkerboard"), 0, many, i * plane, plane);
        }
        // Measured once each, first cold (the first call of a batch size), then warm.
        List<String> lines = new ArrayList<>();
        for (String phase : List.of("cold", "warm")) {
            long t0 = System.nanoTime();
            run(one, 1);
            long t1 = System.nanoTime();
            run(many, 32);
            long t2 = System.nanoTime();
            lines.add(String.format(
                    Locale.ROOT,
                    "PyTorch CPU, %d intra-op threads, %s: 1 image %.1f ms, 32 images" + " %.1f ms (%.1f ms/image)",
                    JniUtils.getNumThreads(),
                    phase,
                    (t1 - t0) / 1e6,
                    (t2 - t1) / 1e6,
                    (t2 - t1) / 1e6 / 32));
        }
        lines.forEach(System.out::println);
    }
}
