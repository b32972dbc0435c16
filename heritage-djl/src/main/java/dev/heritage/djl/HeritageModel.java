package dev.heritage.djl;

import ai.djl.BaseModel;
import ai.djl.ndarray.NDList;
import ai.djl.nn.LambdaBlock;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.util.passthrough.PassthroughNDArray;
import ai.djl.util.passthrough.PassthroughNDManager;
import dev.heritage.api.HeritageException;
import dev.heritage.api.ModelCard;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loaded Heritage model (annotator or reconstructor) seen as a DJL {@link ai.djl.Model}: its block runs
 * Heritage on the Java objects that {@link HeritageTranslator} passes through DJL's {@link NDList}s, so
 * DJL's own {@code Predictor} (batching, metrics) drives it and no DJL engine or tensor is involved at this
 * level (Heritage's engines run the networks underneath).
 *
 * <p>Thread-safe: the Heritage annotators and reconstructors behind it are, so predictors on several threads
 * share it. Closing it (through the {@code ZooModel} that wraps it) closes the Heritage model, once.
 *
 * @param <I> what it takes
 * @param <O> what it gives
 */
final class HeritageModel<I, O> extends BaseModel {

    /**
     * One Heritage model's work, on one input or on a batch (in one engine call where the model allows).
     *
     * @param <I> what it takes
     * @param <O> what it gives
     */
    interface Inference<I, O> {
        O one(I input) throws HeritageException;

        List<O> many(List<I> inputs) throws HeritageException;
    }

    /** What a batch travels as, so that it is never mistaken for one input. */
    record Batch(List<?> items) {}

    /** What a failed Heritage call travels as, so that the translator rethrows it with its own message. */
    record Failure(HeritageException error) {}

    private final Class<I> inputType;
    private final Class<O> outputType;
    private final Inference<I, O> inference;
    private final AutoCloseable heritageModel;
    private final AtomicBoolean closed = new AtomicBoolean();

    HeritageModel(
            String id,
            ModelCard card,
            Class<I> inputType,
            Class<O> outputType,
            Inference<I, O> inference,
            AutoCloseable heritageModel) {
        super(id);
        this.inputType = inputType;
        this.outputType = outputType;
        this.inference = inference;
        this.heritageModel = heritageModel;
        // DJL's Predictor needs a manager and a block; the pass-through manager holds no native memory.
        this.manager = PassthroughNDManager.INSTANCE;
        this.block = new LambdaBlock(this::forward, "heritage-" + id);
        setProperty("heritage.model", id);
        if (card != null) {
            setProperty("heritage.version", card.version());
            setProperty("heritage.licence", String.valueOf(card.licence()));
        }
    }

    /** @return this model with its translator, as DJL's criteria return it */
    ZooModel<I, O> toZooModel() {
        return new ZooModel<>(this, new HeritageTranslator<>(outputType));
    }

    private NDList forward(NDList inputs) {
        Object input = ((PassthroughNDArray) inputs.singletonOrThrow()).getObject();
        Object output;
        try {
            if (input instanceof Batch batch) {
                output = inference.many(
                        batch.items().stream().map(inputType::cast).toList());
            } else {
                output = inference.one(inputType.cast(input));
            }
        } catch (HeritageException e) {
            // Block.forward cannot throw checked exceptions; the translator rethrows this as DJL's.
            output = new Failure(e);
        }
        return new NDList(new PassthroughNDArray(output));
    }

    /**
     * Not supported: a Heritage model is loaded by its zoo.
     *
     * @throws UnsupportedOperationException always, saying how to load it
     */
    @Override
    public void load(Path modelPath, String prefix, Map<String, ?> options) {
        throw new UnsupportedOperationException("Heritage's model '" + modelName + "' is already loaded; load"
                + " Heritage models with Criteria.builder().optGroupId(\"" + HeritageModelZoo.GROUP_ID
                + "\").optArtifactId(ID), not Model.load.");
    }

    /** Closes the Heritage model; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                heritageModel.close();
            } catch (Exception e) {
                throw new IllegalStateException(
                        "Heritage's model '" + modelName + "' failed to close: " + e.getMessage(), e);
            }
        }
    }
}
