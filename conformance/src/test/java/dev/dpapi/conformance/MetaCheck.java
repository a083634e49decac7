package dev.dpapi.conformance;

import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;

/** Info, health, specification, authentication and the framework's answers to wrong requests. */
class MetaCheck {

    static final String BUILD_DATE = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
    static final String VERSION = "v\\d+\\.\\d+\\.\\d+\\S* \\S+";

    @AfterAll
    static void stop() {
        Deployment.stopShared(MetaCheck.class);
    }

    private static Deployment deployment(Target target) {
        return Deployment.shared(MetaCheck.class, target, "");
    }

    @Check(profile = Profile.CORE, family = "info", source = "guide: step 7; contract: GET /info; BEHAVIOUR 7")
    @DisplayName("info: {api:{build_date, version}, system:{}}, in that order and format")
    void info(Target target) {
        Deployment d = deployment(target);
        Response r = d.api.admin().get("/v2/info");
        r.then().statusCode(200).body("$", aMapWithSize(2))
                .body("api.build_date", matchesPattern(BUILD_DATE))
                .body("api.version", matchesPattern(VERSION))
                .body("system", anEmptyMap());
        JsonNode json = SectionsCheck.json(r.asString());
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        List<String> api = new ArrayList<>();
        json.path("api").fieldNames().forEachRemaining(api::add);
        assertEquals(List.of("api", "system"), keys);
        assertEquals(List.of("build_date", "version"), api);
        Report.current().fact(target, "implementation", r.jsonPath().getString("api.version"));
    }

