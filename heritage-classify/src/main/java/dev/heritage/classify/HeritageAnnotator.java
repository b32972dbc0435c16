package dev.heritage.classify;

import dev.heritage.api.Alternative;
import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.AnnotatorOptions;
import dev.heritage.api.Asset;
import dev.heritage.api.FieldKind;
import dev.heritage.api.HeritageException;
import dev.heritage.api.InFlightGuard;
import dev.heritage.api.InvalidImageException;
import dev.heritage.api.ModelCard;
import dev.heritage.api.Prediction;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.NetworkArtifact;
import dev.heritage.api.engine.Tensor;
import dev.heritage.api.model.ModelArtifact;
import dev.heritage.classify.encoding.Vocabulary;
import dev.heritage.classify.fusion.LateFusion;
import dev.heritage.classify.model.AnnotatorModel;
import dev.heritage.classify.model.AnnotatorSpec;
import dev.heritage.classify.model.Calibration;
import dev.heritage.classify.model.ImageEvidence;
import dev.heritage.classify.model.InputField;
import dev.heritage.classify.model.TaskEncoder;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;

/**
 * The annotator over a trained annotator model: decodes each asset's image (bounded, sub-sampled
 * at decode time), computes its image evidence, encodes the known fields, runs the head, applies
 * each task's temperature and review threshold, and predicts every task whose field the asset
 * lacks.
 *
 * <p>Decoding, preprocessing and the hand-crafted descriptors of a batch are shared between the
 * calling thread and free helper threads ({@link ImageEvidence}); the descriptors are computed while
 * the engine runs the backbone. A call never waits for a helper that another call is using: it does
 * the work itself. A call with more assets than the batch size is cut into batches, and each next
 * batch is decoded and preprocessed on a background thread while the engine runs the current one
 * (results, and the first bad image reported, are those of one call per batch in order).
 *
 * <p>Thread-safe: share one instance; concurrent calls give the sequential results. Owns its two
 * loaded networks: {@link #close()} refuses new calls at once ({@link IllegalStateException}), waits
 * for the calls in flight up to a bound and then releases them ({@link InFlightGuard}).
 */
public final class HeritageAnnotator implements Annotator {
    private static final int ALTERNATIVES = 4;

    private final ModelArtifact artifact;
    private final AnnotatorModel model;
    private final LoadedNetwork backbone;
    private final LoadedNetwork head;
    private final ImageEvidence evidence;
    private final AnnotatorOptions options;
    private final InFlightGuard guard;

    private HeritageAnnotator(
            ModelArtifact artifact,
            AnnotatorModel model,
            LoadedNetwork backbone,
            LoadedNetwork head,
            AnnotatorOptions options) {
        this.artifact = artifact;
        this.model = model;
        this.options = options;
        this.guard = new InFlightGuard("annotator '" + artifact.card().id() + "'");
        this.backbone = backbone;
        this.head = head;
        this.evidence = new ImageEvidence(backbone, model.backboneDim(), model.descriptors(), options.trimBorders());
    }

    /**
     * Loads an annotator: the backbone on a background thread ({@link BackgroundLoad}) while this
     * thread reads the model's settings and loads its head, so both networks are verified and handed
     * to the engine at the same time. On failure nothing stays loaded.
     */
    static HeritageAnnotator load(ModelArtifact artifact, EngineProvider engine, AnnotatorOptions options)
            throws HeritageException {
        var device = engine.selectDevice(options.device(), options.allowCpuFallback());
        BackgroundLoad<LoadedNetwork> backbone = BackgroundLoad.start(
                "heritage-load-backbone",
                () -> engine.load(new NetworkArtifact(artifact, AnnotatorModel.BACKBONE), device));
        AnnotatorModel model;
        LoadedNetwork head;
        try {
            model = AnnotatorModel.read(artifact);
            head = LateFusion.loadHead(artifact, model, engine, device);
        } catch (HeritageException | RuntimeException | Error e) {
            backbone.discard(e);
            throw e;
        }
        LoadedNetwork loadedBackbone;
        try {
            loadedBackbone = backbone.await();
        } catch (HeritageException | RuntimeException | Error e) {
            head.close();
            throw e;
        }
        try {
            return new HeritageAnnotator(artifact, model, loadedBackbone, head, options);
        } catch (RuntimeException | Error e) {
            head.close();
            loadedBackbone.close();
            throw e;
        }
    }

    /** @return the engine that runs the networks */
    public String engine() {
        return head.engine();
    }

    @Override
    public ModelCard card() {
        return artifact.card();
    }

    @Override
    public AnnotationResult annotate(Asset asset) throws HeritageException {
        return annotate(List.of(asset)).get(0);
    }

    @Override
    public List<AnnotationResult> annotate(List<Asset> assets) throws HeritageException {
        guard.enter();
        try {
            return annotateGuarded(assets);
        } finally {
            guard.exit();
        }
    }

