package dev.dpapi.it;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reload-IDs lead to records: succeeded or failed (with the command's output), and forced reloads answer at once. */
class ReloadsIT {

    private static final List<String> FAST_TICKS = List.of("env", "CI_DATAPLANE_RELOAD_DELAY_OVERRIDE=100");

    @TempDir
    Path dir;


    private ApiProcess start(String reloadCmd) throws Exception {
        Path cfg = HaproxyProcess.writeConfig(dir, dir.resolve("h.sock"), ApiProcess.freePort());
        return ApiProcess.start(dir, FAST_TICKS, "-f", Settings.seedLike(dir, cfg).toString(), "--reload-cmd", reloadCmd);
    }

    private static String statusAfterTick(ApiProcess api, String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        String status;
        do {
            Thread.sleep(100);
            status = api.admin().get("/v2/services/haproxy/reloads/" + id).then().statusCode(200).extract().path("status");
        } while (status.equals("in_progress") && Instant.now().isBefore(deadline));
        return status;
    }

    @Test
    void aScheduledReloadSucceeds() throws Exception {
        try (ApiProcess api = start("true")) {
            String id = api.admin().body(Map.of("name", "b1")).post("/v2/services/haproxy/configuration/backends?version=1")
                    .then().statusCode(202).extract().header("Reload-ID");
            org.junit.jupiter.api.Assertions.assertEquals("succeeded", statusAfterTick(api, id));
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
            org.junit.jupiter.api.Assertions.assertEquals("failed", statusAfterTick(api, id));
            api.admin().get("/v2/services/haproxy/reloads/" + id).then()
                    .body("response", startsWith("executing false failed: exit status 1"));
            api.admin().body(Map.of("name", "b2")).post("/v2/services/haproxy/configuration/backends?version=2&force_reload=true")
                    .then().statusCode(400).body("message", startsWith("Reload failed: executing false failed: exit status 1"));
        }
    }
}
