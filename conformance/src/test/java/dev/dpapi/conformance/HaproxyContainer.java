package dev.dpapi.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * A real HAProxy in a container on the host network, in the style of the Testcontainers modules:
 * {@code new HaproxyContainer(image).withHaproxyConfig(cfg).withMasterWorker(true)}. It needs nothing else
 * of this suite. HAProxy runs as PID 1 (so {@code kill -SIGUSR2 1} reloads it in master-worker mode).
 */
public class HaproxyContainer extends GenericContainer<HaproxyContainer> {

    public static final String CONFIG = "/etc/haproxy/haproxy.cfg";

    private boolean masterWorker = true;
    private String startGate;
    private String config = "global\n";
    private String statsSocket;

    public HaproxyContainer(String image) {
        super(DockerImageName.parse(image));
        withNetworkMode("host");
        waitingFor(new HaproxyRunning());
    }

    /** The haproxy.cfg HAProxy starts with. */
    public HaproxyContainer withHaproxyConfig(String text) {
        this.config = text;
        return self();
    }

    /**
     * A Runtime API socket at {@code path} (admin level): added to the {@code global} section unless the
     * configuration already declares a stats socket.
     */
    public HaproxyContainer withStatsSocket(String path) {
        this.statsSocket = path;
        return self();
    }

    /** Master-worker mode ({@code -W}), on by default: needed for program sections and SIGUSR2 reloads. */
    public HaproxyContainer withMasterWorker(boolean on) {
        this.masterWorker = on;
        return self();
    }

    /** A file placed in the container before it starts. */
    public HaproxyContainer withFile(String path, String content, int mode) {
        return withCopyToContainer(Transferable.of(content, mode), path);
    }

    /**
     * HAProxy starts only once this path exists, so that something (e.g. a program section's command) can be
     * installed into the running container first. {@link #awaitRunning(Duration)} then waits for it.
     */
    public HaproxyContainer withStartGate(String path) {
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
        String gate = startGate == null ? "" : "while [ ! -e " + startGate + " ]; do sleep 0.2; done; ";
        withCommand("sh", "-c", gate + "exec " + haproxy);
    }

    /** Runs a command in the container. */
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

    /** Runs a shell command and returns its standard output; fails with its output when it fails. */
    public String shell(String script) {
        ExecResult r = exec("sh", "-c", script);
        if (r.getExitCode() != 0) {
            throw new IllegalStateException("`" + script + "` exited " + r.getExitCode() + ": " + r.getStdout() + r.getStderr());
        }
        return r.getStdout();
    }

    public String readFile(String path) {
        return shell("cat '" + path + "'");
    }

    /** Reloads HAProxy the way containers do it: SIGUSR2 to the master (PID 1). */
    public void reload() {
        shell("kill -USR2 1");
    }

    /** PIDs of HAProxy's worker processes (children of the master named haproxy). */
    public List<Long> workerPids() {
        ExecResult r = exec("pgrep", "-P", "1", "-x", "haproxy");
        return r.getStdout().lines().map(String::strip).filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
    }

    /** One Runtime API command over a unix socket in the container, independent of any Data Plane API. */
    public String runtime(String socket, String command) {
        return shell("echo '" + command + "' | socat stdio unix-connect:" + socket);
    }

    public String haproxyVersion() {
        return shell("haproxy -v").lines().findFirst().orElse("").replaceAll("^HA-?Proxy version ", "").split(" ")[0];
    }

    /** Waits until HAProxy runs (a worker exists in master-worker mode). */
    public void awaitRunning(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!isHaproxyRunning()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("HAProxy did not start: " + getLogs());
            }
            sleep(100);
        }
    }

    private boolean isHaproxyRunning() {
        ExecResult comm = exec("cat", "/proc/1/comm");
        if (!comm.getStdout().strip().equals("haproxy")) {
            return false;
        }
        return !masterWorker || !workerPids().isEmpty();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private final class HaproxyRunning extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
            if (startGate == null) {
                awaitRunning(startupTimeout);
            }
        }
    }

    @Override
    public String toString() {
        return "HaproxyContainer[" + getDockerImageName() + ", " + Arrays.toString(getCommandParts()) + "]";
    }
}
