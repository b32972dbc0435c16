package dev.heritage.classify.model;

import dev.heritage.api.FieldKind;
import dev.heritage.api.engine.Tensor;
import dev.heritage.classify.encoding.Vocabulary;
import dev.heritage.network.Layer;
import dev.heritage.network.NetworkGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that turns an asset's evidence into the head network's inputs and its outputs into
 * labels: the image feature size and standardisation, the input fields, the tasks. The same object
 * drives training and inference, so both encode identically.
 *
 * <p>Network inputs: {@code image} (standardised image features, zeros when there is no image),
 * {@code presence} (1/0 per evidence: image, then each input field), {@code field_NAME} (an INT64
 * vocabulary index per categorical field), {@code text_NAME} (hashed n-grams per text field).
 * Outputs: {@code logits_TASK} per task.
 *
 * <p>Immutable and thread-safe.
 *
 * @param imageDim length of an image feature vector
 * @param mean per-feature mean on the training split
 * @param std per-feature standard deviation on the training split (never 0)
 * @param inputs the known fields read
 * @param tasks the tasks predicted
 */
public record AnnotatorSpec(int imageDim, float[] mean, float[] std, List<InputField> inputs, List<TaskEncoder> tasks) {

    /** Name of the image input. */
    public static final String IMAGE = "image";
    /** Name of the presence input. */
    public static final String PRESENCE = "presence";

    /** Validates and copies. */
    public AnnotatorSpec {
        if (mean.length != imageDim || std.length != imageDim) {
            throw new IllegalArgumentException("Feature statistics must have " + imageDim + " entries");
        }
        inputs = List.copyOf(inputs);
        tasks = List.copyOf(tasks);
    }

    /** @return the number of presence flags (image + each input field) */
    public int presenceDim() {
        return 1 + inputs.size();
    }

    /**
     * @param name a task name
     * @return the task
     */
    public TaskEncoder task(String name) {
        return tasks.stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No task '" + name + "'"));
    }

    /**
     * Builds the head network.
     *
     * @param h sizes and dropout
     * @return the graph
     */
    public NetworkGraph headGraph(HeadShape h) {
        NetworkGraph.Builder g = NetworkGraph.builder("head")
                .input(IMAGE, Tensor.DataType.FLOAT32, imageDim)
                .input(PRESENCE, Tensor.DataType.FLOAT32, presenceDim());
        List<String> parts = new ArrayList<>();
        g.node("image_fc", Layer.Linear.of(imageDim, h.imageHidden()), IMAGE)
                .node("image_relu", new Layer.Relu(), "image_fc")
                .node("image_drop", new Layer.Dropout(h.dropout()), "image_relu");
        parts.add("image_drop");
        int width = h.imageHidden();
        for (InputField f : inputs) {
            String in = f.tensorName();
            if (f.kind() == FieldKind.CATEGORICAL) {
                g.input(in, Tensor.DataType.INT64);
                g.node(in + "_emb", new Layer.Embedding(f.vocabulary().embeddingRows(), h.embedding()), in);
                parts.add(in + "_emb");
                width += h.embedding();
            } else {
                g.input(in, Tensor.DataType.FLOAT32, f.hasher().buckets());
                g.node(in + "_fc", Layer.Linear.of(f.hasher().buckets(), h.textHidden()), in)
                        .node(in + "_relu", new Layer.Relu(), in + "_fc")
                        .node(in + "_drop", new Layer.Dropout(h.dropout()), in + "_relu");
                parts.add(in + "_drop");
                width += h.textHidden();
            }
        }
        parts.add(PRESENCE);
        width += presenceDim();
        g.node("concat", new Layer.Concat(), parts.toArray(String[]::new))
                .node("shared", Layer.Linear.of(width, h.shared()), "concat")
                .node("shared_relu", new Layer.Relu(), "shared")
                .node("shared_drop", new Layer.Dropout(h.dropout()), "shared_relu");
        List<InputField> texts = h.wideText()
                ? inputs.stream().filter(f -> f.kind() == FieldKind.TEXT).toList()
                : List.of();
        for (TaskEncoder t : tasks) {
            String logits = "logits_" + t.name();
            // without a text input there is no wide path: the deep path's map is the logits
            String sum = texts.isEmpty() ? logits : "deep_" + t.name();
            g.node(sum, Layer.Linear.of(h.shared(), t.classes()), "shared_drop");
            for (int k = 0; k < texts.size(); k++) {
                InputField f = texts.get(k);
                String wide = f.tensorName() + "_wide_" + t.name();
                g.node(wide, new Layer.Linear(f.hasher().buckets(), t.classes(), false), f.tensorName());
                String next = k == texts.size() - 1 ? logits : sum + "_plus_" + f.tensorName();
                g.node(next, new Layer.Add(), sum, wide);
                sum = next;
            }
            g.output(logits);
        }
        return g.build();
    }

    /**
     * Encodes a batch. Evidence not in {@code visible} is treated as absent.
     *
     * @param images per row, the raw image feature vector or {@code null} when the image is absent
     * @param fields per row, the visible known fields
     * @return the network inputs
     */
    public Map<String, Tensor> encode(List<float[]> images, List<Map<String, String>> fields) {
        int n = images.size();
        float[] image = new float[n * imageDim];
        float[] presence = new float[n * presenceDim()];
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int r = 0; r < n; r++) {
            float[] f = images.get(r);
            if (f != null) {
                if (f.length != imageDim) {
                    throw new IllegalArgumentException(
                            "Image features have " + f.length + " values, expected " + imageDim);
                }
                for (int i = 0; i < imageDim; i++) {
                    image[r * imageDim + i] = (f[i] - mean[i]) / std[i];
                }
                presence[r * presenceDim()] = 1;
            }
        }
        out.put(IMAGE, Tensor.ofFloats(new long[] {n, imageDim}, image));
        for (int k = 0; k < inputs.size(); k++) {
            InputField in = inputs.get(k);
            if (in.kind() == FieldKind.CATEGORICAL) {
                long[] idx = new long[n];
                for (int r = 0; r < n; r++) {
                    idx[r] = in.vocabulary().encode(fields.get(r).get(in.name()));
                    if (idx[r] == Vocabulary.UNKNOWN) {
                        idx[r] = Vocabulary.MISSING;
                    }
                    presence[r * presenceDim() + 1 + k] = idx[r] >= Vocabulary.FIRST ? 1 : 0;
                }
                out.put(in.tensorName(), Tensor.ofLongs(new long[] {n}, idx));
            } else {
                int b = in.hasher().buckets();
                float[] v = new float[n * b];
                for (int r = 0; r < n; r++) {
                    String text = fields.get(r).get(in.name());
                    if (text != null && !text.isBlank()) {
                        System.arraycopy(in.hasher().encode(text), 0, v, r * b, b);
                        presence[r * presenceDim() + 1 + k] = 1;
                    }
                }
                out.put(in.tensorName(), Tensor.ofFloats(new long[] {n, b}, v));
            }
        }
        out.put(PRESENCE, Tensor.ofFloats(new long[] {n, presenceDim()}, presence));
        return out;
    }
}
