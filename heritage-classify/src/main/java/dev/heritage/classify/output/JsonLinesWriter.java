package dev.heritage.classify.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Prediction;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * JSON Lines: one JSON object per object annotated, each on its own line, so that a run can be
 * resumed from a partial file and processed with line tools. A result line is
 * {@code {"id", "predictions": {FIELD: {"value", "confidence", "alternatives", "needsReview"[, "outside",
 * "outsideScore"][, "evidence"]}},
 * "inputsUsed", "warnings"?, "model"}}; an error line is {@code {"id", "error": {"type",
 * "message"}}}. Confidences are rounded to six decimals. {@code outside} and {@code outsideScore}
 * appear on a field with an open-set answer (the zoo model's style) when the object had an image:
 * {@code "outside": true} means "outside the classes I know", {@code value} being then only the
 * nearest known class.
 *
 * <p>Not thread-safe. Closing it closes the underlying writer.
 */
public final class JsonLinesWriter implements AnnotationWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Writer out;

    /** @param out where to write; this writer closes it */
    public JsonLinesWriter(Writer out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void writeResult(AnnotationResult result) throws IOException {
        out.write(resultLine(result));
    }

    @Override
    public void writeError(String id, String type, String message) throws IOException {
        out.write(errorLine(id, type, message));
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /**
     * @param r a result
     * @return its JSON line, with the line break
     * @throws IOException if it cannot be serialised
     */
    public static String resultLine(AnnotationResult r) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", r.assetId());
        Map<String, Object> predictions = new LinkedHashMap<>();
        for (Prediction p : r.predictions().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("value", p.value());
            m.put("confidence", round(p.confidence()));
            List<Map<String, Object>> alts = new ArrayList<>();
            p.alternatives().forEach(a -> {
                Map<String, Object> am = new LinkedHashMap<>();
                am.put("value", a.value());
                am.put("confidence", round(a.confidence()));
                alts.add(am);
            });
            m.put("alternatives", alts);
            m.put("needsReview", p.needsReview());
            if (p.hasOutsideScore()) {
                m.put("outside", p.outside());
                m.put("outsideScore", round(p.outsideScore()));
            }
            if (!p.evidence().isEmpty()) {
                Map<String, Object> evidence = new LinkedHashMap<>();
                p.evidence().forEach((input, v) -> evidence.put(input, round(v)));
                m.put("evidence", evidence);
            }
            predictions.put(p.field(), m);
        }
        line.put("predictions", predictions);
        line.put("inputsUsed", r.inputsUsed());
        if (!r.warnings().isEmpty()) {
            line.put("warnings", r.warnings());
        }
        line.put("model", r.modelId());
        return JSON.writeValueAsString(line) + "\n";
    }

    /**
     * @param id the object's id
     * @param type the kind of error
     * @param message the message
     * @return its JSON line, with the line break
     * @throws IOException if it cannot be serialised
     */
    public static String errorLine(String id, String type, String message) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", id);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        error.put("message", message);
        line.put("error", error);
        return JSON.writeValueAsString(line) + "\n";
    }

    static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
