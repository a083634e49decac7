package dev.dpapi.it;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloads that reach a real master-worker HAProxy through the real reload command, {@code kill -USR2 <master>}:
 * after a direct write, a committed transaction and a forced reload, a new worker runs the changed file (seen
 * through the Runtime API); a reload HAProxy refuses is reported with HAProxy's own output.
 */
class MasterWorkerReloadIT {

    private static final String C = "/v2/services/haproxy/configuration/";
    private static final String T = "/v2/services/haproxy/transactions";
    private static final Duration RELOAD_DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    HaproxyProcess haproxy;
    ApiProcess api;

    @BeforeEach
    void startHaproxy() throws Exception {
        haproxy = HaproxyProcess.start(dir, ApiProcess.freePort());
    }

    @AfterEach
    void stop() throws Exception {
        if (api != null) {
            api.close();
        }
        haproxy.close();
    }

    private void startApi(String reloadCmd) throws Exception {
        api = ApiProcess.seedLike(dir, ApiProcess.FAST_TICKS, haproxy.config,
                "--reload-cmd", reloadCmd);
    }

    /**
     * Waits for a worker other than {@code old} to answer on the stats socket with {@code backend} live in it
     * ({@code show backend}) and, unless null, {@code server} in that backend ({@code show servers state}).
     */
    private void awaitNewWorkerWith(long old, String backend, String server) {
        long worker = Poll.until("a new worker (not " + old + ") on the stats socket", RELOAD_DEADLINE,
                haproxy::workerPid, pid -> pid != old);
        Poll.until("backend " + backend + " in show backend (worker " + worker + " or a later one)", RELOAD_DEADLINE,
                () -> haproxy.runtime("show backend").lines().anyMatch(backend::equals));
        if (server != null) {
            Poll.until("server " + backend + "/" + server + " in show servers state", RELOAD_DEADLINE,
                    () -> haproxy.runtime("show servers state " + backend).lines()
                            .anyMatch(l -> !l.startsWith("#") && List.of(l.split(" ")).contains(server)));
        }
    }

    @Test
    void aDirectWriteIsLiveInANewWorkerAfterTheScheduledReload() throws Exception {
        startApi(haproxy.reloadCommand());
        long before = haproxy.workerPid();
        api.admin().body(Map.of("name", "added")).post(C + "backends?version=" + api.configurationVersion()).then().statusCode(202);
        // one reload at a time: a USR2 that reaches the master while it is still loading the previous
        // configuration can be lost, so each change waits for its own worker
        awaitNewWorkerWith(before, "added", null);
        long withBackend = haproxy.workerPid();
        String id = api.admin().body(Map.of("name", "s9", "address", "127.0.0.1", "port", 9))
                .post(C + "servers?backend=added&version=" + api.configurationVersion()).then().statusCode(202)
                .extract().header("Reload-ID");
        Poll.until("reload " + id + " to succeed", RELOAD_DEADLINE,
                () -> api.admin().get("/v2/services/haproxy/reloads/" + id).then().extract().<String>path("status"),
                "succeeded"::equals);
        awaitNewWorkerWith(withBackend, "added", "s9");
        assertTrue(haproxy.runtime("show backend").lines().anyMatch("be"::equals), "the old backend is still there");
    }

    @Test
    void aCommittedTransactionIsLiveInANewWorker() throws Exception {
        startApi(haproxy.reloadCommand());
        long before = haproxy.workerPid();
        String tx = api.admin().post(T + "?version=" + api.configurationVersion()).then().statusCode(201).extract().path("id");
        api.admin().body(Map.of("name", "staged")).post(C + "backends?transaction_id=" + tx).then().statusCode(202);
        api.admin().body(Map.of("name", "s7", "address", "127.0.0.1", "port", 7))
                .post(C + "servers?backend=staged&transaction_id=" + tx).then().statusCode(202);
        assertFalse(haproxy.runtime("show backend").lines().anyMatch("staged"::equals), "nothing live before the commit");
        api.admin().put(T + "/" + tx).then().statusCode(202).header("Reload-ID", matchesPattern(".+"));
        awaitNewWorkerWith(before, "staged", "s7");
    }

    @Test
    void aForcedReloadIsLiveInANewWorker() throws Exception {
        // a scheduled reload that never comes on its own: only the forced one can make the change live
        api = ApiProcess.seedLike(dir, List.of("env", "CI_DATAPLANE_RELOAD_DELAY_OVERRIDE=3600000"), haproxy.config,
                "--reload-cmd", haproxy.reloadCommand());
        long before = haproxy.workerPid();
        api.admin().body(Map.of("name", "forced", "mode", "tcp")).post(C + "backends?force_reload=true&version=" + api.configurationVersion())
                .then().statusCode(201);
        awaitNewWorkerWith(before, "forced", null);
    }

