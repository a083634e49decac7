package dev.dpapi.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Request deadlines on the one sweeping thread: each fires once, or is disarmed and never fires, never both. */
class TimeoutsTest {

    private final Timeouts timeouts = new Timeouts(Stream.of(Duration.ofMillis(200))); // a 20 ms tick

    @Test
    void aDeadlineLeftArmedFiresOnceAfterItsTimeout() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        CountDownLatch once = new CountDownLatch(1);
        long armedAt = System.nanoTime();
        Timeouts.Armed deadline = timeouts.arm(Duration.ofMillis(100), () -> {
            fired.incrementAndGet();
            once.countDown();
        });
        assertTrue(once.await(10, TimeUnit.SECONDS), "fired within 10 s");
        assertTrue(System.nanoTime() - armedAt >= Duration.ofMillis(100).toNanos(), "not before its timeout");
        // a later deadline firing shows that further sweeps ran past the first one
        CountDownLatch later = new CountDownLatch(1);
        timeouts.arm(Duration.ofMillis(60), later::countDown);
        assertTrue(later.await(10, TimeUnit.SECONDS));
        assertEquals(1, fired.get(), "fired once");
        assertFalse(deadline.disarm(), "a fired deadline cannot be disarmed");
    }

    @Test
    void aDisarmedDeadlineNeverFires() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        Timeouts.Armed deadline = timeouts.arm(Duration.ofMillis(40), fired::incrementAndGet);
        assertTrue(deadline.disarm());
        CountDownLatch later = new CountDownLatch(1);
        timeouts.arm(Duration.ofMillis(120), later::countDown); // due well after the disarmed one
        assertTrue(later.await(10, TimeUnit.SECONDS));
        assertEquals(0, fired.get());
        assertFalse(deadline.disarm(), "disarmed once");
    }

    @Test
    void disarmingWhileItFiresWaitsForTheExpiryToEnd() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger ended = new AtomicInteger();
        Timeouts.Armed deadline = timeouts.arm(Duration.ofMillis(20), () -> {
            started.countDown();
            try {
                Thread.sleep(200); // a slow expiry (a log write to a full pipe)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended.incrementAndGet();
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertFalse(deadline.disarm());
        assertEquals(1, ended.get(), "the owner sees everything the expiry did");
    }

    @Test
    void anExpiryThatFailsDoesNotStopTheSweeps() throws Exception {
        timeouts.arm(Duration.ofMillis(20), () -> {
            throw new StackOverflowError("an expiry that fails");
        });
        CountDownLatch later = new CountDownLatch(1);
        timeouts.arm(Duration.ofMillis(150), later::countDown);
        assertTrue(later.await(10, TimeUnit.SECONDS), "deadlines armed later still fire");
    }
}
