package dev.dpapi.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets: files holding configuration, transactions and logs are owner-only whatever the umask; no password,
 * Authorization header or private key reaches the log even at trace level; a failed login reads the same and
 * costs the same whether the user exists or not.
 */
class SecretsIT {

    @TempDir
    Path dir;

    private Path config() throws Exception {
        return HaproxyProcess.writeConfigWithApiUser(dir);
    }

    private static String openssl(Path dir, String kind, String password) throws Exception {
        ApiProcess.Result r = ApiProcess.run(dir, "openssl", "passwd", kind, password);
        assertEquals(0, r.status(), r.output());
        return r.output().strip();
    }

    @Test
    void filesAreOwnerOnlyUnderAPermissiveUmask() throws Exception {
        Path cfg = config();
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-r-----")); // it holds a password
        Path tx = dir.resolve("tx");
        Path log = dir.resolve("logs/api.log");
        List<String> umask000 = List.of("sh", "-c", "umask 000; exec \"$0\" \"$@\"");
        try (ApiProcess api = ApiProcess.startOnFlags(dir, cfg, umask000, "-n", "2",
                "--backups-dir", dir.resolve("backups").toString(), "--log-to", "file", "--log-file", log.toString(), "--log-level", "info")) {
            java.util.function.Supplier<io.restassured.specification.RequestSpecification> admin = () -> given()
                    .baseUri(api.baseUri()).auth().preemptive().basic("admin", "adminpwd").contentType("application/json");
            String id = admin.get().post("/v2/services/haproxy/transactions?version=1").then().statusCode(201).extract().path("id");
            admin.get().body(Map.of("name", "in_tx")).post("/v2/services/haproxy/configuration/backends?transaction_id=" + id)
                    .then().statusCode(202);
            admin.get().body(Map.of("name", "direct")).post("/v2/services/haproxy/configuration/backends?version=1&force_reload=true")
                    .then().statusCode(201);

            assertTrue(Files.readString(cfg).contains("backend direct"), "the direct write replaced haproxy.cfg");
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(cfg)),
                    "haproxy.cfg keeps the mode its owner gave it");
            List<Path> secretFiles = new ArrayList<>();
            secretFiles.add(log);
            secretFiles.add(cfg.resolveSibling("backups").resolve("haproxy.cfg.1")); // the numbered backup of version 1
            secretFiles.add(cfg.resolveSibling("backups").resolve("haproxy.cfg.lkg"));
            try (Stream<Path> files = Files.walk(tx)) {
                files.filter(Files::isRegularFile).forEach(secretFiles::add);
            }
            assertTrue(secretFiles.size() >= 3, "a transaction file, the last known good copy and the log: " + secretFiles);
            for (Path f : secretFiles) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
            }
            for (Path d : List.of(tx, dir.resolve("backups"), log.getParent())) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(d);
                assertFalse(perms.contains(PosixFilePermission.OTHERS_WRITE) || perms.contains(PosixFilePermission.GROUP_WRITE),
                        d + " is " + PosixFilePermissions.toString(perms));
            }
        }
    }

    @Test
    void noPasswordAuthorizationOrPrivateKeyInTheLogAtTraceLevel() throws Exception {
        Path cfg = config();
        TestCa ca = TestCa.create(dir, "log");
        Path server = ca.issue("server", true);
        String keyLine = Files.readAllLines(TestCa.key(server)).get(3); // a line of the key's body
        String hashed = openssl(dir, "-6", "hashed-secret-pw");
        Path settings = Files.writeString(dir.resolve("s.yaml"), """
                dataplaneapi:
                  user:
                    - {name: plain, insecure: true, password: plain-secret-pw}
                    - {name: hashed, password: '%s'}
                haproxy:
                  config_file: %s
                  reload: {reload_cmd: "true", restart_cmd: "true"}
                """.formatted(hashed, cfg));
        int tlsPort = ApiProcess.freePort();
        try (ApiProcess api = ApiProcess.start(dir, List.of(), "-f", settings.toString(), "--log-level", "trace",
                "-t", dir.resolve("tx").toString(), "--scheme", "http", "--scheme", "https", "--tls-port",
                Integer.toString(tlsPort), "--tls-certificate", server.toString(), "--tls-key", TestCa.key(server).toString())) {
            for (String[] credentials : List.of(new String[] {"plain", "plain-secret-pw"}, new String[] {"hashed", "hashed-secret-pw"},
                    new String[] {"plain", "wrong-secret-pw"}, new String[] {"nobody", "unknown-secret-pw"})) {
                given().baseUri(api.baseUri()).auth().preemptive().basic(credentials[0], credentials[1]).get("/v2/info");
                ApiProcess.run(dir, "curl", "-s", "--cacert", ca.caCertificate().toString(), "-u",
                        credentials[0] + ":" + credentials[1], "https://127.0.0.1:" + tlsPort + "/v2/info");
            }
            // a configuration that itself holds a password, posted and read back
            String withPassword = Files.readString(cfg) + "  user ops insecure-password cfg-secret-pw\n";
            given().baseUri(api.baseUri()).auth().preemptive().basic("plain", "plain-secret-pw").contentType("text/plain")
                    .body(withPassword).post("/v2/services/haproxy/configuration/raw?skip_version=true").then().statusCode(202);
            given().baseUri(api.baseUri()).auth().preemptive().basic("plain", "plain-secret-pw")
                    .get("/v2/services/haproxy/configuration/raw").then().statusCode(200);

            String log = Files.readString(api.log);
            assertTrue(log.contains("FINE") || log.contains("FINEST"), "trace level really logs: " + log.length());
            List<String> secrets = new ArrayList<>(List.of("plain-secret-pw", "hashed-secret-pw", "wrong-secret-pw",
                    "unknown-secret-pw", "cfg-secret-pw", hashed, keyLine, "PRIVATE KEY"));
            for (String user : List.of("plain:plain-secret-pw", "hashed:hashed-secret-pw", "plain:wrong-secret-pw",
                    "nobody:unknown-secret-pw")) {
                secrets.add(Base64.getEncoder().encodeToString(user.getBytes()));
            }
            for (String secret : secrets) {
                assertFalse(log.contains(secret), "the log holds " + secret);
            }
            assertFalse(log.toLowerCase().contains("authorization: basic"), "no Authorization header in the log");
        }
    }

    @Test
    void anUnknownUserAndAWrongPasswordReadTheSameAndCostTheSame() throws Exception {
        Path cfg = config();
        String hashed = openssl(dir, "-6", "the-right-one");
        Path settings = Files.writeString(dir.resolve("t.yaml"), """
                dataplaneapi:
                  user:
                    - {name: ops, password: '%s'}
                haproxy:
                  config_file: %s
                  reload: {reload_cmd: "true", restart_cmd: "true"}
                """.formatted(hashed, cfg));
        try (ApiProcess api = ApiProcess.start(dir, List.of(), "-f", settings.toString(), "-t", dir.resolve("tx").toString())) {
            Response wrongPassword = given().baseUri(api.baseUri()).auth().preemptive().basic("ops", "nope").get("/v2/info");
            Response unknownUser = given().baseUri(api.baseUri()).auth().preemptive().basic("nobody", "nope").get("/v2/info");
            assertEquals(401, wrongPassword.statusCode());
            assertEquals(401, unknownUser.statusCode());
            assertEquals(wrongPassword.asString(), unknownUser.asString(), "the same body");
            assertEquals(wrongPassword.header("WWW-Authenticate"), unknownUser.header("WWW-Authenticate"));
            given().baseUri(api.baseUri()).auth().preemptive().basic("ops", "the-right-one").get("/v2/info").then().statusCode(200);

            // the same cost: medians of interleaved tries (an unknown name used to skip the SHA-512 crypt entirely)
            long[] wrong = new long[31];
            long[] unknown = new long[31];
            for (int i = 0; i < wrong.length; i++) {
                wrong[i] = timed(api, "ops");
                unknown[i] = timed(api, "nobody" + i);
            }
            long wrongMedian = median(wrong);
            long unknownMedian = median(unknown);
            assertTrue(unknownMedian * 2 >= wrongMedian && wrongMedian * 2 >= unknownMedian,
                    "median refusal: wrong password " + wrongMedian + " µs, unknown user " + unknownMedian + " µs");
        }
    }

    private static long timed(ApiProcess api, String user) {
        long start = System.nanoTime();
        given().baseUri(api.baseUri()).auth().preemptive().basic(user, "nope").get("/v2/info").then().statusCode(401);
        return (System.nanoTime() - start) / 1000;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
