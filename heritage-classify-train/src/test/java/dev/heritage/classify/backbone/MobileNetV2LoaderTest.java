package dev.heritage.classify.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heritage.api.MalformedModelException;
import dev.heritage.api.ModelIntegrityException;
import dev.heritage.api.ModelKind;
import dev.heritage.api.engine.Tensor;
import dev.heritage.api.model.Digests;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.classify.convert.NsfwjsConverter;
import dev.heritage.network.Layer;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.ParamSpec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed artifact and its loader: digests, shapes, card, licence, preprocessing. */
class MobileNetV2LoaderTest {
    private static final List<String> FILES = List.of(
            "model.json",
            NsfwjsConverter.GRAPH_FILE,
            NsfwjsConverter.WEIGHTS_FILE,
            NsfwjsConverter.LICENSE_FILE,
            NsfwjsConverter.NOTICE_FILE);

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = MobileNetV2LoaderTest.class
                .getClassLoader()
                .getResourceAsStream(MobileNetV2.RESOURCE_DIRECTORY + "/" + name)) {
            assertNotNull(in, "missing resource " + name);
            return in.readAllBytes();
        }
    }

    private static Map<String, byte[]> resources() throws IOException {
        Map<String, byte[]> m = new HashMap<>();
        for (String f : FILES) {
            m.put(f, resource(f));
        }
        return m;
    }

    private static Path copy(Path dir) throws IOException {
        for (Map.Entry<String, byte[]> e : resources().entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        return dir;
    }

    @Test
    void loadsFromTheClassPathWithWeightsMatchingTheGraph() throws Exception {
        Backbone b = MobileNetV2.load();
        assertSame(b, MobileNetV2.load(), "loaded once");
        assertEquals(MobileNetV2.MODEL_ID, b.card().id());
        assertEquals(ModelKind.NETWORK, b.card().kind());
        NetworkGraph g = b.graph();
        assertEquals(MobileNetV2.NETWORK, g.name());
        assertEquals(1, g.inputs().size());
        assertEquals(MobileNetV2.INPUT, g.inputs().get(0).name());
        assertEquals(Tensor.DataType.FLOAT32, g.inputs().get(0).type());
        assertArrayEquals(new long[] {3, 224, 224}, g.inputs().get(0).shape());
        assertEquals(List.of(MobileNetV2.FEATURES, MobileNetV2.NSFW), g.outputs());
        assertArrayEquals(new long[] {1280}, g.shapes().get(MobileNetV2.FEATURES));
        assertArrayEquals(new long[] {5}, g.shapes().get(MobileNetV2.NSFW));
        int params = 0;
        for (NetworkGraph.Node node : g.nodes()) {
            for (ParamSpec p : node.layer().parameters()) {
                Tensor t = b.weights().get(node.name(), p.role());
                assertArrayEquals(
                        p.shape(), t.shape(), node.name() + "." + p.role().suffix());
                for (float v : t.floats()) {
                    assertTrue(Float.isFinite(v), node.name() + " has a non-finite value");
                }
                params++;
            }
        }
        assertEquals(266, params, "every Keras weight became one parameter");
        // MobileNetV2 1.0 at 224: 2,223,872 backbone parameters + 361,477 in the 1280-256-128-5 head
        // (batch-norm running statistics excluded).
        assertEquals(2_585_349L, g.parameterCount());
        // Batch-norm variances are never negative (a mix-up of roles would break this); some are exactly 0 in
        // the source (dead channels, quantisation minimum 0), which epsilon 1e-3 keeps harmless.
        for (NetworkGraph.Node node : g.nodes()) {
            if (node.layer() instanceof Layer.BatchNorm bn) {
                assertEquals(1e-3f, bn.epsilon());
                for (float v :
                        b.weights().get(node.name(), ParamSpec.Role.RUNNING_VAR).floats()) {
                    assertTrue(v >= 0, node.name() + " running_var " + v);
                }
            }
        }
    }

    @Test
    void theCardSealsEveryFileAndCarriesTheLicence() throws Exception {
        Backbone b = MobileNetV2.load();
        Map<String, String> files = b.card().files();
        assertEquals(
                FILES.subList(1, FILES.size()).stream().sorted().toList(),
                files.keySet().stream().toList());
        for (Map.Entry<String, String> f : files.entrySet()) {
            assertEquals(f.getValue(), Digests.sha256(resource(f.getKey())), f.getKey());
        }
        assertTrue(b.card().licence().contains("MIT"));
        assertTrue(b.card().licence().contains("Copyright (c) 2019 Infinite Red, Inc."));
        String licence = new String(resource(NsfwjsConverter.LICENSE_FILE), StandardCharsets.UTF_8);
        assertTrue(licence.startsWith("MIT License"));
        assertTrue(licence.contains("Permission is hereby granted, free of charge"));
        assertTrue(licence.contains("THE SOFTWARE IS PROVIDED \"AS IS\""));
        assertTrue(b.card().description().contains(NsfwjsConverter.INTEGRITY));
        @SuppressWarnings("unchecked")
        Map<String, Object> provenance =
                (Map<String, Object>) b.card().properties().get("provenance");
        assertEquals(NsfwjsConverter.INTEGRITY, provenance.get("integrity"));
        long total = 0;
        for (String f : FILES) {
            total += resource(f).length;
        }
        assertTrue(total < 25_000_000, "artifact is " + total + " bytes");
        assertTrue(total < 3_500_000, "artifact grew to " + total + " bytes; the weights should stay uint8");
    }

    @Test
    void aVerifiedCopyLoadsFromADirectoryAndOpensAsAModelArtifact(@TempDir Path dir) throws Exception {
        copy(dir);
        ModelArtifact a = ModelArtifact.open(dir);
        assertEquals(MobileNetV2.MODEL_ID, a.card().id());
        Backbone b = Backbone.fromDirectory(dir);
        Backbone ref = MobileNetV2.load();
        assertEquals(ref.graph(), b.graph());
        assertArrayEquals(
                ref.weights().get("Conv1", ParamSpec.Role.WEIGHT).floats(),
                b.weights().get("Conv1", ParamSpec.Role.WEIGHT).floats());
    }

    @Test
    void aTamperedWeightsFileIsRefused(@TempDir Path dir) throws Exception {
        copy(dir);
        Path w = dir.resolve(NsfwjsConverter.WEIGHTS_FILE);
        byte[] bytes = Files.readAllBytes(w);
        bytes[bytes.length / 2] ^= 1;
        Files.write(w, bytes);
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> Backbone.fromDirectory(dir));
        assertTrue(e.getMessage().contains(NsfwjsConverter.WEIGHTS_FILE), e.getMessage());
    }

    @Test
    void tamperedResourcesAreRefusedWhenLoadedFromMemory() throws Exception {
        for (String victim : FILES.subList(1, FILES.size())) {
            Map<String, byte[]> files = resources();
            byte[] b = files.get(victim).clone();
            b[b.length - 2] ^= 0x20;
            files.put(victim, b);
            ModelIntegrityException e =
                    assertThrows(ModelIntegrityException.class, () -> Backbone.load(files::get, "memory"), victim);
            assertTrue(e.getMessage().contains(victim), e.getMessage());
        }
        Map<String, byte[]> good = resources();
        assertEquals(
                MobileNetV2.load().graph(), Backbone.load(good::get, "memory").graph());
    }

    @Test
    void aMissingFileOrAnEditedCardIsRefused() throws Exception {
        Map<String, byte[]> files = resources();
        files.remove(NsfwjsConverter.NOTICE_FILE);
        MalformedModelException e =
                assertThrows(MalformedModelException.class, () -> Backbone.load(files::get, "memory"));
        assertTrue(e.getMessage().contains(NsfwjsConverter.NOTICE_FILE), e.getMessage());

        // A card edited to drop the weights' digest: the weights are then unverified and refused.
        Map<String, byte[]> edited = resources();
        ObjectMapper json = new ObjectMapper();
        ObjectNode card = (ObjectNode) json.readTree(edited.get("model.json"));
        assertFalse(((ObjectNode) card.get("files"))
                .remove(NsfwjsConverter.WEIGHTS_FILE)
                .isNull());
        edited.put("model.json", json.writeValueAsBytes(card));
        ModelIntegrityException e2 =
                assertThrows(ModelIntegrityException.class, () -> Backbone.load(edited::get, "memory"));
        assertTrue(e2.getMessage().contains("no SHA-256"), e2.getMessage());
    }

    @Test
    void preprocessingResizesWithAlignedCornersAndScalesToUnitRange() {
        // A 2x2 image: corners map to corners exactly, the centre is the mean of the four pixels.
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0x000000);
        img.setRGB(1, 0, 0xff0000);
        img.setRGB(0, 1, 0x00ff00);
        img.setRGB(1, 1, 0x0000ff);
        Tensor t = MobileNetV2.preprocess(List.of(img, img));
        assertArrayEquals(new long[] {2, 3, 224, 224}, t.shape());
        float[] v = t.floats();
        int n = 224;
        int plane = n * n;
        assertEquals(0f, v[0], 0f); // R at (0,0)
        assertEquals(1f, v[n - 1], 0f); // R at top-right
        assertEquals(1f, v[plane + (n - 1) * n], 0f); // G at bottom-left
        assertEquals(1f, v[2 * plane + plane - 1], 0f); // B at bottom-right
        assertEquals(0f, v[2 * plane], 0f); // B at (0,0)
        // Along the top row, R rises linearly from 0 to 1.
        assertEquals(100 / 223.0, v[100], 1e-6);
        for (float f : v) {
            assertTrue(f >= 0 && f <= 1);
        }
        // The second image of the batch is the same.
        assertEquals(v[n - 1], v[3 * plane + n - 1], 0f);
    }
}
