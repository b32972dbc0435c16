package dev.heritage.classify.batch;

import dev.heritage.api.Alternative;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.Asset;
import dev.heritage.api.FieldKind;
import dev.heritage.api.FieldSpec;
import dev.heritage.api.HeritageException;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.ModelCard;
import dev.heritage.api.ModelKind;
import dev.heritage.api.Prediction;
import dev.heritage.api.TaskSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An annotator the library's tests can build without a model or an engine: it predicts the style
 * from the PNG bytes of the image (or from the title), deterministically, and fails like the real
 * one: a list call with a bad image throws {@link InvalidImageException} for the whole list. It can
 * be told to fail as an engine does on its n-th list call, and records every call it gets.
 *
 * <p>Not thread-safe: for one test at a time.
 */
final class StubAnnotator implements Annotator {
    static final ModelCard CARD = ModelCard.builder("stub-annotator", ModelKind.ANNOTATOR)
            .version("0.0.1")
            .input(FieldSpec.of("title", FieldKind.TEXT))
            .task(new TaskSpec("style", List.of("Dots", "Stripes")))
            .build();
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

    /** The size of every list call, in order. */
    final List<Integer> listCalls = new ArrayList<>();
    /** The ids of every asset this annotator was asked about, in order, repeats included. */
    final List<String> asked = new ArrayList<>();

    private final int engineFailsAtListCall;

    /** @param engineFailsAtListCall the 1-based list call that fails as an engine does, or 0 for none */
    StubAnnotator(int engineFailsAtListCall) {
        this.engineFailsAtListCall = engineFailsAtListCall;
    }

    StubAnnotator() {
        this(0);
    }

    @Override
    public ModelCard card() {
        return CARD;
    }

    @Override
    public AnnotationResult annotate(Asset asset) throws HeritageException {
        asked.add(asset.id());
        return answer(asset);
    }

    @Override
    public List<AnnotationResult> annotate(List<Asset> assets) throws HeritageException {
        listCalls.add(assets.size());
        if (listCalls.size() == engineFailsAtListCall) {
            throw new HeritageException("The engine failed (list call " + engineFailsAtListCall + ")");
        }
        List<AnnotationResult> out = new ArrayList<>();
        for (Asset a : assets) {
            asked.add(a.id());
            out.add(answer(a));
        }
        return out;
    }

    /** What the stub says about one asset, the same in any call. */
    static AnnotationResult answer(Asset asset) throws InvalidImageException {
        List<String> used = new ArrayList<>();
        int seed = asset.id().hashCode();
        if (asset.image() != null) {
            byte[] bytes;
            try (InputStream in = asset.image().open()) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new InvalidImageException(asset.image().describe() + ": cannot be read (" + e + ")", e);
            }
            if (bytes.length < PNG.length || !Arrays.equals(Arrays.copyOf(bytes, PNG.length), PNG)) {
                throw new InvalidImageException(asset.image().describe() + ": not a PNG image");
            }
            seed = 31 * seed + Arrays.hashCode(bytes);
            used.add("image");
        }
        asset.field("title").ifPresent(t -> used.add("title"));
        Map<String, Prediction> predictions = new LinkedHashMap<>();
        if (asset.field("style").isEmpty()) {
            double confidence = 0.5 + Math.floorMod(seed, 50) / 100.0;
            String value = Math.floorMod(seed, 2) == 0 ? "Dots" : "Stripes";
            String other = value.equals("Dots") ? "Stripes" : "Dots";
            predictions.put(
                    "style",
                    new Prediction(
                            "style",
                            value,
                            confidence,
                            List.of(new Alternative(other, 1 - confidence)),
                            confidence < 0.7,
                            Map.of("image", 0.25),
                            false,
                            Double.NaN));
        }
        return new AnnotationResult(asset.id(), CARD.id(), predictions, used, List.of());
    }

    @Override
    public void close() {}
}
