package dev.dpapi.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The deadlines of requests in flight (their headers' read timeout, their body's, their answer's write timeout),
 * checked by one sweep per tick. A timer per request would wake the timer thread at every request, which cost
 * more than the rest of a small request's work on two cores; arming and disarming here only add to and remove
 * from a set. A deadline fires between its timeout and one tick later; the tick is a tenth of the shortest
 * timeout in force (between 20 ms and 1 s). The sweeping thread starts with the first deadline armed.
 */
final class Timeouts {

    private static final Logger LOG = Logger.getLogger("dataplaneapi");

    /** One armed deadline: it either fires or is disarmed, never both. */
    final class Armed {
        private final long due;
        private final Runnable onExpiry;
        private boolean settled; // fired or disarmed; guarded by this

        private Armed(long due, Runnable onExpiry) {
            this.due = due;
            this.onExpiry = onExpiry;
        }

        /**
         * Stops the deadline. False when it has fired: its expiry has then run to its end (a firing that had
         * begun is waited for), so the owner sees all it did, e.g. its thread interrupted.
         */
        boolean disarm() {
            synchronized (this) {
                if (settled) {
                    return false;
                }
                settled = true;
            }
            armed.remove(this);
            return true;
        }

        private synchronized void fire() {
            if (!settled) {
                settled = true;
                onExpiry.run();
            }
        }
    }

    private final Set<Armed> armed = ConcurrentHashMap.newKeySet();
    private final long tickMillis;
    /** Set, once, with the first deadline armed. */
    private volatile ScheduledExecutorService sweeper;

    /** Sweeps every tenth of the shortest of {@code timeouts} that is set (zero means none). */
    Timeouts(Stream<Duration> timeouts) {
        long shortest = timeouts.filter(t -> !t.isZero()).mapToLong(Duration::toMillis).min().orElse(10_000);
        this.tickMillis = Math.clamp(shortest / 10, 20, 1000);
    }

    /** Runs {@code onExpiry} (once, on the sweeper's thread) if the deadline is not disarmed within {@code timeout}. */
    Armed arm(Duration timeout, Runnable onExpiry) {
        if (sweeper == null) {
            startSweeping();
        }
        Armed a = new Armed(System.nanoTime() + timeout.toNanos(), onExpiry);
        armed.add(a);
        return a;
    }

    private synchronized void startSweeping() {
        if (sweeper == null) {
            ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("request-timeouts").factory());
            started.scheduleAtFixedRate(this::sweep, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
            sweeper = started;
        }
    }

    /** Stops the sweeping thread, if it started: the server these deadlines served has stopped (a SIGHUP restart). */
    synchronized void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Armed a : armed) {
            if (now - a.due >= 0) {
                armed.remove(a);
                try {
                    a.fire();
                } catch (Throwable e) {
                    // an expiry that failed must not end the sweeps: every later deadline would be ignored
                    LOG.log(Level.WARNING, "request timeout: " + e, e);
                }
            }
        }
    }
}
