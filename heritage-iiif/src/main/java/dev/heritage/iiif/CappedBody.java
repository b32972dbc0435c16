package dev.heritage.iiif;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body collected into memory up to a byte cap: a body that declares or turns out to be
 * longer is cancelled as soon as that is known, and completes with {@link TooManyBytes}. Used by
 * one response on the HTTP client's threads; not for sharing.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    /** Thrown (as the body's failure) when the body is longer than the cap. */
    static final class TooManyBytes extends IOException {
        private static final long serialVersionUID = 1L;

        TooManyBytes(long cap) {
            super("more than " + cap + " bytes");
        }
    }

    private final long cap;
    private final long declared;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    /**
     * @param cap the most bytes accepted
     * @param declared the length the response declares ({@code Content-Length}), or -1
     */
    CappedBody(long cap, long declared) {
        this.cap = cap;
        this.declared = declared;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        if (declared > cap) {
            s.cancel();
            body.completeExceptionally(new TooManyBytes(cap));
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            if (bytes.size() + (long) b.remaining() > cap) {
                subscription.cancel();
                body.completeExceptionally(new TooManyBytes(cap));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable t) {
        body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        body.complete(bytes.toByteArray());
    }
}
