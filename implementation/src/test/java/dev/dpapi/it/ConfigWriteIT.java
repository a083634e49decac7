package dev.dpapi.it;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Validated, atomic, lossless writes of haproxy.cfg through the backends and servers endpoints. */
class ConfigWriteIT {

    private static final String CFG = """
            # _version=7
            # a comment the API must keep
            global
            \tstats socket %s mode 660 level admin   # tab-indented, trailing comment

            defaults
                mode http
                timeout connect 5s
                timeout client 30s
                timeout server 30s

            backend be   # kept as is
                server s1 127.0.0.1:1 disabled
            # end of file comment
            """;

    @AutoClose
    final ConfigStage stage = ConfigStage.on(dir -> Files.writeString(dir.resolve("haproxy.cfg"),
            CFG.formatted(dir.resolve("h.sock"))));


    @Test
    void aCreatedServerTouchesOnlyItsLineAndBumpsTheVersion() throws Exception {
        String before = Files.readString(stage.cfg);
        stage.api.admin().body(Map.of("name", "s2", "address", "127.0.0.1", "port", 8081))
                .post("/v2/services/haproxy/configuration/servers?backend=be&version=7").then()
                .statusCode(202)
                .header("Reload-ID", matchesPattern("\\d{4}-\\d{2}-\\d{2}-\\d+"))
                .header("Configuration-Version", "8") // the version this write made, so a client can chain the next
                .body("name", equalTo("s2"));
        String after = Files.readString(stage.cfg);
        assertEquals(before.replace("# _version=7", "# _version=8")
                .replace("    server s1 127.0.0.1:1 disabled\n", "    server s1 127.0.0.1:1 disabled\n    server s2 127.0.0.1:8081\n"),
                after);
        stage.api.admin().get("/v2/services/haproxy/configuration/version").then().body(equalTo("8\n"));
        stage.api.admin().get("/v2/services/haproxy/configuration/servers?backend=be").then()
                .body("_version", equalTo(8)).body("data.name", equalTo(List.of("s1", "s2")));
    }

    @Test
    void aStaleVersionIs409AndWritesNothing() throws Exception {
        String before = Files.readString(stage.cfg);
        stage.api.admin().body(Map.of("name", "b2")).post("/v2/services/haproxy/configuration/backends?version=6").then()
                .statusCode(409).body("message", equalTo("15: version in configuration file is 7, given version is 6"));
        stage.api.admin().body(Map.of("name", "b2")).post("/v2/services/haproxy/configuration/backends").then()
                .statusCode(400).body("message", equalTo("13: version or transaction not specified, specify only one"));
        assertEquals(before, Files.readString(stage.cfg));
        // the same request with the current version is accepted
        FileEffect.hasLineAfter(stage.cfg, "backend b2", () -> stage.api.admin().body(Map.of("name", "b2"))
                .post("/v2/services/haproxy/configuration/backends?version=7").then().statusCode(202));
    }

