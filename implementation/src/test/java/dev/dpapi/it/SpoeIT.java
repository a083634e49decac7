package dev.dpapi.it;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPOE files against a real HAProxy 2.6: what each call leaves in spoe_dir (only the words it touches change,
 * comments stay), transactions with their own versions, refusals in the official shape, and haproxy.cfg
 * referencing the edited file through {@code filter spoe}, which {@code haproxy -c} must accept.
 */
class SpoeIT {

    private static final String SPOE = "/v2/services/haproxy/spoe/";
    private static final String TX = "/v2/services/haproxy/spoe_transactions";

    /** An SPOE file as people write them: comments, aligned values, two scopes. */
    private static final String MIRROR = """
            # agents of the mirror service
            [mirror]
            spoe-agent mirror-agent   # the one agent
                messages   check-client-ip  # first message
                option var-prefix  mirror
                timeout hello      2s
                timeout idle       2m
                timeout processing 500ms
                use-backend agents
                log global

            spoe-message check-client-ip
                args ip=src
                event on-frontend-http-request

            [other]
            spoe-agent other-agent
                messages other-msg
                timeout hello 1s
                timeout idle 1s
                timeout processing 1s
                use-backend agents

            spoe-message other-msg
                args path=path
                event on-frontend-http-request
            """;

    @TempDir
    Path dir;
    RuntimeStage stage;
    Path spoeDir;
    Path txDir;

    @BeforeEach
    void start() throws Exception {
        spoeDir = dir.resolve("spoe");
        txDir = dir.resolve("spoe-tx");
        // the agents' backend: loopback only, in TCP mode as HAProxy requires for SPOE
        stage = RuntimeStage.withSections(dir, """

                backend agents
                  mode tcp
                  server agent1 127.0.0.1:%2$d
                """, "--spoe-dir", spoeDir.toString(), "--spoe-transaction-dir", txDir.toString(),
                "--reload-cmd", Settings.recordingReloadCommand(dir));
    }

    @AfterEach
    void stop() throws Exception {
        stage.close();
    }

