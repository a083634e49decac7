package dev.dpapi.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The deadlines of requests in flight (their headers' read timeout, their body's, their answer's write timeout),
 * checked by one sweep per tick. A timer per request would wake the timer thread at every request, which cost
 * more than the rest of a small request's work on two cores; arming and disarming here only add to and remove
 * from a set. A deadline fires between its timeout and one tick later; the tick is a tenth of the shortest
 * timeout in force (between 20 ms and 1 s).
 */
final class Timeouts {

    /** One armed deadline; {@link #disarm} before it passes, and it never fires. */
    final class Armed {
        private final long due;
        private final Runnable onExpiry;

        private Armed(long due, Runnable onExpiry) {
            this.due = due;
            this.onExpiry = onExpiry;
        }

        /** True when it was still armed: it will never fire (whoever removes it first, sweep or owner, wins). */
        boolean disarm() {
            return armed.remove(this);
        }
    }

    private final Set<Armed> armed = ConcurrentHashMap.newKeySet();

    /** Sweeps every tenth of the shortest of {@code timeouts} that is set (zero means none). */
    Timeouts(Stream<Duration> timeouts) {
        long shortest = timeouts.filter(t -> !t.isZero()).mapToLong(Duration::toMillis).min().orElse(10_000);
        long tick = Math.clamp(shortest / 10, 20, 1000);
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("request-timeouts").factory());
        sweeper.scheduleAtFixedRate(this::sweep, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code onExpiry} (once, on the sweeper's thread) if the deadline is not disarmed within {@code timeout}. */
    Armed arm(Duration timeout, Runnable onExpiry) {
        Armed a = new Armed(System.nanoTime() + timeout.toNanos(), onExpiry);
        armed.add(a);
        return a;
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Armed a : armed) {
            if (now - a.due >= 0 && armed.remove(a)) {
                try {
                    a.onExpiry.run();
                } catch (RuntimeException e) {
                    // one expiry's failure must not stop the sweeps
                }
            }
        }
    }
}
