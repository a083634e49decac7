package dev.dpapi.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The install guide's step 7 and the informational endpoints, against a real haproxy. */
class InfoAndRoutesIT {

    @AutoClose
    static ConfigStage stage;

    @BeforeAll
    static void start() {
        stage = ConfigStage.startedWithHaproxy();
    }


    @Test
    void infoHasTheInstallGuideShape() {
        stage.api.admin().get("/v2/info").then()
                .statusCode(200)
                .contentType("application/json")
                .body("$", aMapWithSize(2))
                .body("api", aMapWithSize(2))
                .body("api.build_date", matchesPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"))
                .body("api.version", matchesPattern("v\\d+\\.\\d+\\.\\d+ \\S+"))
                .body("system", anEmptyMap());
    }

    @Test
    void systemInfoIsFilledOnlyWhenAskedFor() throws Exception {
        try (ApiProcess withSystem = ApiProcess.seedLike(stage.dir, stage.haproxy.config, "--show-system-info")) {
            withSystem.admin()
                    .get("/v2/info").then().statusCode(200)
                    .body("system.hostname", not(emptyString()))
                    .body("system.cpu_info.num_cpus", greaterThan(0))
                    .body("system.mem_info.total_memory", greaterThan(0L))
                    .body("system.mem_info.dataplaneapi_memory", greaterThan(0))
                    .body("system.os_string", matchesPattern("Linux .+"))
                    .body("system.time", greaterThan(1_700_000_000));
        }
    }

    @Test
    void unknownPathIs404AndWrongMethod405InTheErrorShape() {
        given().baseUri(stage.api.baseUri()).get("/v2/no/such/thing").then()
                .statusCode(404)
                .header("Configuration-Version", "1")
                .body("code", equalTo(404))
                .body("message", equalTo("path /v2/no/such/thing was not found"));
        stage.api.admin().delete("/v2/info").then()
                .statusCode(405)
                .header("Allow", "GET")
                .body("code", equalTo(405))
                .body("message", equalTo("method DELETE is not allowed, but [GET] are"));
        // a trailing slash names another path: not found, rather than "GET is not allowed, but [GET] are"
        for (String path : List.of("/v2/info/", "/v2/services/haproxy/configuration/backends/")) {
            stage.api.admin().get(path).then()
                    .statusCode(404)
                    .header("Configuration-Version", "1")
                    .body("message", equalTo("path " + path + " was not found"));
        }
    }

    @Test
    void aMethodThePathDoesNotServeIs405EvenWithoutCredentials() {
        // the official's router answers 405 before any authentication: no credentials, wrong ones, right ones
        for (var request : List.of(given().baseUri(stage.api.baseUri()),
                given().baseUri(stage.api.baseUri()).auth().preemptive().basic("admin", "wrong"), stage.api.admin())) {
            request.patch("/v2/services/haproxy/configuration/backends").then()
                    .statusCode(405)
                    .header("Allow", "GET,POST")
                    .header("WWW-Authenticate", (String) null)
                    .body("message", equalTo("method PATCH is not allowed, but [GET,POST] are"));
        }
        // a method the path serves still needs credentials first, and is taken with them
        given().baseUri(stage.api.baseUri()).get("/v2/services/haproxy/configuration/backends").then().statusCode(401);
        stage.api.admin().get("/v2/services/haproxy/configuration/backends").then().statusCode(200);
    }

    @Test
    void anAcceptTakingNoneOfTheOperationsMediaTypesIs406AndChangesNothing() throws Exception {
        try (ConfigStage stage = ConfigStage.started()) { // its own: the change below moves the version
            String backends = "/v2/services/haproxy/configuration/backends";
            for (String accept : List.of("text/html", "text/*, application/json;q=0", "application/xml")) {
                stage.api.admin().accept(accept).get(backends).then()
                        .statusCode(406)
                        .body("code", equalTo(406))
                        .body("message", equalTo("unsupported media type requested, only [application/json] are available"));
            }
            long version = stage.api.configurationVersion();
            FileEffect.unchangedBy(stage.cfg, () -> stage.api.admin().accept("text/plain").contentType("application/json")
                    .body("{\"name\":\"accepted\"}").post(backends + "?version=" + version).then().statusCode(406));
            // a range that takes JSON, alone, by wildcard or among others, is served
            for (String accept : List.of("application/json", "*/*", "application/*", "text/html, application/json;q=0.1")) {
                stage.api.admin().accept(accept).get(backends).then().statusCode(200).contentType("application/json");
            }
            FileEffect.hasLineAfter(stage.cfg, "backend accepted", () -> stage.api.admin()
                    .accept("text/plain;q=0.9, application/json;q=0.5").contentType("application/json")
                    .body("{\"name\":\"accepted\"}").post(backends + "?version=" + version).then().statusCode(202));
        }
    }

    @Test
    void theFrameworksRefusalsEndWithoutANewlineAndAHandlersWithOne() {
        // go-openapi writes its own refusals (route, credentials, media types) bare; a handler's answer is encoded
        String backends = "/v2/services/haproxy/configuration/backends";
        assertEquals("{\"code\":401,\"message\":\"unauthenticated for invalid credentials\"}",
                given().baseUri(stage.api.baseUri()).get(backends).then().statusCode(401).extract().asString());
        assertEquals("{\"code\":415,\"message\":\"unsupported media type \\\"text/xml\\\", only [application/json] are allowed\"}",
                stage.api.admin().contentType("text/xml").body("<a/>").post(backends + "?version=1").then()
                        .statusCode(415).extract().asString());
        assertEquals("{\"code\":406,\"message\":\"unsupported media type requested, only [application/json] are available\"}",
                stage.api.admin().accept("text/html").get(backends).then().statusCode(406).extract().asString());
        assertEquals("{\"code\":404,\"message\":\"path /v2/nowhere was not found\"}",
                stage.api.admin().get("/v2/nowhere").then().statusCode(404).extract().asString());
        assertEquals("{\"code\":400,\"message\":\"13: version or transaction not specified, specify only one\"}\n",
                stage.api.admin().body("{\"name\":\"x\"}").post(backends).then().statusCode(400).extract().asString());
    }

    @Test
    void everyResponseCarriesTheConfigurationVersion() {
        given().baseUri(stage.api.baseUri()).get("/v2/info").then().statusCode(401).header("Configuration-Version", "1");
        stage.api.admin().get("/v2/info").then().statusCode(200).header("Configuration-Version", "1");
    }

    @Test
    void discoveryLinksListTheFamiliesBelow() {
        // the root's links, as the official lists them: itself included (BEHAVIOUR.md 7)
        stage.api.admin().get("/v2/").then().statusCode(200).body("url", containsInAnyOrder("/", "/specification",
                "/specification_openapiv3", "/info", "/health", "/cluster", "/services"));
        stage.api.admin().get("/v2/services").then().statusCode(200).body("url", equalTo(List.of("/services/haproxy")));
        stage.api.admin().get("/v2/services/haproxy").then().statusCode(200).body("url", hasItems("/services/haproxy/runtime"));
    }

    @Test
    void healthIsUnknownWithoutAStatusCommand() {
        stage.api.admin().get("/v2/health").then().statusCode(200).body("haproxy", equalTo("unknown"));
    }

    @Test
    void healthRunsTheStatusCommand() throws Exception {
        try (ApiProcess up = ApiProcess.start(stage.dir, List.of(), "-f", stage.settings.toString(), "--status-cmd", "true");
             ApiProcess down = ApiProcess.start(stage.dir, List.of(), "-f", stage.settings.toString(), "--status-cmd", "false")) {
            up.admin().get("/v2/health")
                    .then().body("haproxy", equalTo("up"));
            down.admin().get("/v2/health")
                    .then().body("haproxy", equalTo("down"));
        }
    }

    @Test
    void runtimeInfoComesFromTheRunningHaproxy() throws Exception {
        String haproxyVersion = ApiProcess.run(stage.dir, HaproxyProcess.BIN, "-v").output().lines().findFirst().orElseThrow()
                .split(" ")[2];
        stage.api.admin().get("/v2/services/haproxy/runtime/info").then().statusCode(200)
                .body("[0].runtimeAPI", equalTo(stage.haproxy.socket.toString()))
                .body("[0].info.version", equalTo(haproxyVersion))
                .body("[0].info.pid", greaterThan(0))
                .body("[0].info.uptime", not(equalTo(null)))
                .body("[0].info.release_date", matchesPattern("\\d{4}-\\d{2}-\\d{2}"));
    }

    @Test
    void theProcessIsNamedDataplaneapi() throws Exception {
        ApiProcess.Result comm = ApiProcess.run(stage.dir, "ps", "-o", "comm=", "-p", Long.toString(stage.api.pid()));
        assertEquals("dataplaneapi", comm.output().strip());
        ApiProcess.Result pgrep = ApiProcess.run(stage.dir, "pgrep", "-x", "dataplaneapi");
        assertTrue(pgrep.output().lines().anyMatch(l -> l.strip().equals(Long.toString(stage.api.pid()))), pgrep.output());
    }

    /**
     * HEAD is served by no operation: its 404 and 405 carry no content, or the bytes would be read as the start of
     * the next answer on the same connection (RFC 9110). Pipelined on one connection, the GET after each HEAD must
     * be read whole and in step.
     */
    @Test
    void headAnswersCarryNoContentSoTheConnectionStaysInStep() throws Exception {
        java.net.URI base = java.net.URI.create(stage.api.baseUri());
        String auth = "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString("admin:adminpwd".getBytes()) + "\r\n";
        String get = "GET /v2/info HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n";
        String requests = "HEAD /v2/info HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n" + get
                + "HEAD /v2/no/such/thing HTTP/1.1\r\nHost: x\r\n\r\n" + get
                + "HEAD /v2/services/haproxy/configuration/backends/%2e%2e HTTP/1.1\r\nHost: x\r\n\r\n";
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000); // a read that waits longer fails the test
            socket.getOutputStream().write(requests.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            // read until the fifth answer's headers are complete (the connection stays open: keep-alive)
            StringBuilder read = new StringBuilder();
            byte[] buffer = new byte[8192];
            while (read.toString().split("HTTP/1\\.1 ", -1).length < 6 || !read.toString().endsWith("\r\n\r\n")) {
                int n = socket.getInputStream().read(buffer);
                assertTrue(n > 0, "the connection closed after: " + read);
                read.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8));
            }
            String answers = read.toString();
            List<String> statusLines = answers.lines().filter(l -> l.startsWith("HTTP/1.1 ")).toList();
            assertEquals(List.of("HTTP/1.1 405 Method Not Allowed", "HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found",
                    "HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found"), statusLines, answers);
            for (String head : answers.split("HTTP/1\\.1 ")) {
                if (head.startsWith("405") || head.startsWith("404")) {
                    assertTrue(head.endsWith("\r\n\r\n"), "a HEAD answer ends with its headers: " + head);
                }
            }
        }
    }
}