    @Test
    void aDirectChangeHaproxyRejectsIsListedAsAFailedTransaction() throws Exception {
        String transactions = "/v2/services/haproxy/transactions";
        stage.api.admin().get(transactions).then().statusCode(200).body("$", hasSize(0));
        FileEffect.unchangedBy(stage.cfg, () -> stage.api.admin().body(Map.of("name", "s3", "address", "999.1.1.1", "port", 80))
                .post("/v2/services/haproxy/configuration/servers?backend=be&version=7").then().statusCode(400));
        String id = stage.api.admin().get(transactions + "?status=failed").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].status", equalTo("failed")).body("[0]._version", equalTo(7))
                .extract().path("[0].id");
        stage.api.admin().get(transactions + "/" + id).then().statusCode(200).body("status", equalTo("failed"));
        // what HAProxy accepts leaves no transaction behind; a refusal before validation (a missing parent) neither
        stage.api.admin().body(Map.of("name", "s3", "address", "127.0.0.1", "port", 80))
                .post("/v2/services/haproxy/configuration/servers?backend=be&version=7").then().statusCode(202);
        stage.api.admin().body(Map.of("name", "s4", "address", "127.0.0.1", "port", 80))
                .post("/v2/services/haproxy/configuration/servers?backend=ghost&version=8").then().statusCode(400);
        stage.api.admin().get(transactions).then().statusCode(200).body("id", equalTo(List.of(id)));
        stage.api.admin().delete(transactions + "/" + id).then().statusCode(204);
        stage.api.admin().get(transactions).then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void whatHaproxyRejectsIs400WithItsMessageAndWritesNothing() throws Exception {
        String before = Files.readString(stage.cfg);
        stage.api.admin().body(Map.of("name", "s3", "address", "999.1.1.1", "port", 80))
                .post("/v2/services/haproxy/configuration/servers?backend=be&version=7").then()
                .statusCode(400).body("code", equalTo(400)).body("message", startsWith("14: exit status 1: "));
        assertEquals(before, Files.readString(stage.cfg));
        try (var files = Files.list(stage.dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temp file left");
        }
    }

    @Test
    void valuesCannotInjectDirectives() throws Exception {
        String before = Files.readString(stage.cfg);
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of("name", "s4", "address", "127.0.0.1\n  bind :80"),
                Map.of("name", "s4 backup", "address", "127.0.0.1"))) {
            stage.api.admin().body(body).post("/v2/services/haproxy/configuration/servers?backend=be&version=7").then()
                    .statusCode(422).body("code", equalTo(605)); // the pattern ^[^\s]+$, as the official
        }
        stage.api.admin().body(Map.of("name", "s4", "address", "127.0.0.1#x"))
                .post("/v2/services/haproxy/configuration/servers?backend=be&version=7").then()
                .statusCode(400).body("code", equalTo(400));
        stage.api.admin().body(Map.of("name", "b\nfrontend x")).post("/v2/services/haproxy/configuration/backends?version=7")
                .then().statusCode(422);
        assertEquals(before, Files.readString(stage.cfg));
        // the same server with a plain address is accepted
        FileEffect.hasLineAfter(stage.cfg, "server s4 127.0.0.1", () -> stage.api.admin().body(Map.of("name", "s4", "address", "127.0.0.1"))
                .post("/v2/services/haproxy/configuration/servers?backend=be&version=7").then().statusCode(202));
    }

    @Test
    void duplicatesAndMissingParentsAreRefused() {
        stage.api.admin().body(Map.of("name", "be")).post("/v2/services/haproxy/configuration/backends?version=7").then()
                .statusCode(409).body("message", equalTo("31: backend be already exists"));
        stage.api.admin().body(Map.of("name", "s1", "address", "127.0.0.1")).post(
                "/v2/services/haproxy/configuration/servers?backend=be&version=7").then()
                .statusCode(409).body("message", equalTo("31: server s1 already exists in be backend"));
        stage.api.admin().body(Map.of("name", "s1", "address", "127.0.0.1")).post(
                "/v2/services/haproxy/configuration/servers?backend=ghost&version=7").then()
                .statusCode(400).body("message", equalTo("11: backend ghost does not exist"));
        stage.api.admin().get("/v2/services/haproxy/configuration/backends/ghost").then()
                .statusCode(404).body("message", equalTo("30: Backend ghost does not exist"));
    }

    @Test
    void forceReloadRunsTheReloadCommandBeforeAnswering() throws Exception {
        stage.restart("--reload-cmd", Settings.recordingReloadCommand(stage.dir),
                "--reload-delay", "3600");
        assertEquals(0, Settings.reloadsRun(stage.dir));
        FileEffect.hasLineAfter(stage.cfg, "backend b5", () -> stage.api.admin().body(Map.of("name", "b5", "mode", "tcp"))
                .post("/v2/services/haproxy/configuration/backends?version=7&force_reload=true").then()
                .statusCode(201).body("mode", equalTo("tcp")));
        // read at once, without waiting: the command ran before the answer (the scheduled tick is an hour away)
        assertEquals(1, Settings.reloadsRun(stage.dir), "the reload command ran before the answer");
        stage.api.admin().get("/v2/services/haproxy/configuration/backends/b5").then()
                .statusCode(200).body("_version", equalTo(8)).body("data.mode", equalTo("tcp"));
    }

    @Test
    void rawPostReplacesTheWholeFileOnceHaproxyAcceptsIt() throws Exception {
        String raw = "/v2/services/haproxy/configuration/raw";
        String text = Files.readString(stage.cfg).replace("# _version=7\n", "") + "\nbackend added\n  server a 127.0.0.1:9\n";
        stage.api.admin().contentType("text/plain")
                .body(text).post(raw + "?version=7").then().statusCode(202).header("Reload-ID", matchesPattern(".+"))
                .body(equalTo(Json.quote(text) + "\n"));
        assertEquals("# _version=8\n" + text, Files.readString(stage.cfg));
        stage.api.admin().get(raw).then().body("_version", equalTo(8)).body("data", equalTo(text));

        // a stale version line inside the text wins over the parameter, and loses
        stage.api.admin().contentType("text/plain")
                .body("# _version=3\n" + text).post(raw + "?version=8").then().statusCode(409);
        // a JSON string works too; skip_version keeps the text's own version
        stage.api.admin().body(Json.quote("# _version=42\n" + text)).post(raw + "?skip_version=true&skip_reload=true")
                .then().statusCode(201);
        stage.api.admin().get("/v2/services/haproxy/configuration/version").then().body(equalTo("42\n"));
    }

    @Test
    void rawPostValidatesAndRefusesWithoutWriting() throws Exception {
        String raw = "/v2/services/haproxy/configuration/raw";
        String before = Files.readString(stage.cfg);
        stage.api.admin().contentType("text/plain")
                .body("global\n  no-such-keyword\n").post(raw + "?only_validate=true").then().statusCode(400)
                .body("message", startsWith("14: "));
        stage.api.admin().contentType("text/plain")
                .body("global\n  maxconn 10\n").post(raw + "?only_validate=true").then().statusCode(202);
        stage.api.admin().contentType("text/plain")
                .body("global maxconn 10").post(raw + "?version=7").then().statusCode(400)
                .body("message", equalTo("invalid configuration: no newline character found"));
        stage.api.admin().contentType("text/plain")
                .body("global\n  no-such-keyword\n").post(raw + "?version=7").then().statusCode(400);
        assertEquals(before, Files.readString(stage.cfg));
    }

    @Test
    void backupsAreKeptAsTheSettingsSay() throws Exception {
        stage.restart("--backups-number", "2");
        String original = Files.readString(stage.cfg);
        for (int v = 7; v < 10; v++) {
            stage.api.admin().body(Map.of("name", "b" + v)).post("/v2/services/haproxy/configuration/backends?version=" + v)
                    .then().statusCode(202);
        }
        stage.api.admin().get("/v2/services/haproxy/configuration/raw?version=7").then().statusCode(404)
                .body("message", equalTo("30: backup file for version 7 does not exist"));
        stage.api.admin().get("/v2/services/haproxy/configuration/raw?version=8").then().statusCode(200)
                .body("_version", equalTo(8)).body("data", startsWith(original.replace("# _version=7\n", "")));
        assertTrue(Files.exists(stage.dir.resolve("haproxy.cfg.9")));
        assertTrue(!Files.exists(stage.dir.resolve("haproxy.cfg.7")), "only the last two are kept");
    }

    /**
     * A pushed text whose last line has no newline (what {@code curl -d "$(cat haproxy.cfg)"} sends) is stored with
     * one, as the official's re-serialised text is, with or without {@code skip_version}; the answer echoes the
     * text as sent.
     */
    @Test
    void rawPostEndsALastLineWithoutNewline() throws Exception {
        String raw = "/v2/services/haproxy/configuration/raw";
        String text = Files.readString(stage.cfg).replace("# _version=7\n", "") + "backend unended\n  server a 127.0.0.1:9";
        stage.api.admin().contentType("text/plain").body(text).post(raw + "?version=7").then().statusCode(202)
                .body(equalTo(Json.quote(text) + "\n"));
        assertEquals("# _version=8\n" + text + "\n", Files.readString(stage.cfg));

        String unchecked = "# _version=20\n" + text.replace("unended", "unended_too");
        stage.api.admin().contentType("text/plain").body(unchecked).post(raw + "?skip_version=true").then()
                .statusCode(202).body(equalTo(Json.quote(unchecked) + "\n"));
        assertEquals(unchecked + "\n", Files.readString(stage.cfg));
        stage.api.admin().get("/v2/services/haproxy/configuration/version").then().body(equalTo("20\n"));
    }

    /** GET raw reads a transaction or a kept version, never both: 400 with the official's code 12 and words. */
    @Test
    void rawReadRefusesBothVersionAndTransaction() {
        String raw = "/v2/services/haproxy/configuration/raw";
        String id = stage.api.admin().post("/v2/services/haproxy/transactions?version=7").then().statusCode(201)
                .extract().path("id");
        stage.api.admin().get(raw + "?version=7&transaction_id=" + id).then().statusCode(400)
                .body("code", equalTo(400))
                .body("message", equalTo("12: Both version and transactionID specified, specify only one"));
        stage.api.admin().get(raw + "?transaction_id=" + id).then().statusCode(200).body("_version", equalTo(7));
    }

    @Test
    void rawPostNamesTheLineOfAParseProblem() {
        stage.api.admin().contentType("text/plain")
                .body("maxconn 10\nglobal\n").post("/v2/services/haproxy/configuration/raw?version=7").then()
                .statusCode(400).body("message", equalTo("invalid configuration: line 1: 'maxconn' is outside any section"));
    }

    /** JSON string encoding, for expected bodies. */
    private static final class Json {
        static String quote(String s) throws Exception {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
        }
    }
}
