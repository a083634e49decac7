package dev.dpapi.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A page of another site cannot change HAProxy through a browser that holds the admin's credentials:
 * the raw form post that used to replace haproxy.cfg is refused 403 and the file stays as it was, while the
 * same request from a command-line client (no Origin, no Sec-Fetch-Site) is accepted.
 */
class CrossSiteIT {

    private static final String RAW = "/v2/services/haproxy/configuration/raw?skip_version=true";

    @AutoClose
    static ConfigStage stage;

    @BeforeAll
    static void start() {
        stage = ConfigStage.started("--allowed-origins", "https://console.example");
    }

    private static RequestSpecification admin() {
        return given().baseUri(stage.api.baseUri()).auth().preemptive().basic("admin", "adminpwd");
    }

    /** What an attacker's page posts: the whole configuration, as a text/plain form. */
    private static String replacement() throws Exception {
        return Files.readString(stage.cfg).replace("backend be", "backend planted");
    }

    @Test
    void aCrossSiteRawPostIsRefusedAndTheFileUnchanged() throws Exception {
        for (Map<String, String> headers : List.of(
                Map.of("Origin", "http://evil.example"),
                Map.of("Origin", "null"),
                Map.of("Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site"),
                Map.of("Sec-Fetch-Site", "cross-site"),
                Map.of("Sec-Fetch-Site", "same-site"),
                Map.of("Origin", "http://127.0.0.1:1"))) {
            String before = Files.readString(stage.cfg);
            admin().headers(headers).contentType("text/plain").body(replacement()).post(RAW).then()
                    .statusCode(403)
                    .contentType("application/json")
                    .body("code", equalTo(403))
                    .body("message", startsWith("cross-site request refused"));
            assertEquals(before, Files.readString(stage.cfg), "nothing written for " + headers);
        }
    }

    @Test
    void everyKindOfChangeIsRefusedButReadsAreServed() throws Exception {
        String before = Files.readString(stage.cfg);
        admin().header("Origin", "http://evil.example").contentType("application/json").body(Map.of("name", "x"))
                .post("/v2/services/haproxy/configuration/backends?version=1").then().statusCode(403);
        admin().header("Origin", "http://evil.example").contentType("application/json").body(Map.of("name", "be"))
                .put("/v2/services/haproxy/configuration/backends/be?version=1").then().statusCode(403);
        admin().header("Origin", "http://evil.example")
                .delete("/v2/services/haproxy/configuration/backends/be?version=1").then().statusCode(403);
        admin().header("Origin", "http://evil.example")
                .post("/v2/services/haproxy/transactions?version=1").then().statusCode(403);
        assertEquals(before, Files.readString(stage.cfg));
        assertTrue(Files.notExists(stage.dir.resolve("tx")) || isEmptyTree(stage.dir.resolve("tx")), "no transaction started");
        admin().header("Origin", "http://evil.example").get("/v2/services/haproxy/configuration/backends").then()
                .statusCode(200);
    }

    @Test
    void theSameChangeFromACommandLineClientTheApiItselfOrAnAllowedOriginIsAccepted() throws Exception {
        admin().contentType("text/plain").body(replacement()).post(RAW).then().statusCode(202);
        assertTrue(Files.readString(stage.cfg).contains("backend planted"), "curl-like clients are unaffected");

        String restored = Files.readString(stage.cfg).replace("backend planted", "backend be");
        admin().header("Origin", stage.api.baseUri()).header("Sec-Fetch-Site", "same-origin").contentType("text/plain")
                .body(restored).post(RAW).then().statusCode(202);
        assertTrue(Files.readString(stage.cfg).contains("backend be"), "a page served by the API itself");

        admin().header("Origin", "https://console.example").header("Sec-Fetch-Site", "cross-site")
                .contentType("text/plain").body(replacement()).post(RAW).then().statusCode(202);
        assertTrue(Files.readString(stage.cfg).contains("backend planted"), "an origin of --allowed-origins");
        admin().header("Sec-Fetch-Site", "none").contentType("text/plain").body(restored).post(RAW).then().statusCode(202);
    }

    /**
     * A browser front-end's preflight (no credentials, as browsers send them) is answered with the CORS headers for
     * an origin of --allowed-origins, and refused without them for another; the actual requests of the allowed
     * origin carry the headers that let its page read the answer and its Reload-ID.
     */
    @Test
    void preflightsAreAnsweredForAllowedOriginsOnly() throws Exception {
        String backends = "/v2/services/haproxy/configuration/backends";
        var allowed = given().baseUri(stage.api.baseUri()).header("Origin", "https://console.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type")
                .options(backends).then().statusCode(204)
                .header("Access-Control-Allow-Origin", "https://console.example")
                .header("Access-Control-Allow-Credentials", "true")
                .header("Access-Control-Allow-Methods", "POST")
                .header("Access-Control-Allow-Headers", "authorization, content-type")
                .header("Access-Control-Max-Age", "86400")
                .extract();
        assertEquals("", allowed.body().asString());

        var refused = given().baseUri(stage.api.baseUri()).header("Origin", "http://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .options(backends).then().statusCode(403)
                .body("message", startsWith("cross-site request refused")).extract();
        for (String header : List.of("Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
                "Access-Control-Allow-Methods", "Access-Control-Allow-Headers")) {
            assertEquals(null, refused.header(header), header + " given to a refused origin");
        }

        // the allowed origin's request itself: answered with the headers its page needs to read it
        long version = stage.api.configurationVersion();
        admin().header("Origin", "https://console.example").contentType("application/json")
                .body(Map.of("name", "from_console")).post(backends + "?version=" + version).then().statusCode(202)
                .header("Access-Control-Allow-Origin", "https://console.example")
                .header("Access-Control-Allow-Credentials", "true")
                .header("Access-Control-Expose-Headers", "Reload-Id, Configuration-Version");
        assertTrue(Files.readString(stage.cfg).contains("backend from_console"));
        var read = admin().header("Origin", "http://evil.example").get(backends).then().statusCode(200).extract();
        assertEquals(null, read.header("Access-Control-Allow-Origin"), "another origin's page cannot read the answer");
    }

    private static boolean isEmptyTree(Path root) throws Exception {
        try (var files = Files.walk(root)) {
            return files.noneMatch(Files::isRegularFile);
        }
    }
}
