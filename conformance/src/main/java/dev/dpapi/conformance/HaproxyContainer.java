package dev.dpapi.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.containers.wait.strategy.LogMessageWaitStrategy;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * A real HAProxy in a container on the host network, in the style of the Testcontainers modules:
 * <pre>{@code
 * try (var haproxy = new HaproxyContainer<>("haproxy:3.0").withHaproxyConfig(cfg).withStatsSocket("/run/admin.sock")) {
 *     haproxy.start();
 *     String servers = haproxy.runtime("/run/admin.sock", "show servers state");
 * }
 * }</pre>
 * HAProxy runs as PID 1 in master-worker mode by default ({@code kill -USR2 1} reloads it). Readiness is read
 * from HAProxy's own log ({@code Loading success.}), not polled. Only images that are, or declare themselves
 * substitutes for, {@code haproxy} are accepted; the image needs {@code sh} and {@code socat}.
 */
public class HaproxyContainer<SELF extends HaproxyContainer<SELF>> extends GenericContainer<SELF> {

    public static final String CONFIG = "/etc/haproxy/haproxy.cfg";
    public static final DockerImageName OFFICIAL = DockerImageName.parse("haproxy");
    /** The images this project builds for its conformance suite (HAProxy from Debian). */
    public static final DockerImageName CONFORMANCE = DockerImageName.parse("dpapi-conformance/haproxy");

    /** What HAProxy's master logs each time it has loaded a configuration (start and every reload). */
    private static final Pattern LOADED = Pattern.compile("Loading success\\.");
    private static final Pattern LOAD_FAILED = Pattern.compile("Loading failure!|Fatal errors found in configuration");

    private boolean masterWorker = true;
    private String startGate;
    private String config = "global\n";
    private String statsSocket;

    public HaproxyContainer(String image) {
        this(DockerImageName.parse(image));
    }

    public HaproxyContainer(DockerImageName image) {
        super(image);
        image.assertCompatibleWith(OFFICIAL, CONFORMANCE);
        withNetworkMode("host");
        waitingFor(new Loaded());
    }

    /** The haproxy.cfg HAProxy starts with. */
    public SELF withHaproxyConfig(String text) {
        this.config = text;
        return self();
    }

    /**
     * A Runtime API socket at {@code path} (admin level): added to the {@code global} section unless the
     * configuration already declares a stats socket.
     */
    public SELF withStatsSocket(String path) {
        this.statsSocket = path;
        return self();
    }

    /** Master-worker mode ({@code -W}), on by default: needed for program sections and SIGUSR2 reloads. */
    public SELF withMasterWorker(boolean on) {
        this.masterWorker = on;
        return self();
    }

    /** A file placed in the container before it starts. */
    public SELF withFile(String path, String content, int mode) {
        return withCopyToContainer(Transferable.of(content, mode), path);
    }

    /**
     * HAProxy starts only once this path exists, so that something (e.g. a program section's command) can be
     * installed into the running container first; {@link #awaitLoaded(int, Duration)} then waits for it.
     */
    public SELF withStartGate(String path) {
        this.startGate = path;
        return self();
    }

    @Override
    protected void configure() {
        String cfg = config;
        if (statsSocket != null && !cfg.contains("stats socket")) {
            String line = "  stats socket " + statsSocket + " mode 660 level admin\n";
            cfg = cfg.matches("(?s)^(.*\\n)?global[ \\t]*\\n.*")
                    ? cfg.replaceFirst("(?m)^global[ \\t]*\\n", Matcher.quoteReplacement("global\n" + line))
                    : "global\n" + line + "\n" + cfg;
        }
        withCopyToContainer(Transferable.of(cfg), CONFIG);
        String haproxy = "haproxy " + (masterWorker ? "-W " : "") + "-db -f " + CONFIG;
        // the gate is our own constant path, never a caller's free text
        String gate = startGate == null ? "" : "while [ ! -e '" + startGate.replace("'", "") + "' ]; do sleep 0.2; done; ";
        withCommand("sh", "-c", gate + "exec " + haproxy);
    }

    /** Runs a command in the container (argument vector, no shell). */
    public ExecResult exec(String... command) {
        try {
            return execInContainer(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a shell script of the caller's own and returns its standard output; fails with its output. */
    public String shell(String script) {
        return checked(exec("sh", "-c", script), script);
    }

    public String readFile(String path) {
        return checked(exec("cat", "--", path), "cat " + path);
    }

    /**
     * One Runtime API command over a unix socket in the container. The command and the path travel as
     * arguments of a fixed script, so no text of theirs is ever parsed by a shell.
     */
    public String runtime(String socket, String command) {
        return checked(exec("sh", "-c", "printf '%s\\n' \"$1\" | socat stdio \"unix-connect:$2\"", "runtime",
                command, socket), "runtime " + command);
    }

    /** How many times HAProxy's master has loaded a configuration so far (1 after start, +1 per reload). */
    public int loadCount() {
        return (int) LOADED.matcher(getLogs()).results().count();
    }

    /** Reloads HAProxy the way containers do it (SIGUSR2 to the master, PID 1) and waits for the new load. */
    public void reload(Duration timeout) {
        int before = loadCount();
        checked(exec("kill", "-USR2", "1"), "kill -USR2 1");
        awaitLoaded(before + 1, timeout);
    }

    /** Waits until HAProxy's log shows {@code count} successful loads; fails at once on a failed load. */
    public void awaitLoaded(int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (loadCount() < count) {
            String logs = getLogs();
            if (LOAD_FAILED.matcher(logs).find() && loadCount() < count) {
                throw new IllegalStateException("HAProxy failed to load its configuration: " + tail(logs, 15));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("HAProxy did not log load #" + count + " within " + timeout.toSeconds()
                        + " s: " + tail(logs, 15));
            }
            pause(Duration.ofMillis(100));
        }
    }

    /** PIDs of HAProxy's worker processes (children of the master named haproxy). */
    public List<Long> workerPids() {
        ExecResult r = exec("pgrep", "-P", "1", "-x", "haproxy");
        return r.getStdout().lines().map(String::strip).filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
    }

    public String haproxyVersion() {
        return shell("haproxy -v").lines().findFirst().orElse("").replaceAll("^HA-?Proxy version ", "").split(" ")[0];
    }

    /** The last {@code lines} lines of {@code text}. */
    public static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** A pause between two looks at a condition that has its own deadline. */
    public static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String checked(ExecResult r, String what) {
        if (r.getExitCode() != 0) {
            throw new IllegalStateException("`" + what + "` exited " + r.getExitCode() + ": " + r.getStdout() + r.getStderr());
        }
        return r.getStdout();
    }

    /** Ready when HAProxy logs its first successful load (master-worker), or, without -W, when PID 1 is haproxy. */
    private final class Loaded extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
            if (startGate != null) {
                return;
            }
            if (masterWorker) {
                new LogMessageWaitStrategy().withRegEx("(?s).*" + LOADED.pattern() + ".*")
                        .withStartupTimeout(startupTimeout).waitUntilReady(waitStrategyTarget);
                return;
            }
            // HAProxy logs nothing on a quiet start without -W: look at the process instead
            Instant deadline = Instant.now().plus(startupTimeout);
            while (!exec("cat", "/proc/1/comm").getStdout().strip().equals("haproxy")) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("HAProxy did not start: " + tail(getLogs(), 15));
                }
                pause(Duration.ofMillis(100));
            }
        }
    }
}
