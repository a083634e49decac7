package dev.dpapi.it;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reload-IDs lead to records: succeeded or failed (with the command's output), and forced reloads answer at once. */
class ReloadsIT {

    private static final String C = "/v2/services/haproxy/configuration/";

    @TempDir
    Path dir;


    private ApiProcess start(String reloadCmd) throws Exception {
        Path cfg = HaproxyProcess.writeConfig(dir, dir.resolve("h.sock"), ApiProcess.freePort());
        return ApiProcess.seedLike(dir, ApiProcess.FAST_TICKS, cfg, "--reload-cmd", reloadCmd);
    }

    private static String statusAfterTick(ApiProcess api, String id) {
        return Poll.until("reload " + id + " to leave in_progress", Duration.ofSeconds(10),
                () -> api.admin().get("/v2/services/haproxy/reloads/" + id).then().statusCode(200)
                        .extract().<String>path("status"),
                status -> !status.equals("in_progress"));
    }

    @Test
    void aScheduledReloadSucceeds() throws Exception {
        try (ApiProcess api = start(Settings.recordingReloadCommand(dir))) {
            String id = api.admin().body(Map.of("name", "b1")).post("/v2/services/haproxy/configuration/backends?version=1")
                    .then().statusCode(202).extract().header("Reload-ID");
            assertEquals("succeeded", statusAfterTick(api, id));
            assertEquals(1, Settings.reloadsRun(dir), "the reload command ran once");
            api.admin().get("/v2/services/haproxy/reloads/" + id).then().body("reload_timestamp", greaterThan(0));
            api.admin().get("/v2/services/haproxy/reloads").then().body("id", equalTo(List.of(id)));
            api.admin().get("/v2/services/haproxy/reloads/1999-01-01-7").then().statusCode(200)
                    .body("status", equalTo("succeeded"));
            api.admin().get("/v2/services/haproxy/reloads/2999-01-01-0").then().statusCode(404)
                    .body("message", equalTo("Reload with ID 2999-01-01-0 does not exist"));
        }
    }

    @Test
    void aFailingReloadIsRecordedAndAForcedOneAnswers400() throws Exception {
        try (ApiProcess api = start("false")) {
            String id = api.admin().body(Map.of("name", "b1")).post("/v2/services/haproxy/configuration/backends?version=1")
                    .then().statusCode(202).extract().header("Reload-ID");
            assertEquals("failed", statusAfterTick(api, id));
            api.admin().get("/v2/services/haproxy/reloads/" + id).then()
                    .body("response", startsWith("executing false failed: exit status 1"));
            String version = api.admin().get("/v2/services/haproxy/configuration/version").asString().strip();
            api.admin().body(Map.of("name", "b2"))
                    .post("/v2/services/haproxy/configuration/backends?version=" + version + "&force_reload=true")
                    .then().statusCode(400).body("message", startsWith("Reload failed: executing false failed: exit status 1"));
        }
    }

    @Test
    void aFailedReloadPutsTheLastKnownGoodFileBack() throws Exception {
        Path cfg = HaproxyProcess.writeConfig(dir, dir.resolve("h.sock"), ApiProcess.freePort());
        Path script = Files.writeString(dir.resolve("reload.sh"), "#!/bin/sh\n! grep -q broken " + cfg + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        try (ApiProcess api = ApiProcess.seedLike(dir, ApiProcess.FAST_TICKS, cfg,
                "--reload-cmd", script.toString())) {
            Path lkg = dir.resolve("haproxy.cfg.lkg");
            assertEquals(Files.readString(cfg), Files.readString(lkg), "taken at start");

            String ok = api.admin().body(Map.of("name", "fine")).post(C + "backends?version=1")
                    .then().statusCode(202).extract().header("Reload-ID");
            assertEquals("succeeded", statusAfterTick(api, ok));
            assertEquals(Files.readString(cfg), Files.readString(lkg), "taken again after a good reload");

            String bad = api.admin().body(Map.of("name", "broken")).post(C + "backends?version=2")
                    .then().statusCode(202).extract().header("Reload-ID");
            assertEquals("failed", statusAfterTick(api, bad));
            api.admin().get("/v2/services/haproxy/reloads/" + bad).then().body("response", containsString("restored"));
            String text = Files.readString(cfg);
            assertTrue(text.contains("backend fine") && !text.contains("broken") && text.startsWith("# _version=4\n"), text);
            api.admin().get(C + "backends/broken").then().statusCode(404);
            api.admin().get(C + "backends/fine").then().statusCode(200).header("Configuration-Version", "4");

            api.admin().body(Map.of("name", "broken2")).post(C + "backends?version=4&force_reload=true")
                    .then().statusCode(400).body("message", containsString("restored"));
            assertTrue(!Files.readString(cfg).contains("broken"));
        }
    }

    /**
     * The restore after a failed reload is a write of haproxy.cfg like any other: a transaction started from the
     * configuration HAProxy could not load is outdated by it at once (406 on commit), while one started from the
     * restored version commits. The reload command holds its failure until the test has started that transaction.
     */
    @Test
    void aRestoreOutdatesTheTransactionsStartedFromTheFailedConfiguration() throws Exception {
        Path cfg = HaproxyProcess.writeConfig(dir, dir.resolve("h.sock"), ApiProcess.freePort());
        Path go = dir.resolve("go");
        Path script = Files.writeString(dir.resolve("reload.sh"), "#!/bin/sh\ngrep -q broken " + cfg + " || exit 0\n"
                + "i=0; while [ ! -e " + go + " ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; exit 1\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        String t = "/v2/services/haproxy/transactions";
        try (ApiProcess api = ApiProcess.seedLike(dir, ApiProcess.FAST_TICKS, cfg, "--reload-cmd", script.toString())) {
            String bad = api.admin().body(Map.of("name", "broken")).post(C + "backends?version=1")
                    .then().statusCode(202).extract().header("Reload-ID");
            String onBroken = api.admin().post(t + "?version=2").then().statusCode(201).extract().path("id");
            Files.writeString(go, "");
            assertEquals("failed", statusAfterTick(api, bad));
            assertTrue(Files.readString(cfg).startsWith("# _version=3\n"), "restored at the next version");

            api.admin().get(t + "/" + onBroken).then().statusCode(200).body("status", equalTo("outdated"));
            assertTrue(Files.exists(dir.resolve("tx").resolve("outdated").resolve("haproxy.cfg." + onBroken)));
            api.admin().put(t + "/" + onBroken).then().statusCode(406)
                    .body("message", equalTo("transaction " + onBroken + " is outdated and cannot be committed"));

            String onRestored = api.admin().post(t + "?version=3").then().statusCode(201).extract().path("id");
            api.admin().body(Map.of("name", "fine")).post(C + "backends?transaction_id=" + onRestored).then().statusCode(202);
            api.admin().put(t + "/" + onRestored).then().statusCode(202).body("status", equalTo("success"));
            assertTrue(Files.readString(cfg).contains("backend fine\n"));
        }
    }
}
