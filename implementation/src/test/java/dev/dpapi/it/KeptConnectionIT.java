package dev.dpapi.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dpapi.runtime.RuntimeApi;
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
 * many requests share the connections at once, each exchange gets its own answers and nothing of another's.
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
}