    private List<AnnotationResult> annotateGuarded(List<Asset> assets) throws HeritageException {
        List<AnnotationResult> out = new ArrayList<>(assets.size());
        int size = options.batchSize();
        // Decoding and preprocessing are shared with free helper threads, image by image; a failure
        // is reported for the first asset (in order) whose image failed, as a sequential loop would.
        // With several batches, each next one is prepared in the background while the engine runs
        // the current one; its failure surfaces when its turn comes, after the batches before it.
        if (assets.isEmpty()) {
            return out;
        }
        Images current = new Images(assets.subList(0, Math.min(assets.size(), size)));
        ImageEvidence.Prepared prepared = evidence.prepare(current.count(), current::decode);
        for (int start = 0; start < assets.size(); start += size) {
            Images next = null;
            Future<ImageEvidence.Prepared> ahead = null;
            if (start + size < assets.size()) {
                next = new Images(assets.subList(start + size, Math.min(assets.size(), start + 2 * size)));
                ahead = evidence.prepareAhead(next.count(), next::decode);
            }
            // If this batch fails, the next one's preparation (already running) just finishes unread.
            out.addAll(annotateBatch(current, prepared));
            if (ahead != null) {
                prepared = ImageEvidence.await(ahead);
                current = next;
            }
        }
        return out;
    }

    /** Which assets of a batch have an image, and where each image sits among them. */
    private static final class Images {
        private final List<Asset> assets;
        private final int[] imageIndex;
        private final int[] assetOfImage;
        private final int count;

        Images(List<Asset> assets) {
            this.assets = assets;
            imageIndex = new int[assets.size()];
            assetOfImage = new int[assets.size()];
            int n = 0;
            for (int i = 0; i < assets.size(); i++) {
                imageIndex[i] = -1;
                if (assets.get(i).image() != null) {
                    assetOfImage[n] = i;
                    imageIndex[i] = n++;
                }
            }
            count = n;
        }

        int count() {
            return count;
        }

        BufferedImage decode(int image) throws InvalidImageException {
            return HeritageAnnotator.decode(assets.get(assetOfImage[image]));
        }
    }

    private List<AnnotationResult> annotateBatch(Images images, ImageEvidence.Prepared prepared)
            throws HeritageException {
        AnnotatorSpec spec = model.spec();
        List<Asset> assets = images.assets;
        int[] imageIndex = images.imageIndex;
        float[][] features = evidence.features(prepared, options.mirrorAverage());
        List<float[]> imageRows = new ArrayList<>();
        List<Map<String, String>> fieldRows = new ArrayList<>();
        List<List<String>> warnings = new ArrayList<>();
        List<List<String>> used = new ArrayList<>();
        List<Set<String>> present = new ArrayList<>();
        for (int i = 0; i < assets.size(); i++) {
            Asset a = assets.get(i);
            imageRows.add(imageIndex[i] >= 0 ? features[imageIndex[i]] : null);
            Map<String, String> visible = new LinkedHashMap<>();
            Set<String> known = new HashSet<>(a.fields().keySet());
            List<String> w = new ArrayList<>();
            List<String> u = new ArrayList<>();
            if (imageIndex[i] >= 0) {
                u.add("image");
            }
            for (InputField f : spec.inputs()) {
                String v = a.fields().get(f.name());
                if (v == null) {
                    continue;
                }
                if (f.kind() == FieldKind.CATEGORICAL && f.vocabulary().encode(v) == Vocabulary.UNKNOWN) {
                    w.add(f.name() + " '" + v + "' is not a value this model knows; it was treated as missing");
                    known.remove(f.name());
                    continue;
                }
                visible.put(f.name(), v);
                u.add(f.name());
            }
            fieldRows.add(visible);
            present.add(known);
            warnings.add(w);
            used.add(u);
        }
        Map<String, Tensor> logits = head.forward(spec.encode(imageRows, fieldRows));
        List<Map<String, Map<String, double[]>>> withheld =
                options.explain() ? withheld(imageRows, fieldRows, present, used) : null;
        List<AnnotationResult> results = new ArrayList<>(assets.size());
        for (int i = 0; i < assets.size(); i++) {
            Asset a = assets.get(i);
            Map<String, double[]> answers = answers(logits, i, present.get(i), fieldRows.get(i));
            Map<String, Prediction> predictions = new LinkedHashMap<>();
            for (TaskEncoder t : spec.tasks()) {
                if (answers.containsKey(t.name())) {
                    Map<String, double[]> without = new LinkedHashMap<>();
                    if (withheld != null) {
                        withheld.get(i).forEach((input, p) -> without.put(input, p.get(t.name())));
                    }
                    double outsideScore = model.openSet() != null
                                    && model.openSet().task().equals(t.name())
                                    && imageRows.get(i) != null
                            ? model.openSet().score(imageRows.get(i))
                            : Double.NaN;
                    predictions.put(t.name(), predict(t, answers.get(t.name()), without, outsideScore));
                }
            }
            results.add(new AnnotationResult(a.id(), artifact.card().id(), predictions, used.get(i), warnings.get(i)));
        }
        return results;
    }

