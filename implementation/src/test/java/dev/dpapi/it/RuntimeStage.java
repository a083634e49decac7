package dev.dpapi.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real haproxy with a map, an ACL file and a stick table, and the API on it with its storage dirs in the
 * same temp dir: the stage of the runtime, stats and storage tests. Both are closed by PID.
 */
final class RuntimeStage implements AutoCloseable {

    final Path dir;
    final Path maps;
    final Path ssl;
    final Path general;
    final HaproxyProcess haproxy;
    final ApiProcess api;

    /** Whether the temp dir is the stage's own, removed on close. */
    private boolean ownsDir;

    private RuntimeStage(Path dir, HaproxyProcess haproxy, ApiProcess api) {
        this.dir = dir;
        this.maps = dir.resolve("maps");
        this.ssl = dir.resolve("ssl");
        this.general = dir.resolve("general");
        this.haproxy = haproxy;
        this.api = api;
    }

    /**
     * The stage in a temp dir of its own, removed on close: what a test class holds in an {@code @AutoClose}
     * field, started afresh for each test.
     */
    static RuntimeStage started() {
        try {
            Path dir = Files.createTempDirectory("runtime-stage");
            RuntimeStage stage = start(dir);
            stage.ownsDir = true;
            return stage;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static RuntimeStage start(Path dir, String... apiArgs) throws IOException, InterruptedException {
        return withSections(dir, "", apiArgs);
    }

    /** The stage with {@code moreSections} (%1$s is the temp dir, %2$d a free port) at the end of haproxy.cfg. */
    static RuntimeStage withSections(Path dir, String moreSections, String... apiArgs) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("maps"));
        Files.createDirectories(dir.resolve("ssl"));
        Files.createDirectories(dir.resolve("general"));
        Files.writeString(dir.resolve("maps/hosts.map"), "a.example 1\nb.example 2\n");
        Files.writeString(dir.resolve("maps/blocked.acl"), "10.0.0.1\n10.0.0.2\n");
        Path socket = dir.resolve("haproxy.sock");
        Path config = Files.writeString(dir.resolve("haproxy.cfg"), """
                # _version=1
                global
                  stats socket %1$s mode 660 level admin

                defaults
                  mode http
                  timeout connect 5s
                  timeout client 30s
                  timeout server 30s

                frontend fe
                  bind 127.0.0.1:%2$d
                  http-request set-header X-Pool %%[req.hdr(host),map(%3$s/maps/hosts.map)]
                  acl blocked src -f %3$s/maps/blocked.acl
                  http-request deny if blocked
                  http-request track-sc0 src table be
                  default_backend be

                backend be
                  stick-table type ip size 100 expire 60s store gpc0,conn_cnt,http_req_rate(10s)
                  server s1 127.0.0.1:1 disabled
                  server s2 127.0.0.1:2 weight 5
                """.formatted(socket, ApiProcess.freePort(), dir) + moreSections.formatted(dir, ApiProcess.freePort()));
        HaproxyProcess haproxy = HaproxyProcess.start(config, socket);
        try {
            List<String> args = new ArrayList<>(List.of("--maps-dir", dir.resolve("maps").toString(),
                    "--ssl-certs-dir", dir.resolve("ssl").toString(),
                    "--general-storage-dir", dir.resolve("general").toString()));
            args.addAll(List.of(apiArgs));
            return new RuntimeStage(dir, haproxy, ApiProcess.seedLike(dir, config, args.toArray(String[]::new)));
        } catch (IOException | RuntimeException e) {
            haproxy.close();
            throw e;
        }
    }

    /** One command on HAProxy's stats socket, as an operator would type it. */
    String runtime(String command) throws IOException {
        return haproxy.runtime(command);
    }

    /** A server's column of {@code show servers state be}. */
    String serverState(String server, String column) throws IOException {
        String state = runtime("show servers state be");
        List<String> columns = List.of(state.lines().filter(l -> l.startsWith("# ")).findFirst().orElseThrow()
                .substring(2).split(" "));
        return state.lines().filter(l -> l.split(" ").length > 3 && l.split(" ")[3].equals(server))
                .map(l -> l.split(" ")[columns.indexOf(column)]).findFirst().orElse(null);
    }

    @Override
    public void close() throws InterruptedException, IOException {
        try {
            api.close();
        } finally {
            haproxy.close();
        }
        if (ownsDir) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
