package dev.dpapi.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log targets as the official has them: syslog (a real UDP or TCP listener on loopback stands for the syslog
 * server), a file, the application's log and the access log sent to the targets that take them.
 */
class LogTargetsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    Path cfg;

    @BeforeEach
    void config() throws Exception {
        cfg = HaproxyProcess.writeConfigWithApiUser(dir);
    }

    @Test
    void logToSyslogOverUdpSendsTheApplicationLogAndTheAccessLog() throws Exception {
        try (DatagramSocket syslog = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            syslog.setSoTimeout(250);
            try (ApiProcess api = ApiProcess.startOnFlags(dir, cfg, List.of(), "--log-level", "info",
                    "--log-to", "syslog", "--syslog-protocol", "udp", "--syslog-address", "127.0.0.1:" + syslog.getLocalPort(),
                    "--syslog-tag", "dpapi-it", "--syslog-facility", "local3")) {
                List<String> received = new ArrayList<>();
                // local3 (19) * 8 + info (6) = 158; Go's log/syslog network form: RFC 3339 time, host, tag[pid]
                Pattern serving = Pattern.compile("<158>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d) \\S+ "
                        + "dpapi-it\\[" + api.pid() + "\\]: .*Serving data plane at http://127\\.0\\.0\\.1:" + api.port + "\n");
                awaitDatagram(syslog, received, l -> serving.matcher(l).matches(), "the start's info line");

                RestAssured.given().baseUri(api.baseUri()).auth().preemptive().basic("admin", "adminpwd")
                        .get("/v2/info?x=1").then().statusCode(200);
                RestAssured.given().baseUri(api.baseUri()).auth().preemptive().basic("admin", "wrong-secret")
                        .get("/v2/info").then().statusCode(401);
                // the default access format: %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i" %{us}T
                Pattern access = Pattern.compile("<158>.* dpapi-it\\[\\d+\\]: .*127\\.0\\.0\\.1 - - \\[[^]]+\\] "
                        + "\"GET /v2/info\\?x=1 HTTP/1\\.1\" 200 \\d+ \"-\" \"[^\"]*\" \\d+\n");
                awaitDatagram(syslog, received, l -> access.matcher(l).matches(), "the access line of GET /v2/info?x=1");
                awaitDatagram(syslog, received, l -> l.contains("\"GET /v2/info HTTP/1.1\" 401"), "the access line of the 401");
                assertTrue(received.stream().noneMatch(l -> l.contains("adminpwd") || l.contains("wrong-secret")),
                        "no password in the log");
            }
        }
    }

    @Test
    void logTargetsSendEachLogWhereItIsAsked() throws Exception {
        Path file = dir.resolve("logs/app.log");
        try (ServerSocket syslog = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Path settings = Files.writeString(dir.resolve("dataplaneapi.yaml"), """
                    config_version: 2
                    dataplaneapi:
                      transaction:
                        transaction_dir: %s
                    haproxy:
                      config_file: %s
                      reload:
                        reload_cmd: "true"
                        restart_cmd: "true"
                    log_targets:
                      - log_to: file
                        log_file: %s
                        log_level: info
                        log_types: [app]
                      - log_to: syslog
                        log_level: info
                        syslog_address: 127.0.0.1:%d
                        syslog_protocol: tcp
                        syslog_facility: local0
                        syslog_tag: access
                        acl_format: "%%m %%U %%>s"
                        log_types: [access]
                    """.formatted(dir.resolve("tx"), cfg, file, syslog.getLocalPort()));
            syslog.setSoTimeout((int) WAIT.toMillis());
            try (ApiProcess api = ApiProcess.start(dir, List.of(), "-f", settings.toString())) {
                try (Socket connection = syslog.accept()) { // the API connects at start
                    connection.setSoTimeout((int) WAIT.toMillis());
                    BufferedReader lines = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                            StandardCharsets.UTF_8));
                    RestAssured.given().baseUri(api.baseUri()).auth().preemptive().basic("admin", "adminpwd")
                            .get("/v2/services/haproxy/configuration/backends").then().statusCode(200);
                    String line;
                    do {
                        line = lines.readLine(); // the start-up probe's 401 line comes first
                    } while (line != null && !line.contains("/v2/services/haproxy/configuration/backends"));
                    assertTrue(line != null && line.matches("<134>\\S+ \\S+ access\\[" + api.pid()
                            + "\\]: .* GET /v2/services/haproxy/configuration/backends 200"), String.valueOf(line));
                }
                String app = Files.readString(file);
                assertTrue(app.contains("Serving data plane at http://127.0.0.1:" + api.port), app);
                assertFalse(app.contains("/v2/services/haproxy/configuration/backends"), "no access line in the app log: " + app);
                assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(file)));
            }
        }
    }

    private static void awaitDatagram(DatagramSocket socket, List<String> received, Predicate<String> wanted, String what)
            throws IOException {
        if (received.stream().anyMatch(wanted)) {
            return;
        }
        Instant deadline = Instant.now().plus(WAIT);
        byte[] buffer = new byte[8192];
        while (Instant.now().isBefore(deadline)) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException nothingYet) {
                continue;
            }
            String line = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            received.add(line);
            if (wanted.test(line)) {
                return;
            }
        }
        throw new AssertionError("no syslog datagram with " + what + " within " + WAIT + "; received: " + received);
    }
}
