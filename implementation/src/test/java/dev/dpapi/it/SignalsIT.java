package dev.dpapi.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official server's signals: SIGUSR1 (sent by HAProxy's process manager on reload) and SIGUSR2. */
class SignalsIT {

    @TempDir
    Path dir;

    /** Adds userlist controller (user first, password one) to {@code cfg} and starts the API on it, plus {@code args}. */
    private ApiProcess startWithUserlist(Path cfg, String... args) throws Exception {
        Files.writeString(cfg, Files.readString(cfg) + "\nuserlist controller\n  user first insecure-password one\n");
        // info level, so that the signal handler's line shows in the log
        List<String> all = new ArrayList<>(List.of("--log-level", "info"));
        all.addAll(List.of(args));
        return ApiProcess.startOnFlags(dir, cfg, List.of(), all.toArray(String[]::new));
    }

    /** Sends the signal, waits until the API logged its handling (or died of it), and asserts it is still alive. */
    private void signalAndSurvive(ApiProcess api, String signal) throws Exception {
        String handled = "SIG" + signal + " received";
        long before = Files.readString(api.log).lines().filter(l -> l.contains(handled)).count();
        assertEquals(0, ApiProcess.run(dir, "kill", "-" + signal, Long.toString(api.pid())).status());
        Poll.until("the API to log '" + handled + "' or to exit", Duration.ofSeconds(10),
                () -> !api.isAlive() || Files.readString(api.log).lines().filter(l -> l.contains(handled)).count() > before);
        assertTrue(api.isAlive(), "SIG" + signal + " must not stop the API");
    }

    @Test
    void survivesSigusr1AndSigusr2AndFollowsUserlistEdits() throws Exception {
        Path cfg = HaproxyProcess.writeConfig(dir, dir.resolve("h.sock"), 1);
        try (ApiProcess api = startWithUserlist(cfg)) {
            signalAndSurvive(api, "USR1");
            given().baseUri(api.baseUri()).auth().preemptive().basic("first", "one").get("/v2/info").then().statusCode(200);

            // an edit by hand applies at once (the official server needs SIGUSR2 for it)
            given().baseUri(api.baseUri()).auth().preemptive().basic("second", "two").get("/v2/info").then().statusCode(401);
            Files.writeString(cfg, Files.readString(cfg) + "  user second insecure-password two\n");
            given().baseUri(api.baseUri()).auth().preemptive().basic("second", "two").get("/v2/info").then().statusCode(200);
            signalAndSurvive(api, "USR2");
            given().baseUri(api.baseUri()).auth().preemptive().basic("second", "two").get("/v2/info").then().statusCode(200);
        }
    }

    @Test
    void userlistEditsThroughTheApiApplyAtOnceButNeverLockEveryoneOut() throws Exception {
        Path cfg = HaproxyProcess.writeConfig(dir, dir.resolve("h.sock"), 1);
        try (ApiProcess api = startWithUserlist(cfg)) {
            Supplier<RequestSpecification> first = () -> given().baseUri(api.baseUri()).auth().preemptive().basic("first", "one")
                    .contentType("application/json");
            given().baseUri(api.baseUri()).auth().preemptive().basic("added", "pw").get("/v2/info").then().statusCode(401);
            FileEffect.hasLineAfter(cfg, "user added insecure-password pw", () -> first.get()
                    .body(Map.of("username", "added", "password", "pw", "secure_password", false))
                    .post("/v2/services/haproxy/configuration/users?userlist=controller&version=1").then().statusCode(202));
            given().baseUri(api.baseUri()).auth().preemptive().basic("added", "pw").get("/v2/info").then().statusCode(200);

            first.get().delete("/v2/services/haproxy/configuration/userlists/controller?version=2").then().statusCode(202);
            String text = Files.readString(cfg);
            assertFalse(text.contains("userlist controller") || text.contains("user first"), "the userlist is gone:\n" + text);
            // ... and yet its users still get in: an edit never locks everyone out
            given().baseUri(api.baseUri()).auth().preemptive().basic("first", "one").get("/v2/info").then().statusCode(200);
        }
    }

    /**
     * disable_inotify: an edit by hand is not read at the next request, as with the official's watcher off; SIGUSR2
     * reads it. The control first: without the setting, the same edit is read without any signal.
     */
    @Test
    void withDisableInotifyAnEditByHandWaitsForSigusr2() throws Exception {
        Path cfg = HaproxyProcess.writeConfig(dir, dir.resolve("h.sock"), 1);
        String asWritten = Files.readString(cfg);
        String byHand = "/v2/services/haproxy/configuration/backends/by_hand";
        try (ApiProcess api = startWithUserlist(cfg)) {
            asFirst(api).get(byHand).then().statusCode(404);
            addBackendByHand(cfg);
            // watching is the default: the next request sees the edit, as the one below would if the setting were ignored
            asFirst(api).get(byHand).then().statusCode(200);
        }

        Files.writeString(cfg, asWritten);
        try (ApiProcess api = startWithUserlist(cfg, "--disable-inotify")) {
            asFirst(api).get(byHand).then().statusCode(404);
            addBackendByHand(cfg);
            asFirst(api).get(byHand).then().statusCode(404);
            signalAndSurvive(api, "USR2");
            asFirst(api).get(byHand).then().statusCode(200);
        }
    }

    private static RequestSpecification asFirst(ApiProcess api) {
        return given().baseUri(api.baseUri()).auth().preemptive().basic("first", "one");
    }

    private static void addBackendByHand(Path cfg) throws Exception {
        Files.writeString(cfg, Files.readString(cfg) + "\nbackend by_hand\n");
    }
}
