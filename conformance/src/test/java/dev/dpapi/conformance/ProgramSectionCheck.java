package dev.dpapi.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;

/** Running the API under HAProxy's process manager, as the guide's second part describes. */
@Order(3)
class ProgramSectionCheck {

    private static final String GATE = "/tmp/start-haproxy";
    private static final Duration RELOAD = Duration.ofSeconds(30);

    /** A container whose HAProxy starts the API through a program section, once the tarball is installed. */
    private static HaproxyContainer<?> startWithProgram(Target target, int port, String programLines) {
        String cfg = Seed.haproxyConfig(Seed.freePort(), "\nprogram api\n" + programLines);
        HaproxyContainer<?> haproxy = new HaproxyContainer<>(target.image()).withHaproxyConfig(cfg).withStartGate(GATE)
                .withFile(Settings.PATH, Settings.onPort(port).yaml(), 0644);
        haproxy.start();
        target.implementation().install(haproxy);
        haproxy.shell("touch " + GATE);
        haproxy.awaitLoaded(1, RELOAD);
        return haproxy;
    }

    private static long apiPid(HaproxyContainer<?> haproxy) {
        List<String> pids = haproxy.exec("pgrep", "-x", "dataplaneapi").getStdout().lines().map(String::strip).toList();
        assertEquals(1, pids.size(), "one dataplaneapi process: " + pids);
        return Long.parseLong(pids.get(0));
    }

    private static long formerWorkerExits(HaproxyContainer<?> haproxy) {
        return haproxy.getLogs().lines().filter(l -> l.contains("Former worker") && l.contains("exited")).count();
    }

    @Check(profile = Profile.CORE, family = "program", source = "guide: part 2, program section with `no option start-on-reload`")
    @DisplayName("program section: HAProxy starts the API; a reload keeps the API's PID")
    void programKeptOnReload(Target target) {
        int port = Seed.freePort();
        try (HaproxyContainer<?> haproxy = startWithProgram(target, port,
                "  command dataplaneapi -f " + Settings.PATH + "\n  no option start-on-reload\n")) {
            ApiUnderTest.awaitProgram(haproxy, port);
            long pid = apiPid(haproxy);
            // the master signals the former processes (programs included) once the new worker runs: when the
            // former worker has exited, a wrongly restarted or stopped API shows
            long formerExits = formerWorkerExits(haproxy);
            haproxy.reload(RELOAD);
            Deployment.await("HAProxy's log to show the former worker exited", RELOAD,
                    () -> formerWorkerExits(haproxy) > formerExits);
            assertEquals(pid, apiPid(haproxy), "the API must keep its PID across reloads");
            assertEquals(200, ApiUnderTest.infoStatus(port));
        }
    }

    @Check(profile = Profile.CORE, family = "program", source = "guide: part 2 (HAProxy's process manager; start-on-reload is its default)")
    @DisplayName("program section without 'no option start-on-reload': a reload restarts the API")
    void programRestartedOnReload(Target target) {
        int port = Seed.freePort();
        try (HaproxyContainer<?> haproxy = startWithProgram(target, port, "  command dataplaneapi -f " + Settings.PATH + "\n")) {
            ApiUnderTest.awaitProgram(haproxy, port);
            long pid = apiPid(haproxy);
            haproxy.reload(RELOAD);
            // the former API may still be shutting down beside the new one for a moment
            Deployment.await("the former API gone and a new API process after the reload", RELOAD, () -> {
                List<String> now = haproxy.exec("pgrep", "-x", "dataplaneapi").getStdout().lines().map(String::strip).toList();
                return now.size() == 1 && !now.get(0).equals(Long.toString(pid));
            });
            ApiUnderTest.awaitProgram(haproxy, port);
            assertNotEquals(pid, apiPid(haproxy));
        }
    }

    @Check(profile = Profile.CORE, family = "program", source = "guide: part 2 (--reload-cmd \"kill -SIGUSR2 1\"); contract: POST backends, servers")
    @DisplayName("program section with --reload-cmd \"kill -SIGUSR2 1\": a backend and server added through the API go live")
    void changesGoLive(Target target) {
        int port = Seed.freePort();
        int serverPort = Seed.freePort();
        try (HaproxyContainer<?> haproxy = startWithProgram(target, port, "  command dataplaneapi -f " + Settings.PATH
                + " --reload-cmd \"kill -SIGUSR2 1\" --reload-delay 1\n  no option start-on-reload\n")) {
            ApiUnderTest api = ApiUnderTest.awaitProgram(haproxy, port);
            long version = api.configurationVersion();
            Response backend = api.json(Map.of("name", "conformance_be", "mode", "http"))
                    .post("/v2/services/haproxy/configuration/backends?version=" + version);
            assertTrue(backend.statusCode() == 201 || backend.statusCode() == 202, backend.asString());
            Response server = api.json(Map.of("name", "conformance_srv", "address", "127.0.0.1", "port", serverPort))
                    .post("/v2/services/haproxy/configuration/servers?backend=conformance_be&version=" + (version + 1));
            assertTrue(server.statusCode() == 201 || server.statusCode() == 202, server.asString());
            Deployment.await("the new server in HAProxy's `show servers state conformance_be`", RELOAD, () ->
                    haproxy.runtime(Seed.SOCKET, "show servers state conformance_be").contains("conformance_srv"));
        }
    }
}
