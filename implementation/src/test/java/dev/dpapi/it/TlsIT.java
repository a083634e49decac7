package dev.dpapi.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The https listener with a CA made in the test (curl, openssl and Java clients), mutual TLS accepted and
 * refused, plain HTTP and the unix socket still needing Basic credentials under mutual TLS, the settings
 * file and environment variables, and the start-up errors.
 */
class TlsIT {

    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("admin:adminpwd".getBytes());

    @TempDir
    static Path dir;
    static Path cfg;
    static TestCa ca;
    static Path server;
    static Path client;
    static TestCa otherCa;
    static Path stranger;

    @BeforeAll
    static void certificates() throws Exception {
        cfg = HaproxyProcess.writeConfigWithApiUser(dir);
        ca = TestCa.create(dir, "good");
        server = ca.issue("server", true);
        client = ca.issue("client", false);
        otherCa = TestCa.create(dir, "other");
        stranger = otherCa.issue("stranger", false);
    }

    private static ApiProcess start(int tlsPort, String... extra) throws Exception {
        List<String> all = new ArrayList<>(List.of("--scheme", "http", "--scheme", "https", "--tls-port",
                Integer.toString(tlsPort)));
        all.addAll(List.of(extra));
        return ApiProcess.startOnFlags(dir, cfg, List.of(), all.toArray(String[]::new));
    }

