package dev.dpapi.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.specification.RequestSpecification;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests that do not fit: paths not plainly written (404), bodies over the limit (413), wrong media types (415). */
class RequestLimitsIT {

    private static final String RAW = "/v2/services/haproxy/configuration/raw?skip_version=true";
    private static final int LIMIT = 64 * 1024;

    @AutoClose
    static ConfigStage stage;

    @BeforeAll
    static void start() {
        stage = ConfigStage.started("--max-body-size", "64KiB");
    }

    private static RequestSpecification admin() {
        return given().baseUri(stage.api.baseUri()).auth().preemptive().basic("admin", "adminpwd").urlEncodingEnabled(false);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/v2/services/haproxy/transactions/..%2F..%2Fetc%2Fpasswd",
            "/v2/services/haproxy/transactions/..%2f..%2fetc%2fpasswd",
            "/v2/services/haproxy/configuration/backends/a%2Fb",
            "/v2/services/haproxy/configuration/backends/..",
            "/v2/services/haproxy/configuration/backends/%2e%2e",
            "/v2/services/haproxy/configuration/%2E%2E/configuration/backends",
            "/v2/services/haproxy/configuration/./backends",
            "/v2/services/haproxy/configuration/backends/be%5C..",
            "/v2/services/haproxy/configuration/backends/be%00"})
    void pathsNotPlainlyWrittenAre404WhateverTheyDecodeTo(String path) {
        admin().get(path).then().statusCode(404).header("Configuration-Version", matchesPattern("\\d+"))
                .body("code", equalTo(404))
                .body("message", equalTo("path " + path + " was not found"));
        given().baseUri(stage.api.baseUri()).urlEncodingEnabled(false).get(path).then().statusCode(404); // before auth too
    }

    /**
     * A path that only a normalising router would match to an operation (an empty segment, a {@code ;} parameter, an
     * encoded letter) is unknown as written: 404 with or without credentials, never the operation. Such requests used
     * to go past the credentials check (unknown paths are answered before it) and then reach the operation. Sent on
     * a socket as written: HTTP clients tidy such paths up before sending them.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "/v2//services/haproxy/configuration/raw",
            "/v2/services/haproxy//configuration/raw",
            "/v2/services/haproxy/configuration/raw;",
            "/v2/services/haproxy/configuration/r%61w",
            "/v2/info;a=b",
            "/v2;x/info",
            "/v2/%69nfo",
            "/v2//docs",
            "//swagger.json"})
    void pathsOnlyANormalisingRouterWouldMatchAre404(String path) throws Exception {
        for (boolean withCredentials : new boolean[] {false, true}) {
            String answer = exactly("GET", path, withCredentials, null);
            assertTrue(answer.startsWith("HTTP/1.1 404 "), answer);
            assertTrue(answer.endsWith("{\"code\":404,\"message\":\"path " + path + " was not found\"}"), answer);
        }
    }

    @Test
    void aWriteToSuchAPathChangesNothing() throws Exception {
        String before = Files.readString(stage.cfg);
        long version = stage.api.configurationVersion();
        for (String path : List.of("/v2//services/haproxy/configuration/backends", "/v2/services/haproxy/configuration/backends;",
                "/v2/services/haproxy/configuration/b%61ckends")) {
            String answer = exactly("POST", path + "?version=" + version, false, "{\"name\":\"intruder\"}");
            assertTrue(answer.startsWith("HTTP/1.1 404 "), answer);
        }
        assertEquals(before, Files.readString(stage.cfg), "nothing written");
        // the same write, plainly addressed and authenticated, is taken
        String answer = exactly("POST", "/v2/services/haproxy/configuration/backends?version=" + version, true,
                "{\"name\":\"intruder\"}");
        assertTrue(answer.startsWith("HTTP/1.1 202 "), answer);
        assertTrue(Files.readString(stage.cfg).contains("backend intruder\n"));
    }

    /** One request with its path exactly as given, on a connection of its own; the whole answer. */
    private static String exactly(String method, String path, boolean withCredentials, String json) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", stage.api.port)) {
            socket.setSoTimeout(10_000);
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + (withCredentials ? "Authorization: Basic " + Base64.getEncoder().encodeToString("admin:adminpwd".getBytes())
                    + "\r\n" : "")
                    + (json == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void thePlainlyWrittenPathsAreServed() {
        admin().get("/v2/services/haproxy/configuration/backends/be").then().statusCode(200);
        admin().get("/v2/services/haproxy/transactions").then().statusCode(200);
    }

    @Test
    void aBodyOverTheLimitIs413BeforeItIsRead() throws Exception {
        String before = Files.readString(stage.cfg);
        // announce 20 MB, send 1 KB: the answer comes without the rest ever being sent
        assertRefusedEarly("Content-Length: 20000000\r\n\r\n", new byte[1024]);
        // a chunked body, whose size nobody announced, is cut off at the limit (the last chunk is never sent)
        byte[] chunk = ("#" + "x".repeat(LIMIT) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] chunked = concat(Integer.toHexString(chunk.length) + "\r\n", chunk, "\r\n400\r\n" + "y".repeat(1024) + "\r\n");
        assertRefusedEarly("Transfer-Encoding: chunked\r\n\r\n", chunked);
        assertEquals(before, Files.readString(stage.cfg));

        // the same change within the limit is accepted
        String changed = before + "# a comment that fits\n";
        admin().contentType("text/plain").body(changed).post(RAW).then().statusCode(202);
        assertTrue(Files.readString(stage.cfg).contains("# a comment that fits"));
    }

    /** Sends a raw POST's headers and part of its body, then reads the whole answer: 413, and the connection closed. */
    private static void assertRefusedEarly(String framing, byte[] partOfTheBody) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", stage.api.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + RAW + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic "
                    + Base64.getEncoder().encodeToString("admin:adminpwd".getBytes()) + "\r\n"
                    + "Content-Type: text/plain\r\n" + framing).getBytes(StandardCharsets.US_ASCII));
            out.write(partOfTheBody);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("HTTP/1.1 413 Request Entity Too Large", in.readLine());
            String rest = String.join("\n", in.lines().toList()); // to the end: the API closes the connection
            assertTrue(rest.contains("{\"code\":413,\"message\":\"request body is larger than " + LIMIT + " bytes\"}"), rest);
        }
    }

    private static byte[] concat(String head, byte[] body, String tail) {
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] t = tail.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + body.length + t.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        System.arraycopy(t, 0, all, h.length + body.length, t.length);
        return all;
    }

    @Test
    void aMediaTypeTheOperationDoesNotTakeIs415() throws Exception {
        String before = Files.readString(stage.cfg);
        // the media type is named without its parameters (rest-assured adds a charset), as go-openapi names it
        admin().contentType("application/x-www-form-urlencoded").body(before).post(RAW).then().statusCode(415)
                .body("message", equalTo("unsupported media type \"application/x-www-form-urlencoded\", only "
                        + "[text/plain application/json] are allowed"));
        admin().contentType("text/plain").body("{\"name\":\"b2\"}")
                .post("/v2/services/haproxy/configuration/backends?version=1").then().statusCode(415)
                .body("message", equalTo("unsupported media type \"text/plain\", only "
                        + "[application/json] are allowed"));
        given().baseUri(stage.api.baseUri()).auth().preemptive().basic("admin", "adminpwd").body("{\"name\":\"b2\"}".getBytes())
                .post("/v2/services/haproxy/configuration/backends?version=1").then().statusCode(415);
        assertEquals(before, Files.readString(stage.cfg));
        // 401 comes before 415, as the official orders them
        given().baseUri(stage.api.baseUri()).contentType("text/plain").body("x")
                .post("/v2/services/haproxy/configuration/backends?version=1").then().statusCode(401);

        // the same requests with the types they take are accepted
        long version = stage.api.configurationVersion();
        admin().contentType("application/json").body(Map.of("name", "b2"))
                .post("/v2/services/haproxy/configuration/backends?version=" + version).then().statusCode(202);
        admin().contentType("application/json; charset=utf-8").body(Map.of("name", "b3"))
                .post("/v2/services/haproxy/configuration/backends?version=" + (version + 1)).then().statusCode(202);
        assertTrue(Files.readString(stage.cfg).contains("backend b3"));
        List<String> names = admin().get("/v2/services/haproxy/configuration/backends").jsonPath().getList("data.name");
        assertTrue(names.containsAll(List.of("b2", "b3")), names.toString());
    }
}
