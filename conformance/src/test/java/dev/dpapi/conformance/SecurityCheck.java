package dev.dpapi.conformance;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;

/** The security a user sees from outside: no cross-site writes, HTTPS with a certificate, paths that do not fit. */
class SecurityCheck {

    private static final String C = SectionsCheck.C;
    private static final String EVIL = "http://evil.example";
    private static final String TLS_DIR = "/etc/haproxy/tls";

    @AfterAll
    static void stop() {
        Deployment.stopShared(SecurityCheck.class);
    }

    private static Deployment deployment(Target target) {
        return Deployment.shared(SecurityCheck.class, target, "\nbackend victim\n");
    }

    @Check(profile = Profile.EXTENDED, family = "security", source = "promise: no cross-site writes (issue 10)")
    @DisplayName("a raw POST with a foreign Origin is refused 403 and writes nothing; without Origin it is written")
    void crossSiteRawPost(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed(C + "raw");
        String before = d.config();
        String text = d.api.admin().get(C + "raw").jsonPath().getString("data") + "\nbackend csrf_probe\n";
        String raw = C + "raw?skip_version=true";
        Response refused = d.api.admin().header("Origin", EVIL).contentType("text/plain").body(text).post(raw);
        refused.then().statusCode(403).body("code", equalTo(403)).body("message", matchesPattern("(?s).+"));
        assertEquals(before, d.config(), "haproxy.cfg byte for byte after the cross-site POST");
        Response accepted = d.api.admin().contentType("text/plain").body(text).post(raw);
        assertEquals(2, accepted.statusCode() / 100, "the same POST without Origin: " + accepted.asString());
        assertTrue(SectionsCheck.hasObject(d.config(), "backend %s", "csrf_probe"), "haproxy.cfg has the pushed backend");
    }

    @Check(profile = Profile.EXTENDED, family = "security", source = "promise: no cross-site writes (issue 10)")
    @DisplayName("a DELETE with Sec-Fetch-Site: cross-site is refused 403; without it the backend is deleted")
    void crossSiteDelete(Target target) {
        Deployment d = deployment(target);
        String path = C + "backends/victim?version=";
        d.api.admin().header("Sec-Fetch-Site", "cross-site").delete(path + d.version())
                .then().statusCode(403).body("code", equalTo(403));
        assertTrue(SectionsCheck.hasObject(d.config(), "backend %s", "victim"), "the backend is still in the file");
        Response accepted = d.api.admin().delete(path + d.version());
        assertEquals(2, accepted.statusCode() / 100, "the same DELETE without the header: " + accepted.asString());
        assertFalse(SectionsCheck.hasObject(d.config(), "backend %s", "victim"), "the backend is gone from the file");
    }

    @Check(profile = Profile.EXTENDED, family = "security", source = "BEHAVIOUR 2.1 (CORS: credentials, methods, any header, max-age 86400); allowed_origins (issue 10)")
    @DisplayName("a browser front-end's preflight from an allowed origin gets the CORS headers, without credentials")
    void preflightFromAnAllowedOrigin(Target target) {
        String console = "https://console.example";
        try (Deployment d = Deployment.start(target, "", s -> s.withAllowedOrigins(List.of(console)), c -> c)) {
            Response preflight = io.restassured.RestAssured.given().baseUri(d.api.baseUri())
                    .header("Origin", console)
                    .header("Access-Control-Request-Method", "PUT")
                    .header("Access-Control-Request-Headers", "authorization, content-type")
                    .options(C + "backends/victim");
            assertEquals(2, preflight.statusCode() / 100, "preflight status: " + preflight.statusLine());
            assertEquals(console, preflight.header("Access-Control-Allow-Origin"));
            assertEquals("true", preflight.header("Access-Control-Allow-Credentials"));
            assertTrue(String.valueOf(preflight.header("Access-Control-Allow-Methods")).contains("PUT"),
                    "Access-Control-Allow-Methods: " + preflight.header("Access-Control-Allow-Methods"));
            assertTrue(String.valueOf(preflight.header("Access-Control-Allow-Headers")).toLowerCase().contains("authorization"),
                    "Access-Control-Allow-Headers: " + preflight.header("Access-Control-Allow-Headers"));
            assertEquals("86400", preflight.header("Access-Control-Max-Age"));
            Response read = d.api.admin().header("Origin", console).get(C + "backends");
            read.then().statusCode(200).header("Access-Control-Allow-Origin", console);
            assertTrue(String.valueOf(read.header("Access-Control-Expose-Headers")).toLowerCase().contains("reload-id"),
                    "the page may read Reload-ID: " + read.header("Access-Control-Expose-Headers"));
        }
    }

