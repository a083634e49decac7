package dev.dpapi.it;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * The one way a test waits: polls a probe until a condition holds, with a deadline, and says what it waited
 * for (and what it last saw) when the deadline passes. Never a fixed sleep.
 */
final class Poll {

    private static final Duration INTERVAL = Duration.ofMillis(50);

    private Poll() {
    }

    /** Polls {@code probe} until {@code done} accepts its value; returns that value. A probe that throws is retried. */
    static <T> T until(String what, Duration deadline, Callable<T> probe, Predicate<? super T> done) {
        Instant end = Instant.now().plus(deadline);
        Object last = null;
        while (true) {
            try {
                T value = probe.call();
                if (done.test(value)) {
                    return value;
                }
                last = value;
            } catch (Exception e) {
                last = e;
            }
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("waited " + deadline.toMillis() + " ms for " + what + "; last seen: " + last);
            }
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    /** Polls until {@code condition} is true. */
    static void until(String what, Duration deadline, Callable<Boolean> condition) {
        until(what, deadline, condition, Boolean.TRUE::equals);
    }
}
