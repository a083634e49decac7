package dev.dpapi.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every setting does what it says, observed where it acts; a setting that cannot be honoured stops the start. */
class HonestSettingsIT {

    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("admin:adminpwd".getBytes());

    @TempDir
    Path dir;
    Path cfg;

    @BeforeEach
    void config() throws Exception {
        cfg = HaproxyProcess.writeConfigWithApiUser(dir);
    }

    private ApiProcess start(List<String> prefix, String... extra) throws Exception {
        List<String> all = new ArrayList<>(List.of("-f", "", "-c", cfg.toString(), "-t", dir.resolve("tx").toString()));
        if (!List.of(extra).contains("--reload-strategy")) {
            all.addAll(List.of("--reload-cmd", "true", "--restart-cmd", "true"));
        }
        all.addAll(List.of(extra));
        return ApiProcess.start(dir, prefix, all.toArray(String[]::new));
    }

    private Path script(String name, String body) throws IOException {
        Path script = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    void validateCmdValidatesInsteadOfHaproxyC() throws Exception {
        Path record = dir.resolve("validated");
        Path validate = script("validate.sh", """
                cat "$DATAPLANEAPI_TRANSACTION_FILE" > /dev/null || exit 2
                echo "$DATAPLANEAPI_TRANSACTION_FILE" >> %s
                if grep -q "backend refused" "$DATAPLANEAPI_TRANSACTION_FILE"; then
                  echo "policy: no backend may be called refused"; exit 1
                fi
                """.formatted(record));
        // the HAProxy binary would refuse everything (it only answers -v, as the start asks): only validate_cmd can accept a change
        Path refusing = script("refusing-haproxy", "[ \"$1\" = -v ] && exit 0\nexit 1\n");
        try (ApiProcess api = start(List.of(), "--validate-cmd", validate.toString(), "-b", refusing.toString())) {
            String before = Files.readString(cfg);
            api.admin().body(Map.of("name", "refused")).post("/v2/services/haproxy/configuration/backends?version=" + api.configurationVersion())
                    .then().statusCode(400).body("message", containsString("policy: no backend may be called refused"));
            assertEquals(before, Files.readString(cfg), "refused by validate_cmd: nothing written");
            assertEquals(1, Files.readAllLines(record).size());

            api.admin().body(Map.of("name", "accepted")).post("/v2/services/haproxy/configuration/backends?version=" + api.configurationVersion())
                    .then().statusCode(202);
            assertTrue(Files.readString(cfg).contains("backend accepted"));
            assertEquals(2, Files.readAllLines(record).size(), "validate_cmd ran for each change");
            assertTrue(Files.readAllLines(record).stream().noneMatch(p -> Files.exists(Path.of(p))),
                    "the candidate file it was given is gone");
        }
    }

    @Test
    void restartCmdRunsInsteadOfTheReloadWhenStatusCmdSaysHaproxyIsDown() throws Exception {
        Path record = dir.resolve("commands");
        Path state = Files.writeString(dir.resolve("state"), "up\n");
        Path reload = script("reload.sh", "echo reload >> " + record + "\n");
        Path restart = script("restart.sh", "echo restart >> " + record + "\n");
        Path status = script("status.sh", "grep -q up " + state + "\n");
        try (ApiProcess api = start(List.of(), "--reload-strategy", "custom", "--reload-cmd", reload.toString(),
                "--restart-cmd", restart.toString(), "--status-cmd", status.toString())) {
            api.admin().body(Map.of("name", "b1"))
                    .post("/v2/services/haproxy/configuration/backends?force_reload=true&version=" + api.configurationVersion())
                    .then().statusCode(201);
            assertEquals(List.of("reload"), Files.readAllLines(record));

            Files.writeString(state, "down\n");
            api.admin().body(Map.of("name", "b2"))
                    .post("/v2/services/haproxy/configuration/backends?force_reload=true&version=" + api.configurationVersion())
                    .then().statusCode(201);
            assertEquals(List.of("reload", "restart"), Files.readAllLines(record));
        }
    }

    @ParameterizedTest
    @CsvSource({
            "systemd, my.service, sudo, -n systemctl reload my.service",
            "s6, /run/service/haproxy, s6-svc, -2 /run/service/haproxy"})
    void reloadStrategiesRunTheirCommands(String strategy, String service, String program, String expected) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path record = dir.resolve("ran");
        for (String name : List.of("sudo", "systemctl", "s6-svc", "s6-svstat")) {
            Path fake = Files.writeString(bin.resolve(name), "#!/bin/sh\necho \"" + name + " $*\" >> " + record + "\n");
            Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        List<String> env = List.of("env", "PATH=" + bin + ":" + System.getenv("PATH"));
        try (ApiProcess api = start(env, "--reload-strategy", strategy, "--service", service)) {
            api.admin().body(Map.of("name", "b1"))
                    .post("/v2/services/haproxy/configuration/backends?force_reload=true&version=" + api.configurationVersion())
                    .then().statusCode(201);
            assertTrue(Files.readAllLines(record).contains(program + " " + expected), Files.readString(record));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--master-worker-mode|master_worker_mode: reloads go through HAProxy's master CLI, so master_runtime (-m) must name its socket",
            "--apache-common-log-format=%h %Z|apache_common_log_format: unknown directive %Z",
            "--log-to=syslog|syslog_address: required with log_to syslog",
            "--read-timeout=soon|setting 'dataplaneapi.read_timeout' must be a duration such as 30s, 2m or 1h30m, got 'soon'",
            "--scheme=ftp|invalid scheme 'ftp': the listeners are http, https and unix"})
    void aSettingThatCannotBeHonouredStopsTheStartWithOneLine(String flag, String line) throws Exception {
        List<String> command = new ArrayList<>(List.of(ApiProcess.executable().toString(), "-f", "", "-c", cfg.toString(),
                "--reload-cmd", "true", "--restart-cmd", "true", flag, "--port", Integer.toString(ApiProcess.freePort())));
        ApiProcess.Result r = ApiProcess.run(dir, Map.of("JAVA_HOME", ApiProcess.javaHome()), command.toArray(String[]::new));
        assertEquals(1, r.status(), r.output());
        assertEquals("dataplaneapi: configuration error: " + line, r.output().strip());
    }

    /**
     * uid/gid: started as root, the process runs as that user and group (no supplementary groups) from the start,
     * and the files it creates are theirs; a process that is not root is refused at start.
     */
    @Test
    void uidAndGidSwitchTheProcessToThatUserAtStart() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-r--r--"));
        Path owned = Files.createDirectories(dir.resolve("tx")); // the transaction dir start() names, and the backups'
        Files.setAttribute(owned, "unix:uid", 65534);
        Files.setAttribute(owned, "unix:gid", 65534);
        List<String> nobodysDirs = List.of("--backups-dir", owned.toString());

        List<String> asNobody = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                ApiProcess.executable().toString(), "-f", "", "-c", cfg.toString(), "--reload-cmd", "true",
                "--restart-cmd", "true", "--uid", "1000", "--port", Integer.toString(ApiProcess.freePort())));
        ApiProcess.Result refused = ApiProcess.run(dir, Map.of("JAVA_HOME", ApiProcess.javaHome()), asNobody.toArray(String[]::new));
        assertEquals(1, refused.status(), refused.output());
        assertEquals("dataplaneapi: configuration error: uid/gid: only root can switch to uid 1000 (this process runs as "
                + "uid 65534)", refused.output().strip());

        List<String> args = new ArrayList<>(nobodysDirs);
        args.addAll(List.of("--uid", "65534", "--gid", "65534"));
        try (ApiProcess api = start(List.of(), args.toArray(String[]::new))) {
            String status = Files.readString(Path.of("/proc/" + api.pid() + "/status"));
            assertTrue(status.contains("\nUid:\t65534\t65534\t65534\t65534\n"), status);
            assertTrue(status.contains("\nGid:\t65534\t65534\t65534\t65534\n"), status);
            assertTrue(status.lines().anyMatch(l -> l.strip().equals("Groups:")), "no supplementary group: " + status);
            String id = api.admin().post("/v2/services/haproxy/transactions?version=" + api.configurationVersion()).then().statusCode(201)
                    .extract().path("id");
            try (var files = Files.walk(owned)) {
                List<Path> mine = files.filter(f -> f.getFileName().toString().contains(id)).toList();
                assertFalse(mine.isEmpty(), "the transaction's file");
                for (Path f : mine) {
                    assertEquals(65534, Files.getAttribute(f, "unix:uid"), f + " is the user's");
                }
            }
        }
    }

    @Test
    void theHelpSaysHowOutsideEditsAreReadWithDisableInotify() throws Exception {
        ApiProcess.Result r = ApiProcess.run(dir, Map.of("JAVA_HOME", ApiProcess.javaHome()),
                ApiProcess.executable().toString(), "--help");
        assertEquals(0, r.status());
        List<String> lines = r.output().lines().toList();
        for (String flag : List.of("--disable-inotify")) {
            int at = 0;
            while (at < lines.size() && !lines.get(at).strip().replaceFirst("^-\\w, ", "").startsWith(flag)) {
                at++;
            }
            String entry = String.join(" ", lines.subList(at, Math.min(at + 2, lines.size())));
            assertTrue(entry.contains("SIGUSR2"), flag + ": " + entry);
        }
        assertFalse(r.output().contains("%%"), "percent signs printed as written");
    }

    @Test
    void writeTimeoutCutsOffARequestNotAnsweredInTime() throws Exception {
        Path slow = script("slow-validate.sh", """
                if grep -q "backend slow" "$DATAPLANEAPI_TRANSACTION_FILE"; then sleep 5; fi
                exit 0
                """);
        try (ApiProcess api = start(List.of(), "--write-timeout", "1s", "--validate-cmd", slow.toString())) {
            String before = Files.readString(cfg);
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest slowChange = post(api, "/v2/services/haproxy/configuration/backends?version=" + api.configurationVersion(), "slow");
            assertThrows(IOException.class, () -> http.send(slowChange, HttpResponse.BodyHandlers.ofString()),
                    "the connection is closed instead of an answer");
            assertEquals(before, Files.readString(cfg), "nothing written by the cut-off request");
            HttpResponse<String> quick = http.send(post(api, "/v2/services/haproxy/configuration/backends?version="
                    + api.configurationVersion(), "quick"), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, quick.statusCode(), quick.body());
            assertTrue(Files.readString(cfg).contains("backend quick"));
        }
    }

    private static HttpRequest post(ApiProcess api, String path, String backend) {
        return HttpRequest.newBuilder(URI.create(api.baseUri() + path)).header("Authorization", AUTH)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + backend + "\"}")).build();
    }

    @Test
    void readAndCleanupTimeoutsCloseStalledAndIdleConnections() throws Exception {
        try (ApiProcess api = start(List.of(), "--read-timeout", "1s", "--cleanup-timeout", "30s")) {
            try (Socket silent = new Socket("127.0.0.1", api.port)) {
                silent.getOutputStream().write(("POST /v2/services/haproxy/configuration/raw?skip_version=true HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\nAuthorization: " + AUTH + "\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: 100\r\n\r\nglobal\n").getBytes(StandardCharsets.US_ASCII));
                assertClosedWithin(silent, Duration.ofSeconds(15), "a body that stops half-way");
            }
            try (Socket prompt = new Socket("127.0.0.1", api.port)) {
                assertTrue(exchange(prompt).startsWith("HTTP/1.1 200"), "a prompt request is answered");
            }
        }
        try (ApiProcess api = start(List.of(), "--read-timeout", "60s", "--cleanup-timeout", "1s")) {
            try (Socket idle = new Socket("127.0.0.1", api.port)) {
                assertTrue(exchange(idle).startsWith("HTTP/1.1 200"));
                assertClosedWithin(idle, Duration.ofSeconds(15), "a kept-alive connection left idle");
            }
        }
    }

    /**
     * Slowloris: a request head sent a byte at a time, never silent for long enough for a socket read timeout, is
     * cut off once read_timeout has passed since its first byte, in the request line as in the headers; the
     * cleanup timeout (long here) plays no part. A head sent at the same pace that is whole in time is served.
     */
    @ParameterizedTest
    @CsvSource({"GET /v2/in", "GET /v2/info HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nX-Pad: "})
    void readTimeoutCutsOffARequestHeadSentByteByByte(String sentAtOnce) throws Exception {
        String head = sentAtOnce.replace("\\r\\n", "\r\n");
        try (ApiProcess api = start(List.of(), "--read-timeout", "2s", "--cleanup-timeout", "60s")) {
            try (Socket slow = new Socket("127.0.0.1", api.port)) {
                slow.setSoTimeout(250); // the pace of the dribble: one byte each time a read finds nothing
                OutputStream out = slow.getOutputStream();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                Instant started = Instant.now();
                Instant deadline = started.plusSeconds(30);
                boolean closed = false;
                while (!closed && Instant.now().isBefore(deadline)) {
                    try {
                        out.write('a');
                        closed = slow.getInputStream().read() < 0;
                    } catch (SocketTimeoutException stillOpen) {
                        continue;
                    } catch (IOException reset) {
                        closed = true;
                    }
                }
                Duration took = Duration.between(started, Instant.now());
                assertTrue(closed, "a head sent byte by byte is still being read after " + took);
                assertTrue(took.compareTo(Duration.ofMillis(1500)) > 0 && took.compareTo(Duration.ofSeconds(10)) < 0,
                        "cut off after the read timeout of 2s, not before nor much after: " + took);
            }
            try (Socket paced = new Socket("127.0.0.1", api.port)) {
                paced.setSoTimeout(10_000);
                OutputStream out = paced.getOutputStream();
                String whole = "GET /v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + AUTH + "\r\n\r\n";
                for (byte b : whole.getBytes(StandardCharsets.US_ASCII)) {
                    out.write(b); // byte by byte, but whole well within the read timeout
                }
                byte[] answer = new byte[12];
                assertEquals(12, paced.getInputStream().readNBytes(answer, 0, 12));
                assertEquals("HTTP/1.1 200", new String(answer, StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void listenLimitKeepAliveAndMaxHeaderSize() throws Exception {
        try (ApiProcess api = start(List.of(), "--listen-limit", "1", "--keep-alive", "0", "--max-header-size", "4KiB")) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest info = HttpRequest.newBuilder(URI.create(api.baseUri() + "/v2/info")).header("Authorization", AUTH)
                    .timeout(Duration.ofSeconds(2)).build();
            try (Socket held = new Socket("127.0.0.1", api.port)) {
                // the one connection allowed is taken: its request is being served, waiting for its body
                held.setSoTimeout(10_000);
                held.getOutputStream().write(("POST /v2/services/haproxy/configuration/raw?only_validate=true HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\nAuthorization: " + AUTH + "\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: 100\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                byte[] continued = new byte[25];
                assertEquals(25, held.getInputStream().readNBytes(continued, 0, 25));
                assertEquals("HTTP/1.1 100 Continue\r\n\r\n", new String(continued, StandardCharsets.US_ASCII));
                try (Socket probe = new Socket("127.0.0.1", api.port)) {
                    probe.setSoTimeout(2000);
                    probe.getOutputStream().write(("GET /v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + AUTH
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    assertThrows(SocketTimeoutException.class, () -> probe.getInputStream().read(),
                            "a second connection waits while the first is open");
                    held.close();
                    probe.setSoTimeout(10_000);
                    byte[] answer = new byte[12];
                    assertEquals(12, probe.getInputStream().readNBytes(answer, 0, 12));
                    assertEquals("HTTP/1.1 200", new String(answer, StandardCharsets.US_ASCII), "served once the first is gone");
                }
            }
            HttpResponse<Void> served = http.send(info, HttpResponse.BodyHandlers.discarding());
            assertEquals(200, served.statusCode(), "served once the first connection is gone");
            assertEquals("close", served.headers().firstValue("Connection").orElse(""), "keep_alive 0: no keep-alive");
            try (Socket one = new Socket("127.0.0.1", api.port)) {
                // the server closes the connection after its answer: a second request on it is never read
                one.setSoTimeout(10_000);
                String get = "GET /v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + AUTH + "\r\n\r\n";
                one.getOutputStream().write(get.getBytes(StandardCharsets.US_ASCII));
                String answers = new String(one.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertEquals(1, answers.split("HTTP/1\\.1 200", -1).length - 1, "one answer, then the close: " + answers);
            }

            HttpRequest.Builder big = HttpRequest.newBuilder(URI.create(api.baseUri() + "/v2/info")).header("Authorization", AUTH);
            assertEquals(200, http.send(big.copy().header("X-Pad", "a".repeat(1000)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            int status = http.send(big.copy().header("X-Pad", "a".repeat(6000)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            assertTrue(status == 400 || status == 431, "headers over max_header_size: " + status);
        }
    }

    private static String exchange(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET /v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + AUTH + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] buffer = new byte[4096];
        int n = socket.getInputStream().read(buffer);
        return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.UTF_8);
    }

    /** Waits (bounded) for the API to close {@code socket}: a read that ends instead of blocking. */
    private static void assertClosedWithin(Socket socket, Duration limit, String what) throws IOException {
        Instant deadline = Instant.now().plus(limit);
        socket.setSoTimeout(500);
        InputStream in = socket.getInputStream();
        while (Instant.now().isBefore(deadline)) {
            try {
                int b = in.read();
                if (b < 0) {
                    return;
                }
            } catch (SocketTimeoutException stillOpen) {
                continue;
            } catch (IOException reset) {
                return;
            }
        }
        throw new AssertionError(what + ": still open after " + limit);
    }
}
