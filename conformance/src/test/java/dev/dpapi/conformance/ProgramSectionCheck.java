package dev.dpapi.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/** Running the API under HAProxy's process manager, as the guide's second part describes. */
class ProgramSectionCheck {

    private static final String GATE = "/tmp/start-haproxy";

    /** A container whose HAProxy starts the API through a program section, once the tarball is installed. */
    private static HaproxyContainer startWithProgram(String image, int port, String programLines) {
        String cfg = Seed.haproxyConfig(Seed.freePort(), "\nprogram api\n" + programLines);
        HaproxyContainer haproxy = new HaproxyContainer(image).withHaproxyConfig(cfg).withStartGate(GATE)
                .withFile(Seed.SETTINGS_HCL, Seed.withReloadCommand(Seed.hcl(port), "kill -SIGUSR2 1"), 0644);
        haproxy.start();
        Tarball.underTest().install(haproxy);
        haproxy.shell("touch " + GATE);
        haproxy.awaitRunning(Duration.ofSeconds(30));
        return haproxy;
    }

    private static long apiPid(HaproxyContainer haproxy) {
        List<String> pids = haproxy.exec("pgrep", "-x", "dataplaneapi").getStdout().lines().map(String::strip).toList();
        assertEquals(1, pids.size(), "one dataplaneapi process: " + pids);
        return Long.parseLong(pids.get(0));
    }

    /** Reloads with SIGUSR2 to PID 1 and waits for a new worker. */
    private static void reloadAndAwaitNewWorker(HaproxyContainer haproxy) {
        List<Long> before = haproxy.workerPids();
        haproxy.reload();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (before.containsAll(haproxy.workerPids())) {
            assertTrue(Instant.now().isBefore(deadline), "no new worker after SIGUSR2: " + haproxy.getLogs());
            HaproxyContainer.sleep(100);
        }
    }

    @Check
    @DisplayName("program section: HAProxy starts the API; a reload keeps the API's PID")
    void programKeptOnReload(String image) {
        int port = Seed.freePort();
        try (HaproxyContainer haproxy = startWithProgram(image, port,
                "  command dataplaneapi -f " + Seed.SETTINGS_HCL + "\n  no option start-on-reload\n")) {
            ApiUnderTest.await(haproxy, port, Instant.now());
            long pid = apiPid(haproxy);
            reloadAndAwaitNewWorker(haproxy);
            HaproxyContainer.sleep(1000); // time for a wrongly restarted API to show
            assertEquals(pid, apiPid(haproxy), "the API must keep its PID across reloads");
            assertEquals(200, ApiUnderTest.infoStatus(port));
        }
    }

    @Check
    @DisplayName("program section without 'no option start-on-reload': a reload restarts the API")
    void programRestartedOnReload(String image) {
        int port = Seed.freePort();
        try (HaproxyContainer haproxy = startWithProgram(image, port, "  command dataplaneapi -f " + Seed.SETTINGS_HCL + "\n")) {
            ApiUnderTest.await(haproxy, port, Instant.now());
            long pid = apiPid(haproxy);
            reloadAndAwaitNewWorker(haproxy);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (haproxy.exec("pgrep", "-x", "dataplaneapi").getStdout().strip().equals(Long.toString(pid))) {
                assertTrue(Instant.now().isBefore(deadline), "the API was not restarted");
                HaproxyContainer.sleep(100);
            }
            ApiUnderTest.await(haproxy, port, Instant.now());
            assertNotEquals(pid, apiPid(haproxy));
        }
    }

    @Check
    @DisplayName("program section with --reload-cmd \"kill -SIGUSR2 1\": a backend and server added through the API go live")
    void changesGoLive(String image) {
        int port = Seed.freePort();
        int serverPort = Seed.freePort();
        try (HaproxyContainer haproxy = startWithProgram(image, port, "  command dataplaneapi -f " + Seed.SETTINGS_HCL
                + " --reload-cmd \"kill -SIGUSR2 1\" --reload-delay 1\n  no option start-on-reload\n")) {
            ApiUnderTest api = ApiUnderTest.await(haproxy, port, Instant.now());
            long version = api.configurationVersion();
            Response backend = api.json(Map.of("name", "conformance_be", "mode", "http"))
                    .post("/v2/services/haproxy/configuration/backends?version=" + version);
            assertTrue(backend.statusCode() == 201 || backend.statusCode() == 202, backend.asString());
            Response server = api.json(Map.of("name", "conformance_srv", "address", "127.0.0.1", "port", serverPort))
                    .post("/v2/services/haproxy/configuration/servers?backend=conformance_be&version=" + (version + 1));
            assertTrue(server.statusCode() == 201 || server.statusCode() == 202, server.asString());
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (!haproxy.runtime(Seed.SOCKET, "show servers state conformance_be").contains("conformance_srv")) {
                assertTrue(Instant.now().isBefore(deadline), "the new server never went live");
                HaproxyContainer.sleep(250);
            }
        }
    }
}
