package dev.heritage.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The graceful-shutdown policy: refuse new calls, wait for calls in flight, never free under one. */
class InFlightGuardTest {

    @Test
    void closeWithNoCallReleasesAtOnceAndRefusesLaterCalls() {
        InFlightGuard guard = new InFlightGuard("test resource", Duration.ofSeconds(5));
        AtomicInteger released = new AtomicInteger();
        assertTrue(guard.close(released::incrementAndGet));
        assertEquals(1, released.get());
        IllegalStateException e = assertThrows(IllegalStateException.class, guard::enter);
        assertTrue(e.getMessage().contains("test resource was closed"), e.getMessage());
        assertFalse(guard.close(released::incrementAndGet), "a second close does nothing");
        assertEquals(1, released.get());
    }

    @Test
    void closeWaitsForTheCallInFlightThenReleases() throws Exception {
        InFlightGuard guard = new InFlightGuard("test resource", Duration.ofSeconds(60));
        AtomicInteger released = new AtomicInteger();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch closing = new CountDownLatch(1);
        AtomicInteger releasedWhenCallEnded = new AtomicInteger(-1);
        Thread call = new Thread(() -> {
            guard.enter();
            try {
                inside.countDown();
                closing.await();
                // close has begun: new calls are refused, this one still runs
                assertThrows(IllegalStateException.class, guard::enter);
                releasedWhenCallEnded.set(released.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                guard.exit();
            }
        });
        call.start();
        inside.await();
        Thread closer = new Thread(() -> guard.close(released::incrementAndGet));
        closer.start();
        while (!guard.isClosed()) {
            Thread.onSpinWait();
        }
        closing.countDown();
        closer.join();
        call.join();
        assertEquals(0, releasedWhenCallEnded.get(), "nothing was released under the running call");
        assertEquals(1, released.get());
    }

    @Test
    void whenTheBoundPassesTheReleaseWaitsForTheLastCall() throws Exception {
        InFlightGuard guard = new InFlightGuard("test resource", Duration.ZERO);
        AtomicInteger released = new AtomicInteger();
        guard.enter(); // a call stuck in the engine
        assertFalse(guard.close(released::incrementAndGet), "not released under the running call");
        assertEquals(0, released.get());
        guard.exit();
        assertEquals(1, released.get(), "released when the last call returned");
    }
}
