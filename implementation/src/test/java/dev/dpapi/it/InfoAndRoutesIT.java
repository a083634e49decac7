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
}