    private static HttpResponse<String> get(SSLContext context, int port, boolean basic) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(context).build();
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/v2/info"));
        if (basic) {
            req.header("Authorization", BASIC);
        }
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ApiProcess.Result curl(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}"));
        all.addAll(List.of(args));
        return ApiProcess.run(dir, all.toArray(String[]::new));
    }

    private static ApiProcess.Result handshake(int port, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-CAfile", ca.caCertificate().toString()));
        all.addAll(List.of(args));
        return ApiProcess.run(dir, "sh", "-c", String.join(" ", all) + " </dev/null"); // no input: handshake, then end
    }

    @Test
    void httpsServesCurlAndJavaClientsBehindBasicAuth() throws Exception {
        int tlsPort = ApiProcess.freePort();
        try (ApiProcess api = start(tlsPort, "--tls-certificate", server.toString(), "--tls-key", TestCa.key(server).toString())) {
            String url = "https://127.0.0.1:" + tlsPort + "/v2/info";
            assertEquals("200", curl("--cacert", ca.caCertificate().toString(), "-u", "admin:adminpwd", url).output());
            assertEquals("401", curl("--cacert", ca.caCertificate().toString(), url).output());
            assertEquals(200, get(ca.context(null), tlsPort, true).statusCode());
            assertEquals(401, get(ca.context(null), tlsPort, false).statusCode());
            // and it is TLS, not plain HTTP on another port
            assertNotEquals("200", curl("-u", "admin:adminpwd", "http://127.0.0.1:" + tlsPort + "/v2/info").output());
        }
    }

    @Test
    void onlyTls12AndUpWithForwardSecretAeadSuites() throws Exception {
        int tlsPort = ApiProcess.freePort();
        try (ApiProcess api = start(tlsPort, "--tls-certificate", server.toString(), "--tls-key", TestCa.key(server).toString())) {
            assertTrue(handshake(tlsPort, "-tls1_3").output().contains("Verify return code: 0 (ok)"));
            ApiProcess.Result modern = handshake(tlsPort, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256");
            assertTrue(modern.output().contains("Cipher is ECDHE-RSA-AES128-GCM-SHA256"), modern.output());
            for (String[] refused : List.of(new String[] {"-tls1_1"}, new String[] {"-tls1"},
                    new String[] {"-tls1_2", "-cipher", "AES128-SHA"}, new String[] {"-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA"},
                    new String[] {"-tls1_2", "-cipher", "AES128-GCM-SHA256"})) {
                ApiProcess.Result r = handshake(tlsPort, refused);
                assertTrue(r.output().contains("Cipher is (NONE)"), String.join(" ", refused) + ": " + r.output());
            }
        }
    }

    @Test
    void mutualTlsTakesAVerifiedCertificateInsteadOfBasicButPlainHttpStillNeedsBasic() throws Exception {
        int tlsPort = ApiProcess.freePort();
        Path socket = dir.resolve("mtls-api.sock");
        try (ApiProcess api = start(tlsPort, "--tls-certificate", server.toString(), "--tls-key", TestCa.key(server).toString(),
                "--tls-ca", ca.caCertificate().toString(), "--scheme", "unix", "--socket-path", socket.toString())) {
            assertEquals(200, get(ca.context(client), tlsPort, false).statusCode(), "a certificate of the CA is the credential");
            assertThrows(IOException.class, () -> get(ca.context(null), tlsPort, true), "no certificate: no handshake");
            assertThrows(IOException.class, () -> get(otherCa.context(stranger), tlsPort, true), "another CA's certificate");
            assertEquals("200", curl("--cacert", ca.caCertificate().toString(), "--cert", client.toString(),
                    "--key", TestCa.key(client).toString(), "https://127.0.0.1:" + tlsPort + "/v2/info").output());

            // the official switches Basic auth off on every listener here; this one never does
            given().baseUri(api.baseUri()).get("/v2/info").then().statusCode(401);
            given().baseUri(api.baseUri()).auth().preemptive().basic("admin", "adminpwd").get("/v2/info").then().statusCode(200);
            assertEquals("401", curl("--unix-socket", socket.toString(), "http://localhost/v2/info").output());
            assertEquals("200", curl("--unix-socket", socket.toString(), "-u", "admin:adminpwd", "http://localhost/v2/info").output());
        }
        assertFalse(Files.exists(socket), "the socket file goes with the process");
    }

    @Test
    void tlsFromTheSettingsFileAndFromEnvironmentVariables() throws Exception {
        int tlsPort = ApiProcess.freePort();
        Path settings = Files.writeString(dir.resolve("tls.yaml"), """
                dataplaneapi:
                  scheme: [http, https]
                  tls:
                    tls_port: %d
                    tls_certificate: %s
                    tls_key: %s
                    tls_ca: %s
                haproxy:
                  config_file: %s
                  reload: {reload_cmd: "true", restart_cmd: "true"}
                """.formatted(tlsPort, server, TestCa.key(server), ca.caCertificate(), cfg));
        try (ApiProcess api = ApiProcess.start(dir, List.of(), "-f", settings.toString(), "-t", dir.resolve("tx").toString())) {
            assertEquals(200, get(ca.context(client), tlsPort, false).statusCode());
            assertThrows(IOException.class, () -> get(ca.context(null), tlsPort, true));
        }
        int envPort = ApiProcess.freePort();
        List<String> env = List.of("env", "TLS_CERTIFICATE=" + server, "TLS_PRIVATE_KEY=" + TestCa.key(server),
                "TLS_PORT=" + envPort);
        try (ApiProcess api = ApiProcess.startOnFlags(dir, cfg, env, "--scheme", "http", "--scheme", "https")) {
            assertEquals(200, get(ca.context(null), envPort, true).statusCode());
        }
    }

    @Test
    void httpsWithoutCertificateOrKeyStopsTheStartWithTheOfficialLine() throws Exception {
        assertRefused("the required flags `--tls-certificate` and `--tls-key` were not specified",
                "--scheme", "https");
        assertRefused("the required flag `--tls-key` was not specified",
                "--scheme", "https", "--tls-certificate", server.toString());
        assertRefused("the required flag `--tls-certificate` was not specified",
                "--scheme", "https", "--tls-key", TestCa.key(server).toString());
        assertRefused("cannot read TLS certificate " + dir.resolve("missing.crt"),
                "--scheme", "https", "--tls-certificate", dir.resolve("missing.crt").toString(),
                "--tls-key", TestCa.key(server).toString());
    }

    private static void assertRefused(String line, String... extra) throws Exception {
        List<String> args = new ArrayList<>(ApiProcess.flagsOnly(dir, cfg, extra));
        args.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(ApiProcess.freePort())));
        ApiProcess.Result r = ApiProcess.runToExit(dir, Map.of(), args);
        assertEquals(1, r.status(), r.output());
        assertEquals("dataplaneapi: " + line, r.output().strip(), "one clear line");
    }
}