    @Check(profile = Profile.EXTENDED, family = "security", source = "BEHAVIOUR 1.1 (--read-timeout); promise: a slow request head is cut off (issue 10)")
    @DisplayName("--read-timeout 2s: a request head sent a byte at a time (slowloris) is cut off; a prompt request is served")
    void slowRequestHeadIsCutOff(Target target) throws Exception {
        try (Deployment d = Deployment.start(target, "", s -> s, c -> c, "--read-timeout 2s")) {
            int port = URI.create(d.api.baseUri()).getPort();
            try (java.net.Socket slow = new java.net.Socket("127.0.0.1", port)) {
                slow.setSoTimeout(250); // the pace of the dribble: a byte each time a read finds nothing
                java.io.OutputStream out = slow.getOutputStream();
                out.write("GET /v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ".getBytes());
                long started = System.nanoTime();
                long deadline = started + Duration.ofSeconds(30).toNanos();
                boolean closed = false;
                while (!closed && System.nanoTime() < deadline) {
                    try {
                        out.write('a');
                        closed = slow.getInputStream().read() < 0;
                    } catch (java.net.SocketTimeoutException stillOpen) {
                        continue;
                    } catch (IOException reset) {
                        closed = true;
                    }
                }
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertTrue(closed, "the connection is still open after " + took);
                assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "cut off after " + took);
            }
            d.api.admin().get("/v2/info").then().statusCode(200);
        }
    }

    @Check(profile = Profile.CORE, family = "settings", source = "BEHAVIOUR 1.1 (--log-to syslog, --syslog-address, --syslog-protocol)")
    @DisplayName("--log-to syslog over tcp: the log arrives as <PRI>TIME HOST dataplaneapi[PID]: message lines")
    void logToSyslog(Target target) throws Exception {
        try (java.net.ServerSocket syslog = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            syslog.setSoTimeout(30_000);
            String flags = "--log-level info --log-to syslog --syslog-protocol tcp --syslog-address 127.0.0.1:"
                    + syslog.getLocalPort();
            try (Deployment d = Deployment.start(target, "", s -> s, c -> c, flags);
                 java.net.Socket connection = syslog.accept()) {
                connection.setSoTimeout(30_000);
                String line = new java.io.BufferedReader(new java.io.InputStreamReader(connection.getInputStream(),
                        java.nio.charset.StandardCharsets.UTF_8)).readLine();
                assertTrue(line != null && line.matches("<\\d{1,3}>\\S+ \\S+ dataplaneapi\\[\\d+\\]: .+"),
                        "a syslog line: " + line);
                d.api.admin().get("/v2/info").then().statusCode(200);
            }
        }
    }

    @Check(profile = Profile.EXTENDED, family = "security", source = "promise: encoded slashes and dot segments are never routed (issue 10)")
    @DisplayName("a path with ..%2F answers 404 in the error shape, never a route matched after decoding")
    void encodedDotSegments(Target target) {
        Deployment d = deployment(target);
        d.api.assumeServed("/v2/services/haproxy/transactions");
        d.api.admin().urlEncodingEnabled(false).get("/v2/services/haproxy/transactions/..%2F..%2Fetc%2Fpasswd")
                .then().statusCode(404).body("code", equalTo(404));
        d.api.admin().get("/v2/services/haproxy/transactions").then().statusCode(200);
    }

    @Check(profile = Profile.CORE, family = "security", source = "contract: securityDefinitions basic_auth on every operation")
    @DisplayName("no operation without credentials through an untidy path (an empty segment, a ;parameter, an encoded letter)")
    void untidyPathsNeedCredentialsToo(Target target) throws Exception {
        Deployment d = deployment(target);
        int port = URI.create(d.api.baseUri()).getPort();
        String before = d.config();
        for (String path : List.of("/v2//services/haproxy/configuration/raw", "/v2/services/haproxy/configuration/raw;",
                "/v2/services/haproxy/configuration/r%61w", "/v2/info;a=b", "/v2;x/info", "/v2/%69nfo")) {
            String status = statusLine(port, "GET " + path);
            assertFalse(status.matches("HTTP/1\\.1 2\\d\\d.*"), "GET " + path + " without credentials: " + status);
        }
        String write = "POST /v2//services/haproxy/configuration/backends?version=" + d.version();
        assertFalse(statusLine(port, write).matches("HTTP/1\\.1 2\\d\\d.*"), write + " without credentials");
        assertEquals(before, d.config(), "nothing written");
    }

    /** The status line of one request sent with its path exactly as written (HTTP clients tidy paths up). */
    private static String statusLine(int port, String requestLine) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String body = "{\"name\":\"untidy\"}";
            socket.getOutputStream().write((requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Check(profile = Profile.CORE, family = "security", source = "contract: schemes [http, https]; BEHAVIOUR 1.1 (--scheme https --tls-certificate --tls-key)")
    @DisplayName("https: a certificate from a test CA, Basic auth on HTTPS, no 200 for plain HTTP on the TLS port")
    void https(Target target) throws Exception {
        Path dir = Files.createTempDirectory("conformance-tls");
        try {
            Pki pki = Pki.make(dir);
            int tlsPort = Seed.freePort();
            String flags = "--scheme http --scheme https --tls-host 127.0.0.1 --tls-port " + tlsPort
                    + " --tls-certificate " + TLS_DIR + "/server.crt --tls-key " + TLS_DIR + "/server.key";
            try (Deployment d = Deployment.start(target, "", s -> s,
                    c -> c.withFile(TLS_DIR + "/server.crt", pki.serverCert, 0644)
                            .withFile(TLS_DIR + "/server.key", pki.serverKey, 0600), flags)) {
                HttpClient client = HttpClient.newBuilder().sslContext(pki.trusting())
                        .connectTimeout(Duration.ofSeconds(5)).build();
                URI info = URI.create("https://127.0.0.1:" + tlsPort + "/v2/info");
                assertEquals(200, status(client, info, true), "GET /v2/info over HTTPS with Basic auth");
                assertEquals(401, status(client, info, false), "GET /v2/info over HTTPS without credentials");
                int plain = status(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + tlsPort + "/v2/info"), true);
                assertNotEquals(200, plain, "plain HTTP on the TLS port");
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The status of a GET, or -1 when the connection fails (as plain HTTP on a TLS port may). */
    private static int status(HttpClient client, URI uri, boolean authenticated) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (authenticated) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((Seed.USER + ":" + Seed.PASSWORD).getBytes()));
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** A throw-away CA and a server certificate for 127.0.0.1 it signed, made with openssl. */
    private record Pki(String caCert, String serverCert, String serverKey) {

        static Pki make(Path dir) throws IOException, InterruptedException {
            Files.writeString(dir.resolve("ext.cnf"), "subjectAltName=IP:127.0.0.1\n");
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                    "-days", "1", "-subj", "/CN=conformance test CA");
            openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                    "-subj", "/CN=127.0.0.1");
            openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", "server.crt", "-days", "1", "-extfile", "ext.cnf");
            return new Pki(Files.readString(dir.resolve("ca.crt")), Files.readString(dir.resolve("server.crt")),
                    Files.readString(dir.resolve("server.key")));
        }

        private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
            List<String> command = Stream.concat(Stream.of("openssl"), Stream.of(args)).toList();
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "openssl finished");
            assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + output);
        }

        /** A TLS context that trusts only the test CA. */
        SSLContext trusting() throws Exception {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            try (InputStream in = new java.io.ByteArrayInputStream(caCert.getBytes())) {
                store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        }
    }
}
