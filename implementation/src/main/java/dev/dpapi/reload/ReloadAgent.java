package dev.dpapi.reload;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /** How long HAProxy may take to load a configuration before its master counts the reload. */
    private static final Duration OUTCOME_TIMEOUT = Duration.ofSeconds(60);

    /** A reload's record, as the API shows it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reload(String id, String status, String response,
                         @JsonProperty("reload_timestamp") Long reloadTimestamp) {
    }

    /** Keeps the configuration HAProxy last loaded, and puts it back when a reload fails. */
    public interface Guard {
        /** What is about to be reloaded. */
        byte[] reloading();

        void succeeded(byte[] reloaded);

        /** Reacts to a failed reload of {@code reloaded}; returns a note for the reload's record (may be empty). */
        String failed(byte[] reloaded);
    }

    /**
     * The commands of the reload strategy. {@code restartCmd} runs instead of {@code reloadCmd} when
     * {@code statusCmd} says HAProxy is not running: a reload cannot start a stopped HAProxy. With HAProxy's
     * {@code master} CLI known, a reload's outcome is read there (a command that only signals HAProxy exits 0
     * whatever HAProxy then does), and with {@code throughMaster} (master_worker_mode) the reload is asked there
     * instead of running {@code reloadCmd}.
     */
    public record Strategy(String reloadCmd, Optional<String> restartCmd, Optional<String> statusCmd,
                           Duration retention, Optional<MasterCli> master, boolean throughMaster) {
    }

    private final Strategy strategy;
    private final Guard guard;
    private final AtomicLong counter = new AtomicLong();
    private final ScheduledExecutorService ticker;
    private final Map<String, Reload> failed = new LinkedHashMap<>(); // guarded by this
    private Reload lastSuccess; // guarded by this
    private String pending; // id of the scheduled reload, guarded by this

    /**
     * What a stopped agent hands to the one that follows it in the same process (SIGHUP): the IDs it gave out and
     * their records, so that a client's Reload-ID keeps its answer and no ID is given out twice.
     */
    public record History(long nextId, Map<String, Reload> failed, Optional<Reload> lastSuccess) {
        public static final History NONE = new History(0, Map.of(), Optional.empty());
    }

    public ReloadAgent(Strategy strategy, Duration tick, Guard guard, History history) {
        this.strategy = strategy;
        this.guard = guard;
        this.counter.set(history.nextId());
        this.failed.putAll(history.failed());
        this.lastSuccess = history.lastSuccess().orElse(null);
        this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("reload").factory());
        ticker.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A restart is needed when there is a restart command and the status command says HAProxy is down. */
    private boolean needsRestart() {
        if (strategy.restartCmd().isEmpty() || strategy.statusCmd().isEmpty()) {
            return false;
        }
        boolean down = !Commands.run(strategy.statusCmd().get(), COMMAND_TIMEOUT).succeeded();
        if (down) {
            LOG.info("HAProxy is not running (" + strategy.statusCmd().get() + "): restarting it instead of reloading");
        }
        return down;
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

    /**
     * Reloads now: a pending reload runs (and is recorded) under its ID; otherwise the reload is not recorded,
     * as the official does with forced reloads. Returns the failure's text when it fails.
     */
    public synchronized Optional<String> reloadNow() {
        String id = pending;
        pending = null;
        byte[] reloaded = guard.reloading();
        boolean restart = needsRestart();
        String command = restart ? strategy.restartCmd().orElseThrow() : strategy.reloadCmd();
        // a restart starts a new master, whose counts start again: only a reload's outcome is read there
        Optional<MasterCli> master = restart ? Optional.empty() : strategy.master();
        Optional<MasterCli.Counts> before = master.flatMap(MasterCli::counts);
        if (master.isPresent() && before.isEmpty()) {
            LOG.warning("the master CLI " + master.get().socket() + " does not show its reload counts: the outcome of "
                    + "this reload is the command's exit status only");
        }
        Commands.Result result = !restart && strategy.throughMaster() ? strategy.master().orElseThrow().reload()
                : Commands.run(command, COMMAND_TIMEOUT);
        Optional<String> refused = result.succeeded() && before.isPresent()
                ? master.get().outcome(before.get(), OUTCOME_TIMEOUT) : Optional.empty();
        long now = System.currentTimeMillis() / 1000;
        if (result.succeeded() && refused.isEmpty()) {
            guard.succeeded(reloaded);
            if (id != null) {
                lastSuccess = new Reload(id, "succeeded", emptyToNull(result.stdout().strip()), now);
            }
            return Optional.empty();
        }
        String why = (refused.isPresent() ? refused.get()
                : !restart && strategy.throughMaster() ? "failed to reload configuration: " + result.stderr().strip()
                : "executing " + command + " failed: exit status " + result.exitStatus() + ", " + result.stderr().strip())
                + guard.failed(reloaded);
        if (id != null) {
            long oldest = now - strategy.retention().toSeconds();
            failed.values().removeIf(r -> r.reloadTimestamp() < oldest);
            failed.put(id, new Reload(id, "failed", why, now));
        }
        return Optional.of(why);
    }

    /** How a change's reload went, for its answer: the Reload-ID of a scheduled one, or a forced one's failure. */
    public record Outcome(Optional<String> reloadId, Optional<String> failure) {
    }

    /** Schedules a reload, or with {@code force} runs it now. */
    public Outcome after(boolean force) {
        return force ? new Outcome(Optional.empty(), reloadNow()) : new Outcome(Optional.of(schedule()), Optional.empty());
    }

    /** Failed reloads, then the last success, then the pending one. */
    public synchronized List<Reload> list() {
        List<Reload> all = new ArrayList<>(failed.values());
        if (lastSuccess != null) {
            all.add(lastSuccess);
        }
        if (pending != null) {
            all.add(new Reload(pending, "in_progress", null, null));
        }
        return all;
    }

    /** One reload by ID; an ID older than the last success is a success too. */
    public synchronized Optional<Reload> get(String id) {
        if (id.equals(pending)) {
            return Optional.of(new Reload(id, "in_progress", null, null));
        }
        if (failed.containsKey(id)) {
            return Optional.of(failed.get(id));
        }
        if (lastSuccess != null && (id.equals(lastSuccess.id()) || isOlder(id, lastSuccess.id()))) {
            return Optional.of(id.equals(lastSuccess.id()) ? lastSuccess : new Reload(id, "succeeded", null, null));
        }
        return Optional.empty();
    }

    /** IDs are {@code <date>-<counter>}: older means an earlier date, or the same date and a smaller counter. */
    private static boolean isOlder(String id, String than) {
        int a = id.lastIndexOf('-');
        int b = than.lastIndexOf('-');
        if (a < 0 || b < 0) {
            return false;
        }
        int byDate = id.substring(0, a).compareTo(than.substring(0, b));
        try {
            return byDate < 0 || (byDate == 0 && Long.parseLong(id.substring(a + 1)) < Long.parseLong(than.substring(b + 1)));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    /**
     * Stops the ticker, after a reload under way. A scheduled reload runs now with {@code runScheduled} (a SIGHUP:
     * haproxy.cfg already holds its change, and the client holds its ID); otherwise it is dropped, said in the log.
     */
    public History stop(boolean runScheduled) {
        ticker.shutdown(); // cancels the next ticks; the one under way finishes
        try {
            if (!ticker.awaitTermination(COMMAND_TIMEOUT.plus(OUTCOME_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warning("a reload is still running while the reloads stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (pending != null && runScheduled) {
                tick();
            } else if (pending != null) {
                LOG.warning("reload " + pending + " was scheduled and does not run: HAProxy loads haproxy.cfg as it "
                        + "is at its next reload");
            }
            return new History(counter.get(), Collections.unmodifiableMap(new LinkedHashMap<>(failed)),
                    Optional.ofNullable(lastSuccess));
        }
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
