package dev.dpapi.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** A real haproxy in master-worker mode, in the foreground, with its files in a temp dir. Closed by its PID. */
final class HaproxyProcess implements AutoCloseable {

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

    static HaproxyProcess start(Path config, Path socket) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(BIN, "-W", "-db", "-f", config.toString())
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

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
