package dev.dpapi.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official server's signals: SIGUSR1 (sent by HAProxy's process manager on reload) and SIGUSR2. */
class SignalsIT {

    @TempDir
    Path dir;

    @Test
    void survivesSigusr1AndSigusr2AndFollowsUserlistEdits() throws Exception {
        Path cfg = HaproxyProcess.writeConfig(dir, dir.resolve("h.sock"), 1);
        Files.writeString(cfg, Files.readString(cfg) + "\nuserlist controller\n  user first insecure-password one\n");
        try (ApiProcess api = ApiProcess.start(dir, List.of(), "-f", "", "-c", cfg.toString(),
                "--reload-cmd", "true", "--restart-cmd", "true")) {
            assertEquals(0, ApiProcess.run(dir, "kill", "-USR1", Long.toString(api.pid())).status());
            Thread.sleep(500);
            assertTrue(api.isAlive(), "SIGUSR1 must not stop the API");
            given().baseUri(api.baseUri()).auth().preemptive().basic("first", "one").get("/v2/info").then().statusCode(200);

            // an edit by hand applies at once (the official server needs SIGUSR2 for it)
            Files.writeString(cfg, Files.readString(cfg) + "  user second insecure-password two\n");
            given().baseUri(api.baseUri()).auth().preemptive().basic("second", "two").get("/v2/info").then().statusCode(200);
            assertEquals(0, ApiProcess.run(dir, "kill", "-USR2", Long.toString(api.pid())).status());
            Thread.sleep(500);
            assertTrue(api.isAlive(), "SIGUSR2 must not stop the API");
            given().baseUri(api.baseUri()).auth().preemptive().basic("second", "two").get("/v2/info").then().statusCode(200);
        }
    }

    @Test
    void userlistEditsThroughTheApiApplyAtOnceButNeverLockEveryoneOut() throws Exception {
        Path cfg = HaproxyProcess.writeConfig(dir, dir.resolve("h.sock"), 1);
        Files.writeString(cfg, Files.readString(cfg) + "\nuserlist controller\n  user first insecure-password one\n");
        try (ApiProcess api = ApiProcess.start(dir, List.of(), "-f", "", "-c", cfg.toString(),
                "--reload-cmd", "true", "--restart-cmd", "true")) {
            java.util.function.Supplier<io.restassured.specification.RequestSpecification> first = () -> given()
                    .baseUri(api.baseUri()).auth().preemptive().basic("first", "one").contentType("application/json");
            first.get().body(java.util.Map.of("username", "added", "password", "pw", "secure_password", false))
                    .post("/v2/services/haproxy/configuration/users?userlist=controller&version=1").then().statusCode(202);
            given().baseUri(api.baseUri()).auth().preemptive().basic("added", "pw").get("/v2/info").then().statusCode(200);

            first.get().delete("/v2/services/haproxy/configuration/userlists/controller?version=2").then().statusCode(202);
            given().baseUri(api.baseUri()).auth().preemptive().basic("first", "one").get("/v2/info").then().statusCode(200);
        }
    }
}
