package dev.heritage.classify;

import dev.heritage.api.AnnotationResult;
import dev.heritage.api.Annotator;
import dev.heritage.api.Asset;
import dev.heritage.api.HeritageException;
import dev.heritage.api.ModelCard;
import dev.heritage.classify.model.TaskFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A dynamic batcher in front of an annotator, for servers whose requests carry one image each:
 * concurrent {@link #annotate(Asset)} calls are collected for at most {@link Builder#optMaxWait
 * maxWait} after the first one arrives, or until {@link Builder#optMaxBatch maxBatch} are waiting, and
 * sent to the wrapped annotator as one {@link Annotator#annotate(List)} call on one dispatcher thread.
 * Each caller gets its own answer, equal to what the wrapped annotator gives for its asset alone.
 *
 * <p>Errors stay per call: when a collected batch fails with a {@link HeritageException} (one
 * undecodable image fails the whole list), each of its assets is annotated again on its own, so only
 * the caller whose image is bad gets the exception. {@link #annotate(List)} bypasses the queue (the
 * caller already batched) and goes straight to the wrapped annotator.
 *
 * <p>Whether it pays depends on the machine: it trades up to {@code maxWait} of latency for fewer,
 * larger engine calls (docs/PERFORMANCE.md has the measurement on two cores).
 *
 * <p>Thread-safe: share one instance. Owns the wrapped annotator: {@link #close()} refuses new calls at
 * once ({@link IllegalStateException}), answers the calls already queued, stops the dispatcher and
 * then closes the wrapped annotator. Idempotent.
 */
public final class BatchingAnnotator implements Annotator {
    private static final Request STOP = new Request(null);

    private final Annotator delegate;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread dispatcher;
    private final Object lifecycle = new Object();
    private boolean closed;

    private BatchingAnnotator(Builder b) {
        this.delegate = b.delegate;
        this.maxBatch = b.maxBatch;
        this.maxWaitNanos = b.maxWait.toNanos();
        this.dispatcher = new Thread(this::dispatch, "heritage-batching-annotator");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /**
     * @param delegate the annotator to batch for; the batcher owns and closes it
     * @return a builder (defaults: batches of at most 8, waiting at most 2 ms)
     */
    public static Builder builder(Annotator delegate) {
        return new Builder(delegate);
    }

    /** Settings of a {@link BatchingAnnotator}. Not thread-safe; use one per batcher. */
    public static final class Builder {
        private final Annotator delegate;
        private int maxBatch = 8;
        private Duration maxWait = Duration.ofMillis(2);

        private Builder(Annotator delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        /**
         * @param maxBatch the most single-image calls sent as one batch (at least 1)
         * @return this builder
         */
        public Builder optMaxBatch(int maxBatch) {
            if (maxBatch < 1) {
                throw new IllegalArgumentException("maxBatch must be at least 1, not " + maxBatch);
            }
            this.maxBatch = maxBatch;
            return this;
        }

        /**
         * @param maxWait how long the first call of a batch waits for others (zero: send what is
         *     already queued)
         * @return this builder
         */
        public Builder optMaxWait(Duration maxWait) {
            if (maxWait.isNegative()) {
                throw new IllegalArgumentException("maxWait must not be negative, not " + maxWait);
            }
            this.maxWait = maxWait;
            return this;
        }

        /** @return the batcher, its dispatcher thread started */
        public BatchingAnnotator build() {
            return new BatchingAnnotator(this);
        }
    }

    @Override
    public ModelCard card() {
        return delegate.card();
    }

    /**
     * Queues the asset with the other calls arriving now and waits for its answer.
     *
     * @throws IllegalStateException after {@link #close()}
     * @throws HeritageException this asset's own failure, or if the wait was interrupted (the interrupt
     *     flag is kept)
     */
    @Override
    public AnnotationResult annotate(Asset asset) throws HeritageException {
        Request r = new Request(Objects.requireNonNull(asset, "asset"));
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("This batching annotator is closed; load a new annotator.");
            }
            queue.add(r);
        }
        try {
            return r.answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HeritageException("Interrupted while waiting for the annotation of '" + asset.id() + "'.", e);
        } catch (ExecutionException e) {
            throw TaskFailure.rethrow(e.getCause(), "Annotating '" + asset.id() + "' failed");
        }
    }

    /** Sends the list as it is to the wrapped annotator (it is a batch already). */
    @Override
    public List<AnnotationResult> annotate(List<Asset> assets) throws HeritageException {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("This batching annotator is closed; load a new annotator.");
            }
        }
        return delegate.annotate(assets);
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP); // after every call already queued
        }
        boolean interrupted = false;
        while (dispatcher.isAlive()) {
            try {
                dispatcher.join();
            } catch (InterruptedException e) {
                interrupted = true; // the queued calls are answered before the annotator goes
            }
        }
        delegate.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch() {
        List<Request> batch = new ArrayList<>(maxBatch);
        boolean stopping = false;
        while (!stopping) {
            try {
                Request first = queue.take();
                if (first == STOP) {
                    return;
                }
                batch.add(first);
                long deadline = System.nanoTime() + maxWaitNanos;
                while (batch.size() < maxBatch) {
                    long left = deadline - System.nanoTime();
                    Request next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    if (next == STOP) {
                        stopping = true;
                        break;
                    }
                    batch.add(next);
                }
            } catch (InterruptedException e) {
                // Only close() may stop the dispatcher, after draining; an interrupt is ignored.
            }
            if (!batch.isEmpty()) {
                run(batch);
                batch.clear();
            }
        }
    }

    private void run(List<Request> batch) {
        List<Asset> assets = new ArrayList<>(batch.size());
        batch.forEach(r -> assets.add(r.asset));
        try {
            List<AnnotationResult> results = delegate.annotate(assets);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answer.complete(results.get(i));
            }
        } catch (HeritageException e) {
            if (batch.size() == 1) {
                batch.get(0).answer.completeExceptionally(e);
                return;
            }
            for (Request r : batch) { // one bad image fails the list: find whose it is
                try {
                    r.answer.complete(delegate.annotate(r.asset));
                } catch (HeritageException | RuntimeException | Error single) {
                    r.answer.completeExceptionally(single);
                }
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(r -> r.answer.completeExceptionally(e));
        }
    }

    private static final class Request {
        final Asset asset;
        final CompletableFuture<AnnotationResult> answer = new CompletableFuture<>();

        Request(Asset asset) {
            this.asset = asset;
        }
    }

    @Override
    public String toString() {
        return "BatchingAnnotator[" + delegate.card().id() + ", maxBatch=" + maxBatch + ", maxWait="
                + Duration.ofNanos(maxWaitNanos) + "]";
    }
}
