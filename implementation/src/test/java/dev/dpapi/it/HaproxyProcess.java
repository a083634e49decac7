package dev.dpapi.it;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A real haproxy in master-worker mode, in the foreground, with its files in a temp dir. Closed by its PID.
 * Public for the runtime benchmark ({@code implementation/bench}), which runs with this file compiled beside it.
 */
public final class HaproxyProcess implements AutoCloseable {

    static final String BIN = System.getProperty("haproxy.bin", "haproxy");

    private final Process process;
    final Path config;
    final Path socket;

    private HaproxyProcess(Process process, Path config, Path socket) {
        this.process = process;
        this.config = config;
        this.socket = socket;
    }

    /** Writes a small loopback-only haproxy.cfg with a stats socket in {@code dir} and starts haproxy on it. */
    static HaproxyProcess start(Path dir, int frontendPort) throws IOException, InterruptedException {
        Path socket = dir.resolve("haproxy.sock");
        Path config = writeConfig(dir, socket, frontendPort);
        return start(config, socket);
    }

    static Path writeConfig(Path dir, Path socket, int frontendPort) throws IOException {
        return Files.writeString(dir.resolve("haproxy.cfg"), """
                # _version=1
                global
                  stats socket %s mode 660 level admin expose-fd listeners

                defaults
                  mode http
                  timeout connect 5s
                  timeout client 30s
                  timeout server 30s

                frontend fe
                  bind 127.0.0.1:%d
                  default_backend be

                backend be
                  server s1 127.0.0.1:1 disabled
                """.formatted(socket, frontendPort));
    }

    /** {@link #writeConfig} (stats socket {@code h.sock}, frontend port 1) with the API's user in userlist controller. */
    static Path writeConfigWithApiUser(Path dir) throws IOException {
        Path cfg = writeConfig(dir, dir.resolve("h.sock"), 1);
        return Files.writeString(cfg, Files.readString(cfg) + "\nuserlist controller\n  user admin insecure-password adminpwd\n");
    }

    public static HaproxyProcess start(Path config, Path socket) throws IOException, InterruptedException {
        // a socket left over from an earlier haproxy on the same config would end the wait below too early
        Files.deleteIfExists(socket);
        Process p = new ProcessBuilder(BIN, "-W", "-db", "-S", masterSocket(config).toString(), "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(config.resolveSibling("haproxy.log").toFile())
                .start();
        HaproxyProcess haproxy = new HaproxyProcess(p, config, socket);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!Files.exists(socket)) {
            if (!p.isAlive() || Instant.now().isAfter(deadline)) {
                haproxy.close();
                throw new IllegalStateException("haproxy did not start: "
                        + Files.readString(config.resolveSibling("haproxy.log")));
            }
            Thread.sleep(50);
        }
        return haproxy;
    }

    /** The master CLI's socket ({@code -S}), beside the configuration. */
    private static Path masterSocket(Path config) {
        return config.resolveSibling("master.sock");
    }

    Path masterSocket() {
        return masterSocket(config);
    }

    /** The master's PID: what {@code kill -USR2} reloads. */
    long masterPid() {
        return process.pid();
    }

    /** The real reload command of a master-worker HAProxy, for {@code --reload-cmd}. */
    String reloadCommand() {
        return "kill -USR2 " + masterPid();
    }

    /** What the master and its workers printed so far. */
    String log() throws IOException {
        return Files.readString(config.resolveSibling("haproxy.log"));
    }

    /** The PID of the worker answering on the stats socket ({@code show info}). */
    long workerPid() throws IOException {
        return Long.parseLong(runtime("show info").lines().filter(l -> l.startsWith("Pid: ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Pid in show info")).substring(5).strip());
    }

    /** One Runtime API command over the stats socket, the way socat would send it; the whole answer. */
    public String runtime(String command) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            StringBuilder out = new StringBuilder();
            while (ch.read(buf) > 0) {
                buf.flip();
                out.append(StandardCharsets.UTF_8.decode(buf));
                buf.clear();
            }
            return out.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
