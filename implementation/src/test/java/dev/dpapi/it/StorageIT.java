package dev.dpapi.it;

import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage of map files, SSL certificates and general files: what is on disk after each call, and for a
 * certificate HAProxy serves, what `show ssl cert` reports after a replacement made without a reload.
 */
class StorageIT {

    private static final String ST = "/v2/services/haproxy/storage/";

    @TempDir
    Path dir;
    RuntimeStage stage;
    Path site;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(dir.resolve("ssl"));
        site = dir.resolve("ssl/site.pem");
        Files.write(site, pem("site.example"));
        stage = RuntimeStage.withSections(dir, """

                frontend tls
                  bind 127.0.0.1:%2$d ssl crt %1$s/ssl/site.pem
                  default_backend be
                """);
    }

    @AfterEach
    void stop() throws Exception {
        stage.close();
    }

    /** A self-signed certificate and its key, made by openssl, as one PEM file. */
    private byte[] pem(String name) throws Exception {
        Path key = Files.createTempFile(dir, "key", ".pem");
        Path cert = Files.createTempFile(dir, "cert", ".pem");
        ApiProcess.Result r = ApiProcess.run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "30", "-subj", "/CN=" + name, "-addext", "subjectAltName=DNS:" + name + ",IP:127.0.0.1");
        assertEquals(0, r.status(), r.output());
        byte[] both = (Files.readString(cert) + Files.readString(key)).getBytes(StandardCharsets.US_ASCII);
        Files.delete(key);
        Files.delete(cert);
        return both;
    }

    private RequestSpecification upload(String fileName, byte[] content) {
        return RestAssured.given().baseUri(stage.api.baseUri()).auth().preemptive().basic("admin", "adminpwd")
                .multiPart("file_upload", fileName, content, "text/plain");
    }

    private RequestSpecification text(String body) {
        return RestAssured.given().baseUri(stage.api.baseUri()).auth().preemptive().basic("admin", "adminpwd")
                .contentType("text/plain").body(body);
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void mapFiles() throws Exception {
        stage.api.admin().get(ST + "maps").then().statusCode(200)
                .body("storage_name", hasItem("hosts.map")).body("file", hasItem(stage.maps.resolve("hosts.map").toString()));
        upload("extra", "x 1\n".getBytes()).post(ST + "maps").then().statusCode(201)
                .body("storage_name", equalTo("extra.map"))
                .body("file", equalTo(stage.maps.resolve("extra.map").toString()))
                .body("description", equalTo("managed but not loaded map file (no runtime ID)"));
        Path extra = stage.maps.resolve("extra.map");
        assertEquals("x 1\n", Files.readString(extra));
        assertEquals("rw-r--r--", mode(extra));
        upload("extra.map", "other\n".getBytes()).post(ST + "maps").then().statusCode(409)
                .body("message", equalTo("31: file " + extra + " already exists"));
        assertEquals("x 1\n", Files.readString(extra));

        byte[] got = stage.api.admin().get(ST + "maps/extra.map").then().statusCode(200)
                .contentType("application/octet-stream").extract().asByteArray();
        assertArrayEquals("x 1\n".getBytes(), got);
        // the file's bytes or JSON, as the contract produces: an Accept taking neither is refused 406
        stage.api.admin().accept("application/octet-stream").get(ST + "maps/extra.map").then().statusCode(200);
        stage.api.admin().accept("text/plain").get(ST + "maps/extra.map").then().statusCode(406).body("message",
                equalTo("unsupported media type requested, only [application/octet-stream application/json] are available"));
        text("y 2\n").put(ST + "maps/extra.map?skip_reload=true").then().statusCode(204)
                .header("Reload-ID", nullValue());
        assertEquals("y 2\n", Files.readString(extra));
        text("z 3\n").put(ST + "maps/extra.map").then().statusCode(202).header("Reload-ID", notNullValue());
        assertEquals("z 3\n", Files.readString(extra));
        text("z 3\n").put(ST + "maps/ghost.map").then().statusCode(404);

        stage.api.admin().delete(ST + "maps/hosts.map").then().statusCode(409)
                .body("message", startsWith("rejecting attempt to delete file " + stage.maps.resolve("hosts.map")));
        assertTrue(Files.exists(stage.maps.resolve("hosts.map")));
        stage.api.admin().delete(ST + "maps/extra.map").then().statusCode(204);
        assertFalse(Files.exists(extra));
        stage.api.admin().delete(ST + "maps/extra.map").then().statusCode(404);
    }

    @Test
    void namesStayInsideTheirDirectory() throws Exception {
        String cfg = Files.readString(stage.haproxy.config);
        upload("../evil.map", "x 1\n".getBytes()).post(ST + "maps").then().statusCode(400);
        upload("/tmp/evil", "x 1\n".getBytes()).post(ST + "general").then().statusCode(400);
        upload("..", "x".getBytes()).post(ST + "general").then().statusCode(400);
        assertFalse(Files.exists(dir.resolve("evil.map")));
        Files.createSymbolicLink(stage.general.resolve("link"), stage.haproxy.config);
        stage.api.admin().get(ST + "general/link").then().statusCode(400);
        text("global\n").put(ST + "general/link?skip_reload=true").then().statusCode(400);
        stage.api.admin().delete(ST + "general/link").then().statusCode(400);
        // an encoded separator does not even reach a file handler
        stage.api.admin().get(ST + "general/..%2Fhaproxy.cfg").then().statusCode(anyOf(equalTo(400), equalTo(404)));
        assertEquals(cfg, Files.readString(stage.haproxy.config), "nothing outside the storage dirs changed");
        RestAssured.given().baseUri(stage.api.baseUri()).auth().preemptive().basic("admin", "adminpwd")
                .contentType("application/json").body("{}").post(ST + "general").then().statusCode(400);

        upload("notes.txt", "hello\n".getBytes()).post(ST + "general").then().statusCode(201)
                .body("storage_name", equalTo("notes.txt"));
        assertEquals("hello\n", stage.api.admin().get(ST + "general/notes.txt").then().statusCode(200).extract().asString());
        text("bye\n").put(ST + "general/notes.txt?skip_reload=true").then().statusCode(204);
        assertEquals("bye\n", Files.readString(stage.general.resolve("notes.txt")));
        stage.api.admin().get(ST + "general").then().statusCode(200).body("storage_name", equalTo(java.util.List.of("notes.txt")));
        stage.api.admin().delete(ST + "general/notes.txt").then().statusCode(204);
        assertFalse(Files.exists(stage.general.resolve("notes.txt")));
    }

    @Test
    void certificates() throws Exception {
        stage.api.admin().get(ST + "ssl_certificates/site.pem").then().statusCode(200)
                .body("storage_name", equalTo("site.pem"))
                .body("domains", equalTo("site.example"))
                .body("ip_addresses", equalTo("127.0.0.1"))
                .body("issuers", equalTo("site.example"))
                .body("not_after", notNullValue())
                .body("description", equalTo("managed SSL file"));
        upload("other.pem", pem("other.example")).post(ST + "ssl_certificates").then().statusCode(201)
                .body("domains", equalTo("other.example"));
        assertEquals("rw-------", mode(stage.ssl.resolve("other.pem")));
        upload("bad.pem", "not a certificate\n".getBytes()).post(ST + "ssl_certificates").then().statusCode(400);
        byte[] certOnly = new String(pem("nokey.example"), StandardCharsets.US_ASCII).replaceAll(
                "(?s)-----BEGIN PRIVATE KEY-----.*", "").getBytes(StandardCharsets.US_ASCII);
        upload("nokey.pem", certOnly).post(ST + "ssl_certificates").then().statusCode(400)
                .body("message", equalTo("file should contain both certificate and private key"));
        assertFalse(Files.exists(stage.ssl.resolve("bad.pem")));
        assertFalse(Files.exists(stage.ssl.resolve("nokey.pem")));

        // a certificate HAProxy serves is replaced through the Runtime API: no reload
        byte[] before = Files.readAllBytes(site);
        text("garbage").put(ST + "ssl_certificates/site.pem").then().statusCode(400);
        assertArrayEquals(before, Files.readAllBytes(site), "a refused replacement leaves the file as it was");
        byte[] renewed = pem("renewed.example");
        text(new String(renewed, StandardCharsets.US_ASCII)).put(ST + "ssl_certificates/site.pem").then()
                .statusCode(200).header("Reload-ID", nullValue()).header("Change-Applied", "file, runtime")
                .body("domains", equalTo("renewed.example"));
        assertArrayEquals(renewed, Files.readAllBytes(site));
        assertEquals("rw-------", mode(site));
        String running = stage.runtime("show ssl cert " + site);
        assertTrue(running.contains("CN=renewed.example"), running);

        // one HAProxy does not serve reloads
        text(new String(pem("other2.example"), StandardCharsets.US_ASCII)).put(ST + "ssl_certificates/other.pem")
                .then().statusCode(202).header("Reload-ID", notNullValue()).body("domains", equalTo("other2.example"));

        stage.api.admin().delete(ST + "ssl_certificates/site.pem").then().statusCode(409);
        assertTrue(Files.exists(site));
        stage.api.admin().delete(ST + "ssl_certificates/other.pem?skip_reload=true").then().statusCode(204);
        assertFalse(Files.exists(stage.ssl.resolve("other.pem")));
    }
}