    @Test
    void aReloadHaproxyRefusesIsReportedWithHaproxysOutput() throws Exception {
        // kill -USR2 exits 0 whatever HAProxy then does; this reload command also waits for the master's verdict
        // ("Loading success." / "Loading failure!") and prints what HAProxy logged meanwhile, as HAProxy 2.9's
        // master CLI "reload" does
        Path log = dir.resolve("haproxy.log");
        Path script = Files.writeString(dir.resolve("reload-and-report.sh"), """
                #!/bin/sh
                size=$(wc -c < %1$s)
                kill -USR2 %2$d || exit 1
                i=0
                while [ $i -lt 400 ]; do
                  news=$(tail -c +$((size + 1)) %1$s)
                  case "$news" in
                    *"Loading success."*) echo "$news"; exit 0 ;;
                    *"Loading failure!"*) echo "$news" >&2; exit 1 ;;
                  esac
                  i=$((i + 1)); sleep 0.05
                done
                echo "no verdict from haproxy within 20 s" >&2; exit 2
                """.formatted(log, haproxy.masterPid()));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        startApi(script.toString());
        long before = haproxy.workerPid();

        // the reporting command passes a good reload through
        api.admin().body(Map.of("name", "fine")).post(C + "backends?force_reload=true&version=" + api.configurationVersion())
                .then().statusCode(201);
        awaitNewWorkerWith(before, "fine", null);
        long running = haproxy.workerPid();

        // haproxy -c accepts a bind on a port somebody else holds; only the reload itself finds out
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            api.admin().body(Map.of("name", "taken", "address", "127.0.0.1", "port", taken.getLocalPort()))
                    .post(C + "binds?frontend=fe&force_reload=true&version=" + api.configurationVersion()).then().statusCode(400)
                    .body("message", containsString("cannot bind socket (Address already in use) for [127.0.0.1:"
                            + taken.getLocalPort() + "]"))
                    .body("message", containsString("Loading failure!"));
        }
        assertEquals(running, haproxy.workerPid(), "the worker that was running keeps running");
        assertTrue(haproxy.runtime("show backend").lines().anyMatch("fine"::equals));
    }

    /** Until the reload {@code id} is over: its record. */
    private io.restassured.path.json.JsonPath awaitReload(String id) {
        return Poll.until("reload " + id + " to be over", RELOAD_DEADLINE,
                () -> api.admin().get("/v2/services/haproxy/reloads/" + id).then().statusCode(200).extract().jsonPath(),
                r -> !"in_progress".equals(r.getString("status")));
    }

    /**
     * {@code kill -USR2} exits 0 whatever HAProxy then does: with the master CLI known (-m), the reload's outcome
     * is read there, so a reload HAProxy refused is recorded as failed, scheduled or forced; the same change made
     * loadable succeeds.
     */
    @Test
    void aReloadHaproxyRefusesAfterKillUsr2IsRecordedAsFailed() throws Exception {
        api = ApiProcess.seedLike(dir, ApiProcess.FAST_TICKS, haproxy.config,
                "--reload-cmd", haproxy.reloadCommand(), "-m", haproxy.masterSocket().toString());
        long running = haproxy.workerPid();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // haproxy -c accepts a bind on a port somebody else holds; only the reload itself finds out
            String id = api.admin().body(Map.of("name", "taken", "address", "127.0.0.1", "port", taken.getLocalPort()))
                    .post(C + "binds?frontend=fe&version=" + api.configurationVersion()).then().statusCode(202)
                    .extract().header("Reload-ID");
            var record = awaitReload(id);
            assertEquals("failed", record.getString("status"), record.prettify());
            assertTrue(record.getString("response").contains("HAProxy refused the reload"), record.prettify());
            api.admin().get("/v2/services/haproxy/reloads").then().statusCode(200)
                    .body("find { it.id == '" + id + "' }.status", org.hamcrest.Matchers.equalTo("failed"));

            api.admin().body(Map.of("name", "taken2", "address", "127.0.0.1", "port", taken.getLocalPort()))
                    .post(C + "binds?frontend=fe&force_reload=true&version=" + api.configurationVersion()).then().statusCode(400)
                    .body("message", containsString("Reload failed: HAProxy refused the reload"));
        }
        assertEquals(running, haproxy.workerPid(), "the worker that was running keeps running");

        // the same kind of change, loadable: a success, live in a new worker
        String id = api.admin().body(Map.of("name", "ok_bind", "address", "127.0.0.1", "port", ApiProcess.freePort()))
                .post(C + "binds?frontend=fe&version=" + api.configurationVersion()).then().statusCode(202).extract().header("Reload-ID");
        assertEquals("succeeded", awaitReload(id).getString("status"));
        Poll.until("a new worker (not " + running + ")", RELOAD_DEADLINE, haproxy::workerPid, pid -> pid != running);
    }

    /**
     * master_worker_mode: the reload is asked on the master CLI, not by the reload command (here one that would
     * fail), and its outcome read there.
     */
    @Test
    void masterWorkerModeReloadsThroughTheMasterCli() throws Exception {
        api = ApiProcess.seedLike(dir, ApiProcess.FAST_TICKS, haproxy.config,
                "--reload-cmd", "/bin/false", "--master-worker-mode", "-m", haproxy.masterSocket().toString());
        long before = haproxy.workerPid();
        api.admin().body(Map.of("name", "via_master")).post(C + "backends?force_reload=true&version=" + api.configurationVersion())
                .then().statusCode(201);
        awaitNewWorkerWith(before, "via_master", null);
        long running = haproxy.workerPid();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            api.admin().body(Map.of("name", "taken", "address", "127.0.0.1", "port", taken.getLocalPort()))
                    .post(C + "binds?frontend=fe&force_reload=true&version=" + api.configurationVersion()).then().statusCode(400)
                    .body("message", containsString("Reload failed: HAProxy refused the reload"));
        }
        assertEquals(running, haproxy.workerPid(), "the worker that was running keeps running");
    }
}
