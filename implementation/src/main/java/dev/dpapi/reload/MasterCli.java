package dev.dpapi.reload;

import dev.dpapi.runtime.RuntimeApi;
import dev.dpapi.runtime.RuntimeApiException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HAProxy's master CLI ({@code -S}, {@code master_runtime}), where a reload can be made and its outcome read.
 * A signal ({@code kill -USR2}) or the CLI's {@code reload} returns before HAProxy has loaded anything, so a refused
 * reload would pass for a success; {@code show proc} tells: the master's line counts its reloads, and how many
 * failed in a row ({@code 1 [failed: 1]} after a refused one, {@code [failed: 0]} after a good one), on 2.6 as on 3.x.
 */
public final class MasterCli {

    private static final Pattern MASTER = Pattern.compile("(?m)^\\s*\\d+\\s+master\\s+(\\d+)\\s+\\[failed:\\s*(\\d+)\\]");
    private static final Duration POLL = Duration.ofMillis(100);

    /** The master's counters: reloads since it started, and the failed ones in a row. */
    public record Counts(long reloads, long failedInARow) {
    }

    private final String socket;
    private final RuntimeApi cli;

    public MasterCli(String socket, Duration timeout) {
        this.socket = socket;
        // commands for the master itself, so not addressed to a worker
        this.cli = new RuntimeApi(() -> Optional.of(new RuntimeApi.Endpoint(socket, false)), timeout);
    }

    public String socket() {
        return socket;
    }

    /** The counters now; empty when the master cannot be asked (reloading, or a version without the counts). */
    public Optional<Counts> counts() {
        try {
            Matcher m = MASTER.matcher(cli.execute("show proc;quit"));
            return m.find() ? Optional.of(new Counts(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))))
                    : Optional.empty();
        } catch (RuntimeApiException e) {
            return Optional.empty();
        }
    }

    /**
     * Asks the master to reload. HAProxy 2.7 and later answer when the reload is done; 2.6 closes the connection
     * as it starts again. Either way {@link #outcome} tells how it went.
     */
    public Commands.Result reload() {
        try {
            String answer = cli.execute("reload;quit");
            return new Commands.Result(0, answer, "");
        } catch (RuntimeApiException e) {
            String why = String.valueOf(e.getMessage());
            // 2.6: the master starts again and drops the connection, which is the reload under way
            return why.contains("reset") || why.contains("closed") || why.contains("broken pipe")
                    ? new Commands.Result(0, "", "") : new Commands.Result(-1, "", "master CLI " + socket + ": " + why);
        }
    }

    /**
     * Waits (at most {@code limit}) for the master to count the reload after {@code before}; returns why HAProxy
     * refused it, or empty when it loaded the new configuration.
     */
    public Optional<String> outcome(Counts before, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Counts> now = counts();
            if (now.isPresent() && now.get().reloads() > before.reloads()) {
                if (now.get().failedInARow() == 0) {
                    return Optional.empty();
                }
                String logs = startupLogs();
                return Optional.of("HAProxy refused the reload (its master counts " + now.get().failedInARow()
                        + " failed reload" + (now.get().failedInARow() > 1 ? "s" : "") + " in a row; the workers that ran keep "
                        + "running)" + (logs.isEmpty() ? "" : ": " + logs));
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted while waiting for HAProxy's master to reload");
            }
        }
        return Optional.of("HAProxy's master did not count the reload within " + limit.toSeconds() + "s (master CLI "
                + socket + ")");
    }

    /** What HAProxy logged while loading the last configuration (HAProxy 2.7 and later; empty before). */
    private String startupLogs() {
        try {
            String logs = cli.execute("show startup-logs;quit").strip();
            return logs.startsWith("Unknown command") ? "" : logs;
        } catch (RuntimeApiException e) {
            return "";
        }
    }
}
