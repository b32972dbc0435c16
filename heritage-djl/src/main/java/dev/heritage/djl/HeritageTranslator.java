package dev.heritage.djl;

import ai.djl.ndarray.NDList;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import ai.djl.util.passthrough.PassthroughNDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Passes Heritage's Java objects through DJL's {@code Predictor} to {@link HeritageModel}'s block and back:
 * an input (or a whole batch, in one piece, so the annotator answers it in one engine call) goes in
 * wrapped in a {@link PassthroughNDArray}; the answer comes out unwrapped, and a failed Heritage call comes
 * out as a {@link TranslateException} with Heritage's message and exception as its cause.
 *
 * <p>Stateless and thread-safe; it owns nothing to close.
 *
 * @param <I> what the model takes
 * @param <O> what it gives
 */
final class HeritageTranslator<I, O> implements Translator<I, O> {
    private final Class<O> outputType;

    HeritageTranslator(Class<O> outputType) {
        this.outputType = outputType;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, I input) {
        Objects.requireNonNull(input, "input");
        return new NDList(new PassthroughNDArray(input));
    }

    @Override
    public O processOutput(TranslatorContext ctx, NDList list) throws TranslateException {
        return outputType.cast(unwrap(list));
    }

    /** Non-null so that DJL hands whole batches to {@link #batchProcessInput}; nothing is ever stacked. */
    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<I> inputs) {
        inputs.forEach(input -> Objects.requireNonNull(input, "input"));
        return new NDList(new PassthroughNDArray(new HeritageModel.Batch(List.copyOf(inputs))));
    }

    @Override
    public List<O> batchProcessOutput(TranslatorContext ctx, NDList list) throws TranslateException {
        List<?> outputs = (List<?>) unwrap(list);
        List<O> typed = new ArrayList<>(outputs.size());
        for (Object output : outputs) {
            typed.add(outputType.cast(output));
        }
        return typed;
    }

    private static Object unwrap(NDList list) throws TranslateException {
        Object output = ((PassthroughNDArray) list.singletonOrThrow()).getObject();
        if (output instanceof HeritageModel.Failure failure) {
            throw new TranslateException(failure.error().getMessage(), failure.error());
        }
        return output;
    }
}
