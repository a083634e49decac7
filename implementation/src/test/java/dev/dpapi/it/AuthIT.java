package dev.dpapi.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * HTTP Basic auth with users from the settings file (plain and crypt hashes made by openssl, an independent
 * implementation), from a userlist in haproxy.cfg, and from a separate userlist file.
 */
class AuthIT {

    @TempDir
    static Path dir;
    static ApiProcess fromSettings;
    static ApiProcess fromUserlist;
    static ApiProcess fromUserlistFile;

    @BeforeAll
    static void start() throws Exception {
        String md5 = openssl("-1", "md5pass");
        String sha256 = openssl("-5", "sha256pass");
        String sha512 = openssl("-6", "sha512pass");
        // SHA-crypt's default is 5000 rounds, so "$6$rounds=5000$salt$" + the digest openssl makes with salt
        // "salt" is a valid crypt of sha512pass: only the rounds= rule can refuse it
        String saltOnly = openssl("-6", "-salt", "salt", "sha512pass");
        String withRounds = saltOnly.replace("$6$salt$", "$6$rounds=5000$salt$");
        Path cfg = HaproxyProcess.writeConfig(dir, dir.resolve("haproxy.sock"), 1);
        Files.writeString(cfg, Files.readString(cfg) + """

                userlist api
                  user ops password %s
                  user dev insecure-password devpass
                """.formatted(sha512));
        Path settings = Files.writeString(dir.resolve("users.yaml"), """
                dataplaneapi:
                  user:
                    - {name: plain, insecure: true, password: plainpass}
                    - {name: md5, password: '%s'}
                    - {name: sha256, password: '%s'}
                    - {name: sha512, password: '%s'}
                    - {name: saltonly, password: '%s'}
                    - {name: rounds, password: '%s'}
                    - {name: fromenv, insecure: true, password: '"${API_SECRET}"'}
                haproxy:
                  config_file: %s
                  reload: {reload_cmd: "true", restart_cmd: "true"}
                """.formatted(md5, sha256, sha512, saltOnly, withRounds, cfg));
        // the most verbose log level, so a leak would show
        fromSettings = ApiProcess.start(dir, List.of("env", "API_SECRET=s3cret"), "-f", settings.toString(),
                "--log-level", "trace");
        fromUserlist = ApiProcess.start(dir, List.of(), "-f", "", "-c", cfg.toString(), "-u", "api",
                "--reload-cmd", "true", "--restart-cmd", "true");
        Path userlistFile = Files.writeString(dir.resolve("users.cfg"),
                "userlist controller\n  user filed password " + sha256 + "\n");
        fromUserlistFile = ApiProcess.start(dir, List.of(), "-f", "", "-c", cfg.toString(),
                "--userlist-file", userlistFile.toString(), "--reload-cmd", "true", "--restart-cmd", "true");
    }

    @AfterAll
    static void stop() throws Exception {
        for (ApiProcess api : new ApiProcess[] {fromSettings, fromUserlist, fromUserlistFile}) {
            if (api != null) {
                api.close();
            }
        }
    }

    private static String openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl", "passwd"));
        command.addAll(List.of(args));
        ApiProcess.Result r = ApiProcess.run(dir, command.toArray(String[]::new));
        if (r.status() != 0) {
            throw new IllegalStateException(r.output());
        }
        return r.output().strip();
    }

    @Test
    void noCredentialsIs401WithTheBasicChallenge() {
        given().baseUri(fromSettings.baseUri()).get("/v2/info").then()
                .statusCode(401)
                .header("WWW-Authenticate", "Basic realm=\"API\"")
                .contentType("application/json")
                .body("code", equalTo(401))
                .body("message", equalTo("unauthenticated for invalid credentials"));
    }

    @ParameterizedTest
    @CsvSource({"plain,plainpass", "md5,md5pass", "sha256,sha256pass", "sha512,sha512pass", "fromenv,s3cret"})
    void usersFromTheSettingsFile(String user, String password) {
        given().baseUri(fromSettings.baseUri()).auth().preemptive().basic(user, password)
                .get("/v2/info").then().statusCode(200);
        given().baseUri(fromSettings.baseUri()).auth().preemptive().basic(user, password + "x")
                .get("/v2/info").then().statusCode(401)
                .header("WWW-Authenticate", "Basic realm=\"API\"")
                .body("message", equalTo("unauthenticated for invalid credentials"));
    }

    @Test
    void hashesWithRoundsAreRefusedAsTheOfficialDoes() {
        // the same digest without the rounds parameter lets the password in ...
        given().baseUri(fromSettings.baseUri()).auth().preemptive().basic("saltonly", "sha512pass")
                .get("/v2/info").then().statusCode(200);
        // ... so this refusal comes from the rule (BEHAVIOUR.md 1.5), not from a wrong digest
        given().baseUri(fromSettings.baseUri()).auth().preemptive().basic("rounds", "sha512pass")
                .get("/v2/info").then().statusCode(401).header("WWW-Authenticate", "Basic realm=\"API\"");
    }

    @Test
    void anUnknownUserIsRefused() {
        given().baseUri(fromSettings.baseUri()).auth().preemptive().basic("nobody", "plainpass")
                .get("/v2/info").then().statusCode(401).body("message", equalTo("unauthenticated for invalid credentials"));
    }

    @Test
    void usersFromAUserlistInHaproxyCfg() {
        given().baseUri(fromUserlist.baseUri()).auth().preemptive().basic("ops", "sha512pass")
                .get("/v2/info").then().statusCode(200);
        given().baseUri(fromUserlist.baseUri()).auth().preemptive().basic("dev", "devpass")
                .get("/v2/info").then().statusCode(200);
        given().baseUri(fromUserlist.baseUri()).auth().preemptive().basic("ops", "wrong")
                .get("/v2/info").then().statusCode(401);
        given().baseUri(fromUserlist.baseUri()).auth().preemptive().basic("plain", "plainpass")
                .get("/v2/info").then().statusCode(401);
    }

    @Test
    void usersFromAUserlistFile() {
        given().baseUri(fromUserlistFile.baseUri()).auth().preemptive().basic("filed", "sha256pass")
                .get("/v2/info").then().statusCode(200);
        given().baseUri(fromUserlistFile.baseUri()).auth().preemptive().basic("ops", "sha512pass")
                .get("/v2/info").then().statusCode(401);
    }

    @Test
    void passwordsNeverReachTheLog() throws Exception {
        given().baseUri(fromSettings.baseUri()).auth().preemptive().basic("sha512", "wrong-secret-xyz")
                .get("/v2/info").then().statusCode(401);
        for (ApiProcess api : new ApiProcess[] {fromSettings, fromUserlist, fromUserlistFile}) {
            String log = Files.readString(api.log);
            String encoded = java.util.Base64.getEncoder().encodeToString("sha512:wrong-secret-xyz".getBytes());
            for (String secret : List.of("plainpass", "md5pass", "sha256pass", "sha512pass", "s3cret", "devpass",
                    "wrong-secret-xyz", encoded)) {
                assertFalse(log.contains(secret), "log holds " + secret);
            }
        }
    }
}