    @Check(profile = Profile.CORE, family = "info", source = "contract: securityDefinitions basic_auth; BEHAVIOUR 1.5")
    @DisplayName("auth: 401 with a Basic challenge without or with wrong credentials, on every path")
    void auth(Target target) {
        Deployment d = deployment(target);
        // (an unknown path answers 404 before authentication: routing comes first, BEHAVIOUR 2.1)
        for (String path : List.of("/v2/info", "/v2/services/haproxy/configuration/backends", "/v2/health")) {
            d.api.anonymous().get(path).then().statusCode(401)
                    .header("WWW-Authenticate", matchesPattern("(?i)basic.*")).body("code", equalTo(401));
            d.api.anonymous().auth().preemptive().basic(Seed.USER, "wrong").get(path).then().statusCode(401)
                    .body("code", equalTo(401));
        }
        d.api.admin().get("/v2/info").then().statusCode(200);
        // every operation the implementation documents, with its path parameters filled in, refuses a caller
        // without credentials before it does anything else
        Response spec = d.api.admin().get("/v2/specification");
        if (spec.statusCode() != 200) {
            return;
        }
        JsonNode doc = SectionsCheck.json(spec.asString());
        String base = doc.path("basePath").asText("/v2");
        List<String> open = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (!List.of("get", "post", "put", "delete", "patch").contains(method)) {
                return;
            }
            String concrete = base + path.getKey().replaceAll("\\{[^}]+}", "x");
            int status = d.api.anonymous().request(method.toUpperCase(java.util.Locale.ROOT), concrete).statusCode();
            if (status != 401) {
                open.add(method.toUpperCase(java.util.Locale.ROOT) + " " + concrete + " answered " + status);
            }
        }));
        assertEquals(List.of(), open, "documented operations reachable without credentials");
    }

    @Check(profile = Profile.CORE, family = "info", source = "contract: GET /health; BEHAVIOUR 7")
    @DisplayName("health: {haproxy: up|down|unknown}")
    void health(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed("/v2/health");
        d.api.admin().get("/v2/health").then().statusCode(200).body("haproxy", oneOf("up", "down", "unknown"));
    }

    @Check(profile = Profile.CORE, family = "info", source = "contract: GET /specification; BEHAVIOUR 7")
    @DisplayName("specification: a Swagger 2.0 document listing the configuration paths")
    void specification(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed("/v2/specification");
        JsonNode spec = SectionsCheck.json(d.api.admin().get("/v2/specification").then().statusCode(200).extract().asString());
        assertEquals("2.0", spec.path("swagger").asText(), "swagger: 2.0");
        for (String path : List.of("/info", "/services/haproxy/configuration/backends", "/services/haproxy/transactions")) {
            assertTrue(spec.path("paths").has(path), "paths has " + path);
        }
    }

    @Check(profile = Profile.CORE, family = "info", source = "BEHAVIOUR 1.5 (/swagger.json, the raw document)")
    @DisplayName("/swagger.json: the Swagger 2.0 document of /v2/specification, beside the base path")
    void swaggerJson(Target target) {
        Deployment d = deployment(target);
        // with credentials: the official answers it with or without them, an implementation may ask for them
        d.api.assumeServed("/swagger.json");
        Response raw = d.api.admin().get("/swagger.json");
        raw.then().statusCode(200).contentType("application/json");
        JsonNode doc = SectionsCheck.json(raw.asString());
        assertEquals("2.0", doc.path("swagger").asText(), "swagger: 2.0");
        assertEquals("/v2", doc.path("basePath").asText(), "basePath");
        for (String path : List.of("/info", "/specification", "/services/haproxy/configuration/backends")) {
            assertTrue(doc.path("paths").has(path), "paths has " + path);
        }
        d.api.assumeServed("/v2/specification");
        JsonNode spec = SectionsCheck.json(d.api.admin().get("/v2/specification").then().statusCode(200).extract().asString());
        Set<String> rawPaths = new TreeSet<>();
        doc.path("paths").fieldNames().forEachRemaining(rawPaths::add);
        Set<String> specPaths = new TreeSet<>();
        spec.path("paths").fieldNames().forEachRemaining(specPaths::add);
        assertEquals(specPaths, rawPaths, "the paths of /swagger.json and of /v2/specification");
    }

    @Check(profile = Profile.CORE, family = "info", source = "contract: error model; BEHAVIOUR 2.1 (routing errors)")
    @DisplayName("unknown path 404 and wrong method 405, in the error shape {code, message}")
    void routingErrors(Target target) {
        Deployment d = deployment(target);
        d.api.admin().get("/v2/services/haproxy/nowhere").then().statusCode(404).body("code", equalTo(404))
                .body("message", matchesPattern(".+"));
        d.api.admin().patch("/v2/info").then().statusCode(405).body("code", equalTo(405))
                .header("Allow", matchesPattern(".*GET.*"));
    }

    @Check(profile = Profile.CORE, family = "info", source = "BEHAVIOUR 2.1 (order: route, then authentication)")
    @DisplayName("a method the path does not serve is 405 before any credentials are asked for")
    void methodBeforeCredentials(Target target) {
        Deployment d = deployment(target);
        d.api.anonymous().patch("/v2/services/haproxy/configuration/backends").then().statusCode(405)
                .header("WWW-Authenticate", (String) null)
                // go-openapi lists the other methods in map order
                .body("message", matchesPattern("method PATCH is not allowed, but \\[(GET,POST|POST,GET)\\] are"));
        d.api.anonymous().get("/v2/services/haproxy/configuration/backends").then().statusCode(401);
    }

    @Check(profile = Profile.CORE, family = "info", source = "BEHAVIOUR 2.1 (Accept); contract: produces")
    @DisplayName("an Accept that takes none of the operation's media types is 406; one that takes JSON is served")
    void unacceptableAccept(Target target) {
        Deployment d = deployment(target);
        String backends = "/v2/services/haproxy/configuration/backends";
        d.api.admin().accept("text/html").get(backends).then().statusCode(406).body("code", equalTo(406))
                .body("message", equalTo("unsupported media type requested, only [application/json] are available"));
        d.api.admin().accept("text/html, application/json;q=0.5").get(backends).then().statusCode(200)
                .contentType("application/json");
    }

    @Check(profile = Profile.CORE, family = "info", source = "BEHAVIOUR 2.3 (framework errors have no trailing newline)")
    @DisplayName("the framework's refusals (credentials, route) end without a newline; a handler's answer ends with one")
    void errorBodiesAsWritten(Target target) {
        Deployment d = deployment(target);
        String backends = "/v2/services/haproxy/configuration/backends";
        assertEquals("{\"code\":401,\"message\":\"unauthenticated for invalid credentials\"}",
                d.api.anonymous().get(backends).then().statusCode(401).extract().asString());
        assertEquals("{\"code\":404,\"message\":\"path /v2/services/haproxy/nowhere was not found\"}",
                d.api.admin().get("/v2/services/haproxy/nowhere").then().statusCode(404).extract().asString());
        assertEquals("{\"code\":400,\"message\":\"13: version or transaction not specified, specify only one\"}\n",
                d.api.json("{\"name\":\"unversioned\"}").post(backends).then().statusCode(400).extract().asString());
    }

    @Check(profile = Profile.CORE, family = "info", source = "contract: Configuration-Version header; BEHAVIOUR 2.7")
    @DisplayName("every answer carries Configuration-Version, the current version")
    void configurationVersionHeader(Target target) {
        Deployment d = deployment(target);
        long v = d.version();
        for (String path : List.of("/v2/info", "/v2/services/haproxy/configuration/backends")) {
            assertEquals(String.valueOf(v), d.api.admin().get(path).header("Configuration-Version"), path);
        }
    }

    @Check(profile = Profile.CORE, family = "info", source = "BEHAVIOUR 2.7 (computed when the status line is written)")
    @DisplayName("a write's answer carries the Configuration-Version it made, the one now in the file")
    void configurationVersionAfterAWrite(Target target) {
        Deployment d = deployment(target);
        long v = d.version();
        Response created = d.api.json("{\"name\":\"version_stamp\"}")
                .post("/v2/services/haproxy/configuration/backends?version=" + v);
        created.then().statusCode(oneOf(201, 202));
        assertEquals(String.valueOf(v + 1), created.header("Configuration-Version"), "the header of the write's answer");
        assertTrue(d.config().contains("# _version=" + (v + 1) + "\n"), "the file holds the version the header names");
    }

    @Check(profile = Profile.CORE, family = "info", source = "RFC 9110 5.6.7 (IMF-fixdate), as Go's net/http writes it")
    @DisplayName("every answer, a refusal too, is dated in HTTP's format: a two-digit day, GMT")
    void dateHeader(Target target) {
        Deployment d = deployment(target);
        String imfFixdate = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                + "\\d{4} \\d{2}:\\d{2}:\\d{2} GMT";
        d.api.admin().get("/v2/info").then().statusCode(200).header("Date", matchesPattern(imfFixdate));
        d.api.anonymous().get("/v2/info").then().statusCode(401).header("Date", matchesPattern(imfFixdate));
        d.api.admin().get("/v2/services/haproxy/nowhere").then().statusCode(404).header("Date", matchesPattern(imfFixdate));
    }
}