    /**
     * The final answers of one row: calibrated, jointly decoded with the visible fields, sharpened.
     */
    private Map<String, double[]> answers(
            Map<String, Tensor> logits, int row, Set<String> present, Map<String, String> visible) {
        Map<String, double[]> probs = new LinkedHashMap<>();
        for (TaskEncoder t : model.spec().tasks()) {
            if (present.contains(t.name()) || present.contains(t.source())) {
                continue;
            }
            Tensor l = logits.get("logits_" + t.name());
            int c = (int) l.dim(1);
            float[] r = Arrays.copyOfRange(l.floats(), row * c, (row + 1) * c);
            probs.put(
                    t.name(), Calibration.softmax(r, model.calibration(t.name()).temperature()));
        }
        Map<String, double[]> decoded = model.decoder().decode(probs, visible);
        Map<String, double[]> out = new LinkedHashMap<>();
        decoded.forEach((task, p) ->
                out.put(task, Calibration.sharpen(p, model.calibration(task).decodedTemperature())));
        return out;
    }

    /**
     * For each row, per input it used, the answers with that input alone withheld (one extra head
     * evaluation for all of them).
     */
    private List<Map<String, Map<String, double[]>>> withheld(
            List<float[]> imageRows,
            List<Map<String, String>> fieldRows,
            List<Set<String>> present,
            List<List<String>> used)
            throws HeritageException {
        List<float[]> images = new ArrayList<>();
        List<Map<String, String>> fields = new ArrayList<>();
        List<int[]> index = new ArrayList<>();
        for (int i = 0; i < imageRows.size(); i++) {
            for (int u = 0; u < used.get(i).size(); u++) {
                String input = used.get(i).get(u);
                images.add(input.equals("image") ? null : imageRows.get(i));
                Map<String, String> f = new LinkedHashMap<>(fieldRows.get(i));
                f.remove(input);
                fields.add(f);
                index.add(new int[] {i, u});
            }
        }
        List<Map<String, Map<String, double[]>>> out = new ArrayList<>();
        imageRows.forEach(r -> out.add(new LinkedHashMap<>()));
        if (images.isEmpty()) {
            return out;
        }
        Map<String, Tensor> logits = head.forward(model.spec().encode(images, fields));
        for (int k = 0; k < index.size(); k++) {
            int i = index.get(k)[0];
            out.get(i).put(used.get(i).get(index.get(k)[1]), answers(logits, k, present.get(i), fields.get(k)));
        }
        return out;
    }

    private Prediction predict(TaskEncoder task, double[] p, Map<String, double[]> without, double outsideScore) {
        Calibration cal = model.calibration(task.name());
        Integer[] order = new Integer[p.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer k) -> -p[k]).thenComparingInt(k -> k));
        List<String> labels = task.labels();
        List<Alternative> alternatives = new ArrayList<>();
        for (int k = 1; k < Math.min(order.length, ALTERNATIVES + 1); k++) {
            alternatives.add(new Alternative(labels.get(order[k]), p[order[k]]));
        }
        double precision =
                Double.isNaN(options.reviewPrecision()) ? model.reviewPrecision() : options.reviewPrecision();
        double confidence = p[order[0]];
        Map<String, Double> evidence = new LinkedHashMap<>();
        without.forEach((input, q) -> evidence.put(input, confidence - q[order[0]]));
        double threshold = Double.isNaN(options.outsideThreshold()) && model.openSet() != null
                ? model.openSet().threshold()
                : options.outsideThreshold();
        // Outside the known classes, the value stays the nearest known class (every format keeps a
        // value) but is never a confident answer: it goes to review.
        boolean outside = !Double.isNaN(outsideScore) && outsideScore >= threshold;
        return new Prediction(
                task.name(),
                labels.get(order[0]),
                confidence,
                alternatives,
                outside || confidence < cal.threshold(precision),
                evidence,
                outside,
                outsideScore);
    }

    private static BufferedImage decode(Asset a) throws InvalidImageException {
        InvalidImageException failure;
        try {
            return ImageEvidence.decode(a.image());
        } catch (InvalidImageException e) {
            failure = e;
        }
        throw new InvalidImageException("Asset '" + a.id() + "': " + failure.getMessage(), failure);
    }

    @Override
    public void close() {
        guard.close(() -> {
            head.close();
            backbone.close();
        });
    }

    @Override
    public String toString() {
        return "HeritageAnnotator[" + artifact.card().id() + " on " + head.engine() + "]";
    }
}
