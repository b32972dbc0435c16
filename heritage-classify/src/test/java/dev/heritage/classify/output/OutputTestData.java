package dev.heritage.classify.output;

import dev.heritage.api.Alternative;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Prediction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made results for the writers' tests (no engine needed). */
final class OutputTestData {
    static final Generator GENERATOR = new Generator("paintings-multitask", "1.0.0", "onnxruntime", "1.21.1", "9.9.9");
    static final List<String> TASKS = List.of("style", "artist", "decade", "century");

    private OutputTestData() {}

    static AnnotationResult scream() {
        Map<String, Prediction> p = new LinkedHashMap<>();
        p.put(
                "artist",
                Prediction.builder("artist", "Edvard Munch", 0.61234567)
                        .optAlternatives(List.of(
                                new Alternative("Paul Gauguin", 0.1),
                                new Alternative("Vincent van Gogh, \"the elder\"", 0.05)))
                        .optNeedsReview(true)
                        .build());
        p.put(
                "century",
                Prediction.builder("century", "1800s", 0.97)
                        .optAlternatives(List.of(new Alternative("1900s", 0.03)))
                        .build());
        return new AnnotationResult("obj 17/a", "paintings-multitask", p, List.of("image", "style"), List.of());
    }

    static AnnotationResult uriObject() {
        Map<String, Prediction> p = new LinkedHashMap<>();
        p.put("style", Prediction.builder("style", "Ukiyo-e", 0.9).build());
        return new AnnotationResult(
                "https://collection.example.org/objects/42",
                "paintings-multitask",
                p,
                List.of("title"),
                List.of("style 'Vorticism' is not a value this model knows; it was treated as missing"));
    }

    /** A painting of a style the model does not know: answered outside, the value the nearest known style. */
    static AnnotationResult outside() {
        Map<String, Prediction> p = new LinkedHashMap<>();
        p.put(
                "style",
                Prediction.builder("style", "Impressionism", 0.81)
                        .optAlternatives(List.of(new Alternative("Fauvism", 0.12)))
                        .optNeedsReview(true)
                        .optOutside(true, 0.987654321)
                        .build());
        p.put("century", Prediction.builder("century", "1800s", 0.9).build());
        return new AnnotationResult("starry-night", "paintings-multitask", p, List.of("image"), List.of());
    }
}
