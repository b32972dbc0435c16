package dev.heritage.engine.tck;

import dev.heritage.api.Device;
import dev.heritage.api.engine.EngineProvider;
import dev.heritage.api.engine.Engines;
import dev.heritage.api.engine.LoadedNetwork;
import dev.heritage.api.engine.NetworkArtifact;
import dev.heritage.api.engine.Tensor;
import dev.heritage.api.model.ModelArtifact;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The program {@link EngineConformanceSuite} runs in a child JVM to check the graceful-shutdown
 * contract: threads call {@link LoadedNetwork#forward} in a loop while another thread closes the
 * network, many times. A native crash kills only this JVM (the suite sees its exit code); every call
 * must either return the right outputs or fail with {@link IllegalStateException}.
 *
 * <p>Arguments: engine name, model directory (the {@link ReferenceFixture}'s), rounds, threads.
 * Prints one {@code CLOSE-UNDER-LOAD ok …} line and exits 0, or prints the failure and exits 1.
 * Not thread-safe; a program, not a library type.
 */
public final class CloseUnderLoad {
    private CloseUnderLoad() {}

    /**
     * @param args engine, model directory, rounds, threads
     * @throws Exception if the model cannot be opened or loaded
     */
    public static void main(String[] args) throws Exception {
        String engine = args[0];
        ModelArtifact model = ModelArtifact.open(Path.of(args[1]));
        int rounds = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        EngineProvider provider = Engines.get(engine);
        NetworkArtifact artifact = new NetworkArtifact(model, ReferenceFixture.NETWORK);
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicReference<Throwable> wrong = new AtomicReference<>();
        Map<String, Tensor> inputs = null;
        float[] expected = null;
        for (int round = 0; round < rounds && wrong.get() == null; round++) {
            LoadedNetwork network = provider.load(artifact, Device.cpu());
            if (inputs == null) {
                inputs = ReferenceFixture.seededInputs(8);
                expected = network.forward(inputs).get("features").floats();
            }
            Map<String, Tensor> in = inputs;
            float[] want = expected;
            hammer(
                    threads,
                    round % 3,
                    () -> {
                        float[] got = network.forward(in).get("features").floats();
                        if (!Arrays.equals(want, got)) {
                            throw new AssertionError("a call during close gave other outputs");
                        }
                    },
                    network::close,
                    wrong,
                    completed,
                    refused);
        }
        if (wrong.get() != null) {
            System.out.println("CLOSE-UNDER-LOAD failed on " + engine + ": " + wrong.get());
            wrong.get().printStackTrace(System.out);
            System.exit(1);
        }
        System.out.println("CLOSE-UNDER-LOAD ok " + engine + " rounds=" + rounds + " completed=" + completed.get()
                + " refused=" + refused.get());
        System.exit(0);
    }

    /** One call of the resource under test; throws {@link IllegalStateException} once it is closed. */
    @FunctionalInterface
    public interface Call {
        /**
         * @throws Exception if the call fails (an {@link IllegalStateException} is the contract's refusal)
         */
        void run() throws Exception;
    }

    /**
     * One round of the contract: {@code threads} callers repeat {@code call} until it is refused with an
     * {@link IllegalStateException}, while this thread waits {@code closeDelayMillis} (to close at varying
     * points of the calls) and then runs {@code close}. Any other failure is kept in {@code wrong}.
     *
     * @param threads how many callers
     * @param closeDelayMillis how long after the callers start the resource is closed
     * @param call one call
     * @param close closes the resource
     * @param wrong receives the first failure other than a refusal
     * @param completed counts calls that returned
     * @param refused counts callers that were refused
     * @throws InterruptedException if interrupted while waiting for the callers
     */
    public static void hammer(
            int threads,
            long closeDelayMillis,
            Call call,
            Runnable close,
            AtomicReference<Throwable> wrong,
            AtomicInteger completed,
            AtomicInteger refused)
            throws InterruptedException {
        CountDownLatch running = new CountDownLatch(threads);
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread caller = new Thread(
                    () -> {
                        running.countDown();
                        while (true) {
                            try {
                                call.run();
                                completed.incrementAndGet();
                            } catch (IllegalStateException e) {
                                refused.incrementAndGet(); // the contract: refused once close began
                                return;
                            } catch (Throwable e) {
                                wrong.compareAndSet(null, e);
                                return;
                            }
                        }
                    },
                    "caller-" + t);
            caller.start();
            callers.add(caller);
        }
        running.await();
        Thread.sleep(closeDelayMillis);
        close.run();
        for (Thread caller : callers) {
            caller.join();
        }
    }
}
