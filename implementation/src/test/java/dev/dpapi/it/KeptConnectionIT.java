package dev.dpapi.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dpapi.runtime.RuntimeApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Runtime API's kept connections against a real HAProxy: whatever a line makes HAProxy answer, and however
 * many requests share the connections at once, each exchange gets its own answers and nothing of another's; and
 * a reload made behind the API's back (the stats socket handed to the new worker, the same file) does not leave
 * its commands with the old, stopping worker.
 */
class KeptConnectionIT {

    @TempDir
    Path dir;

    @Test
    void answersNeverMix() throws Exception {
        try (HaproxyProcess haproxy = HaproxyProcess.start(dir, ApiProcess.freePort());
             ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            RuntimeApi runtime = new RuntimeApi(() -> Optional.of(new RuntimeApi.Endpoint(haproxy.socket.toString(), false)),
                    Duration.ofSeconds(10));
            List<Future<Void>> running = new ArrayList<>();
            for (int r = 0; r < 8; r++) {
                running.add(requests.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        // two commands on one line: both answers belong to this exchange
                        String both = runtime.command("show servers state be;show info");
                        assertTrue(both.startsWith("1\n# be_id") && both.contains("\nName: HAProxy\n"), both);
                        String one = runtime.command("show servers state be");
                        assertTrue(one.startsWith("1\n# be_id") && !one.contains("Name: HAProxy"), one);
                        String chained = runtime.commands(List.of("set server be/s1 weight 3", "show servers state be"));
                        assertTrue(chained.contains("\n# be_id") && !chained.contains("Name: HAProxy"), chained);
                    }
                    return null;
                }));
            }
            for (Future<Void> f : running) {
                f.get();
            }
        }
    }

    @Test
    void afterAReloadFromOutsideCommandsReachTheNewWorker() throws Exception {
        Path socket = dir.resolve("haproxy.sock");
        Path config = HaproxyProcess.writeConfig(dir, socket, ApiProcess.freePort());
        Files.writeString(config, Files.readString(config) + "  server s2 127.0.0.2:1\n"); // into backend be
        try (HaproxyProcess haproxy = HaproxyProcess.start(config, socket)) {
            RuntimeApi runtime = new RuntimeApi(() -> Optional.of(new RuntimeApi.Endpoint(socket.toString(), false)),
                    Duration.ofSeconds(10));
            runtime.command("set server be/s2 weight 7"); // a kept connection to the first worker
            long first = haproxy.workerPid();
            assertEquals(0, new ProcessBuilder("kill", "-USR2", Long.toString(haproxy.masterPid())).start().waitFor());
            // the connection stays in use while the new worker starts, so it is never idle long enough to be closed
            Poll.until("a worker other than " + first + " on the stats socket", Duration.ofSeconds(20), () -> {
                runtime.command("show servers state be");
                return haproxy.workerPid();
            }, pid -> pid != first);

            String answer = runtime.commands(List.of("set server be/s2 state drain", "show servers state be"));

            String s2 = haproxy.runtime("show servers state be").lines().filter(l -> l.contains(" s2 ")).findFirst()
                    .orElseThrow();
            int adminState = Integer.parseInt(s2.split(" ")[6]);
            assertTrue((adminState & 0x08) != 0, "s2 drains on the new worker, as the change answered: " + s2
                    + "\n(answer: " + answer + ")");
        }
    }
}
