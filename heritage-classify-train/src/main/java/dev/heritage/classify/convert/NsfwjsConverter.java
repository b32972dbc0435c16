package dev.heritage.classify.convert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelKind;
import dev.heritage.api.NetworkEntry;
import dev.heritage.api.engine.WeightFormat;
import dev.heritage.api.model.Digests;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.classify.backbone.InceptionV3;
import dev.heritage.classify.backbone.MobileNetV2;
import dev.heritage.network.NetworkGraph;
import dev.heritage.network.NetworkWeights;
import dev.heritage.network.weights.QuantizedTensor;
import dev.heritage.network.weights.QuantizedWeights;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts the MobileNetV2 that the npm package {@code nsfwjs@4.4.0} ships into Heritage's committed
 * backbone artifact ({@value MobileNetV2#RESOURCE_DIRECTORY}): a {@link NetworkGraph} plus its weights in
 * the compact {@link QuantizedWeights} format, the MIT notice, and a sealed model card.
 *
 * <p>What it reads, from the unpacked package: {@value #MODEL_DIRECTORY}{@code /model.min.js} and the
 * shards {@code group1-shard*of*.min.js}. Both are browserify UMD wrappers ({@link JsLiteral}); the first
 * exports the TF.js {@code model.json} (Keras 2.2.4 topology + {@code weightsManifest}) as an object
 * literal, each shard exports its bytes as one base64 string. The weights are uint8-quantised per tensor
 * ({@code value = q * scale + min}); the codes are kept as they are and only moved into PyTorch layouts
 * (see {@link KerasLayersConverter} for the layer mapping). The result has input {@code image} FLOAT32
 * {@code [3,224,224]} (RGB in [0, 1]) and outputs {@code features} (1280-d global average pool) and
 * {@code nsfw} (softmax of the original five-class head, nsfwjs' class order).
 *
 * <p>The conversion is deterministic: the same package gives byte-identical files. Run it through
 * {@code scripts/convert-backbone.sh}, which fetches the package with {@code npm pack} and checks its
 * integrity first; the main method takes the unpacked package directory and the output directory.
 *
 * <p>Stateless and thread-safe.
 */
public final class NsfwjsConverter {
    /** The npm package and version converted. */
    public static final String PACKAGE = "nsfwjs@4.4.0";
    /** The npm integrity of {@code nsfwjs-4.4.0.tgz}, as npm reports it (base64 of SHA-512). */
    public static final String INTEGRITY =
            "sha512-krC1fgeTLXtZwgdpKJ0jm7hqv0gTSRQQRL+FhOaxaJ9Wj92t42BO3csO2odwgTAgZgf2RvkwPtp0R8Aa7dc+MA==";
    /** The MobileNetV2's folder inside the package. */
    public static final String MODEL_DIRECTORY = "dist/models/mobilenet_v2";
    /** The graph file inside the artifact. */
    public static final String GRAPH_FILE = "network.graph.json";
    /** The weights file inside the artifact. */
    public static final String WEIGHTS_FILE = "network.weights.hqw";
    /** The licence file inside the artifact (the package's LICENSE, verbatim). */
    public static final String LICENSE_FILE = "LICENSE-nsfwjs.txt";
    /** The notice file inside the artifact. */
    public static final String NOTICE_FILE = "NOTICE";
    /** The format id under which the card lists the weights file. */
    public static final String FORMAT_ID = WeightFormat.PORTABLE.id();

    private static final String FEATURES_LAYER = "flatten_1";
    private static final String HEAD_LAYER = "dense_3";

    private NsfwjsConverter() {}

    /** The layers models of the package that convert, with what their cards say about them. */
    public enum Model {
        /** MobileNetV2 α 1.0, 224 × 224 input, 1,280 features: the backbone every annotator runs. */
        MOBILENET_V2(
                MODEL_DIRECTORY,
                MobileNetV2.MODEL_ID,
                MobileNetV2.NETWORK,
                MobileNetV2.INPUT_SIZE,
                MobileNetV2.FEATURE_SIZE,
                "MobileNetV2 (alpha 1.0, ",
                "group1-shard1of1.min.js: a Keras MobileNetV2 (alpha 1.0)",
                "Keras MobileNetV2, alpha 1.0, ImageNet-pretrained backbone; upper layers and a 256-128-5 head"
                        + " fine-tuned by the nsfwjs authors",
                "global average pool of out_relu"),
        /** InceptionV3, 299 × 299 input, 2,048 features: the accurate annotators' second backbone. */
        INCEPTION_V3(
                "dist/models/inception_v3",
                InceptionV3.MODEL_ID,
                InceptionV3.NETWORK,
                InceptionV3.INPUT_SIZE,
                InceptionV3.FEATURE_SIZE,
                "InceptionV3 (",
                "group1-shard*of6.min.js: a Keras InceptionV3",
                "Keras InceptionV3, ImageNet-pretrained backbone; upper layers and a 256-128-5 head fine-tuned"
                        + " by the nsfwjs authors",
                "global average pool of mixed10");

        private final String directory;
        private final String id;
        private final String network;
        private final int inputSize;
        private final int featureSize;
        /** How the card's description opens the parenthesis after "Keras ". */
        private final String title;
        /** The weight shards and the network, as the notice names them after model.min.js. */
        private final String shards;

        private final String architecture;
        private final String pooled;

        Model(
                String directory,
                String id,
                String network,
                int inputSize,
                int featureSize,
                String title,
                String shards,
                String architecture,
                String pooled) {
            this.directory = directory;
            this.id = id;
            this.network = network;
            this.inputSize = inputSize;
            this.featureSize = featureSize;
            this.title = title;
            this.shards = shards;
            this.architecture = architecture;
            this.pooled = pooled;
        }

        /** @return the model's folder inside the package */
        public String directory() {
            return directory;
        }

        /** @return the backbone's model id */
        public String id() {
            return id;
        }

        /** @return the network's name */
        public String network() {
            return network;
        }

        /** @return the side of the square input the package's model declares */
        public int inputSize() {
            return inputSize;
        }

        /** @return the length of the pooled feature vector */
        public int featureSize() {
            return featureSize;
        }
    }

    /**
     * A converted network: the graph, its weights as stored, and facts about the source for the card.
     *
     * @param model the package's model converted
     * @param graph the network
     * @param weights the parameters in graph order, in Heritage layouts, still uint8-quantised
     * @param source provenance facts (file digests, Keras version), plain JSON values
     */
    public record Conversion(
            Model model, NetworkGraph graph, List<QuantizedTensor> weights, Map<String, Object> source) {
        /**
         * Copies.
         *
         * @param model the package's model converted
         * @param graph the network
         * @param weights the parameters in graph order
         * @param source provenance facts
         */
        public Conversion {
            weights = List.copyOf(weights);
            source = Collections.unmodifiableMap(new LinkedHashMap<>(source));
        }

        /** @return the dequantised weights, checked against the graph */
        public NetworkWeights dequantized() {
            return NetworkWeights.of(graph, QuantizedWeights.dequantize(weights));
        }
    }

    /**
     * @param packageDirectory the unpacked npm package (the folder holding {@code package.json})
     * @return the converted network
     * @throws IOException if a file is missing or the model cannot be mapped
     */
    public static Conversion convert(Path packageDirectory) throws IOException {
        return convert(packageDirectory, Model.MOBILENET_V2);
    }

    /**
     * @param packageDirectory the unpacked npm package (the folder holding {@code package.json})
     * @param which the package's model to convert
     * @return the converted network
     * @throws IOException if a file is missing or the model cannot be mapped
     */
    public static Conversion convert(Path packageDirectory, Model which) throws IOException {
        String modelDirectory = which.directory();
        Path dir = packageDirectory.resolve(modelDirectory);
        Path modelFile = dir.resolve("model.min.js");
        JsonNode model =
                JsLiteral.moduleExports(Files.readString(modelFile, StandardCharsets.UTF_8), modelFile.toString());
        Map<String, Object> source = new LinkedHashMap<>();
        Map<String, String> fileDigests = new LinkedHashMap<>();
        fileDigests.put(modelDirectory + "/model.min.js", Digests.sha256(modelFile));

        JsonNode manifest = model.path("weightsManifest");
        if (!manifest.isArray() || manifest.isEmpty()) {
            throw new IOException(modelFile + ": no weightsManifest");
        }
        Map<String, QuantizedTensor> kerasWeights = new LinkedHashMap<>();
        for (JsonNode group : manifest) {
            List<byte[]> shards = new ArrayList<>();
            int total = 0;
            for (JsonNode p : group.path("paths")) {
                Path shard = dir.resolve(p.asText() + ".min.js");
                JsonNode b64 =
                        JsLiteral.moduleExports(Files.readString(shard, StandardCharsets.UTF_8), shard.toString());
                if (!b64.isTextual()) {
                    throw new IOException(shard + ": expected a base64 string");
                }
                byte[] bytes = Base64.getDecoder().decode(b64.asText());
                shards.add(bytes);
                total = Math.addExact(total, bytes.length);
                fileDigests.put(modelDirectory + "/" + p.asText() + ".min.js", Digests.sha256(shard));
            }
            ByteBuffer data = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
            shards.forEach(data::put);
            data.flip();
            for (JsonNode w : group.path("weights")) {
                QuantizedTensor t = decode(w, data);
                if (kerasWeights.put(t.name(), t) != null) {
                    throw new IOException("Duplicate weight " + t.name());
                }
            }
            if (data.hasRemaining()) {
                throw new IOException("Weight group " + group.path("paths") + " has " + data.remaining()
                        + " bytes not described by its manifest");
            }
        }
        JsonNode topology = model.path("modelTopology");
        source.put("kerasVersion", topology.path("keras_version").asText());
        source.put("kerasBackend", topology.path("backend").asText());
        source.put("files", fileDigests);

        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put(FEATURES_LAYER, MobileNetV2.FEATURES);
        outputs.put(HEAD_LAYER, MobileNetV2.NSFW);
        KerasLayersConverter.Result r = new KerasLayersConverter(kerasWeights)
                .convert(which.network(), topology.path("model_config"), Map.of("input_1", MobileNetV2.INPUT), outputs);
        NetworkGraph g = r.graph();
        long[] in = g.inputs().get(0).shape();
        long[] features = g.shapes().get(MobileNetV2.FEATURES);
        long[] nsfw = g.shapes().get(MobileNetV2.NSFW);
        if (!Arrays.equals(in, new long[] {3, which.inputSize(), which.inputSize()})
                || features.length != 1
                || features[0] != which.featureSize()
                || nsfw.length != 1
                || nsfw[0] != MobileNetV2.NSFW_CLASSES.size()) {
            throw new IOException("Unexpected shapes: input " + Arrays.toString(in) + ", features "
                    + Arrays.toString(features) + ", nsfw " + Arrays.toString(nsfw));
        }
        return new Conversion(which, g, r.weights(), source);
    }

    /** Reads one weight of a TF.js manifest from the group's concatenated shards. */
    private static QuantizedTensor decode(JsonNode spec, ByteBuffer data) throws IOException {
        String name = spec.path("name").asText();
        JsonNode shapeNode = spec.path("shape");
        long[] shape = new long[shapeNode.size()];
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
            n = Math.multiplyExact(n, shape[i]);
        }
        if (!spec.path("dtype").asText().equals("float32")) {
            throw new IOException(name + ": dtype " + spec.path("dtype").asText() + " is not supported");
        }
        JsonNode q = spec.path("quantization");
        if (q.isMissingNode()) {
            float[] v = new float[Math.toIntExact(n)];
            if (data.remaining() < 4 * n) {
                throw new IOException(name + ": shard data too short");
            }
            for (int i = 0; i < v.length; i++) {
                v[i] = data.getFloat();
            }
            return QuantizedTensor.float32(name, shape, v);
        }
        if (!q.path("dtype").asText().equals("uint8") || !q.has("scale") || !q.has("min")) {
            throw new IOException(name + ": only uint8 quantisation with scale and min is supported, got " + q);
        }
        if (data.remaining() < n) {
            throw new IOException(name + ": shard data too short");
        }
        byte[] codes = new byte[Math.toIntExact(n)];
        data.get(codes);
        return QuantizedTensor.uint8(
                name, shape, codes, q.path("scale").asDouble(), q.path("min").asDouble());
    }

    /**
     * Writes the artifact: graph, weights, licence, notice, and the sealed card.
     *
     * @param conversion the converted network
     * @param packageDirectory the unpacked package (its LICENSE is copied verbatim)
     * @param outputDirectory the artifact directory; created if needed; it may hold only the files this
     *     method writes (from an earlier run), so that the card seals nothing foreign
     * @return the sealed artifact
     * @throws IOException if a file cannot be written or the directory holds other files
     */
    public static ModelArtifact write(Conversion conversion, Path packageDirectory, Path outputDirectory)
            throws IOException {
        Path out = Files.createDirectories(outputDirectory);
        Set<String> ours = Set.of(GRAPH_FILE, WEIGHTS_FILE, LICENSE_FILE, NOTICE_FILE, "model.json");
        try (Stream<Path> s = Files.list(out)) {
            List<Path> foreign =
                    s.filter(p -> !ours.contains(p.getFileName().toString())).toList();
            if (!foreign.isEmpty()) {
                throw new IOException(
                        out + " holds files the converter does not write: " + foreign + ". Use an empty directory.");
            }
        }
        String license = Files.readString(packageDirectory.resolve("LICENSE"), StandardCharsets.UTF_8);
        if (!license.contains("MIT License") || !license.contains("Copyright (c) 2019 Infinite Red, Inc.")) {
            throw new IOException("The package's LICENSE is not the expected MIT licence of Infinite Red");
        }
        Files.writeString(out.resolve(GRAPH_FILE), conversion.graph().toJson() + "\n");
        QuantizedWeights.write(conversion.weights(), out.resolve(WEIGHTS_FILE));
        Files.writeString(out.resolve(LICENSE_FILE), license);
        Files.writeString(out.resolve(NOTICE_FILE), notice(conversion.model()));
        return ModelArtifact.seal(out, card(conversion));
    }

    /**
     * @param conversion the converted network
     * @return the (unsealed) model card
     */
    public static ModelCard card(Conversion conversion) {
        Model m = conversion.model();
        int side = m.inputSize();
        long quantized =
                conversion.weights().stream().filter(QuantizedTensor::quantized).count();
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("source", "npm " + PACKAGE);
        provenance.put("tarball", "nsfwjs-4.4.0.tgz");
        provenance.put("integrity", INTEGRITY);
        provenance.put("homepage", "https://github.com/infinitered/nsfwjs");
        provenance.put("trainingCode", "https://github.com/GantMan/nsfw_model (MIT)");
        provenance.put(
                "model",
                m.directory() + " (TF.js layers model, Keras "
                        + conversion.source().get("kerasVersion") + ")");
        provenance.put("sourceFiles", conversion.source().get("files"));
        provenance.put("architecture", m.architecture);
        provenance.put("converter", NsfwjsConverter.class.getName());
        provenance.put("command", "scripts/convert-backbone.sh");
        provenance.put(
                "changes",
                "Topology mapped to a Heritage network graph (NCHW; TF 'same' padding made"
                        + " explicit); uint8 weight codes moved into PyTorch layouts (HWIO to OIHW, depthwise to"
                        + " [in*mult,1,h,w], Dense kernels transposed) without changing any code, scale or minimum.");

        Map<String, Object> preprocessing = new LinkedHashMap<>();
        preprocessing.put("input", MobileNetV2.INPUT);
        preprocessing.put("shape", List.of(3, side, side));
        preprocessing.put("layout", "NCHW, channels R, G, B");
        preprocessing.put("scale", "pixel / 255, giving [0, 1]; no mean or standard-deviation normalisation");
        preprocessing.put(
                "resize",
                "bilinear to " + side + "x" + side + " with aligned corners, no crop (as nsfwjs:"
                        + " tf.image.resizeBilinear(image, [" + side + ", " + side + "], true)); see"
                        + " MobileNetV2.preprocess");

        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put(MobileNetV2.FEATURES, m.featureSize() + "-d " + m.pooled + " (the backbone's features)");
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("description", "softmax of the nsfwjs classifier head (dense_3), kept for verification");
        head.put("classes", MobileNetV2.NSFW_CLASSES);
        outputs.put(MobileNetV2.NSFW, head);

        Map<String, Object> weights = new LinkedHashMap<>();
        weights.put("file", WEIGHTS_FILE);
        weights.put("format", QuantizedWeights.MAGIC + " (see dev.heritage.classify.backbone.QuantizedWeights)");
        weights.put("tensors", conversion.weights().size());
        weights.put("uint8Tensors", quantized);
        weights.put("parameters", conversion.graph().parameterCount());
        weights.put("quantisation", "uint8 per tensor as in the source: value = (float) (q * scale + min)");

        String shape = "[3," + side + "," + side + "]";
        return ModelCard.builder(m.id(), ModelKind.NETWORK)
                .version("4.4.0-1")
                .description("Keras " + m.title + "ImageNet-pretrained backbone) from the npm package "
                        + PACKAGE + " (tarball integrity " + INTEGRITY + "), converted to a Heritage network"
                        + " graph. Input 'image' FLOAT32 " + shape + ": RGB / 255 in [0, 1], bilinear resize to"
                        + " " + side + "x" + side + " (aligned corners), no crop, no mean/std. Outputs 'features' ("
                        + m.featureSize() + "-d global"
                        + " average pool) and 'nsfw' (softmax over " + String.join(", ", MobileNetV2.NSFW_CLASSES)
                        + "). Weights kept uint8-quantised as in the source.")
                .licence("MIT, Copyright (c) 2019 Infinite Red, Inc. (nsfwjs); full text in " + LICENSE_FILE + ", see "
                        + NOTICE_FILE)
                .network(m.network(), new NetworkEntry(GRAPH_FILE, Map.of(FORMAT_ID, WEIGHTS_FILE)))
                .property("provenance", provenance)
                .property("preprocessing", preprocessing)
                .property("outputs", outputs)
                .property("weights", weights)
                .build();
    }

    private static String notice(Model m) {
        String files = m.directory() + "/model.min.js and " + m.shards;
        return String.join(
                "\n",
                "Heritage backbone " + m.id(),
                "",
                "The files " + GRAPH_FILE + " and " + WEIGHTS_FILE + " in this directory are derived from the",
                "npm package " + PACKAGE + " (https://github.com/infinitered/nsfwjs), files",
                files,
                "with an ImageNet-pretrained backbone whose upper layers and classifier head were fine-tuned by",
                "the nsfwjs authors (training code: https://github.com/GantMan/nsfw_model), converted by them to",
                "a TF.js layers model with uint8-quantised weights.",
                "",
                "    Copyright (c) 2019 Infinite Red, Inc.",
                "    Licensed under the MIT License; the full text is in " + LICENSE_FILE + ".",
                "",
                "Tarball integrity: " + INTEGRITY,
                "",
                "Heritage converted the model (scripts/convert-backbone.sh,",
                NsfwjsConverter.class.getName() + "): the topology was mapped to a Heritage network",
                "graph (NCHW) and the uint8 weight codes were moved into PyTorch layouts without changing any",
                "code, scale or minimum. Whoever redistributes these files keeps this notice and the licence",
                "with them.",
                "");
    }

    /**
     * Converts the package and writes the artifact; says what it wrote through SLF4J (INFO, this class's
     * logger; {@code scripts/convert-backbone.sh} runs it with slf4j-simple, which shows INFO).
     *
     * @param args the unpacked package directory, the output directory, and optionally the model
     *     ({@code MOBILENET_V2}, the default, or {@code INCEPTION_V3})
     * @throws IllegalArgumentException unless there are two or three arguments
     * @throws Exception if the conversion fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2 && args.length != 3) {
            throw new IllegalArgumentException(
                    "usage: NsfwjsConverter NSFWJS_PACKAGE_DIR OUTPUT_DIR [MOBILENET_V2|INCEPTION_V3]");
        }
        Model which = args.length == 3 ? Model.valueOf(args[2]) : Model.MOBILENET_V2;
        Logger log = LoggerFactory.getLogger(NsfwjsConverter.class);
        long t0 = System.nanoTime();
        Conversion c = convert(Path.of(args[0]), which);
        ModelArtifact a = write(c, Path.of(args[0]), Path.of(args[1]));
        long t1 = System.nanoTime();
        long bytes = 0;
        for (String f : a.card().files().keySet()) {
            bytes += Files.size(a.resolve(f));
        }
        bytes += Files.size(a.resolve("model.json"));
        log.info(String.format(
                Locale.ROOT,
                "Converted %s %s in %.2f s: %d nodes, %d parameters, %d tensors (%d uint8)",
                PACKAGE,
                which.directory(),
                (t1 - t0) / 1e9,
                c.graph().nodes().size(),
                c.graph().parameterCount(),
                c.weights().size(),
                c.weights().stream().filter(QuantizedTensor::quantized).count()));
        log.info(String.format(Locale.ROOT, "Wrote %s (%d bytes in all)", a.directory(), bytes));
        a.digests().forEach((f, d) -> log.info("  {}  {}", d, f));
    }
}
