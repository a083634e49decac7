package dev.dpapi.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official server's signals: SIGUSR1 (sent by HAProxy's process manager on reload), SIGUSR2, and SIGHUP (an
 * in-process restart that reads the command line's settings again).
 */
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

    private static String reloadDelayOf60Seconds(Path hcl) throws Exception {
        Files.writeString(hcl, Files.readString(hcl).replace("reload_delay = \"5\"", "reload_delay = \"60\""));
        return hcl.toString();
    }

    /**
     * SIGHUP: the same process stops and starts again, reading the settings file again (the password changed
     * there: the old one is refused, the new one lets in), with its own PID file, talks to the running HAProxy, and
     * still knows the transaction opened before.
     */
    @Test
    void sighupRestartsTheSameProcessOnTheSettingsReadAgain() throws Exception {
        try (HaproxyProcess haproxy = HaproxyProcess.start(dir, ApiProcess.freePort())) {
            Path pidFile = dir.resolve("api.pid");
            Path hcl = Settings.seedLike(dir, haproxy.config);
            try (ApiProcess api = ApiProcess.start(dir, List.of(), "-f", hcl.toString(), "--log-level", "info",
                    "--pid-file", pidFile.toString())) {
                assertEquals(Long.toString(api.pid()), Files.readString(pidFile).strip());
                api.admin().get("/v2/services/haproxy/runtime/info").then().statusCode(200);
                String transaction = api.admin().post("/v2/services/haproxy/transactions?version=1")
                        .then().statusCode(201).extract().path("id");
                Files.writeString(hcl, Files.readString(hcl).replace("password = \"adminpwd\"", "password = \"changed\""));
                // the file alone changes nothing until the signal
                api.admin().get("/v2/info").then().statusCode(200);

                api.hangUp();
                api.awaitRestarted(1, "admin", "changed");
                given().baseUri(api.baseUri()).auth().preemptive().basic("admin", "adminpwd").get("/v2/info")
                        .then().statusCode(401);
                assertEquals(Long.toString(api.pid()), Files.readString(pidFile).strip(), "its own PID file did not refuse it");
                given().baseUri(api.baseUri()).auth().preemptive().basic("admin", "changed")
                        .get("/v2/services/haproxy/runtime/info").then().statusCode(200);
                given().baseUri(api.baseUri()).auth().preemptive().basic("admin", "changed")
                        .get("/v2/services/haproxy/transactions/" + transaction).then().statusCode(200)
                        .body("status", equalTo("in_progress"));
                // the stopped instance's request-deadline sweeper went with it: one thread of that name, the new one's
                Poll.until("one request-timeouts thread after the restart", Duration.ofSeconds(10),
                        () -> threadsNamed(api, "request-timeout") == 1);
                String log = Files.readString(api.log);
                assertTrue(log.contains("SIGHUP received"), log);
                assertEquals(2, log.lines().filter(l -> l.contains("Serving data plane at")).count(), "started twice:\n" + log);

                // the shutdown hook stops the instance now current
                assertEquals(0, api.terminate(Duration.ofSeconds(30)), "SIGTERM after SIGHUP exits 0");
                String stopped = Files.readString(api.log);
                // (the handlers stay open until the API's own hook has stopped: its last line is there too)
                assertEquals(2, stopped.lines().filter(l -> l.contains("stopping: requests in flight may finish")).count(),
                        "each instance stopped once:\n" + stopped);
                assertEquals(2, stopped.lines().filter(l -> l.endsWith("INFO dataplaneapi: stopped")).count(),
                        "each instance logged its stop to the end:\n" + stopped);
            }
        }
    }

    /**
     * The unix socket listener is stopped and started again too: the settings file moves it before SIGHUP, the old
     * socket file goes, the new one answers.
     */
    @Test
    void sighupMovesTheUnixSocketListenerWhereTheSettingsFileNowSays() throws Exception {
        Path cfg = HaproxyProcess.writeConfig(dir, dir.resolve("h.sock"), 1);
        Path hcl = Settings.seedLike(dir, cfg);
        Path first = dir.resolve("first.sock");
        Path moved = dir.resolve("moved.sock");
        Files.writeString(hcl, Files.readString(hcl).replace("port = 5555", "port = 5555\n  scheme = [\"http\", \"unix\"]\n"
                + "  socket_path = \"" + first + "\""));
        try (ApiProcess api = ApiProcess.start(dir, List.of(), "-f", hcl.toString())) {
            assertEquals("200", curlUnix(first));
            Files.writeString(hcl, Files.readString(hcl).replace(first.toString(), moved.toString()));
            api.hangUp();
            Poll.until("the restarted API to answer on " + moved, Duration.ofSeconds(30), () -> {
                assertTrue(api.isAlive(), "SIGHUP must not stop the API");
                return Files.exists(moved) && "200".equals(curlUnix(moved));
            });
            assertFalse(Files.exists(first), "the old socket file is gone");
        }
    }

    /**
     * A log file moved away (as logrotate does) before SIGHUP: the restarted API writes to a new file at the
     * configured path, and nothing more goes to the moved one.
     */
    @Test
    void sighupReopensTheLogFile() throws Exception {
        Path cfg = HaproxyProcess.writeConfigWithApiUser(dir);
        Path logFile = dir.resolve("logs/api.log");
        Path rotated = dir.resolve("logs/api.log.1");
        try (ApiProcess api = ApiProcess.startOnFlags(dir, cfg, List.of(), "--log-level", "info", "--log-to", "file",
                "--log-file", logFile.toString())) {
            Poll.until("the first start logged in " + logFile, Duration.ofSeconds(10),
                    () -> Files.exists(logFile) && Files.readString(logFile).contains("Serving data plane at"));
            Files.move(logFile, rotated);
            String before = Files.readString(rotated);
            api.hangUp();
            Poll.until("the restarted API to log its start in a new " + logFile, Duration.ofSeconds(30), () -> {
                assertTrue(api.isAlive(), "SIGHUP must not stop the API");
                return Files.exists(logFile) && Files.readString(logFile).contains("Serving data plane at");
            });
            String rotatedNow = Files.readString(rotated);
            assertFalse(rotatedNow.substring(before.length()).contains("Serving data plane at"),
                    "the moved file gets no line of the new start:\n" + rotatedNow);
        }
    }

    private String curlUnix(Path socket) throws Exception {
        return ApiProcess.run(dir, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--unix-socket", socket.toString(),
                "-u", "admin:adminpwd", "http://localhost/v2/info").output();
    }

    /** A write in flight when SIGHUP arrives finishes whole and is answered, as with SIGTERM; then the API serves again. */
    @Test
    void aWriteInFlightWhenSighupArrivesFinishes() throws Exception {
        Path cfg = HaproxyProcess.writeConfigWithApiUser(dir);
        Path started = dir.resolve("validation-started");
        Path validate = Files.writeString(dir.resolve("validate.sh"), "#!/bin/sh\ntouch " + started + "\nsleep 2\nexit 0\n");
        Files.setPosixFilePermissions(validate, PosixFilePermissions.fromString("rwx------"));
        try (ApiProcess api = ApiProcess.startOnFlags(dir, cfg, List.of(), "--validate-cmd", validate.toString(),
                "--graceful-timeout", "15s", "--log-level", "info")) {
            HttpRequest post = HttpRequest.newBuilder(URI.create(api.baseUri()
                            + "/v2/services/haproxy/configuration/backends?version=1"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:adminpwd".getBytes()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"during_hup\"}")).build();
            CompletableFuture<HttpResponse<String>> inFlight =
                    HttpClient.newHttpClient().sendAsync(post, HttpResponse.BodyHandlers.ofString());
            Poll.until("the write to reach its validation (the validate command's marker file)", Duration.ofSeconds(20),
                    () -> Files.exists(started));
            api.hangUp();
            HttpResponse<String> answer = inFlight.get(30, TimeUnit.SECONDS);
            assertEquals(202, answer.statusCode(), answer.body());
            api.awaitRestarted(1, "admin", "adminpwd");
            assertTrue(Files.readString(cfg).contains("backend during_hup"), "the change is written whole");
            api.admin().get("/v2/services/haproxy/configuration/backends/during_hup").then().statusCode(200);
        }
    }

    /**
     * A reload scheduled before SIGHUP runs once, at the restart, under the ID its client holds: the reload command
     * ran once (its marker file), GET /reloads shows it succeeded and nothing left pending, and the next change gets
     * a new ID. The reload delay (60 s) is far longer than the test, so no tick runs it instead.
     */
    @Test
    void aReloadScheduledBeforeSighupRunsOnceUnderItsId() throws Exception {
        Path cfg = HaproxyProcess.writeConfig(dir, dir.resolve("h.sock"), 1);
        Path hcl = Settings.seedLike(dir, cfg);
        try (ApiProcess api = ApiProcess.start(dir, List.of(), "-f", reloadDelayOf60Seconds(hcl),
                "--reload-cmd", Settings.recordingReloadCommand(dir), "--log-level", "info")) {
            String id = api.admin().body(Map.of("name", "before_hup"))
                    .post("/v2/services/haproxy/configuration/backends?version=1")
                    .then().statusCode(202).extract().header("Reload-ID");
            api.admin().get("/v2/services/haproxy/reloads/" + id).then().statusCode(200).body("status", equalTo("in_progress"));
            assertEquals(0, Settings.reloadsRun(dir), "not run before its tick");

            api.hangUp();
            api.awaitRestarted(1, "admin", "adminpwd");
            assertEquals(1, Settings.reloadsRun(dir), "the scheduled reload ran once, at the restart");
            api.admin().get("/v2/services/haproxy/reloads/" + id).then().statusCode(200).body("status", equalTo("succeeded"));
            api.admin().get("/v2/services/haproxy/reloads").then().statusCode(200)
                    .body("status", not(hasItem("in_progress")));

            String next = api.admin().body(Map.of("name", "after_hup"))
                    .post("/v2/services/haproxy/configuration/backends?version=2")
                    .then().statusCode(202).extract().header("Reload-ID");
            assertNotEquals(id, next, "an ID is never given out twice");
            // a forced reload runs the one now pending, under its ID: the second run, and no third
            api.admin().body(Map.of("name", "forced"))
                    .post("/v2/services/haproxy/configuration/backends?version=3&force_reload=true").then().statusCode(201);
            assertEquals(2, Settings.reloadsRun(dir));
            api.admin().get("/v2/services/haproxy/reloads/" + next).then().statusCode(200).body("status", equalTo("succeeded"));
        }
    }

    /**
     * A settings file that has become invalid by the time of SIGHUP: as the official's restart, the API exits 1 with
     * the error, which the log names. (The same file, valid, restarts: the test above.)
     */
    @Test
    void aSettingsFileBrokenBeforeSighupExitsWithItsError() throws Exception {
        Path cfg = HaproxyProcess.writeConfig(dir, dir.resolve("h.sock"), 1);
        Path hcl = Settings.seedLike(dir, cfg);
        try (ApiProcess api = ApiProcess.start(dir, List.of(), "-f", hcl.toString())) {
            Files.writeString(hcl, Files.readString(hcl).replace("reload_delay = \"5\"", "reload_delay = \"five\""));
            api.hangUp();
            assertEquals(1, api.awaitExit(Duration.ofSeconds(30)), "exits 1");
            String log = Files.readString(api.log);
            assertTrue(log.contains("restart after SIGHUP failed"), log);
            assertTrue(log.contains("reload_delay"), "names what is wrong:\n" + log);
            assertThrows(IOException.class, () -> new Socket("127.0.0.1", api.port).close(), "no longer listening");
        }
    }

    private static RequestSpecification asFirst(ApiProcess api) {
        return given().baseUri(api.baseUri()).auth().preemptive().basic("first", "one");
    }

    /** Threads of the process whose name (as /proc shows it, 15 characters at most) starts with {@code prefix}. */
    private static long threadsNamed(ApiProcess api, String prefix) throws java.io.IOException {
        try (var tasks = Files.list(Path.of("/proc/" + api.pid() + "/task"))) {
            return tasks.filter(t -> {
                try {
                    return Files.readString(t.resolve("comm")).startsWith(prefix);
                } catch (java.io.IOException gone) {
                    return false; // the thread ended while we looked
                }
            }).count();
        }
    }

    private static void addBackendByHand(Path cfg) throws Exception {
        Files.writeString(cfg, Files.readString(cfg) + "\nbackend by_hand\n");
    }
}