    private RequestSpecification upload(String fileName, String content) {
        return RestAssured.given().baseUri(stage.api.baseUri()).auth().preemptive().basic("admin", "adminpwd")
                .multiPart("file_upload", fileName, content.getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    private static String toJson(Object body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Path mirror() {
        upload("mirror.conf", MIRROR).post(SPOE + "spoe_files").then().statusCode(201);
        return spoeDir.resolve("mirror.conf");
    }

    /** The file without its {@code # _version} line: what an edit must leave as it was, but for its own words. */
    private static String withoutVersion(Path file) throws Exception {
        return Files.readString(file).replaceFirst("(?m)^# _version=\\d+\n", "");
    }

    private long version(String file) {
        return Long.parseLong(stage.api.admin().get(SPOE + "version?spoe=" + file).then().statusCode(200)
                .extract().asString().strip());
    }

    @Test
    void uploadEditLosslesslyAndReferenceFromHaproxyCfg() throws Exception {
        Response up = upload("mirror.conf", MIRROR).post(SPOE + "spoe_files");
        assertEquals(201, up.statusCode(), up.asString());
        Path file = spoeDir.resolve("mirror.conf");
        assertEquals("\"" + file + "\"", up.asString().strip(), "the stored path, as a JSON string");
        assertEquals(MIRROR, Files.readString(file), "stored as sent");
        stage.api.admin().get(SPOE + "spoe_files").then().statusCode(200).body("", equalTo(List.of("mirror.conf")));
        stage.api.admin().get(SPOE + "spoe_files/mirror.conf").then().statusCode(200).body("data", equalTo(file.toString()));
        assertEquals(1, version("mirror.conf"));

        stage.api.admin().get(SPOE + "spoe_scopes?spoe=mirror.conf").then().statusCode(200)
                .body("data", equalTo(List.of("[mirror]", "[other]"))).body("$", not(hasKey("_version")));
        stage.api.admin().get(SPOE + "spoe_scopes/[mirror]?spoe=mirror.conf").then().statusCode(200)
                .body("data", equalTo("[mirror]")).body("_version", equalTo(1));
        String agentUrl = SPOE + "spoe_agents/mirror-agent?spoe=mirror.conf&scope=[mirror]";
        Response agent = stage.api.admin().get(agentUrl);
        assertEquals(200, agent.statusCode(), agent.asString());
        assertEquals("{\"_version\":1,\"data\":{\"hello_timeout\":2000,\"idle_timeout\":120000,"
                + "\"log\":[{\"global\":true}],\"messages\":\"check-client-ip\",\"name\":\"mirror-agent\","
                + "\"option_var-prefix\":\"mirror\",\"processing_timeout\":500,\"use-backend\":\"agents\"}}",
                agent.asString().strip(), "the official field names, alphabetical");
        stage.api.admin().get(SPOE + "spoe_agents?spoe=mirror.conf&scope=[other]").then().statusCode(200)
                .body("data.name", equalTo(List.of("other-agent"))).body("$", not(hasKey("_version")));

        // PUT what you GET: nothing but the version line moves
        String data = toJson(agent.jsonPath().getMap("data"));
        stage.api.admin().body(data).put(agentUrl + "&version=1").then().statusCode(200)
                .body(equalTo(""));
        assertEquals(MIRROR, withoutVersion(file));
        assertTrue(Files.readString(file).startsWith("# _version=2\n"), Files.readString(file));

        // a changed field rewrites its own words; comments and alignment stay
        Map<String, Object> changed = new java.util.LinkedHashMap<>(agent.jsonPath().getMap("data"));
        changed.put("processing_timeout", 800);
        changed.put("messages", "check-client-ip other-msg");
        changed.put("pipelining", "enabled");
        stage.api.admin().body(toJson(changed)).put(agentUrl + "&version=2").then().statusCode(200);
        String expected = MIRROR.replace("    messages   check-client-ip  # first message",
                        "    messages   check-client-ip other-msg  # first message")
                .replace("timeout processing 500ms", "timeout processing 800")
                .replace("    log global\n", "    log global\n    option pipelining\n");
        assertEquals(expected, withoutVersion(file));

        // a message and a group go to the end of their scope, before the next one
        stage.api.admin().body("{\"name\":\"other-msg\",\"args\":\"path=path\",\"event\":{\"name\":\"on-frontend-http-request\"}}")
                .post(SPOE + "spoe_messages?spoe=mirror.conf&scope=[mirror]&version=3").then().statusCode(201).body(equalTo(""));
        stage.api.admin().body("{\"name\":\"all\",\"messages\":\"check-client-ip other-msg\"}")
                .post(SPOE + "spoe_groups?spoe=mirror.conf&scope=[mirror]&version=4").then().statusCode(201);
        String now = withoutVersion(file);
        assertTrue(now.contains("""
                    event on-frontend-http-request

                spoe-message other-msg
                  args path=path
                  event on-frontend-http-request

                spoe-group all
                  messages check-client-ip other-msg

                [other]
                """), now);
        stage.api.admin().get(SPOE + "spoe_groups?spoe=mirror.conf&scope=[mirror]").then().statusCode(200)
                .body("_version", equalTo(5)).body("data[0].messages", equalTo("check-client-ip other-msg"));
        stage.api.admin().get(SPOE + "spoe_messages/other-msg?spoe=mirror.conf&scope=[mirror]").then().statusCode(200)
                .body("data.event.name", equalTo("on-frontend-http-request"));
        // the group only groups: an agent that sends its messages by events does not need it
        stage.api.admin().delete(SPOE + "spoe_groups/all?spoe=mirror.conf&scope=[mirror]&version=5").then().statusCode(204);
        assertFalse(Files.readString(file).contains("spoe-group"), "deleted");
        assertTrue(Files.readString(file).contains("# agents of the mirror service"), "comments survive every edit");
        assertEquals(6, version("mirror.conf"));

        // haproxy.cfg references the file: the API's own validation (haproxy -c) accepts it, and so does haproxy
        String filters = "/v2/services/haproxy/configuration/filters?parent_type=frontend&parent_name=fe&version=";
        String cfg = Files.readString(stage.haproxy.config);
        long cfgVersion = Long.parseLong(stage.api.admin().get("/v2/services/haproxy/configuration/version")
                .then().statusCode(200).extract().asString().strip());
        FileEffect.unchangedBy(stage.haproxy.config, () -> stage.api.admin()
                .body(toJson(Map.of("index", 0, "type", "spoe", "spoe_engine", "absent", "spoe_config", file.toString())))
                .post(filters + cfgVersion).then().statusCode(400));
        FileEffect.hasLineAfter(stage.haproxy.config, "filter spoe engine mirror config " + file, () -> stage.api.admin()
                .body(toJson(Map.of("index", 0, "type", "spoe", "spoe_engine", "mirror", "spoe_config", file.toString())))
                .post(filters + cfgVersion).then().statusCode(202));
        assertTrue(Files.readString(stage.haproxy.config).length() > cfg.length());
        FileEffect.haproxyAccepts(stage.haproxy.config);
        // now HAProxy reads the file at every reload: a change that haproxy.cfg would not load with is refused
        String before = Files.readString(file);
        String refused = stage.api.admin().delete(SPOE + "spoe_messages/check-client-ip?spoe=mirror.conf&scope=[mirror]&version=6")
                .then().statusCode(400).extract().path("message");
        assertTrue(refused.startsWith("14: ") && refused.contains("check-client-ip") && refused.contains(file.toString()), refused);
        assertEquals(before, Files.readString(file), "the refused change left the file as it was");
        String tx = stage.api.admin().post(TX + "?spoe=mirror.conf&version=6").then().statusCode(201).extract().path("id");
        stage.api.admin().delete(SPOE + "spoe_messages/other-msg?spoe=mirror.conf&scope=[mirror]&transaction_id=" + tx)
                .then().statusCode(204);
        FileEffect.unchangedBy(file, () -> stage.api.admin().put(TX + "/" + tx + "?spoe=mirror.conf").then().statusCode(400));
        stage.api.admin().get(TX + "?spoe=mirror.conf&status=failed").then().statusCode(200)
                .body("id", equalTo(List.of(tx))).body("status", equalTo(List.of("failed")));
        stage.api.admin().put(TX + "/" + tx + "?spoe=mirror.conf").then().statusCode(406);
        // the same deletion, once the agent no longer sends that message, is accepted and HAProxy still loads
        Map<String, Object> fewer = new java.util.LinkedHashMap<>(changed);
        fewer.put("messages", "other-msg");
        stage.api.admin().body(toJson(fewer)).put(agentUrl + "&version=6").then().statusCode(200);
        stage.api.admin().delete(SPOE + "spoe_messages/check-client-ip?spoe=mirror.conf&scope=[mirror]&version=7")
                .then().statusCode(204);
        assertFalse(Files.readString(file).contains("spoe-message check-client-ip"));
        FileEffect.haproxyAccepts(stage.haproxy.config);
        try (var left = Files.list(spoeDir)) {
            assertEquals(List.of("mirror.conf"), left.map(p -> p.getFileName().toString()).toList(), "no temp file left");
        }

        stage.api.admin().delete(SPOE + "spoe_files/mirror.conf").then().statusCode(204);
        assertFalse(Files.exists(file));
        stage.api.admin().get(SPOE + "spoe_files/mirror.conf").then().statusCode(404);
    }

    @Test
    void transactionsHaveTheirOwnCopyAndVersion() throws Exception {
        Path file = mirror();
        Response started = stage.api.admin().post(TX + "?spoe=mirror.conf&version=1");
        assertEquals(201, started.statusCode(), started.asString());
        String id = started.jsonPath().getString("id");
        assertEquals("{\"_version\":1,\"id\":\"" + id + "\",\"status\":\"in_progress\"}", started.asString().strip());
        Path copy = txDir.resolve("mirror.conf." + id);
        assertEquals(MIRROR, Files.readString(copy));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));

        stage.api.admin().body("\"[extra]\"").post(SPOE + "spoe_scopes?spoe=mirror.conf&transaction_id=" + id)
                .then().statusCode(201);
        stage.api.admin().body("{\"name\":\"g\",\"messages\":\"check-client-ip\"}")
                .post(SPOE + "spoe_groups?spoe=mirror.conf&scope=[extra]&transaction_id=" + id).then().statusCode(201);
        assertEquals(MIRROR, Files.readString(file), "the file waits for the commit");
        stage.api.admin().get(SPOE + "spoe_scopes?spoe=mirror.conf&transaction_id=" + id).then().statusCode(200)
                .body("data", equalTo(List.of("[mirror]", "[other]", "[extra]")));
        stage.api.admin().get(SPOE + "spoe_scopes?spoe=mirror.conf").then().statusCode(200)
                .body("data", equalTo(List.of("[mirror]", "[other]")));
        String other = stage.api.admin().post(TX + "?spoe=mirror.conf&version=1").then().statusCode(201)
                .extract().jsonPath().getString("id");
        stage.api.admin().get(TX + "?spoe=mirror.conf").then().statusCode(200).body("id", org.hamcrest.Matchers.hasItems(id, other));

        long reloads = Settings.reloadsRun(dir);
        stage.api.admin().put(TX + "/" + id + "?spoe=mirror.conf&force_reload=true").then().statusCode(200)
                .body("status", equalTo("success")).body("_version", equalTo(1)).header("Reload-ID", nullValue());
        assertEquals(reloads + 1, Settings.reloadsRun(dir), "the commit reloaded HAProxy before answering");
        assertEquals(MIRROR + "\n[extra]\nspoe-group g\n  messages check-client-ip\n", withoutVersion(file));
        assertEquals(2, version("mirror.conf"));
        assertFalse(Files.exists(copy), "a committed transaction's copy is gone");
        stage.api.admin().get(TX + "/" + id + "?spoe=mirror.conf").then().statusCode(404)
                .body("message", equalTo("20: transaction " + id + " does not exist"));

        // the other one started from version 1: outdated by the commit
        stage.api.admin().get(TX + "/" + other + "?spoe=mirror.conf").then().statusCode(200).body("status", equalTo("outdated"));
        FileEffect.unchangedBy(file, () -> stage.api.admin().put(TX + "/" + other + "?spoe=mirror.conf").then().statusCode(406));
        stage.api.admin().delete(TX + "/" + other + "?spoe=mirror.conf").then().statusCode(204);
        stage.api.admin().delete(TX + "/" + other + "?spoe=mirror.conf").then().statusCode(404);

        // a transaction behind a direct change: 409, the file keeps the direct change
        FileEffect.unchangedBy(file, () -> stage.api.admin().post(TX + "?spoe=mirror.conf&version=1").then().statusCode(409)
                .body("message", equalTo("15: version in configuration file is 2, given version is 1")));
        String late = stage.api.admin().post(TX + "?spoe=mirror.conf&version=2").then().statusCode(201)
                .extract().jsonPath().getString("id");
        stage.api.admin().delete(SPOE + "spoe_scopes/[extra]?spoe=mirror.conf&version=2").then().statusCode(204);
        FileEffect.unchangedBy(file, () -> stage.api.admin().put(TX + "/" + late + "?spoe=mirror.conf").then().statusCode(409)
                .body("message", equalTo("15: version mismatch, transaction version: 2, configured version: 3")));
        // the scope went with its lines; the blank line that set it apart stays
        assertEquals(MIRROR + "\n", withoutVersion(file));

        // without force_reload the commit schedules a reload
        String next = stage.api.admin().post(TX + "?spoe=mirror.conf&version=3").then().statusCode(201)
                .extract().jsonPath().getString("id");
        stage.api.admin().delete(SPOE + "spoe_agents/other-agent?spoe=mirror.conf&scope=[other]&transaction_id=" + next)
                .then().statusCode(204);
        stage.api.admin().put(TX + "/" + next + "?spoe=mirror.conf").then().statusCode(202)
                .header("Reload-ID", notNullValue()).body("status", equalTo("success"));
        assertFalse(Files.readString(file).contains("spoe-agent other-agent"));
        assertEquals(4, version("mirror.conf"));
    }

    @Test
    void refusalsInTheOfficialShape() throws Exception {
        Path file = mirror();
        // the spoe parameter is required
        stage.api.admin().get(SPOE + "spoe_scopes").then().statusCode(422)
                .body("code", equalTo(602)).body("message", equalTo("spoe in query is required"));
        stage.api.admin().get(SPOE + "spoe_scopes?spoe=mirror.conf").then().statusCode(200);
        stage.api.admin().get(SPOE + "spoe_agents?spoe=mirror.conf").then().statusCode(422)
                .body("message", equalTo("scope in query is required"));
        // an unknown file or scope
        stage.api.admin().get(SPOE + "spoe_scopes?spoe=ghost.conf").then().statusCode(404)
                .body("code", equalTo(404)).body("message", equalTo("30: spoe file ghost.conf does not exist"));
        stage.api.admin().get(SPOE + "spoe_agents?spoe=mirror.conf&scope=[ghost]").then().statusCode(404)
                .body("message", equalTo("30: scope [ghost] does not exist"));
        stage.api.admin().get(SPOE + "spoe_agents/ghost?spoe=mirror.conf&scope=[mirror]").then().statusCode(404);

        // names: a file name stays inside spoe_dir; an agent name is one plain word
        upload("../evil.conf", MIRROR).post(SPOE + "spoe_files").then().statusCode(400);
        assertFalse(Files.exists(dir.resolve("evil.conf")));
        upload("mirror.conf", "[x]\n").post(SPOE + "spoe_files").then().statusCode(409)
                .body("message", equalTo("31: file " + file + " already exists"));
        assertEquals(MIRROR, Files.readString(file));
        upload("second.conf", "[x]\n").post(SPOE + "spoe_files").then().statusCode(201);
        FileEffect.unchangedBy(file, () -> stage.api.admin().body("{\"name\":\"two words\",\"messages\":\"m\"}")
                .post(SPOE + "spoe_agents?spoe=mirror.conf&scope=[mirror]&version=1").then().statusCode(422)
                .body("code", equalTo(605)));
        FileEffect.unchangedBy(file, () -> stage.api.admin().body("{\"name\":\"a\",\"messages\":\"m\\nspoe-agent b\"}")
                .post(SPOE + "spoe_agents?spoe=mirror.conf&scope=[mirror]&version=1").then().statusCode(400));
        FileEffect.unchangedBy(file, () -> stage.api.admin().body("{\"name\":\"m2\",\"event\":{\"name\":\"on-nothing\"}}")
                .post(SPOE + "spoe_messages?spoe=mirror.conf&scope=[mirror]&version=1").then().statusCode(422)
                .body("code", equalTo(605)).body("message", org.hamcrest.Matchers.startsWith("event.name in body should be one of [on-client-session ")));
        FileEffect.unchangedBy(file, () -> stage.api.admin().body("{\"name\":\"a\",\"option_var-prefix\":\"a b\"}")
                .post(SPOE + "spoe_agents?spoe=mirror.conf&scope=[mirror]&version=1").then().statusCode(422)
                .body("code", equalTo(605)));
        FileEffect.unchangedBy(file, () -> stage.api.admin().body("{\"name\":\"mirror-agent\"}")
                .post(SPOE + "spoe_agents?spoe=mirror.conf&scope=[mirror]&version=1").then().statusCode(409));
        // JSON that is no object cannot be decoded into the model; null decodes as the empty model, which lacks a name
        FileEffect.unchangedBy(file, () -> stage.api.admin().body("\"a\"")
                .post(SPOE + "spoe_agents?spoe=mirror.conf&scope=[mirror]&version=1").then().statusCode(400)
                .body("message", equalTo("parsing data body from \"\" failed, because json: cannot unmarshal string "
                        + "into Go value of type models.SpoeAgent")));
        FileEffect.unchangedBy(file, () -> stage.api.admin().body("null")
                .post(SPOE + "spoe_agents?spoe=mirror.conf&scope=[mirror]&version=1").then().statusCode(422)
                .body("message", equalTo("name in body is required")));

        // version or transaction, exactly one; the right version
        FileEffect.unchangedBy(file, () -> stage.api.admin().body("{\"name\":\"a\",\"messages\":\"m\"}")
                .post(SPOE + "spoe_agents?spoe=mirror.conf&scope=[mirror]").then().statusCode(400)
                .body("message", equalTo("13: version or transaction not specified, specify only one")));
        FileEffect.unchangedBy(file, () -> stage.api.admin().body("{\"name\":\"a\",\"messages\":\"m\"}")
                .post(SPOE + "spoe_agents?spoe=mirror.conf&scope=[mirror]&version=7").then().statusCode(409)
                .body("code", equalTo(409)).body("message", equalTo("15: version in configuration file is 1, given version is 7")));
        FileEffect.unchangedBy(file, () -> stage.api.admin().body("{\"name\":\"a\",\"messages\":\"m\"}")
                .post(SPOE + "spoe_agents?spoe=mirror.conf&scope=[mirror]&transaction_id=0f0f0f0f-0000-4000-8000-000000000000")
                .then().statusCode(400).body("message", equalTo("20: Transaction 0f0f0f0f-0000-4000-8000-000000000000 does not exist")));
        stage.api.admin().post(TX + "?spoe=mirror.conf").then().statusCode(422).body("message", equalTo("version in query is required"));
        stage.api.admin().post(TX + "?version=1").then().statusCode(422).body("message", equalTo("spoe in query is required"));

        // the same requests, made valid, are accepted
        stage.api.admin().body("{\"name\":\"a\",\"messages\":\"m\",\"option_var-prefix\":\"a_b\"}")
                .post(SPOE + "spoe_agents?spoe=mirror.conf&scope=[mirror]&version=1").then().statusCode(201);
        assertTrue(Files.readString(file).contains("spoe-agent a\n  messages m\n  option var-prefix a_b\n"), Files.readString(file));
        stage.api.admin().body("{\"name\":\"m2\",\"event\":{\"name\":\"on-http-response\"}}")
                .post(SPOE + "spoe_messages?spoe=mirror.conf&scope=[mirror]&version=2").then().statusCode(201);
        assertTrue(Files.readString(file).contains("spoe-message m2\n  event on-http-response\n"), Files.readString(file));
    }
}
