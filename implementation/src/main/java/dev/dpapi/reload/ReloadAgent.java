package dev.dpapi.reload;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Entry point of the reload capability: runs the configured reload command, either on the next tick
 * (changes made until then share one reload and its ID) or at once when forced.
 */
public final class ReloadAgent {

    private static final Logger LOG = Logger.getLogger("dataplaneapi.reload");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final String reloadCmd;
    private final AtomicLong counter = new AtomicLong();
    private final ScheduledExecutorService ticker;
    private String pending; // id of the scheduled reload, guarded by this

    public ReloadAgent(String reloadCmd, Duration tick) {
        this.reloadCmd = reloadCmd;
        this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("reload").factory());
        ticker.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The tick: {@code CI_DATAPLANE_RELOAD_DELAY_OVERRIDE} milliseconds, else the reload delay in seconds. */
    public static Duration tick(int reloadDelaySeconds, Optional<String> overrideMillis) {
        long millis = overrideMillis.map(v -> {
            try {
                return Long.parseLong(v.strip());
            } catch (NumberFormatException e) {
                return 0L;
            }
        }).orElse(reloadDelaySeconds * 1000L);
        return Duration.ofMillis(millis <= 0 ? 5000 : millis);
    }

    /** Schedules a reload and returns its ID ({@code <date>-<n>}); a reload already pending is shared. */
    public synchronized String schedule() {
        if (pending == null) {
            pending = LocalDate.now() + "-" + counter.getAndIncrement();
        }
        return pending;
    }

    /** Reloads now (running a pending reload if there is one); the failure's text when it fails. */
    public synchronized Optional<String> reloadNow() {
        pending = null;
        Commands.Result result = Commands.run(reloadCmd, COMMAND_TIMEOUT);
        if (result.succeeded()) {
            return Optional.empty();
        }
        return Optional.of("executing " + reloadCmd + " failed: exit status " + result.exitStatus() + ", "
                + result.stderr().strip());
    }

    private synchronized void tick() {
        if (pending != null) {
            String id = pending;
            reloadNow().ifPresentOrElse(
                    why -> LOG.warning("reload " + id + " failed: " + why),
                    () -> LOG.info("reload " + id + " succeeded"));
        }
    }
}
