package dev.heritage.api;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graceful-shutdown policy of every closeable Heritage resource ({@link Annotator},
 * {@link Reconstructor}, {@link dev.heritage.api.engine.LoadedNetwork}), in one place.
 *
 * <p>A resource wraps each public call in {@link #enter()} / {@link #exit()} and closes through
 * {@link #close(Runnable)}. The policy:
 * <ul>
 *   <li>once {@code close} has begun, new calls are refused at once with an
 *       {@link IllegalStateException} that names the resource;</li>
 *   <li>{@code close} waits for the calls already inside (up to {@link #closeTimeout()}, default 30 s,
 *       {@code -Dheritage.close.timeoutSeconds=N}) and then releases the native memory;</li>
 *   <li>if calls are still running when the bound passes, the memory is <em>not</em> freed under
 *       them (that crashes the JVM in the engine's native code): a warning is logged and the release
 *       runs when the last of those calls returns, on its thread (never, if it never returns).</li>
 * </ul>
 *
 * <p><b>Thread-safety:</b> thread-safe; meant to be shared by every thread that calls the resource.
 * Calls may nest (a batch call that makes single calls) on the same thread.
 * <b>Lifecycle:</b> holds nothing itself; the release action it is given is run at most once.
 */
public final class InFlightGuard {
    private static final Logger LOG = LoggerFactory.getLogger(InFlightGuard.class);
    /** Property that sets the default bound of {@link #close(Runnable)}, in seconds. */
    public static final String TIMEOUT_PROPERTY = "heritage.close.timeoutSeconds";

    private final String what;
    private final Duration closeTimeout;
    private final Object lock = new Object();
    private int inFlight;
    private boolean closed;
    private Runnable deferredRelease;

    /**
     * @param what the resource, as messages name it (e.g. {@code "annotator 'paintings-multitask'"})
     */
    public InFlightGuard(String what) {
        this(what, Duration.ofSeconds(Long.getLong(TIMEOUT_PROPERTY, 30L)));
    }

    /**
     * @param what the resource, as messages name it
     * @param closeTimeout how long {@link #close(Runnable)} waits for calls in flight
     */
    public InFlightGuard(String what, Duration closeTimeout) {
        this.what = what;
        this.closeTimeout = closeTimeout.isNegative() ? Duration.ZERO : closeTimeout;
    }

    /** @return how long {@link #close(Runnable)} waits for calls in flight */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** @return whether {@link #close(Runnable)} has begun */
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /**
     * Registers a call. Every successful {@code enter} must be matched by one {@link #exit()} in a
     * {@code finally} block.
     *
     * @throws IllegalStateException if the resource is closed or closing
     */
    public void enter() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("This " + what + " was closed; no new calls are accepted. "
                        + "Create a new one, or close it only after the last call.");
            }
            inFlight++;
        }
    }

    /** Ends a call registered by {@link #enter()}. */
    public void exit() {
        Runnable release = null;
        synchronized (lock) {
            inFlight--;
            if (inFlight == 0) {
                lock.notifyAll();
                release = deferredRelease;
                deferredRelease = null;
            }
        }
        if (release != null) {
            LOG.info("The last call in flight on the {} returned; releasing it now", what);
            release.run();
        }
    }

    /**
     * Runs {@code call} between {@link #enter()} and {@link #exit()}.
     *
     * @param call the work
     * @param <T> its result type
     * @return its result
     * @throws IllegalStateException if the resource is closed or closing
     */
    public <T> T call(Supplier<T> call) {
        enter();
        try {
            return call.get();
        } finally {
            exit();
        }
    }

    /**
     * Refuses new calls, waits for those in flight up to {@link #closeTimeout()}, then runs
     * {@code release}. Idempotent: only the first call does anything.
     *
     * @param release frees the resource's native memory; run at most once
     * @return true if released now; false if already closed or if calls were still running (the
     *     release then runs when the last of them returns)
     */
    public boolean close(Runnable release) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = true;
            long deadline = System.nanoTime() + closeTimeout.toNanos();
            boolean interrupted = false;
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000), 0);
                } catch (InterruptedException e) {
                    interrupted = true; // finish the wait's bookkeeping, restore the flag below
                    break;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (inFlight > 0) {
                deferredRelease = release;
                LOG.warn(
                        "Closing the {}: {} call(s) still running after {} s; its native memory is left "
                                + "allocated until the last of them returns (freeing it under a running call would "
                                + "crash the JVM)",
                        what,
                        inFlight,
                        closeTimeout.toSeconds());
                return false;
            }
        }
        release.run();
        return true;
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "InFlightGuard[" + what + ", in flight " + inFlight + (closed ? ", closed" : "") + "]";
        }
    }
}
